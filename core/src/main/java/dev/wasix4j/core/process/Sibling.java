package dev.wasix4j.core.process;

/**
 * Runs a new guest thread's code: a sibling instance of the program on the same memory, entered
 * at {@code wasi_thread_start(tid, startArg)}. Implemented by the process, called by thread-spawn.
 */
@FunctionalInterface
public interface Sibling {
    void run(int tid, int startArg);
}
