package dev.wasix4j.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The launcher's training run for JDK 25's AOT cache: several {@code wasix} command lines in one JVM, so the cache
 * records what all of them load and which methods they make hot. A cache trained on {@code hello.wasm} alone holds
 * nothing of the thread path (spawn, instance reuse, futex wait/wake, join), and every threaded program then paid
 * that path's JIT warm-up again: its first thousands of spawns ran interpreted or in profiling code while the
 * compiler threads took half of the machine's two cores.
 *
 * <p>Usage: {@code AotTraining run a.wasm ARGS :: run b.wasm ARGS ...}; each command line runs as {@link WasixCli#main}
 * runs it (program prefetch included), its output discarded. Exits non-zero if any run fails, so a broken training is
 * not turned into a cache.
 */
public final class AotTraining {
    /** Separates the command lines. */
    static final String NEXT = "::";

    private AotTraining() {}

    public static void main(String[] args) {
        int failed = 0;
        for (String[] line : split(args)) {
            Prefetch.start(line);
            int code = WasixCli.execute(line, InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream(), false);
            if (code != 0) {
                System.err.println("wasix4j: AOT training run " + Arrays.toString(line) + " exited " + code);
                failed = 1;
            }
        }
        System.exit(failed);
    }

    static List<String[]> split(String[] args) {
        var lines = new ArrayList<String[]>();
        int from = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals(NEXT)) {
                if (i > from) {
                    lines.add(Arrays.copyOfRange(args, from, i));
                }
                from = i + 1;
            }
        }
        return lines;
    }
}
