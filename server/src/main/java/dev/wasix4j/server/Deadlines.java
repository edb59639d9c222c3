package dev.wasix4j.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The wall-time limits of running requests. A request registers its deadline and drops it when its
 * guest ends, both without a lock; one platform thread (so it runs even when guests hold every
 * carrier) looks every {@value #TICK_MILLIS} ms for deadlines that have passed and runs their action.
 * A limit therefore fires up to a tick late. A ScheduledThreadPoolExecutor, used before, put a lock
 * that every request took twice in the way: under load the requests' threads queued on it and were
 * woken one by one, about 5 % of the server's CPU in a profile.
 */
final class Deadlines {
    static final long TICK_MILLIS = 10;
    private static final Set<Deadline> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon(true).name("wasix-serve-deadlines").start(Deadlines::sweep);
    }

    private Deadlines() {}

    /** A registered deadline: {@link #cancel} it when the request ends first. */
    static final class Deadline {
        private final long due;
        private final Runnable action;

        private Deadline(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        void cancel() {
            RUNNING.remove(this);
        }
    }

    /** Runs {@code action} once {@code after} has passed, unless cancelled first. */
    static Deadline after(Duration after, Runnable action) {
        var d = new Deadline(System.nanoTime() + after.toNanos(), action);
        RUNNING.add(d);
        return d;
    }

    private static void sweep() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Deadline d : RUNNING) {
                if (now - d.due >= 0 && RUNNING.remove(d)) {
                    try {
                        d.action.run();
                    } catch (RuntimeException e) {
                        // a kill that fails must not stop the other deadlines
                    }
                }
            }
        }
    }
}
