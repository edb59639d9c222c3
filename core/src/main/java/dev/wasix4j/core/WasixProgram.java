package dev.wasix4j.core;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasix4j.core.module.ImportSurface;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A parsed, validated and (by default) compiled WebAssembly program, ready to run as many
 * processes as wanted. Compilation happens once here and every process and guest thread of this
 * program shares it.
 */
public final class WasixProgram {
    private static final byte[] WASM_MAGIC = {0x00, 0x61, 0x73, 0x6d};

    private final String name;
    private final WasmModule module;
    private final ImportSurface surface;
    private final Engine engine;
    private final String contentHash;
    private volatile Function<Instance, Machine> machineFactory;

    private WasixProgram(String name, WasmModule module, ImportSurface surface, Engine engine, String contentHash) {
        this.contentHash = contentHash;
        this.name = name;
        this.module = module;
        this.surface = surface;
        this.engine = engine;
    }

    /** Reads, parses and checks {@code path}; a problem is a {@link WasixException} naming it. */
    public static WasixProgram load(Path path, Engine engine) {
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
        return fromBytes(path.toString(), bytes, engine);
    }

    public static WasixProgram fromBytes(String name, byte[] bytes, Engine engine) {
        if (bytes.length < WASM_MAGIC.length || !startsWith(bytes, WASM_MAGIC)) {
            throw new WasixException(name + " is not a WebAssembly module (no \\0asm header)");
        }
        ImportSurface.rejectUnsupportedMemories(name, bytes);
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (MalformedException e) {
            throw new WasixException(name + " is a malformed WebAssembly module: " + e.getMessage(), e);
        } catch (InvalidException e) {
            throw new WasixException(name + " failed validation: " + e.getMessage(), e);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new WasixException(name + " cannot be loaded: " + e.getMessage(), e);
        }
        var surface = ImportSurface.of(name, module);
        return new WasixProgram(name, module, surface, engine, sha256(bytes));
    }

    public String name() {
        return name;
    }

    public WasmModule module() {
        return module;
    }

    public ImportSurface surface() {
        return surface;
    }

    /** SHA-256 of the module's bytes (hex): spawn and exec reuse a program of the same content. */
    public String contentHash() {
        return contentHash;
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

    /** The machine every instance of this program uses; compiled on first use, then shared. */
    public Function<Instance, Machine> machineFactory() {
        var f = machineFactory;
        if (f == null) {
            synchronized (this) {
                f = machineFactory;
                if (f == null) {
                    f = engine == Engine.COMPILED ? compile() : InterpreterMachine::new;
                    machineFactory = f;
                }
            }
        }
        return f;
    }

    /** Runs one process of this program to its end on the calling thread; returns its exit code. */
    public int run(ProcessOptions options) {
        return new WasixProcess(this, options).run();
    }

    /** Starts one process of this program and returns at once; see {@link WasixProcess#waitFor()}. */
    public WasixProcess start(ProcessOptions options) {
        var p = new WasixProcess(this, options);
        p.start();
        return p;
    }

    private Function<Instance, Machine> compile() {
        try {
            // a function too large for one JVM method runs interpreted; that is Chicory's business,
            // not something to print on the guest's stderr
            return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT).compile();
        } catch (InvalidException e) {
            throw new WasixException(name + " failed validation: " + e.getMessage(), e);
        } catch (ChicoryException e) {
            throw new WasixException(name + " cannot be compiled: " + e.getMessage(), e);
        }
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
