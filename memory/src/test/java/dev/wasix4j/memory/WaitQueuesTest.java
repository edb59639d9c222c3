package dev.wasix4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wait queue structure on its own, with an {@link AtomicIntegerArray} standing in for guest memory: exact wake
 * counts, FIFO order, collisions of many addresses in few buckets, reuse of each thread's node across waits, and the
 * races between wakes, timeouts and interrupts. Timeouts are safety nets against a hang (a lost wake-up).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitQueuesTest {

    private final WaitQueues queues = new WaitQueues();
    private final AtomicIntegerArray words = new AtomicIntegerArray(4096);

    /** Waits on word {@code i} (address 4i) while it holds {@code expected}. */
    private int await(int i, int expected, long timeoutNanos) {
        return queues.await(4L * i, () -> words.get(i) == expected, timeoutNanos);
    }

    private void awaitWaiters(long address, int count) throws InterruptedException {
        while (queues.waiterCount(address) != count) {
            Thread.sleep(1);
        }
    }

    @Test
    void wakeCountsAreExactAndOldestFirst() throws Exception {
        int n = 6;
        var order = new ArrayList<Integer>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int id = k;
                results.add(pool.submit(() -> {
                    int r = await(1, 0, -1);
                    synchronized (order) {
                        order.add(id);
                    }
                    return r;
                }));
                awaitWaiters(4, k + 1); // queue them in a known order
            }
            assertEquals(0, queues.wake(4, 0));
            assertEquals(0, queues.wake(8, 3), "no waiter on another address");
            assertEquals(2, queues.wake(4, 2));
            awaitWaiters(4, n - 2);
            // which of the two woken runs first is the scheduler's choice; that they are the two oldest is ours
            while (true) {
                synchronized (order) {
                    if (order.size() == 2) {
                        assertEquals(List.of(0, 1), order.stream().sorted().toList(), "the two oldest are woken first");
                        break;
                    }
                }
                Thread.sleep(1);
            }
            assertEquals(n - 2, queues.wake(4, -1));
            assertEquals(0, queues.wake(4, -1));
            for (var f : results) {
                assertEquals(WaitQueues.OK, f.get());
            }
        }
        assertEquals(0, queues.waiterCount(4));
    }

    @Test
    void manyAddressesSharingBucketsWakeOnlyTheirOwnWaiters() throws Exception {
        int addresses = 600; // more than the buckets, so several addresses share each bucket
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < addresses; i++) {
                int word = i;
                results.add(pool.submit(() -> await(word, 0, -1)));
            }
            for (int i = 0; i < addresses; i++) {
                awaitWaiters(4L * i, 1);
            }
            for (int i = 0; i < addresses; i += 2) {
                assertEquals(1, queues.wake(4L * i, -1));
            }
            for (int i = 0; i < addresses; i += 2) {
                assertEquals(WaitQueues.OK, results.get(i).get());
            }
            for (int i = 1; i < addresses; i += 2) {
                assertEquals(1, queues.waiterCount(4L * i), "odd address " + i + " must still wait");
                assertTrue(!results.get(i).isDone());
            }
            for (int i = 1; i < addresses; i += 2) {
                assertEquals(1, queues.wake(4L * i, 1));
                assertEquals(WaitQueues.OK, results.get(i).get());
            }
        }
    }

    @Test
    void aThreadReusesItsNodeForThousandsOfHandOffs() throws Exception {
        // Two threads pass a token through word 0: each waits until it is its turn, flips it and wakes the other.
        int rounds = 20_000;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sides = new ArrayList<>();
            for (int me = 0; me < 2; me++) {
                int self = me;
                sides.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        int v;
                        while ((v = words.get(0)) % 2 != self) {
                            await(0, v, -1);
                        }
                        words.incrementAndGet(0);
                        queues.wake(0, 1);
                    }
                    return null;
                }));
            }
            for (var f : sides) {
                f.get();
            }
        }
        assertEquals(2 * rounds, words.get(0));
        assertEquals(0, queues.waiterCount(0));
    }

    @Test
    void everyWakeCountedIsAWaitThatReturnedOk() throws Exception {
        // Waiters with tiny timeouts race against wakers: a waiter a wake dequeued must answer OK (even if its
        // timeout passed meanwhile), one that timed out must not have been counted. So the OK answers equal the
        // sum of what wake() returned, and nothing stays queued.
        int waiters = 8;
        int waitsEach = 3_000;
        var ok = new AtomicInteger();
        var counted = new AtomicLong();
        var done = new CountDownLatch(waiters);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < waiters; k++) {
                int word = k % 3;
                pool.submit(() -> {
                    try {
                        for (int i = 0; i < waitsEach; i++) {
                            int r = await(word, 0, (i % 7) * 1_000L); // 0 (check only) .. 6 µs
                            if (r == WaitQueues.OK) {
                                ok.incrementAndGet();
                            } else {
                                assertEquals(WaitQueues.TIMED_OUT, r);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
            }
            // platform threads: two virtual wakers that never block would keep both carriers from the waiters
            List<Thread> wakers = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                int first = k;
                wakers.add(Thread.ofPlatform().start(() -> {
                    int i = first;
                    while (done.getCount() > 0) {
                        counted.addAndGet(queues.wake(4L * (i++ % 3), (i % 4) - 1)); // counts -1 (all), 0, 1, 2
                    }
                }));
            }
            for (var t : wakers) {
                t.join();
            }
        }
        assertEquals(counted.get(), ok.get());
        for (int w = 0; w < 3; w++) {
            assertEquals(0, queues.waiterCount(4L * w));
        }
    }

    @Test
    void anInterruptedWaiterLeavesNoEntryAndItsNodeWorksAfterwards() throws Exception {
        var started = new CountDownLatch(1);
        var thread = Thread.ofVirtual().unstarted(() -> {
            started.countDown();
            assertThrows(ChicoryInterruptedException.class, () -> await(5, 0, -1));
            assertTrue(Thread.interrupted(), "the interrupt status stays set");
            // the same thread (and node) waits again and is woken normally
            assertEquals(WaitQueues.OK, await(6, 0, -1));
        });
        thread.start();
        started.await();
        awaitWaiters(20, 1);
        thread.interrupt();
        awaitWaiters(24, 1);
        assertEquals(0, queues.waiterCount(20));
        assertEquals(1, queues.wake(24, 1));
        thread.join();
    }

    @Test
    void aValueThatChangedBeforeTheWaitIsNotSlept() throws ExecutionException, InterruptedException {
        words.set(9, 1);
        assertEquals(WaitQueues.NOT_EQUAL, await(9, 0, -1));
        assertEquals(WaitQueues.TIMED_OUT, await(9, 1, 0));
        assertEquals(0, queues.waiterCount(36));
    }

    @Test
    void aKickEndsTheWaitInProgressOnce() throws Exception {
        var thread = Thread.ofVirtual().unstarted(() -> {
            assertEquals(WaitQueues.OK, await(10, 0, -1), "the kick reads as a wake-up");
            // consumed: the next wait sleeps until its timeout
            assertEquals(WaitQueues.TIMED_OUT, await(10, 0, TimeUnit.MILLISECONDS.toNanos(20)));
        });
        thread.start();
        awaitWaiters(40, 1);
        queues.kick(thread);
        thread.join();
        assertEquals(0, queues.waiterCount(40));
    }

    @Test
    void aKickBeforeTheWaitEndsTheNextWaitAtOnce() throws Exception {
        var kicked = new CountDownLatch(1);
        var result = new AtomicInteger(-1);
        var thread = Thread.ofVirtual().unstarted(() -> {
            try {
                kicked.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            // kicked while it was not waiting: the wait must not sleep through the signal (no timeout here)
            result.set(await(11, 0, -1));
        });
        thread.start();
        queues.kick(thread); // not waiting yet
        kicked.countDown();
        thread.join();
        assertEquals(WaitQueues.OK, result.get());
    }

    @Test
    void aClearedKickNoLongerEndsAWait() {
        Thread self = Thread.currentThread();
        queues.kick(self);
        queues.clearKick(self);
        assertEquals(WaitQueues.TIMED_OUT, await(12, 0, TimeUnit.MILLISECONDS.toNanos(10)));
        queues.kick(self);
        assertEquals(WaitQueues.OK, await(12, 0, -1), "kicked again: the next wait returns");
    }
}
