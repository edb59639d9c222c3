package dev.wasix4j.core.process;

/** Unwinds one guest thread after {@code thread_exit}; the rest of the process goes on. */
public final class ThreadExit extends RuntimeException {
    private final int code;

    public ThreadExit(int code) {
        super("thread exit " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
