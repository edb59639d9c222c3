package dev.wasix4j.cli;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.WasixProgram;
import dev.wasix4j.core.cache.CodeCache;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Loads the program named on the command line (code cache read, or compilation) on a second
 * thread while picocli builds its model and parses the options, which takes longer than a
 * cache hit. Only a guess from the raw arguments: {@link #take} hands the program over only when
 * the parsed command asks for exactly that load, and never its errors, so `run` reports problems
 * as it always does.
 */
final class Prefetch {
    private static volatile Prefetch current;

    private final Path program;
    private final boolean noCache;
    private final CompletableFuture<WasixProgram> loaded = new CompletableFuture<>();

    private Prefetch(Path program, boolean noCache) {
        this.program = program;
        this.noCache = noCache;
    }

    /** The guess for {@code args}, or null: only `[run] [options] x.wasm ...` with the compiled engine. */
    static Prefetch guess(String[] args) {
        int i = 0;
        if (args.length > 0 && args[0].equals("run")) {
            i = 1;
        } else if (args.length > 0 && !args[0].startsWith("-") && !args[0].endsWith(".wasm")) {
            return null; // another command (serve, test): it loads what it needs, and nothing would take this
        }
        boolean noCache = false;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--interpreter") || a.equals("--help") || a.equals("-h") || a.equals("--")) {
                return null;
            }
            if (a.equals("--no-cache")) {
                noCache = true;
            } else if (!a.startsWith("-") && a.endsWith(".wasm")) {
                // the first .wasm word; a --no-cache after it belongs to the guest
                return new Prefetch(Path.of(a), noCache);
            }
        }
        return null;
    }

    /** Starts loading what {@code args} names, if anything, on a daemon thread. */
    static void start(String[] args) {
        Prefetch p;
        try {
            p = guess(args);
        } catch (RuntimeException e) {
            return; // e.g. a path the file system cannot represent: `run` says so itself
        }
        // a pipe or device named x.wasm would be drained by the guess: only plain files
        if (p == null || !java.nio.file.Files.isRegularFile(p.program)) {
            return;
        }
        current = p;
        Thread t = new Thread(p::load, "wasix4j-prefetch");
        t.setDaemon(true);
        t.start();
    }

    private void load() {
        try {
            var prog = WasixProgram.load(program, Engine.COMPILED, noCache ? CodeCache.disabled() : CodeCache.defaultCache());
            prog.compileReport(); // a miss compiles here, still beside picocli
            loaded.complete(prog);
        } catch (Throwable e) {
            loaded.completeExceptionally(e);
        }
    }

    /**
     * The prefetched program when it is the load `run` is about to make (same file, compiled
     * engine, same cache choice); null otherwise or when prefetching failed.
     */
    static WasixProgram take(Path program, Engine engine, boolean noCache) {
        Prefetch p = current;
        current = null;
        if (p == null || engine != Engine.COMPILED || p.noCache != noCache || !p.program.equals(program)) {
            return null;
        }
        try {
            return p.loaded.get();
        } catch (ExecutionException e) {
            return null; // the normal load repeats the failure and reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
