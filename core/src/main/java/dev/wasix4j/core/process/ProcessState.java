package dev.wasix4j.core.process;

import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.Readiness;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
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
    private final Readiness readiness = new Readiness();
    private final AtomicReference<String> cwd;
    private final SecureRandom random = new SecureRandom();
    private final long startNanos = System.nanoTime();
    private final int pid;
    private final Terminal terminal;

    /** Which of the host's stdio streams are terminals. */
    public record Terminal(boolean stdin, boolean stdout, boolean stderr) {
        public static final Terminal NONE = new Terminal(false, false, false);
    }

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

    public Terminal terminal() {
        return terminal;
    }

    public List<byte[]> args() {
        return args;
    }

    public List<byte[]> env() {
        return env;
    }

    public FdTable fds() {
        return fds;
    }

    /** Raised by in-process resources when they may have become ready (poll_oneoff waits on it). */
    public Readiness readiness() {
        return readiness;
    }

    public String cwd() {
        return cwd.get();
    }

    public void cwd(String dir) {
        cwd.set(dir);
    }

    public SecureRandom random() {
        return random;
    }

    /** When the process started, on the monotonic clock. */
    public long startNanos() {
        return startNanos;
    }

    public int pid() {
        return pid;
    }
}
