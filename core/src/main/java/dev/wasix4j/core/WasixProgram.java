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
import dev.wasix4j.split.SplitOptions;
import dev.wasix4j.split.SplitResult;
import dev.wasix4j.split.Splitter;
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
    private final SplitResult split;
    private volatile Function<Instance, Machine> machineFactory;

    private WasixProgram(String name, WasmModule module, ImportSurface surface, Engine engine, SplitResult split) {
        this.name = name;
        this.module = module;
        this.surface = surface;
        this.engine = engine;
        this.split = split;
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
        // Functions too large to compile well are split first, so none runs interpreted (split/README.md).
        // -Dwasix4j.split=false turns it off (to compare, or to rule it out when chasing a problem).
        boolean splitting = engine == Engine.COMPILED && !"false".equals(System.getProperty("wasix4j.split"));
        SplitResult split = splitting ? Splitter.split(bytes, SplitOptions.DEFAULTS) : null;
        if (split != null && split.changed()) {
            try {
                var module = Parser.parse(split.module());
                return new WasixProgram(name, module, ImportSurface.of(name, module), engine, split);
            } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
                split = null; // the original decides: its own error, or it runs as it is
            }
        }
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
        return new WasixProgram(name, module, surface, engine, split);
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

    public Engine engine() {
        return engine;
    }

    /** What splitting did to the module's large functions; null when it did not run (interpreter). */
    public SplitResult split() {
        return split;
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
            // splitting leaves no function too large to compile; one that still is (an instruction
            // the splitter does not know) runs interpreted, ~300x slower, and that is worth a line
            return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.WARN).compile();
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
