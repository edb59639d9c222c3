package dev.wasix4j.core.process;

/**
 * Unwinds a guest thread's wasm stack after {@code proc_exit}/{@code proc_exit2}, or after the
 * process was ended by another thread. Not an error: it carries no stack trace.
 */
public final class ProcessExit extends RuntimeException {
    private final int code;

    public ProcessExit(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
