package dev.wasix4j.core.process;

/**
 * Unwinds a guest thread's wasm stack after {@code proc_exit}/{@code proc_exit2}, or after the
 * process was ended by another thread. Not an error: it carries no stack trace.
 */
public final class ProcessExit extends RuntimeException {
    private final int code;
    private final int signal;

    public ProcessExit(int code) {
        this(code, 0);
    }

    /** A signal's default action: exit code 128 + {@code signal}, and a parent's waitpid sees it signalled. */
    public static ProcessExit bySignal(int signal) {
        return new ProcessExit(ExitCodes.SIGNAL_BASE + signal, signal);
    }

    private ProcessExit(int code, int signal) {
        super("exit " + code, null, false, false);
        this.code = code;
        this.signal = signal;
    }

    /** The signal that ended the process, or 0 for an exit. */
    public int signal() {
        return signal;
    }

    public int code() {
        return code;
    }
}
