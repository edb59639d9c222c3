package dev.wasix4j.memory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Address-keyed wait queues of one linear memory: the single structure behind {@code memory.atomic.wait32/wait64},
 * {@code memory.atomic.notify} and the WASIX {@code futex_wait}/{@code futex_wake} syscalls, so a futex_wake wakes a
 * memory.atomic.wait and back.
 *
 * <p><b>Shape.</b> Addresses hash into a fixed table of buckets (as the Linux futex table does), so there is no
 * per-address object to create or reclaim and no lock shared by unrelated addresses beyond their bucket. Each bucket
 * is a doubly linked FIFO list guarded by its own spin lock, held only to check the value and link or unlink a waiter
 * (a few dozen instructions: a parking lock would cost more than it saves); buckets are padded to their own cache
 * lines. A thread can wait on one address at a time, so each thread has one {@link Waiter} node, reused for every wait:
 * a wait allocates nothing once the thread has waited before.
 *
 * <p><b>Sleeping.</b> Spin, then park. Once queued, a waiter spins a little on its node's state (a wake from a thread
 * running on another carrier is then a cache-line transfer, not an unpark and a remount), then parks with
 * {@link LockSupport} outside any lock or monitor, so a virtual thread unmounts and never pins its carrier. The spin
 * is bounded (about a microsecond), since a spinning virtual thread holds a carrier another runnable thread could use.
 * (Watching the word before queueing, so that a lock released meanwhile costs no park, was tried and measured no
 * better: guests' locks already spin before they call futex_wait.)
 *
 * <p><b>No lost wake-up.</b> A waiter checks the memory value and enqueues under the bucket lock, and a waker dequeues
 * under the same lock after the store it publishes. A waker skips the lock when the bucket has no waiter: a waiter
 * increments the bucket's waiter count (a full fence) before it reads the value, and the waker fences before reading
 * the count, so either the waker sees the waiter or the waiter sees the new value.
 *
 * <p><b>Exact wake-ups.</b> A wake dequeues at most {@code count} waiters of the address, oldest first, marks each
 * woken under the lock and unparks exactly those threads (a single one after releasing the lock).
 *
 * <p><b>Kicks.</b> A signal for a thread must end the wait it is in, or the next one it starts: {@link #kick} marks
 * the thread kicked (sticky) and unparks it. A wait that finds its thread kicked, before it queues or after a park,
 * leaves the queue, returns {@link #OK} and consumes the mark. The wait path pays one read of a per-memory count of
 * outstanding kicks (0 unless a signal is in flight).
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

    /**
     * Turns of {@link Thread#onSpinWait()} on the queued node before parking: about a microsecond here (a PAUSE is
     * some 25 ns), well under what a virtual thread's park plus unpark costs, so the spin wastes at most a fraction
     * of what it can save (competitive spinning); short, because a spinning virtual thread holds a carrier.
     */
    static final int SPINS_BEFORE_PARK = 32;
    /** Spin-lock turns before a contended locker yields its carrier (the holder may be descheduled). */
    private static final int LOCK_SPINS_BEFORE_YIELD = 128;

    private static final int WAITING = 0;
    private static final int WOKEN = 1;

    private static final VarHandle LOCK;
    private static final VarHandle WAITERS;
    private static final VarHandle KICKS;

    static {
        try {
            var lookup = MethodHandles.lookup();
            LOCK = lookup.findVarHandle(BucketFields.class, "lock", int.class);
            WAITERS = lookup.findVarHandle(BucketFields.class, "waiters", int.class);
            KICKS = lookup.findVarHandle(WaitQueues.class, "kicks", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Evaluated under the bucket lock: true if the memory still holds the value the waiter expects. */
    @FunctionalInterface
    public interface ValueCheck {
        boolean stillExpected();
    }

    /** The memory words a wait compares, read under the bucket lock without a yield point. */
    interface Words {
        int word32(int addr);

        long word64(int addr);
    }

    /** A thread's node in the queues: one per thread, reused by each of its waits. */
    static final class Waiter {
        final Thread thread;
        // Guarded by the bucket lock of the bucket it is queued in.
        long address;
        Waiter prev;
        Waiter next;
        boolean queued;
        /** WAITING until a waker sets WOKEN (under the lock); read without the lock by the waiting thread. */
        volatile int state;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }

    private static final ThreadLocal<Waiter> WAITER = ThreadLocal.withInitial(() -> new Waiter(Thread.currentThread()));

    /** Padding before the hot fields, so two buckets never share a cache line (superclass fields come first). */
    @SuppressWarnings("unused")
    abstract static class BucketPadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class BucketFields extends BucketPadBefore {
        /** 0 free, 1 held. */
        volatile int lock;
        /** Waiters linked in this bucket; changed under the lock with full-fence atomics, read by wakers without it. */
        volatile int waiters;
        Waiter head;
        Waiter tail;
    }

    @SuppressWarnings("unused")
    static final class Bucket extends BucketFields {
        long p10, p11, p12, p13, p14, p15, p16, p17;

        void lock() {
            if (!LOCK.compareAndSet(this, 0, 1)) {
                lockContended();
            }
        }

        private void lockContended() {
            int spins = 0;
            while (true) {
                if (lock == 0 && LOCK.compareAndSet(this, 0, 1)) {
                    return;
                }
                if (++spins < LOCK_SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    spins = 0;
                    Thread.yield(); // the holder's carrier may have been descheduled by the OS
                }
            }
        }

        void unlock() {
            LOCK.setRelease(this, 0);
        }

        void append(Waiter w) {
            w.prev = tail;
            w.next = null;
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
    /** Threads kicked and not yet told (see {@link #kick}); rare, so a plain concurrent set. */
    private final java.util.Set<Thread> kicked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Size of {@link #kicked}, changed with full-fence atomics: the only thing the wait path reads of it. */
    private volatile int kicks;

    public WaitQueues() {
        for (int i = 0; i < BUCKET_COUNT; i++) {
            buckets[i] = new Bucket();
        }
    }

    private Bucket bucket(long address) {
        return buckets[(int) ((address * HASH_MULTIPLIER) >>> HASH_SHIFT) & BUCKET_MASK];
    }

    private static final int CHECK_32 = 0;
    private static final int CHECK_64 = 1;
    private static final int CHECK_LAMBDA = 2;

    /**
     * Sleeps on {@code address} if {@code check} holds, until woken by {@link #wake}, the timeout, or an interrupt.
     *
     * @param timeoutNanos relative timeout in nanoseconds; negative waits forever, 0 only checks the value
     * @return {@link #OK}, {@link #NOT_EQUAL} or {@link #TIMED_OUT}
     * @throws ChicoryInterruptedException if the thread is (or gets) interrupted before it is woken; the interrupt
     *     status stays set and no queue entry is left behind
     */
    public int await(long address, ValueCheck check, long timeoutNanos) {
        return await(address, CHECK_LAMBDA, null, 0L, check, timeoutNanos);
    }

    /** As {@link #await(long, ValueCheck, long)}, comparing the 32-bit word at {@code addr} with {@code expected}. */
    int await32(Words memory, int addr, int expected, long timeoutNanos) {
        return await(addr, CHECK_32, memory, expected, null, timeoutNanos);
    }

    /** As {@link #await(long, ValueCheck, long)}, comparing the 64-bit word at {@code addr} with {@code expected}. */
    int await64(Words memory, int addr, long expected, long timeoutNanos) {
        return await(addr, CHECK_64, memory, expected, null, timeoutNanos);
    }

    private int await(long address, int kind, Words memory, long expected, ValueCheck check, long timeoutNanos) {
        Waiter waiter = WAITER.get();
        if (waiter.thread.isInterrupted()) {
            throw interrupted();
        }
        Bucket bucket = bucket(address);
        bucket.lock();
        boolean enqueued = false;
        try {
            // Count first (full fence), then read the value and the kicks: pairs with the fences in wake() and kick().
            WAITERS.getAndAdd(bucket, 1);
            if (kicks != 0 && consumeKick(waiter.thread)) {
                return OK; // a signal came for this thread: the wait ends before it began (a spurious wake-up)
            }
            boolean expectedValue = switch (kind) {
                case CHECK_32 -> memory.word32((int) address) == (int) expected;
                case CHECK_64 -> memory.word64((int) address) == expected;
                default -> check.stillExpected();
            };
            if (!expectedValue) {
                return NOT_EQUAL;
            }
            if (timeoutNanos == 0) {
                return TIMED_OUT;
            }
            waiter.address = address;
            waiter.state = WAITING;
            bucket.append(waiter);
            enqueued = true;
        } finally {
            if (!enqueued) {
                WAITERS.getAndAdd(bucket, -1); // also when the check trapped
            }
            bucket.unlock();
        }
        return sleep(bucket, waiter, timeoutNanos);
    }

    private int sleep(Bucket bucket, Waiter waiter, long timeoutNanos) {
        for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
            if (waiter.state == WOKEN) {
                return OK;
            }
            Thread.onSpinWait();
        }
        Thread self = waiter.thread;
        boolean timed = timeoutNanos > 0;
        // Wraps for huge timeouts; the difference below stays correct modulo 2^64.
        long deadline = timed ? System.nanoTime() + timeoutNanos : 0L;
        while (waiter.state == WAITING) {
            if (kicks != 0 && consumeKick(self)) {
                cancel(bucket, waiter); // or a waker dequeued it first: woken either way
                return OK;
            }
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

    /**
     * Removes a waiter that gave up; false if a waker dequeued it first (it is then already marked woken: the waker
     * marks under the lock).
     */
    private static boolean cancel(Bucket bucket, Waiter waiter) {
        bucket.lock();
        try {
            if (!waiter.queued) {
                return false;
            }
            bucket.unlink(waiter);
            return true;
        } finally {
            bucket.unlock();
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
        Thread single = null;
        bucket.lock();
        try {
            Waiter w = bucket.head;
            while (w != null && (count < 0 || woken < count)) {
                Waiter next = w.next;
                if (w.address == address) {
                    bucket.unlink(w);
                    Thread t = w.thread;
                    w.state = WOKEN; // from here on the waiter may return and reuse its node
                    if (count == 1) {
                        single = t; // unparked below, after the lock is released
                    } else {
                        LockSupport.unpark(t);
                    }
                    woken++;
                }
                w = next;
            }
        } finally {
            bucket.unlock();
        }
        if (single != null) {
            LockSupport.unpark(single);
        }
        return woken;
    }

    /**
     * Ends {@code thread}'s wait in these queues, or its next one: for a signal. The thread is marked kicked (sticky)
     * and unparked; a wait that finds its thread kicked, before it queues or whenever it wakes from a park, leaves the
     * queue and returns {@link #OK} (a spurious wake-up), consuming the mark. So a signal raised just before a thread
     * queues is not slept through. The mark stays until a wait consumes it or {@link #clearKick} drops it (the signal
     * was delivered another way). Nothing is walked: the kicked thread finds its own way out of the queue.
     */
    public void kick(Thread thread) {
        if (kicked.add(thread)) {
            KICKS.getAndAdd(this, 1); // full fence: the mark is visible before the unpark below
        }
        LockSupport.unpark(thread); // a thread not parked keeps the permit: its next park returns at once
    }

    /** Drops a kick of {@code thread} that no wait consumed (its signal was delivered without waking a wait). */
    public void clearKick(Thread thread) {
        if (kicks != 0) {
            consumeKick(thread);
        }
    }

    private boolean consumeKick(Thread thread) {
        if (kicked.remove(thread)) {
            KICKS.getAndAdd(this, -1);
            return true;
        }
        return false;
    }

    /** Number of threads currently queued on {@code address} (for diagnostics and tests). */
    public int waiterCount(long address) {
        Bucket bucket = bucket(address);
        bucket.lock();
        try {
            int n = 0;
            for (Waiter w = bucket.head; w != null; w = w.next) {
                if (w.address == address) {
                    n++;
                }
            }
            return n;
        } finally {
            bucket.unlock();
        }
    }

    private static ChicoryInterruptedException interrupted() {
        return new ChicoryInterruptedException("Thread interrupted");
    }
}
