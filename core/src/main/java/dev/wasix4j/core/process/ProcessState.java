package dev.wasix4j.core.process;

import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.fd.Readiness;
import dev.wasix4j.core.procs.ProcessNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import dev.wasix4j.fs.VirtualFileSystem;
import dev.wasix4j.sockets.SocketsProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one guest process owns, shared by all its threads and every import namespace:
 * arguments, environment, descriptors, cwd. The syscall handlers are closures over one of these.
 */
public final class ProcessState {
    /** wasmer's default working directory for WASIX programs. */
    public static final String DEFAULT_CWD = "/home";

    private final List<byte[]> args;
    private final List<byte[]> env;
    private final FdTable fds = new FdTable();
    private volatile Readiness readiness = new Readiness();
    private final AtomicReference<String> cwd;
    /** Made on first use: most short processes never ask for random bytes (see {@link #random()}). */
    private volatile SecureRandom random;
    private final long startNanos = System.nanoTime();
    private final int pid;
    private final Terminal terminal;
    /**
     * Made on first use unless set first: a process's creator nearly always sets its own, and building the
     * default only to drop it was ~3 % of a small CGI request's CPU in the server's profile.
     */
    private volatile VirtualFileSystem vfs;
    private volatile SocketsProvider sockets = SocketsProvider.unsupported();
    private final Map<Integer, Preopen> preopens = new ConcurrentHashMap<>();
    private volatile ProcessNode node;

    /** A preopened directory: its guest path and the description installed for it. */
    public record Preopen(String path, OpenDescription description) {}

    /** Which of the host's stdio streams are terminals. */
    public record Terminal(boolean stdin, boolean stdout, boolean stderr) {
        public static final Terminal NONE = new Terminal(false, false, false);
    }

    private final Signals signals = new Signals();

    public ProcessState(List<String> args, List<String> env, String cwd, int pid) {
        this(args, env, cwd, pid, Terminal.NONE);
    }

    public ProcessState(List<String> args, List<String> env, String cwd, int pid, Terminal terminal) {
        this.args = args.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.env = env.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.cwd = new AtomicReference<>(cwd);
        this.pid = pid;
        this.terminal = terminal;
    }

    /** The guest's file tree; every path call of every namespace goes through it. */
    public VirtualFileSystem vfs() {
        VirtualFileSystem v = vfs;
        if (v == null) {
            synchronized (this) {
                v = vfs;
                if (v == null) {
                    vfs = v = VirtualFileSystem.createDefault();
                }
            }
        }
        return v;
    }

    public void vfs(VirtualFileSystem vfs) {
        this.vfs = vfs;
    }

    /** Preopened directories by descriptor number. */
    public Map<Integer, Preopen> preopens() {
        return preopens;
    }

    /**
     * True if {@code fd} still holds the preopen installed at start. Closing one leaves it open:
     * libc keeps resolving paths through its cached preopen table (and first asks fd_fdstat_get of
     * that number), so a closed preopen would break every later open; wasmer keeps them too.
     */
    public boolean isPreopen(int fd) {
        Preopen pre = preopens.get(fd);
        var entry = fds.find(fd);
        return pre != null && entry != null && entry.description() == pre.description();
    }

    /** Where the socket calls go; by default the host's sockets under the network policy (see sockets-host). */
    public SocketsProvider sockets() {
        return sockets;
    }

    public void sockets(SocketsProvider provider) {
        this.sockets = provider;
    }

    public Terminal terminal() {
        return terminal;
    }

    public List<byte[]> args() {
        return args;
    }

    public List<byte[]> env() {
        return env;
    }

    /** Pending signals, the guest's handler export and the alarm timers. */
    public Signals signals() {
        return signals;
    }

    public FdTable fds() {
        return fds;
    }

    /** Raised by in-process resources when they may have become ready (poll_oneoff waits on it). */
    public Readiness readiness() {
        return readiness;
    }

    /**
     * Makes this process wait on {@code shared}: every process of a run shares one, because a pipe
     * or socket signals the one of the process that made it, and a child polls inherited ones.
     */
    public void shareReadiness(Readiness shared) {
        this.readiness = shared;
    }

    public String cwd() {
        return cwd.get();
    }

    public void cwd(String dir) {
        cwd.set(dir);
    }

    public SecureRandom random() {
        SecureRandom r = random;
        if (r == null) {
            synchronized (this) {
                r = random;
                if (r == null) {
                    random = r = new SecureRandom();
                }
            }
        }
        return r;
    }

    /** When the process started, on the monotonic clock. */
    public long startNanos() {
        return startNanos;
    }

    public int pid() {
        return pid;
    }

    /** This process's entry in the run's process table (parent, children, exec, exit status). */
    public ProcessNode node() {
        return node;
    }

    public void node(ProcessNode node) {
        this.node = node;
    }
}
