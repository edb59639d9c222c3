package dev.wasix4j.core.fd;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One signal per process that in-process resources (pipes, event counters) raise whenever they
 * may have become readable or writable, so poll_oneoff can park until something changed instead
 * of spinning. A generation number makes "changed since I looked" exact: no wake-up is lost.
 */
public final class Readiness {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    /** The current generation: read it before checking resources, then wait on it. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Something may have become ready. */
    public void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parks until the generation moves past {@code seen} or {@code nanos} elapse.
     *
     * @return true if something changed
     */
    public boolean await(long seen, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (generation == seen) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    static long toNanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
