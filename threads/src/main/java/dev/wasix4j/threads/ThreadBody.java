package dev.wasix4j.threads;

/**
 * What a guest thread runs, supplied by the host core: typically "instantiate a sibling and call
 * its {@code wasi_thread_start(tid, arg)}". Its end, normal or not, is classified by an
 * {@link Outcome} so the threads module knows what it means for the process.
 */
@FunctionalInterface
public interface ThreadBody {
    void run(int tid) throws Exception;
}
