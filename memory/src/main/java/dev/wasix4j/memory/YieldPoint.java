package dev.wasix4j.memory;

import java.util.concurrent.locks.LockSupport;

/**
 * The progress guarantee for spin-waiting guests on virtual threads.
 *
 * <p>Virtual threads are not time-sliced: a guest thread spinning on an atomic flag keeps its carrier, and with as
 * many spinners as carriers the thread that would set the flag never runs. A spin iteration is an atomic operation
 * that leaves memory unchanged (an atomic load, a failed compare-exchange, an exchange that writes the value already
 * there...); {@link SegmentMemory} reports each such operation here. Operations that change memory make progress
 * and are never counted, so atomic counters and successful lock-free updates pay nothing.
 *
 * <p>On a virtual thread, every {@code interval}-th counted operation gives up the carrier: normally with
 * {@link Thread#yield()}, and every {@value #PARK_EVERY_NTH_YIELD}th time with a short timed park instead. The park
 * is needed because a yield alone does not always let other threads run: the default scheduler re-queues a yielding
 * virtual thread in the carrier's external submission queue, and a carrier that took its task from that very queue
 * keeps draining it, so two spinners on two carriers can run each other forever while the thread they wait for sits
 * in another queue (observed on JDK 25). A parked thread is in no queue, so its carrier moves on and scans the others.
 * Platform threads are time-sliced by the OS and are never made to yield.
 *
 * <p>The counter is per thread without a {@code ThreadLocal} lookup: a static, cache-line padded array of counters
 * indexed by the thread id. Threads whose ids collide share a counter and so yield somewhat more often; updates are
 * plain and may be lost under such a race, which only shifts when a yield happens.
 */
final class YieldPoint {

    /** Default number of non-modifying atomic operations between two yields of a virtual thread. */
    static final int DEFAULT_INTERVAL = 16_384;
    /** Every this many yields, park instead (see the class comment). */
    static final int PARK_EVERY_NTH_YIELD = 8;
    /** Shortest timed park; the scheduler's timer makes the real pause some tens of microseconds. */
    private static final long PARK_NANOS = 1_000;

    private static final int SLOT_COUNT = 256;
    private static final int SLOT_MASK = SLOT_COUNT - 1;
    /** 16 ints = 64 bytes: one slot per cache line, so two carriers do not share a line. */
    private static final int PAD_SHIFT = 4;
    /** Within a slot: operations since the last yield, and yields since the last park. */
    private static final int OPS = 0;
    private static final int YIELDS = 1;
    private static final int[] COUNTERS = new int[SLOT_COUNT << PAD_SHIFT];

    private YieldPoint() {}

    /** Counts one non-modifying atomic operation of the current thread; may give up a virtual thread's carrier. */
    static void tick(int interval) {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            return;
        }
        int slot = ((int) self.threadId() & SLOT_MASK) << PAD_SHIFT;
        int count = COUNTERS[slot + OPS] + 1;
        if (count < interval) {
            COUNTERS[slot + OPS] = count;
            return;
        }
        COUNTERS[slot + OPS] = 0;
        giveUpCarrier(slot);
    }

    private static void giveUpCarrier(int slot) {
        int yields = COUNTERS[slot + YIELDS] + 1;
        if (yields < PARK_EVERY_NTH_YIELD) {
            COUNTERS[slot + YIELDS] = yields;
            Thread.yield();
        } else {
            COUNTERS[slot + YIELDS] = 0;
            LockSupport.parkNanos(PARK_NANOS);
        }
    }
}
