package dev.wasix4j.threads;

/** How a guest thread ended, as the host core reads the exception it ended with. */
public sealed interface Outcome {
    /** Returned, or called thread_exit: only this thread ends. */
    record ThreadDone() implements Outcome {}

    /** Called proc_exit (or main returned): the whole process ends with {@code code}. */
    record ProcessExit(int code) implements Outcome {}

    /** Trapped or failed: the whole process ends with {@code code}, {@code message} is reported. */
    record Fatal(int code, String message) implements Outcome {}

    /** Stopped because the process was already ending. */
    record Stopped() implements Outcome {}
}
