package dev.wasix4j.core;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.Value;
import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.abi.Wasi.Rights;
import dev.wasix4j.core.fd.InputStreamResource;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.fd.OutputStreamResource;
import dev.wasix4j.core.module.ImportSurface;
import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.core.process.ProcessExit;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscalls.Syscalls;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running guest process: builds the process state and the dispatcher, supplies what the
 * module imports, runs {@code _start}, and turns however it ended into an exit code.
 */
public final class WasixProcess {
    private static final String START = "_start";
    private static final AtomicInteger NEXT_PID = new AtomicInteger(1);
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;

    private final WasixProgram program;
    private final ProcessOptions options;
    private final ProcessState state;
    private final Dispatcher dispatcher;
    private final PrintStream errors;

    WasixProcess(WasixProgram program, ProcessOptions options) {
        this.program = program;
        this.options = options;
        var env = new ArrayList<>(options.env());
        if (env.stream().noneMatch(e -> e.startsWith("PWD="))) {
            env.add("PWD=" + options.cwd());
        }
        this.state = new ProcessState(options.args(), env, options.cwd(), NEXT_PID.getAndIncrement());
        this.errors = new PrintStream(options.stderr(), true, StandardCharsets.UTF_8);
        this.dispatcher = Syscalls.forProcess(state);
        dispatcher.trace(options.trace());
        dispatcher.log(errors);
        installStdio();
    }

    /** Runs the guest to its end and returns its exit code. */
    int run() {
        var result = new int[1];
        Thread main = Thread.ofVirtual().name("wasix-main").unstarted(() -> result[0] = runMain());
        main.start();
        try {
            main.join();
        } catch (InterruptedException e) {
            main.interrupt();
            Thread.currentThread().interrupt();
            return ExitCodes.HOST_FAILURE;
        } finally {
            state.fds().closeAll();
        }
        return result[0];
    }

    private int runMain() {
        try {
            Instance instance = instantiate();
            ExportFunction start;
            try {
                start = instance.export(START);
            } catch (ChicoryException | IllegalArgumentException e) {
                errors.println("wasix4j: " + program.name() + " has no _start export: it is not a command module");
                return ExitCodes.CANNOT_RUN;
            }
            start.apply();
            return 0;
        } catch (ProcessExit e) {
            return e.code();
        } catch (WasixException e) {
            errors.println("wasix4j: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        } catch (ChicoryException e) {
            errors.println("wasix4j: " + program.name() + " trapped in thread 1: " + trapMessage(e));
            return ExitCodes.TRAP;
        } catch (StackOverflowError e) {
            errors.println("wasix4j: " + program.name() + " trapped in thread 1: call stack exhausted");
            return ExitCodes.TRAP;
        }
    }

    private static String trapMessage(Throwable e) {
        // Chicory wraps traps in the start function; the innermost message is the trap itself
        Throwable t = e;
        while (t.getCause() instanceof ChicoryException && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private Instance instantiate() {
        ImportSurface surface = program.surface();
        var imports = ImportValues.builder();
        for (var f : surface.functions()) {
            imports.addFunction(dispatcher.bind(f.module(), f.spec()));
        }
        surface.memory().ifPresent(decl -> imports.addMemory(new ImportMemory(decl.module(), decl.name(), memoryFor(decl))));
        surface.table().ifPresent(decl -> imports.addTable(new ImportTable(decl.module(), decl.name(), tableFor(decl))));
        return Instance.builder(program.module())
                .withImportValues(imports.build())
                .withMachineFactory(program.machineFactory())
                .withMemoryFactory(ByteArrayMemory::new)
                .withStart(false)
                .build();
    }

    private Memory memoryFor(ImportSurface.MemoryDecl decl) {
        if (options.memory() != null) {
            return options.memory();
        }
        return new ByteArrayMemory(new MemoryLimits(decl.initialPages(), decl.effectiveMaximumPages(), decl.shared()));
    }

    private TableInstance tableFor(ImportSurface.TableDecl decl) {
        if (options.table() != null) {
            return options.table();
        }
        return new TableInstance(new Table(decl.elementType(), new TableLimits(decl.min(), decl.max())), Value.REF_NULL_VALUE);
    }

    private void installStdio() {
        var fds = state.fds();
        fds.install(STDIN, new OpenDescription(
                new InputStreamResource(options.stdin(), FileType.CHARACTER_DEVICE), stdioRights(options.stdinTty()), 0, 0));
        fds.install(STDOUT, new OpenDescription(
                new OutputStreamResource(options.stdout(), FileType.CHARACTER_DEVICE), stdioRights(options.stdoutTty()), 0, 0));
        fds.install(STDERR, new OpenDescription(
                new OutputStreamResource(options.stderr(), FileType.CHARACTER_DEVICE), stdioRights(options.stderrTty()), 0, 0));
    }

    /**
     * libc's isatty() is "a character device without seek or tell rights"; a redirected stream
     * keeps those rights so the guest buffers it fully, as it would natively.
     */
    private static long stdioRights(boolean terminal) {
        return terminal ? Rights.STREAM : Rights.STREAM | Rights.FD_SEEK | Rights.FD_TELL;
    }
}
