package dev.wasix4j.memory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Address-keyed wait queues of one linear memory: the single structure behind {@code memory.atomic.wait32/wait64},
 * {@code memory.atomic.notify} and the WASIX {@code futex_wait}/{@code futex_wake} syscalls, so a futex_wake wakes a
 * memory.atomic.wait and back.
 *
 * <p>Addresses hash into a fixed table of buckets (as the Linux futex table does), so there is no per-address object
 * to create or reclaim. Each bucket has a {@link ReentrantLock}, held only to check the value and link or unlink a
 * waiter; the waiting thread parks with {@link LockSupport} outside any lock or monitor, so a virtual thread unmounts
 * and never pins its carrier.
 *
 * <p>No lost wake-up: a waiter checks the memory value and enqueues under the bucket lock, and a waker dequeues under
 * the same lock after the store it publishes. A waker may skip the lock when the bucket has no waiter: a waiter
 * increments the bucket's waiter count (a full fence) before it reads the value, and the waker fences before reading
 * the count, so either the waker sees the waiter or the waiter sees the new value.
 */
public final class WaitQueues {

    /** Result of a wait: woken by a notify/wake. */
    public static final int OK = 0;
    /** Result of a wait: the value in memory was not the expected one, the thread did not sleep. */
    public static final int NOT_EQUAL = 1;
    /** Result of a wait: the timeout elapsed before a wake. */
    public static final int TIMED_OUT = 2;

    /** Power of two; collisions only cost a longer list walk, never a wrong wake-up (waiters are matched by address). */
    private static final int BUCKET_COUNT = 256;
    private static final int BUCKET_MASK = BUCKET_COUNT - 1;
    /** Fibonacci hashing spreads word-aligned addresses over the buckets. */
    private static final long HASH_MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final int HASH_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(BUCKET_COUNT);

    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(Bucket.class, "waiters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Evaluated under the bucket lock: true if the memory still holds the value the waiter expects. */
    @FunctionalInterface
    public interface ValueCheck {
        boolean stillExpected();
    }

    private static final class Waiter {
        final long address;
        final Thread thread;
        // Links and 'queued' are guarded by the bucket lock.
        Waiter prev;
        Waiter next;
        boolean queued;
        /** Set (under the lock) by the waker; read without the lock by the parked thread. */
        volatile boolean woken;

        Waiter(long address, Thread thread) {
            this.address = address;
            this.thread = thread;
        }
    }

    private static final class Bucket {
        final ReentrantLock lock = new ReentrantLock();
        Waiter head;
        Waiter tail;
        /** Waiters linked in this bucket; written under the lock with full-fence atomics, read by wakers without it. */
        @SuppressWarnings("unused")
        volatile int waiters;

        void append(Waiter w) {
            w.prev = tail;
            if (tail == null) {
                head = w;
            } else {
                tail.next = w;
            }
            tail = w;
            w.queued = true;
        }

        void unlink(Waiter w) {
            if (w.prev == null) {
                head = w.next;
            } else {
                w.prev.next = w.next;
            }
            if (w.next == null) {
                tail = w.prev;
            } else {
                w.next.prev = w.prev;
            }
            w.prev = null;
            w.next = null;
            w.queued = false;
            WAITERS.getAndAdd(this, -1);
        }
    }

    private final Bucket[] buckets = new Bucket[BUCKET_COUNT];

    public WaitQueues() {
        for (int i = 0; i < BUCKET_COUNT; i++) {
            buckets[i] = new Bucket();
        }
    }

    private Bucket bucket(long address) {
        return buckets[(int) ((address * HASH_MULTIPLIER) >>> HASH_SHIFT) & BUCKET_MASK];
    }

    /**
     * Sleeps on {@code address} if {@code check} holds, until woken by {@link #wake}, the timeout, or an interrupt.
     *
     * @param timeoutNanos relative timeout in nanoseconds; negative waits forever, 0 only checks the value
     * @return {@link #OK}, {@link #NOT_EQUAL} or {@link #TIMED_OUT}
     * @throws ChicoryInterruptedException if the thread is (or gets) interrupted before it is woken; the interrupt
     *     status stays set and no queue entry is left behind
     */
    public int await(long address, ValueCheck check, long timeoutNanos) {
        Thread self = Thread.currentThread();
        if (self.isInterrupted()) {
            throw interrupted();
        }
        Bucket bucket = bucket(address);
        Waiter waiter = new Waiter(address, self);
        bucket.lock.lock();
        boolean enqueued = false;
        try {
            // Count first (full fence), then read the value: pairs with the fence in wake().
            WAITERS.getAndAdd(bucket, 1);
            if (!check.stillExpected()) {
                return NOT_EQUAL;
            }
            if (timeoutNanos == 0) {
                return TIMED_OUT;
            }
            bucket.append(waiter);
            enqueued = true;
        } finally {
            if (!enqueued) {
                WAITERS.getAndAdd(bucket, -1); // also when the check trapped
            }
            bucket.lock.unlock();
        }

        boolean timed = timeoutNanos > 0;
        // Wraps for huge timeouts; the difference below stays correct modulo 2^64.
        long deadline = timed ? System.nanoTime() + timeoutNanos : 0L;
        while (!waiter.woken) {
            if (self.isInterrupted()) {
                if (cancel(bucket, waiter)) {
                    throw interrupted();
                }
                // The wake arrived first: keep it (a waker counted us) and let the next interruption check stop us.
                return OK;
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return cancel(bucket, waiter) ? TIMED_OUT : OK;
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
        }
        return OK;
    }

    /** Removes a waiter that gave up; false if a waker dequeued it first (then it counts as woken). */
    private static boolean cancel(Bucket bucket, Waiter waiter) {
        bucket.lock.lock();
        try {
            if (!waiter.queued) {
                return false;
            }
            bucket.unlink(waiter);
            return true;
        } finally {
            bucket.lock.unlock();
        }
    }

    /**
     * Wakes up to {@code count} threads waiting on {@code address}, oldest first.
     *
     * @param count maximum number to wake; negative means all (wasm passes the count as an unsigned 32-bit value)
     * @return the number of threads woken
     */
    public int wake(long address, int count) {
        if (count == 0) {
            return 0;
        }
        Bucket bucket = bucket(address);
        // Orders the caller's preceding store before the read of the waiter count (see the class comment).
        VarHandle.fullFence();
        if ((int) WAITERS.getVolatile(bucket) == 0) {
            return 0;
        }
        int woken = 0;
        bucket.lock.lock();
        try {
            Waiter w = bucket.head;
            while (w != null && (count < 0 || woken < count)) {
                Waiter next = w.next;
                if (w.address == address) {
                    bucket.unlink(w);
                    w.woken = true;
                    LockSupport.unpark(w.thread);
                    woken++;
                }
                w = next;
            }
        } finally {
            bucket.lock.unlock();
        }
        return woken;
    }

    /** Number of threads currently queued on {@code address} (for diagnostics and tests). */
    public int waiterCount(long address) {
        Bucket bucket = bucket(address);
        bucket.lock.lock();
        try {
            int n = 0;
            for (Waiter w = bucket.head; w != null; w = w.next) {
                if (w.address == address) {
                    n++;
                }
            }
            return n;
        } finally {
            bucket.lock.unlock();
        }
    }

    private static ChicoryInterruptedException interrupted() {
        return new ChicoryInterruptedException("Thread interrupted");
    }
}
