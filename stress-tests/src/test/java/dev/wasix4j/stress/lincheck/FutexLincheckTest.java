package dev.wasix4j.stress.lincheck;

import dev.wasix4j.memory.WaitQueues;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * The futex wait queues, through their public interface ({@link WaitQueues#await} and
 * {@link WaitQueues#wake}), carry a mutex the way wasix-libc builds one on futex_wait/futex_wake
 * (Drepper's three-state lock: 0 free, 1 held, 2 held with waiters). If a wake-up could be lost
 * between a waiter's value check and its sleep, a thread would sleep forever and Lincheck reports
 * the hang; otherwise the counter the mutex guards is linearizable. A second word at another
 * address shares the queues, so wakes must find waiters by address. A third operation kicks every
 * other thread seen so far while it holds the lock, as a signal does ({@link WaitQueues#kick}): a
 * kicked wait returns early, which the lock tolerates, but a kick must never swallow a wake-up.
 */
public class FutexLincheckTest {
    private static final long LOCK_ADDRESS = 64;
    private static final long OTHER_ADDRESS = 64 + 256 * 8; // may hash to the same bucket: matched by address

    private final WaitQueues queues = new WaitQueues();
    private final AtomicInteger lockWord = new AtomicInteger();
    private final AtomicInteger otherWord = new AtomicInteger();
    private int counter;
    private int other;
    private final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void lock(AtomicInteger word, long address) {
        threads.add(Thread.currentThread());
        int c = word.compareAndExchange(0, 1);
        if (c == 0) {
            return;
        }
        if (c != 2) {
            c = word.getAndSet(2);
        }
        while (c != 0) {
            queues.await(address, () -> word.get() == 2, -1);
            c = word.getAndSet(2);
        }
    }

    private void unlock(AtomicInteger word, long address) {
        if (word.getAndDecrement() != 1) {
            word.set(0);
            queues.wake(address, 1);
        }
    }

    @Operation
    public int increment() {
        lock(lockWord, LOCK_ADDRESS);
        try {
            return ++counter;
        } finally {
            unlock(lockWord, LOCK_ADDRESS);
        }
    }

    @Operation
    public int get() {
        lock(lockWord, LOCK_ADDRESS);
        try {
            return counter;
        } finally {
            unlock(lockWord, LOCK_ADDRESS);
        }
    }

    @Operation
    public int incrementOther() {
        lock(otherWord, OTHER_ADDRESS);
        try {
            return ++other;
        } finally {
            unlock(otherWord, OTHER_ADDRESS);
        }
    }

    /** Kicks every other thread seen while holding the lock: a kicked waiter must wait again, not be lost. */
    @Operation
    public int incrementAndSignal() {
        lock(lockWord, LOCK_ADDRESS);
        try {
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    queues.kick(t);
                }
            }
            return ++counter;
        } finally {
            unlock(lockWord, LOCK_ADDRESS);
        }
    }

    @Test
    void stress() {
        Lincheck.stress().check(getClass());
    }

    @Test
    void modelChecking() {
        Lincheck.modelChecking().check(getClass());
    }

    /** A thread queued on the lock is kicked by the holder, which then unlocks: the wake-up must reach it. */
    @Test
    void aKickedWaiterStillGetsItsWakeUp() {
        var t = getClass();
        Lincheck.modelChecking()
                .addCustomScenario(Lincheck.scenario(List.of(Lincheck.call(t, "increment")),
                        List.of(Lincheck.call(t, "increment"), Lincheck.call(t, "increment")),
                        List.of(Lincheck.call(t, "incrementAndSignal"), Lincheck.call(t, "incrementAndSignal")),
                        List.of(Lincheck.call(t, "get"))))
                .check(t);
    }
}
