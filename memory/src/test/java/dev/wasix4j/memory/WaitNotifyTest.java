package dev.wasix4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// The timeouts are safety nets against a hang (a lost wake-up), not performance assertions.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitNotifyTest {

    private static final int FLAG = 64;
    private static final int PING_PONG_ROUNDS = 10_000;
    private static final long ONE_MS = 1_000_000L;

    private final SegmentMemory memory = SegmentMemory.create(new MemoryLimits(1, 16, true));

    @AfterEach
    void close() {
        memory.close();
    }

    private void awaitWaiters(long addr, int count) throws InterruptedException {
        while (memory.waitQueues().waiterCount(addr) != count) {
            Thread.sleep(1);
        }
    }

    @Test
    void notEqualReturnsOneWithoutSleeping() {
        memory.atomicWriteInt(FLAG, 5);
        assertEquals(1, memory.atomicWait(FLAG, 4, -1L));
        assertEquals(1, memory.atomicWait(FLAG, 5L | 1L << 32, -1L)); // 64-bit compare includes the upper word
        assertEquals(1, Guest.of("shared", memory).callInt("wait32", FLAG, 4, -1));
        assertEquals(1, memory.wait32(FLAG, 4, -1));
    }

    @Test
    void timeoutReturnsTwo() {
        assertEquals(2, memory.atomicWait(FLAG, 0, 0L));
        assertEquals(2, memory.atomicWait(FLAG, 0, ONE_MS));
        assertEquals(2, memory.atomicWait(FLAG, 0L, ONE_MS));
        assertEquals(2, Guest.of("shared", memory).callInt("wait32", FLAG, 0, ONE_MS));
        assertEquals(2, memory.wait64(FLAG, 0, ONE_MS));
        assertEquals(0, memory.waitQueues().waiterCount(FLAG));
    }

    @Test
    void notifyWakesAtMostCountAndReportsHowMany() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> waits = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waits.add(threads.submit(() -> memory.atomicWait(FLAG, 0, -1L)));
            }
            awaitWaiters(FLAG, 3);
            assertEquals(0, memory.atomicNotify(FLAG + 4, 10)); // another address wakes nobody
            assertEquals(0, memory.atomicNotify(FLAG, 0));
            assertEquals(2, memory.atomicNotify(FLAG, 2));
            awaitWaiters(FLAG, 1);
            assertEquals(1, memory.atomicNotify(FLAG, -1)); // unsigned 0xFFFFFFFF: all
            for (Future<Integer> wait : waits) {
                assertEquals(0, wait.get());
            }
            assertEquals(0, memory.atomicNotify(FLAG, 1));
        }
    }

    @Test
    void directPingPongNeverLosesAWakeUp() throws Exception {
        CompletableFuture<Void> ping = CompletableFuture.runAsync(() -> play(0, 1), Executors.newVirtualThreadPerTaskExecutor());
        CompletableFuture<Void> pong = CompletableFuture.runAsync(() -> play(1, 0), Executors.newVirtualThreadPerTaskExecutor());
        ping.get();
        pong.get();
        assertEquals(0, memory.waitQueues().waiterCount(FLAG));
    }

    /** Direct-call version of the guest's ping_pong: wait for my turn, hand over, notify. */
    private void play(int mine, int theirs) {
        for (int round = 0; round < PING_PONG_ROUNDS; round++) {
            while (memory.atomicReadInt(FLAG) != mine) {
                memory.atomicWait(FLAG, theirs, -1L);
            }
            memory.atomicWriteInt(FLAG, theirs);
            memory.atomicNotify(FLAG, 1);
        }
    }

    @Test
    void guestPingPongBetweenSiblingInstancesNeverLosesAWakeUp() throws Exception {
        Guest a = Guest.of("shared", memory);
        Guest b = Guest.of("shared", memory);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> ping = threads.submit(() -> a.call("ping_pong", FLAG, 0, 1, PING_PONG_ROUNDS));
            Future<?> pong = threads.submit(() -> b.call("ping_pong", FLAG, 1, 0, PING_PONG_ROUNDS));
            ping.get();
            pong.get();
        }
        assertEquals(0, memory.atomicReadInt(FLAG));
    }

    @Test
    void hostFutexAndGuestWaitNotifyShareQueues() throws Exception {
        Guest guest = Guest.of("shared", memory);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // Guest waits with memory.atomic.wait32, host wakes with futex_wake.
            Future<Integer> guestWait = threads.submit(() -> guest.callInt("wait32", FLAG, 0, -1));
            awaitWaiters(FLAG, 1);
            assertEquals(1, memory.wake(FLAG, 1));
            assertEquals(0, guestWait.get());

            // Host waits with futex_wait, guest wakes with memory.atomic.notify.
            Future<Integer> hostWait = threads.submit(() -> memory.wait32(FLAG, 0, -1));
            awaitWaiters(FLAG, 1);
            assertEquals(1, guest.callInt("notify", FLAG, 1));
            assertEquals(0, hostWait.get());
        }
    }

    @Test
    void interruptedWaiterThrowsAndLeavesNoQueueEntry() throws Exception {
        Guest guest = Guest.of("shared", memory);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                guest.call("wait32", FLAG, 0, -1);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        awaitWaiters(FLAG, 1);
        waiter.interrupt();
        waiter.join();
        assertInstanceOf(ChicoryInterruptedException.class, failure.get());
        assertEquals(0, memory.waitQueues().waiterCount(FLAG));
        assertEquals(0, memory.atomicNotify(FLAG, 1));

        // A thread interrupted before it waits does not sleep at all.
        Thread.currentThread().interrupt();
        try {
            assertThrows(ChicoryInterruptedException.class, () -> memory.wait32(FLAG, 0, -1));
        } finally {
            assertTrue(Thread.interrupted());
        }
    }

    @Test
    void waitOnUnsharedMemoryTraps() {
        try (SegmentMemory unshared = SegmentMemory.create(new MemoryLimits(1, 16, false))) {
            Guest guest = Guest.of("unshared", unshared);
            TrapException e = assertThrows(TrapException.class, () -> guest.call("wait32", 0, 0, 0));
            assertEquals("expected shared memory", e.getMessage());
            assertEquals(0, guest.callInt("notify", 0, 1));
        }
    }

    @Test
    void manyWaitersAndWakersStressLosesNothing() throws ExecutionException, InterruptedException {
        // Each of the waiter threads consumes tokens: it sleeps while the token count is 0. Wakers add tokens and
        // notify one. Every token must be consumed: a lost wake-up would leave a waiter asleep forever.
        final int waiters = 8;
        final int tokensPerWaiter = 500;
        final int counter = 128;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int w = 0; w < waiters; w++) {
                all.add(threads.submit(() -> {
                    for (int taken = 0; taken < tokensPerWaiter; ) {
                        int tokens = memory.atomicReadInt(counter);
                        if (tokens == 0) {
                            memory.atomicWait(counter, 0, -1L);
                        } else if (memory.atomicCmpxchgInt(counter, tokens, tokens - 1) == tokens) {
                            taken++;
                        }
                    }
                }));
            }
            for (int p = 0; p < 2; p++) {
                all.add(threads.submit(() -> {
                    for (int i = 0; i < waiters * tokensPerWaiter / 2; i++) {
                        memory.atomicAddInt(counter, 1);
                        memory.atomicNotify(counter, 1);
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertEquals(0, memory.atomicReadInt(counter));
    }
}
