package dev.wasix4j.memory;

/**
 * Futex operations on a guest memory, with exactly the semantics of {@code memory.atomic.wait32/wait64} and
 * {@code memory.atomic.notify}, on the same wait queues: a {@code futex_wake} wakes a {@code memory.atomic.wait}
 * and a {@code memory.atomic.notify} wakes a {@code futex_wait}.
 *
 * <p>Addresses are byte offsets into the guest memory; a misaligned address throws Chicory's
 * {@code InvalidException("unaligned atomic")}, an address outside the memory its out-of-bounds trap.
 */
public interface Futex {

    /** Woken by a wake/notify. */
    int OK = WaitQueues.OK;
    /** The value differed from the expected one; the thread did not sleep. */
    int NOT_EQUAL = WaitQueues.NOT_EQUAL;
    /** The timeout elapsed. */
    int TIMED_OUT = WaitQueues.TIMED_OUT;

    /**
     * Sleeps while the little-endian 32-bit value at {@code addr} equals {@code expected}; the comparison and the
     * enqueue are atomic with respect to {@link #wake}.
     *
     * @param timeoutNanos relative timeout in nanoseconds; negative waits forever
     * @return {@link #OK}, {@link #NOT_EQUAL} or {@link #TIMED_OUT}
     * @throws com.dylibso.chicory.runtime.ChicoryInterruptedException if the thread is interrupted before it is
     *     woken (the interrupt status stays set; no queue entry is left behind)
     */
    int wait32(long addr, int expected, long timeoutNanos);

    /** As {@link #wait32} for the 64-bit value at {@code addr} (8-byte aligned). */
    int wait64(long addr, long expected, long timeoutNanos);

    /**
     * Wakes up to {@code count} threads waiting on {@code addr}, oldest first.
     *
     * @param count a negative count (an unsigned value of 2^31 or more) wakes all
     * @return the number of threads woken
     */
    int wake(long addr, int count);

    /**
     * Ends {@code thread}'s wait on any address of this memory, or its next wait if it waits nowhere now: that wait
     * returns {@link #OK}, a spurious wake-up. For a signal: a thread in futex_wait or memory.atomic.wait wakes, and
     * one about to wait does not sleep through it. See {@link WaitQueues#kick}.
     */
    void kick(Thread thread);

    /** Drops a {@link #kick} no wait has consumed yet (the signal reached the thread another way). */
    void clearKick(Thread thread);
}
