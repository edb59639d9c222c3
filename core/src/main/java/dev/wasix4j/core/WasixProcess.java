package dev.wasix4j.core;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
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
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.fd.FileResource;
import dev.wasix4j.core.fd.InputStreamResource;
import dev.wasix4j.fs.MountException;
import dev.wasix4j.fs.MountInfo;
import dev.wasix4j.fs.OpenFile;
import dev.wasix4j.fs.OpenRequest;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.fd.OutputStreamResource;
import dev.wasix4j.core.asyncify.EntryCall;
import dev.wasix4j.core.asyncify.StackBounds;
import dev.wasix4j.core.context.Contexts;
import dev.wasix4j.core.module.ImportSurface;
import dev.wasix4j.core.process.ExitCodes;
import dev.wasix4j.core.process.InstancePool;
import dev.wasix4j.core.process.SiblingBuilder;
import dev.wasix4j.core.process.ThreadStart;
import dev.wasix4j.core.process.ProcessExit;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.process.ThreadExit;
import dev.wasix4j.core.procs.ExitStatus;
import dev.wasix4j.core.procs.ProcessNode;
import dev.wasix4j.core.procs.ProcessTable;
import dev.wasix4j.core.procs.Programs;
import dev.wasix4j.threads.ThreadLimits;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscalls.Syscalls;
import dev.wasix4j.memory.GuestMemories;
import dev.wasix4j.threads.GuestThreads;
import dev.wasix4j.threads.Outcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One running guest process: builds the process state and the dispatcher, supplies what the
 * module imports, runs {@code _start} on the main guest thread and sibling instances on the
 * others, and turns however it ended into an exit code. Everything it made — threads, memory,
 * descriptors — is released before {@link #run} returns.
 */
public final class WasixProcess {
    private static final String START = "_start";
    private static final String THREAD_START = "wasi_thread_start";
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int FIRST_PREOPEN = 3;
    private static final String ROOT = "/";

    private final WasixProgram program;
    private final ProcessOptions options;
    private final ProcessState state;
    private final Dispatcher dispatcher;
    private final PrintStream errors;
    private final GuestThreads threads;
    /** The host functions, in import order, and the memory import: bound once per process, shared by every instance. */
    private HostFunction[] functions;
    private ImportMemory importMemory;
    private Memory memory;
    /** Instances of exited threads, reused by later spawns; made with the first sibling. */
    private volatile InstancePool siblings;
    /** Builds thread instances after the first without Chicory's import matching; null until then, or when it cannot. */
    private volatile SiblingBuilder siblingBuilder;
    private boolean siblingBuilderTried;
    /** The run's processes; this one's entry in it (the pid survives exec). */
    private final ProcessTable table;
    private final ProcessNode node;
    /** Spawned, forked or exec'd into: the embedder's memory, table and stdio belong to the first image only. */
    private final boolean inherited;
    /** A forked child's way in (null: {@code _start}). */
    /** Taken once by the main thread: it holds the parent's memory image, which must not outlive the start. */
    private ProcessTable.ForkEntry forkEntry;
    /** The signal that ended this image (a trap, a kill), 0 when it exited. */
    private volatile int endSignal;
    /** Memories taken from the options' {@link MemoryProvider}, given back at the end. */
    private final List<Memory> provided = new java.util.concurrent.CopyOnWriteArrayList<>();

    WasixProcess(WasixProgram program, ProcessOptions options) {
        this.program = program;
        this.options = options;
        this.inherited = false;
        this.forkEntry = null;
        this.table = new ProcessTable(new Programs(program.engine(), options.programSource()), options.maxProcesses());
        this.node = table.root();
        table.programs().remember(program);
        var env = new ArrayList<>(options.env());
        if (env.stream().noneMatch(e -> e.startsWith("PWD="))) {
            env.add("PWD=" + options.cwd());
        }
        this.state = new ProcessState(options.args(), env, options.cwd(), node.pid(),
                new ProcessState.Terminal(options.stdinTty(), options.stdoutTty(), options.stderrTty()));
        state.node(node);
        this.errors = new PrintStream(options.stderr(), true, StandardCharsets.UTF_8);
        this.threads = new GuestThreads(String.valueOf(state.pid()), options.threadMode(), options.threadLimits(),
                this::classify, message -> errors.println("wasix4j: " + message));
        state.sockets(options.sockets());
        checkImports();
        this.dispatcher = Syscalls.forProcess(state, threads, threadsPossible() ? this::runSibling : null,
                options.parallelism());
        dispatcher.trace(options.trace());
        dispatcher.log(errors);
        dispatcher.threadIds(GuestThreads::currentTid);
        wireSignals();
        installStdio();
        try {
            state.vfs(options.fileSystem());
        } catch (MountException e) {
            throw new WasixException(e.getMessage(), e);
        }
        installPreopens();
        node.program(program);
        table.launcher((prog, childState, entry) -> new WasixProcess(prog, options, childState, table, entry).start());
        node.killer(this::killWith);
    }

    /**
     * Another process of the same run (spawned, or an exec'd image): {@code state} already holds its
     * descriptors, cwd and filesystem, inherited from the process that made it.
     */
    private WasixProcess(WasixProgram program, ProcessOptions options, ProcessState state, ProcessTable table,
            ProcessTable.ForkEntry forkEntry) {
        this.forkEntry = forkEntry;
        this.program = program;
        this.options = options;
        this.inherited = true;
        this.table = table;
        this.node = state.node();
        this.state = state;
        this.errors = new PrintStream(options.stderr(), true, StandardCharsets.UTF_8);
        // the run's time limit is the top-level process's: its end stops every other process
        var limits = options.threadLimits();
        this.threads = new GuestThreads(String.valueOf(state.pid()), options.threadMode(),
                new ThreadLimits(limits.maxThreads(), limits.platformStackBytes(), null),
                this::classify, message -> errors.println("wasix4j: " + message));
        this.dispatcher = Syscalls.forProcess(state, threads, threadsPossible() ? this::runSibling : null,
                options.parallelism());
        dispatcher.trace(options.trace());
        dispatcher.log(errors);
        dispatcher.threadIds(GuestThreads::currentTid);
        wireSignals();
        node.killer(this::killWith);
        node.program(program);
    }

    /**
     * Signals reach this image: a default action that terminates ends it (its parent sees it
     * signalled), and kill() from another process of the run or SIGCHLD arrives through its node.
     */
    private void wireSignals() {
        var signals = state.signals();
        signals.log(errors);
        signals.ending(threads::ending);
        signals.killer(code -> {
            if (code > ExitCodes.SIGNAL_BASE) {
                endSignal = code - ExitCodes.SIGNAL_BASE;
            }
            threads.fail(code, null);
        });
        signals.atomicWaitWaker(this::wakeAtomicWait);
        signals.kickClearer(this::clearKick);
        node.signaller(signals::raiseProcess);
    }

    private void killWith(ExitStatus how) {
        endSignal = how.signal();
        threads.fail(ExitCodes.KILLED, null);
    }

    private final java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();

    /** Set by the first start: a process runs once. */
    private final java.util.concurrent.atomic.AtomicBoolean begun = new java.util.concurrent.atomic.AtomicBoolean();

    private void begin() {
        if (!begun.compareAndSet(false, true)) {
            throw new IllegalStateException("process " + state.pid() + " was already started");
        }
    }

    /** Starts the guest on its own threads; the caller goes on. */
    void start() {
        begin();
        Thread.ofVirtual().name("wasix-" + state.pid() + "-supervisor").start(() -> {
            try {
                exit.complete(run());
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    /** Waits for the process to end and returns its exit code. */
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("wasix4j host failure", e.getCause());
        }
    }

    /** Waits at most {@code timeout}; returns the exit code, or empty if the process still runs. */
    public java.util.OptionalInt waitFor(java.time.Duration timeout) throws InterruptedException {
        try {
            return java.util.OptionalInt.of(exit.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            return java.util.OptionalInt.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("wasix4j host failure", e.getCause());
        }
    }

    /** Ends the process from outside, as SIGKILL would: exit code 137, every thread stopped. */
    public void kill() {
        node.kill();
    }

    /** Ends the process from outside at once with {@code exitCode} (a second Ctrl-C: 130), every thread stopped. */
    public void kill(int exitCode) {
        threads.fail(exitCode, null);
    }

    /**
     * Sends signal {@code sig} (Linux numbering: SIGINT 2, SIGTERM 15...) to the process, as kill(2)
     * does: the guest's handler runs on its main thread at its next host call or inside its blocking
     * wait; without a handler the default action applies (most signals end it with 128 + sig).
     * While the process is blocked in waitpid, its live children take the signal instead (as in
     * wasmer: Ctrl-C reaches a shell's foreground command).
     */
    public void signal(int sig) {
        if (!dev.wasix4j.core.process.Signals.valid(sig)) {
            throw new IllegalArgumentException("no such signal: " + sig);
        }
        node.signal(sig);
    }

    /** A signal for guest thread {@code tid}: its futex_wait or memory.atomic.wait returns, now or when it begins. */
    private void wakeAtomicWait(int tid) {
        Thread t = threads.thread(tid);
        Memory m = memory;
        if (t != null && m != null) {
            dev.wasix4j.memory.GuestMemories.futex(m).kick(t);
        }
    }

    /** The calling thread's signals were delivered: a kick left for them is dropped. */
    private void clearKick() {
        Memory m = memory;
        if (m != null) {
            dev.wasix4j.memory.GuestMemories.futex(m).clearKick(Thread.currentThread());
        }
    }

    /** Guest threads still alive (0 once the process has ended). */
    public int liveThreads() {
        return threads.liveThreads();
    }

    /** Guest threads started over the process's life, main included. */
    public int startedThreads() {
        return threads.startedThreads();
    }

    /** The guest's process id, as proc_id reports it. */
    public int pid() {
        return state.pid();
    }

    /**
     * Runs a process made by {@link WasixProgram#prepare} to its end on the calling thread and returns
     * its exit code. On a virtual thread (and in the default {@code ThreadMode.VIRTUAL}) the calling
     * thread also runs the guest's main thread, so a process costs no thread start and no hand-off:
     * what a server running a short guest per request wants. {@link #kill}, {@link #signal} and
     * {@link #waitFor} work from other threads meanwhile.
     */
    public int runHere() {
        begin();
        try {
            int code = run(true);
            exit.complete(code);
            return code;
        } catch (RuntimeException | Error e) {
            exit.completeExceptionally(e);
            throw e;
        }
    }

    /** Runs the guest to its end and returns its exit code. */
    int run() {
        return run(false);
    }

    private int run(boolean mainHere) {
        int code = ExitCodes.HOST_FAILURE;
        ProcessNode.Exec exec = null;
        try {
            code = mainHere ? threads.runMainHere(tid -> runStart()) : threads.runMain(tid -> runStart());
            exec = node.takeExec();
            if (exec != null) {
                return runExec(exec);
            }
            return code;
        } finally {
            state.signals().close();
            if (exec == null) {
                state.fds().closeAll();
            }
            releaseMemory();
            if (exec == null) {
                node.finish(endSignal != 0 ? ExitStatus.signalled(endSignal) : ExitStatus.exited(code));
                if (node == table.root()) {
                    // the top-level process's end ends the run, as wasmer's CLI exits with it
                    table.shutdown();
                }
            }
        }
    }

    /**
     * exec: this image's threads have stopped; the next image keeps the pid, cwd and descriptors
     * (close-on-exec ones closed) and runs on this thread.
     */
    private int runExec(ProcessNode.Exec exec) {
        releaseMemory();
        var next = new ProcessState(exec.args(), exec.env(), state.cwd(), state.pid(), state.terminal());
        next.node(node);
        next.vfs(state.vfs());
        next.sockets(state.sockets());
        next.shareReadiness(state.readiness());
        next.fds().inherit(state.fds(), true);
        state.preopens().forEach((fd, pre) -> {
            var e = next.fds().find(fd);
            if (e != null && e.description() == pre.description()) {
                next.preopens().put(fd, pre);
            }
        });
        state.fds().closeAll();
        WasixProcess image;
        try {
            image = new WasixProcess(exec.program(), options, next, table, null);
        } catch (RuntimeException e) {
            next.fds().closeAll();
            errors.println("wasix4j: exec of " + exec.program().name() + " failed: " + e.getMessage());
            node.finish(ExitStatus.exited(ExitCodes.CANNOT_RUN));
            if (node == table.root()) {
                table.shutdown();
            }
            return ExitCodes.CANNOT_RUN;
        }
        return image.run();
    }

    private void releaseMemory() {
        if (!provided.isEmpty()) {
            // the embedder's pool takes its memories back; reusable only when no thread can still touch them
            boolean reusable = threads.liveThreads() == 0;
            provided.forEach(m -> options.memoryProvider().release(m, reusable));
            provided.clear();
            memory = null;
        } else if (memory instanceof AutoCloseable c && (inherited || options.memory() == null)) {
            memory = null;
            try {
                c.close();
            } catch (Exception e) {
                errors.println("wasix4j: releasing guest memory failed: " + e);
            }
        }
    }

    private void runStart() {
        ProcessTable.ForkEntry entry = forkEntry;
        if (entry != null) {
            forkEntry = null;
            entry.run(instantiate());
            return;
        }
        if (!program.surface().exportsFunction(START)) {
            throw new WasixException(program.name() + " has no _start export: it is not a command module");
        }
        Instance instance = instantiate();
        enter(EntryCall.ofExport(instance, START, new long[0], StackBounds.forMain(instance), program.machineFactory()));
    }

    /**
     * A new guest thread: a sibling instance on the same memory (an exited thread's, reset, when there is one),
     * entered at wasi_thread_start. A thread that ends normally hands its instance back for the next spawn.
     */
    private void runSibling(int tid, int startArg) {
        ThreadStart start = program.threadStart();
        InstancePool pool = siblingPool(start);
        InstancePool.Lease lease = pool.acquire();
        Instance instance = lease.instance();
        var bounds = StackBounds.forThread(instance.memory(), startArg, start.wasixStartBlock());
        boolean normalEnd = false;
        try {
            enter(start.entry(instance).call(instance, new long[] {tid, startArg}, bounds, program.machineFactory()));
            normalEnd = true;
        } catch (ThreadExit e) {
            normalEnd = true;
            throw e;
        } finally {
            state.signals().threadEnded(tid);
            if (normalEnd) {
                pool.release(lease);
            }
        }
    }

    /**
     * Runs a guest thread's entry function. Every entry goes through {@link EntryCall}, the one
     * place the asyncify engine can re-enter to rewind a stack; the thread's green contexts end
     * with it.
     */
    private static void enter(EntryCall call) {
        try {
            call.run();
        } finally {
            Contexts.release(call);
        }
    }

    private InstancePool siblingPool(ThreadStart start) {
        InstancePool pool = siblings;
        if (pool == null) {
            synchronized (this) {
                pool = siblings;
                if (pool == null) {
                    siblings = pool = new InstancePool(start.reusesInstances(), this::instantiateSibling);
                }
            }
        }
        return pool;
    }

    /**
     * A new instance for a guest thread: the first through {@link #instantiate} (Chicory's builder checks the imports),
     * later ones without the builder's import matching when {@link SiblingBuilder} applies.
     */
    private Instance instantiateSibling() {
        SiblingBuilder b = siblingBuilder;
        if (b == null) {
            Instance first = instantiate();
            synchronized (this) {
                if (siblingBuilder == null && !siblingBuilderTried) {
                    siblingBuilderTried = true;
                    siblingBuilder = SiblingBuilder.of(first, siblingImports());
                }
            }
            return first;
        }
        try {
            return b.build(siblingImports(), program.machineFactory());
        } catch (ChicoryInterruptedException | WasixException e) {
            throw e;
        } catch (RuntimeException e) {
            throw WasixProgram.malformed(program.name(), e);
        }
    }

    /** What a thread's instance imports: the process's host functions and memory, and a table of its own. */
    private ImportValues siblingImports() {
        var imports = ImportValues.builder().addFunction(functions);
        if (importMemory != null) {
            imports.addMemory(importMemory);
        }
        program.surface().table().ifPresent(decl ->
                imports.addTable(new ImportTable(decl.module(), decl.name(), tableFor(decl))));
        return imports.build();
    }

    /** How a guest thread's end reads for the process (see {@link GuestThreads}). */
    private Outcome classify(int tid, Throwable t) {
        return switch (t) {
            case ProcessExit e -> {
                if (e.signal() != 0) {
                    endSignal = e.signal(); // a signal's default action: the parent sees it signalled
                }
                yield new Outcome.ProcessExit(e.code());
            }
            case ThreadExit e -> new Outcome.ThreadDone();
            case ChicoryInterruptedException e -> new Outcome.Stopped();
            case WasixException e -> new Outcome.Fatal(ExitCodes.CANNOT_RUN, e.getMessage());
            case ChicoryException e when threads.ending() -> new Outcome.Stopped();
            case ChicoryException e -> trap(trapped(tid, trapMessage(e)));
            case StackOverflowError e -> trap(trapped(tid, "call stack exhausted"));
            case OutOfMemoryError e -> new Outcome.Fatal(ExitCodes.HOST_FAILURE, "host out of memory in thread " + tid + ": " + e.getMessage());
            default -> new Outcome.Fatal(ExitCodes.HOST_FAILURE, "host failure in thread " + tid + ": " + t);
        };
    }

    /** A trap ends the process as abort() would: a parent's waitpid sees SIGABRT. */
    private Outcome trap(String message) {
        if (!threads.ending()) {
            endSignal = ExitStatus.SIGABRT;
        }
        return new Outcome.Fatal(ExitCodes.TRAP, message);
    }

    private String trapped(int tid, String message) {
        return program.name() + " trapped in thread " + tid + ": " + message;
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

    /**
     * An instance of the program; the first one also binds the host functions and makes the process's memory, which
     * every later instance shares. Host functions are listed in import order, so Chicory's import matching finds
     * each at its first comparisons.
     */
    private Instance instantiate() {
        ImportSurface surface = program.surface();
        synchronized (this) {
            if (functions == null) {
                var bound = new ArrayList<HostFunction>();
                for (var f : surface.functions()) {
                    bound.add(dispatcher.bind(f.module(), f.spec()));
                }
                surface.memory().ifPresent(decl -> {
                    memory = memoryFor(decl);
                    importMemory = new ImportMemory(decl.module(), decl.name(), memory);
                });
                functions = bound.toArray(HostFunction[]::new);
            }
        }
        var imports = ImportValues.builder().addFunction(functions);
        if (importMemory != null) {
            imports.addMemory(importMemory);
        }
        // each instance needs its own table: a shared TableInstance sends call_indirect to one instance
        surface.table().ifPresent(decl -> imports.addTable(new ImportTable(decl.module(), decl.name(), tableFor(decl))));
        var builder = Instance.builder(program.module())
                .withImportValues(imports.build())
                .withMachineFactory(program.machineFactory())
                .withMemoryFactory(limits -> newMemory(capped(limits), limits.shared()))
                .withStart(false);
        try {
            return builder.build();
        } catch (ChicoryInterruptedException | WasixException e) {
            throw e;
        } catch (RuntimeException e) {
            // a data or element segment out of range, a bad table or global: the module cannot run
            throw WasixProgram.malformed(program.name(), e);
        }
    }

    private Memory memoryFor(ImportSurface.MemoryDecl decl) {
        if (options.memory() != null && !inherited) {
            return options.memory();
        }
        var limits = capped(new MemoryLimits(decl.initialPages(), decl.effectiveMaximumPages(), decl.shared()));
        if (decl.shared() && options.unsharedMemory()) {
            // Chicory links a shared import only to a memory flagged shared; a heap array that no
            // other thread will ever see keeps the flag and drops the off-heap segment
            return new ByteArrayMemory(limits);
        }
        return newMemory(limits, decl.shared());
    }

    private Memory newMemory(MemoryLimits limits, boolean shared) {
        var provider = options.memoryProvider();
        if (provider == null) {
            return GuestMemories.create(limits, shared);
        }
        Memory m = provider.acquire(new MemoryLimits(limits.initialPages(), limits.maximumPages(), shared));
        provided.add(m);
        return m;
    }

    /** The module's limits under the embedder's page cap ({@link ProcessOptions#maxMemoryPages()}). */
    private MemoryLimits capped(MemoryLimits limits) {
        int cap = options.maxMemoryPages();
        if (cap == 0 || limits.maximumPages() <= cap) {
            return limits;
        }
        if (limits.initialPages() > cap) {
            throw new WasixException(program.name() + " needs " + limits.initialPages()
                    + " memory pages at start, more than the limit of " + cap);
        }
        return new MemoryLimits(limits.initialPages(), cap, limits.shared());
    }

    private TableInstance tableFor(ImportSurface.TableDecl decl) {
        // the embedder's table serves the main instance; siblings get their own (see instantiate)
        if (options.table() != null && !inherited && GuestThreads.currentTid() == GuestThreads.MAIN_TID) {
            return options.table();
        }
        return new TableInstance(new Table(decl.elementType(), new TableLimits(decl.min(), decl.max())), Value.REF_NULL_VALUE);
    }

    /** What the embedder supplied must fit what the module declares; checked before anything runs. */
    private void checkImports() {
        var surface = program.surface();
        surface.memory().ifPresent(decl -> {
            if (options.memory() != null) {
                ImportSurface.checkSuppliedMemory(program.name(), decl, options.memory());
            } else if (decl.shared() && options.unsharedMemory()) {
                errors.println("wasix4j: warning: " + program.name() + " declares a shared memory but an unshared one was"
                        + " requested: it runs single-threaded on a heap memory (thread spawns fail with ENOTSUP)");
            }
        });
        surface.table().ifPresent(decl -> {
            if (options.table() != null) {
                ImportSurface.checkSuppliedTable(program.name(), decl, options.table());
            }
        });
    }

    /** Guest threads need wasi_thread_start and a memory every sibling can share. */
    private boolean threadsPossible() {
        var surface = program.surface();
        boolean sharedMemory = surface.memory().map(decl -> options.memory() != null && !inherited
                ? options.memory().shared() : decl.shared() && !options.unsharedMemory()).orElse(false);
        return surface.exportsFunction(THREAD_START) && sharedMemory;
    }

    /** fd 3 is "/", then every other mount in path order, as wasix-libc's preopen walk expects. */
    private void installPreopens() {
        var vfs = state.vfs();
        var paths = new ArrayList<String>();
        paths.add(ROOT);
        vfs.mounts().stream().map(MountInfo::guestPath).filter(g -> !g.equals(ROOT)).sorted().forEach(paths::add);
        int fd = FIRST_PREOPEN;
        for (String path : paths) {
            OpenFile dir = vfs.open(path, OpenRequest.directoryRead());
            var description = new OpenDescription(new FileResource(dir), Rights.ALL, Rights.ALL, 0);
            state.fds().install(fd, description);
            state.preopens().put(fd, new ProcessState.Preopen(path, description));
            fd++;
        }
        if (!state.cwd().startsWith(ROOT)) {
            throw new WasixException("the working directory must be an absolute guest path, got " + state.cwd());
        }
        try {
            state.cwd(vfs.realDirectory(state.cwd()));
        } catch (ErrnoException e) {
            throw new WasixException("the working directory " + state.cwd() + " does not exist in the guest ("
                    + e.errno().name() + ")");
        }
    }

    private void installStdio() {
        var fds = state.fds();
        fds.install(STDIN, new OpenDescription(
                new InputStreamResource(options.stdin(), FileType.CHARACTER_DEVICE, state.readiness()), stdioRights(options.stdinTty()), 0, 0));
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
