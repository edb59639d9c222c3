package dev.wasix4j.core;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasix4j.core.cache.CodeCache;
import dev.wasix4j.core.compile.CompileReport;
import dev.wasix4j.core.compile.ModuleCompiler;
import dev.wasix4j.core.compile.ModuleTransform;
import dev.wasix4j.core.compile.SplitTransform;
import dev.wasix4j.core.module.ImportSurface;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * A parsed, validated and (by default) compiled WebAssembly program, ready to run as many
 * processes as wanted. Compilation happens once here and every process and guest thread of this
 * program shares it; the generated classes are kept in a {@link CodeCache} (the user's cache
 * directory by default), so the next load of the same module in any JVM does not compile.
 */
public final class WasixProgram {
    private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6d};

    /**
     * The wasm-to-wasm stage run before compiling: functions too large to compile well are split
     * into pieces, so none runs in Chicory's interpreter (split/README.md). Its version is part of
     * every cache key, so changing it never serves stale classes. {@code -Dwasix4j.split=false}
     * turns splitting off (to compare, or to rule it out when chasing a problem).
     */
    static final ModuleTransform TRANSFORM = "false".equals(System.getProperty("wasix4j.split"))
            ? ModuleTransform.IDENTITY
            : new SplitTransform();

    private final String name;
    private final byte[] bytes;
    private final WasmModule parsed;
    private final ImportSurface surface;
    private final Engine engine;
    private final CodeCache cache;
    private volatile ModuleCompiler.Compiled compiled;
    private volatile String contentHash;
    /** How this program's threads start: found by the first process that spawns one, shared by the rest. */
    private volatile dev.wasix4j.core.process.ThreadStart threadStart;

    private WasixProgram(String name, byte[] bytes, WasmModule parsed, ImportSurface surface, Engine engine,
            CodeCache cache, ModuleCompiler.Compiled compiled) {
        this.name = name;
        this.bytes = bytes;
        this.parsed = parsed;
        this.surface = surface;
        this.engine = engine;
        this.cache = cache;
        this.compiled = compiled;
    }

    /** Reads, parses and checks {@code path}; a problem is a {@link WasixException} naming it. */
    public static WasixProgram load(Path path, Engine engine) {
        return load(path, engine, CodeCache.defaultCache());
    }

    /** As {@link #load(Path, Engine)}, with compiled code kept in {@code cache} ({@link CodeCache#disabled()}: none). */
    public static WasixProgram load(Path path, Engine engine, CodeCache cache) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new WasixException("cannot read " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new WasixException("cannot read " + path + ": permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(path)) {
                throw new WasixException("cannot read " + path + ": it is a directory");
            }
            throw new WasixException("cannot read " + path + ": " + e.getMessage());
        }
        return fromBytes(path.toString(), bytes, engine, cache);
    }

    public static WasixProgram fromBytes(String name, byte[] bytes, Engine engine) {
        return fromBytes(name, bytes, engine, CodeCache.defaultCache());
    }

    /** As {@link #fromBytes(String, byte[], Engine)}, with compiled code kept in {@code cache}. */
    public static WasixProgram fromBytes(String name, byte[] bytes, Engine engine, CodeCache cache) {
        if (bytes.length < WASM_MAGIC.length || !startsWith(bytes, WASM_MAGIC)) {
            throw new WasixException(name + " is not a WebAssembly module (no \\0asm header)");
        }
        ModuleCompiler.Compiled hit = null;
        WasmModule module;
        ImportSurface surface;
        try {
            ImportSurface.rejectUnsupportedMemories(name, bytes);
            if (engine == Engine.COMPILED) {
                try {
                    hit = ModuleCompiler.fromCache(bytes, TRANSFORM, cache, b -> parse(name, b)).orElse(null);
                } catch (RuntimeException | LinkageError e) {
                    hit = null; // an entry that passed its checksum yet does not load: compile afresh
                }
            }
            module = hit != null ? hit.module() : parse(name, bytes);
            surface = ImportSurface.of(name, module);
        } catch (WasixException e) {
            // names read from the module (imports, exports) may hold any bytes: keep the message one line
            String clean = oneLine(e.getMessage());
            throw clean.equals(e.getMessage()) ? e : new WasixException(clean, e);
        }
        return new WasixProgram(name, bytes, module, surface, engine, cache, hit);
    }

    private static WasmModule parse(String name, byte[] bytes) {
        try {
            return Parser.parse(bytes);
        } catch (MalformedException e) {
            throw new WasixException(oneLine(name + " is a malformed WebAssembly module: " + e.getMessage()), e);
        } catch (InvalidException e) {
            throw new WasixException(oneLine(name + " failed validation: " + e.getMessage()), e);
        } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
            // Chicory's parser can fail on hostile bytes with anything (NullPointerException,
            // NegativeArraySizeException, its own assertions under -ea, deep nesting...): still the
            // module's fault, said in one line
            throw malformed(name, e);
        }
    }

    public String name() {
        return name;
    }

    /**
     * The module instances are built from: for the compiled engine, the one its classes were
     * compiled from — and when those came from the code cache, with the bodies of compiled
     * functions stubbed out (compiled code never reads them).
     */
    public WasmModule module() {
        return engine == Engine.COMPILED ? compiled().module() : parsed;
    }

    public ImportSurface surface() {
        return surface;
    }

    /** What every guest thread of this program starts from (module scans done once, not per process or thread). */
    dev.wasix4j.core.process.ThreadStart threadStart() {
        var t = threadStart;
        if (t == null) {
            threadStart = t = dev.wasix4j.core.process.ThreadStart.of(module(), surface); // a race scans twice, same answer
        }
        return t;
    }

    /** SHA-256 of the module's bytes (hex): spawn and exec reuse a program of the same content. */
    public String contentHash() {
        String h = contentHash;
        if (h == null) {
            contentHash = h = sha256(bytes);
        }
        return h;
    }

    /** The {@link #contentHash} bytes would get, without loading them. */
    public static String fromBytesHash(byte[] bytes) {
        return sha256(bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public Engine engine() {
        return engine;
    }

    /** The machine every instance of this program uses; compiled (or read from the cache) on first use, then shared. */
    public Function<Instance, Machine> machineFactory() {
        return engine == Engine.COMPILED ? compiled().machineFactory() : InterpreterMachine::new;
    }

    /** How this program's code was made (cache hit, compile time, interpreted functions); empty for the interpreter engine. */
    public Optional<CompileReport> compileReport() {
        return engine == Engine.COMPILED ? Optional.of(compiled().report()) : Optional.empty();
    }

    /** The cache this program's compiled code goes to. */
    public CodeCache cache() {
        return cache;
    }

    private ModuleCompiler.Compiled compiled() {
        var c = compiled;
        if (c == null) {
            synchronized (this) {
                c = compiled;
                if (c == null) {
                    c = compile();
                    compiled = c;
                }
            }
        }
        return c;
    }

    /** Runs one process of this program to its end on the calling thread; returns its exit code. */
    public int run(ProcessOptions options) {
        return new WasixProcess(this, options).run();
    }

    /**
     * Builds one process of this program without starting it: {@link WasixProcess#runHere()} then runs
     * it on the calling thread, while other threads may {@link WasixProcess#kill()} it.
     */
    public WasixProcess prepare(ProcessOptions options) {
        return new WasixProcess(this, options);
    }

    /** Starts one process of this program and returns at once; see {@link WasixProcess#waitFor()}. */
    public WasixProcess start(ProcessOptions options) {
        var p = new WasixProcess(this, options);
        p.start();
        return p;
    }

    private ModuleCompiler.Compiled compile() {
        try {
            return ModuleCompiler.compile(bytes, parsed, TRANSFORM, cache, b -> parse(name, b));
        } catch (InvalidException e) {
            throw new WasixException(oneLine(name + " failed validation: " + e.getMessage()), e);
        } catch (ChicoryException e) {
            throw new WasixException(name + " cannot be compiled: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
            throw malformed(name, e);
        }
    }

    /** One line for a module Chicory refused with something other than its own exceptions. */
    static WasixException malformed(String name, Throwable e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("");
        return new WasixException(oneLine(name + ": malformed module: " + detail), e);
    }

    /** Control characters (a newline in a corrupted import name, say) shown as '?'. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\p{Cntrl}", "?");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
