package dev.wasix4j.core;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.procs.ProcessTable;
import dev.wasix4j.core.procs.ProgramSource;
import dev.wasix4j.fs.GuestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.fs.MountSpec;
import dev.wasix4j.fs.VirtualFileSystem;
import dev.wasix4j.sockets.NetworkPolicy;
import dev.wasix4j.sockets.SocketsProvider;
import dev.wasix4j.sockets.host.HostSockets;
import dev.wasix4j.threads.ThreadLimits;
import dev.wasix4j.threads.ThreadMode;
import java.io.InputStream;
import java.time.Duration;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to run one guest process: its arguments, environment, stdio and host limits.
 * Build with {@link #builder()}; every setting has the default a wasmer user expects.
 */
public final class ProcessOptions {
    private final List<String> args;
    private final List<String> env;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final boolean stdinTty;
    private final boolean stdoutTty;
    private final boolean stderrTty;
    private final PrintStream trace;
    private final String cwd;
    private final Memory memory;
    private final TableInstance table;
    private final ThreadMode threadMode;
    private final ThreadLimits threadLimits;
    private final int parallelism;
    private final VirtualFileSystem fileSystem;
    private final boolean unsharedMemory;
    private final SocketsProvider sockets;
    private final NetworkPolicy network;
    private final List<MountSpec> mounts;
    private final ProgramSource programSource;
    private final int maxProcesses;
    private final int maxMemoryPages;
    private final MemoryProvider memoryProvider;

    private ProcessOptions(Builder b) {
        this.args = List.copyOf(b.args);
        this.env = List.copyOf(b.env);
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.stdinTty = b.stdinTty;
        this.stdoutTty = b.stdoutTty;
        this.stderrTty = b.stderrTty;
        this.trace = b.trace;
        this.cwd = b.cwd;
        this.memory = b.memory;
        this.table = b.table;
        this.threadMode = b.threadMode;
        this.threadLimits = new ThreadLimits(b.maxThreads, b.platformStackBytes, b.timeout);
        this.parallelism = b.parallelism;
        this.fileSystem = b.fileSystem;
        this.unsharedMemory = b.unsharedMemory;
        this.network = b.network;
        // even without a network the guest gets socketpair (in-process, as wasmer gives it)
        this.sockets = b.sockets != null ? b.sockets : new HostSockets(b.network);
        this.mounts = List.copyOf(b.mounts);
        var programs = Map.copyOf(b.programs);
        var fallback = b.programSource;
        this.programSource = path -> {
            var bytes = programs.get(path);
            return bytes != null ? Optional.of(bytes.get()) : fallback.find(path);
        };
        this.maxProcesses = b.maxProcesses;
        this.maxMemoryPages = b.maxMemoryPages;
        this.memoryProvider = b.memoryProvider;
    }

    /** Where spawn and exec find programs before the guest's files (see {@link Builder#program}). */
    public ProgramSource programSource() {
        return programSource;
    }

    /** How many processes the run may have alive at once, the top-level one included. */
    public int maxProcesses() {
        return maxProcesses;
    }

    /** Where the process's memory comes from and goes back to, or null for a new one each time. */
    public MemoryProvider memoryProvider() {
        return memoryProvider;
    }

    /** Most 64 KiB pages the guest's memory may grow to (below what the module declares), or 0 for no cap. */
    public int maxMemoryPages() {
        return maxMemoryPages;
    }

    /**
     * The guest's file tree: the embedder's own, or one built from {@link #mounts()} over an
     * in-memory root with /home and /tmp, as wasmer gives a WASIX program.
     */
    public VirtualFileSystem fileSystem() {
        return fileSystem != null ? fileSystem : VirtualFileSystem.create(mounts);
    }

    /** Whether a declared shared memory is to be made unshared (see {@link Builder#unsharedMemory}). */
    public boolean unsharedMemory() {
        return unsharedMemory;
    }

    /** The network policy given to {@link Builder#network} (DENY_ALL by default). */
    public NetworkPolicy network() {
        return network;
    }

    /**
     * Where the guest's socket calls go: the embedder's provider, else the host's sockets under
     * {@link #network()} (with DENY_ALL: sockets open, but bind/connect/send answer ENOTSUP, lookups ENOENT; socketpair works).
     */
    public SocketsProvider sockets() {
        return sockets;
    }

    /** Host directories mounted at guest paths (--volume, --mapdir, --dir). */
    public List<MountSpec> mounts() {
        return mounts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** argv, program name first. */
    public List<String> args() {
        return args;
    }

    /** KEY=VALUE strings; the host's environment is not inherited unless the embedder passes it. */
    public List<String> env() {
        return env;
    }

    public InputStream stdin() {
        return stdin;
    }

    public OutputStream stdout() {
        return stdout;
    }

    public OutputStream stderr() {
        return stderr;
    }

    public boolean stdinTty() {
        return stdinTty;
    }

    public boolean stdoutTty() {
        return stdoutTty;
    }

    public boolean stderrTty() {
        return stderrTty;
    }

    /** Where syscall trace lines go, or null for none. */
    public PrintStream trace() {
        return trace;
    }

    public String cwd() {
        return cwd;
    }

    /** A memory the embedder supplies for the module's imported memory, or null to have one made. */
    public Memory memory() {
        return memory;
    }

    /** A table the embedder supplies for the module's imported table, or null to have one made. */
    public TableInstance table() {
        return table;
    }

    public ThreadMode threadMode() {
        return threadMode;
    }

    public ThreadLimits threadLimits() {
        return threadLimits;
    }

    /** What thread_parallelism reports at most. */
    public int parallelism() {
        return parallelism;
    }

    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private InputStream stdin = InputStream.nullInputStream();
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private boolean stdinTty;
        private boolean stdoutTty;
        private boolean stderrTty;
        private PrintStream trace;
        private String cwd = ProcessState.DEFAULT_CWD;
        private Memory memory;
        private TableInstance table;
        private ThreadMode threadMode = ThreadMode.VIRTUAL;
        private int maxThreads = ThreadLimits.DEFAULT_MAX_THREADS;
        private long platformStackBytes = ThreadLimits.DEFAULT_PLATFORM_STACK;
        private Duration timeout;
        private int parallelism = Integer.MAX_VALUE;
        private VirtualFileSystem fileSystem;
        private boolean unsharedMemory;
        private SocketsProvider sockets;
        private NetworkPolicy network = NetworkPolicy.DENY_ALL;
        private final List<MountSpec> mounts = new ArrayList<>();
        private final Map<String, Supplier<byte[]>> programs = new HashMap<>();
        private ProgramSource programSource = ProgramSource.none();
        private int maxProcesses = ProcessTable.DEFAULT_MAX_PROCESSES;
        private int maxMemoryPages;
        private MemoryProvider memoryProvider;

        /**
         * Takes the guest's memory from {@code provider} and gives it back at the end instead of mapping a new
         * one (ignored when {@link #memory} supplies one, or for an unshared heap memory).
         */
        public Builder memoryProvider(MemoryProvider provider) {
            this.memoryProvider = provider;
            return this;
        }

        /**
         * Caps the guest's memory at {@code pages} 64 KiB pages: past it {@code memory.grow} answers -1, as when
         * out of memory (malloc returns NULL). A module whose initial memory is larger cannot start. 0: no cap.
         */
        public Builder maxMemoryPages(int pages) {
            if (pages < 0) {
                throw new IllegalArgumentException("maxMemoryPages must not be negative");
            }
            this.maxMemoryPages = pages;
            return this;
        }

        /** The whole argv, program name first. */
        public Builder args(List<String> argv) {
            args.clear();
            args.addAll(argv);
            return this;
        }

        public Builder env(String key, String value) {
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("environment variable name must be non-empty and have no '=': " + key);
            }
            env.removeIf(e -> e.startsWith(key + "="));
            env.add(key + "=" + value);
            return this;
        }

        public Builder stdin(InputStream in) {
            this.stdin = Objects.requireNonNull(in);
            return this;
        }

        public Builder stdout(OutputStream out) {
            this.stdout = Objects.requireNonNull(out);
            return this;
        }

        public Builder stderr(OutputStream err) {
            this.stderr = Objects.requireNonNull(err);
            return this;
        }

        /** Which stdio streams are terminals: the guest's isatty() and its stdout buffering follow it. */
        public Builder terminal(boolean stdin, boolean stdout, boolean stderr) {
            this.stdinTty = stdin;
            this.stdoutTty = stdout;
            this.stderrTty = stderr;
            return this;
        }

        public Builder trace(PrintStream trace) {
            this.trace = trace;
            return this;
        }

        /** The guest's working directory; {@code /home} by default, as under wasmer. */
        public Builder cwd(String cwd) {
            this.cwd = Objects.requireNonNull(cwd);
            return this;
        }

        public Builder memory(Memory memory) {
            this.memory = memory;
            return this;
        }

        public Builder table(TableInstance table) {
            this.table = table;
            return this;
        }

        /** Virtual threads (default) or platform threads for every guest thread. */
        public Builder threadMode(ThreadMode mode) {
            this.threadMode = Objects.requireNonNull(mode);
            return this;
        }

        /** Live guest threads at once, main included; spawning past it answers EAGAIN. */
        public Builder maxThreads(int max) {
            this.maxThreads = max;
            return this;
        }

        /** Stack of each guest thread in platform mode (virtual threads follow -Xss). */
        public Builder platformStackBytes(long bytes) {
            this.platformStackBytes = bytes;
            return this;
        }

        /** Wall-clock limit for the whole process; past it every thread is stopped. Null: none. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Caps what thread_parallelism reports (guests size their thread pools from it). */
        public Builder parallelism(int cap) {
            if (cap < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            this.parallelism = cap;
            return this;
        }

        /**
         * Gives a module that declares a shared memory one that no other thread shares: a plain heap
         * memory instead of the off-heap segment (for a host that must not share guest memory across
         * threads). The program then runs single-threaded: spawning answers ENOTSUP. A warning says
         * so once.
         */
        public Builder unsharedMemory(boolean unshared) {
            this.unsharedMemory = unshared;
            return this;
        }

        /**
         * Serves the guest's socket calls with {@code provider} (networking is off by default);
         * it takes precedence over {@link #network}.
         */
        public Builder sockets(SocketsProvider provider) {
            this.sockets = Objects.requireNonNull(provider);
            return this;
        }

        /**
         * Which network the guest may use, served by the host's sockets ({@code sockets-host}):
         * {@link NetworkPolicy#DENY_ALL} (the default: bind/connect/send answer ENOTSUP, as wasmer
         * without {@code --net}), {@link NetworkPolicy#ALLOW_ALL} ({@code --net}),
         * {@link NetworkPolicy#LOOPBACK_ONLY}, or {@link NetworkPolicy#allow} rules.
         */
        public Builder network(NetworkPolicy policy) {
            this.network = Objects.requireNonNull(policy);
            return this;
        }

        /** Mounts a host directory at a guest path (see {@link MountSpec#parseVolume}). */
        public Builder mount(MountSpec spec) {
            mounts.add(Objects.requireNonNull(spec));
            return this;
        }

        /** Uses the embedder's own file tree instead of building one from mounts. */
        public Builder fileSystem(VirtualFileSystem vfs) {
            this.fileSystem = vfs;
            return this;
        }

        /**
         * Serves guest path {@code guestPath} (e.g. {@code /bin/sh}) to spawn and exec from a host
         * file, read at each spawn (a changed file is recompiled; the same content is not).
         */
        public Builder program(String guestPath, Path hostFile) {
            Objects.requireNonNull(hostFile);
            programs.put(GuestPaths.normalizeAbsolute(guestPath), () -> {
                try {
                    return Files.readAllBytes(hostFile);
                } catch (IOException e) {
                    throw new ErrnoException(Errno.ENOENT, "cannot read " + hostFile + ": " + e.getMessage());
                }
            });
            return this;
        }

        /** Serves guest path {@code guestPath} to spawn and exec from these module bytes. */
        public Builder program(String guestPath, byte[] wasm) {
            byte[] copy = wasm.clone();
            programs.put(GuestPaths.normalizeAbsolute(guestPath), () -> copy);
            return this;
        }

        /** Consulted for paths no {@link #program} names, before the guest's own files. */
        public Builder programSource(ProgramSource source) {
            this.programSource = Objects.requireNonNull(source);
            return this;
        }

        /** Limits the processes alive at once (spawn and fork past it answer EAGAIN). */
        public Builder maxProcesses(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxProcesses must be at least 1");
            }
            this.maxProcesses = max;
            return this;
        }

        public ProcessOptions build() {
            return new ProcessOptions(this);
        }
    }
}
