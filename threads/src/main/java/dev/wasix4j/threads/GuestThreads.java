package dev.wasix4j.threads;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The threads of one guest process and the process's end.
 *
 * <p>Every guest thread runs on its own Java thread (virtual by default). The first thread to end
 * the process — by exit, a trap, main returning or the time limit — decides the exit code; every
 * other thread is then interrupted, which Chicory notices at its next call or loop back-edge and
 * which wakes any wait, futex or sleep. {@link #runMain} returns only when no thread is left.
 */
public final class GuestThreads {
    /** The main thread's id (wasix-libc never asks; wasmer numbers it like this too). */
    public static final int MAIN_TID = 1;
    /** wasix-libc keeps host thread ids in 1..0x1fffffff (0x3fffffff marks its main thread). */
    public static final int MAX_TID = 0x1fffffff;
    /** How long {@link #runMain} waits for interrupted threads to unwind before giving up on them. */
    private static final long UNWIND_GRACE_MS = 5_000;

    private static final ScopedValue<GuestThread> CURRENT = ScopedValue.newInstance();

    private final String name;
    private final ThreadMode mode;
    private final ThreadLimits limits;
    private final BiFunction<Integer, Throwable, Outcome> classifier;
    private final Consumer<String> reporter;
    private final Map<Integer, GuestThread> live = new ConcurrentHashMap<>();
    private final AtomicInteger liveCount = new AtomicInteger();
    private final AtomicInteger nextTid = new AtomicInteger(MAIN_TID + 1);
    private final AtomicReference<Outcome> ending = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicInteger spawned = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean warnedLimit = new java.util.concurrent.atomic.AtomicBoolean();

    /** One guest thread: its id, its Java thread, and a latch that opens when it is gone. */
    private record GuestThread(int tid, Thread thread, CountDownLatch done) {}

    /**
     * @param name used in Java thread names ("wasix-NAME-TID")
     * @param classifier reads how a thread ended from its exception (null when it returned)
     * @param reporter receives the one-line message of a fatal end (trap, time limit)
     */
    public GuestThreads(String name, ThreadMode mode, ThreadLimits limits,
            BiFunction<Integer, Throwable, Outcome> classifier, Consumer<String> reporter) {
        this.name = name;
        this.mode = mode;
        this.limits = limits;
        this.classifier = classifier;
        this.reporter = reporter;
    }

    /**
     * Runs {@code main} as thread {@link #MAIN_TID} and returns the process's exit code once every
     * thread has ended. Main returning normally ends the process with 0, as on Linux.
     */
    public int runMain(ThreadBody main) {
        Thread timer = startTimer();
        start(MAIN_TID, main, true);
        try {
            ended.await();
            awaitAllGone();
        } catch (InterruptedException e) {
            end(new Outcome.Fatal(130, null));
            Thread.currentThread().interrupt();
        } finally {
            if (timer != null) {
                timer.interrupt();
            }
        }
        Outcome o = ending.get();
        return switch (o) {
            case Outcome.ProcessExit p -> p.code();
            case Outcome.Fatal f -> f.code();
            default -> 0;
        };
    }

    /**
     * As {@link #runMain}, but the main guest thread is the calling thread itself (a virtual thread,
     * in {@link ThreadMode#VIRTUAL}): no thread is started for it, and nobody waits on a latch for
     * it to end, which saves two hand-offs through the scheduler per process (a server running a
     * short guest per request pays them on every request). The caller is interrupted when the
     * process ends from elsewhere (kill, exit from another thread, the time limit), as main would
     * be; that interrupt is cleared before this returns.
     */
    public int runMainHere(ThreadBody main) {
        Thread me = Thread.currentThread();
        if (mode != ThreadMode.VIRTUAL || !me.isVirtual()) {
            return runMain(main);
        }
        Thread timer = startTimer();
        liveCount.incrementAndGet();
        var self = new GuestThread(MAIN_TID, me, new CountDownLatch(1));
        live.put(MAIN_TID, self);
        spawned.incrementAndGet();
        boolean callerInterrupted = false;
        try {
            ScopedValue.where(CURRENT, self).run(() -> runThread(self, main, true));
            // a kill aimed at main may land after it returned: it must not reach the caller's next wait
            Thread.interrupted();
            while (true) {
                try {
                    ended.await();
                    awaitAllGone();
                    break;
                } catch (InterruptedException e) {
                    if (ending.get() == null) {
                        end(new Outcome.Fatal(130, null)); // the caller's own interrupt: stop the process
                        callerInterrupted = true;
                        break;
                    }
                    // the process's end reaching main late (it had already returned): not the caller's
                }
            }
        } finally {
            if (timer != null) {
                timer.interrupt();
            }
        }
        if (callerInterrupted) {
            Thread.currentThread().interrupt();
        }
        Outcome o = ending.get();
        return switch (o) {
            case Outcome.ProcessExit p -> p.code();
            case Outcome.Fatal f -> f.code();
            default -> 0;
        };
    }

    /** Starts {@code body} as a new guest thread; returns its id, or throws EAGAIN past the limits. */
    public int spawn(ThreadBody body) {
        if (ending.get() != null) {
            throw new ErrnoException(Errno.EAGAIN, "process is ending");
        }
        int tid = allocateTid();
        start(tid, body, false);
        return tid;
    }

    /** Ends the process with {@code code} (exit from any thread). The first end wins. */
    public void exit(int code) {
        end(new Outcome.ProcessExit(code));
    }

    /** Ends the process with a fatal {@code message} and {@code code}. The first end wins. */
    public void fail(int code, String message) {
        end(new Outcome.Fatal(code, message));
    }

    /** True once the process is ending: blocking host calls should give up. */
    public boolean ending() {
        return ending.get() != null;
    }

    /** Waits until thread {@code tid} has ended; returns at once for an unknown or ended thread. */
    public void join(int tid) throws InterruptedException {
        GuestThread t = live.get(tid);
        if (t != null && t.thread() != Thread.currentThread()) {
            t.done().await();
        }
    }

    /** The JVM thread that runs guest thread {@code tid}, or null once it has ended. */
    public Thread thread(int tid) {
        GuestThread t = live.get(tid);
        return t == null ? null : t.thread();
    }

    /** True while guest thread {@code tid} runs (a signal can be sent to it). */
    public boolean alive(int tid) {
        return live.containsKey(tid);
    }

    /** The calling guest thread's id, or {@link #MAIN_TID} when called from outside any. */
    public static int currentTid() {
        return CURRENT.isBound() ? CURRENT.get().tid() : MAIN_TID;
    }

    /**
     * Wraps {@code body} so that it runs as the calling guest thread (same tid) on another JVM
     * thread: a green context of that thread runs on a virtual thread of its own.
     */
    public static Runnable asCurrentThread(Runnable body) {
        if (!CURRENT.isBound()) {
            return body;
        }
        GuestThread self = CURRENT.get();
        return () -> ScopedValue.where(CURRENT, self).run(body);
    }

    /** Guest threads alive now, main included. */
    public int liveThreads() {
        return liveCount.get();
    }

    /** Guest threads started over the process's life, main included. */
    public int startedThreads() {
        return spawned.get();
    }

    /** How many guest threads can truly run at once: the JVM's processors. */
    public static int parallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    public ThreadMode mode() {
        return mode;
    }

    private int allocateTid() {
        if (liveCount.incrementAndGet() > limits.maxThreads()) {
            liveCount.decrementAndGet();
            if (warnedLimit.compareAndSet(false, true)) {
                reporter.accept("thread limit of " + limits.maxThreads() + " live threads reached; spawning answers EAGAIN");
            }
            throw new ErrnoException(Errno.EAGAIN, "thread limit " + limits.maxThreads() + " reached");
        }
        while (true) {
            int tid = nextTid.getAndUpdate(t -> t >= MAX_TID ? MAIN_TID + 1 : t + 1);
            if (!live.containsKey(tid)) {
                return tid;
            }
        }
    }

    private void start(int tid, ThreadBody body, boolean main) {
        if (main) {
            liveCount.incrementAndGet();
        }
        var done = new CountDownLatch(1);
        var holder = new GuestThread[1];
        Runnable run = () -> ScopedValue.where(CURRENT, holder[0]).run(() -> runThread(holder[0], body, main));
        Thread.Builder builder = mode == ThreadMode.VIRTUAL
                ? Thread.ofVirtual()
                : Thread.ofPlatform().daemon(true).stackSize(limits.platformStackBytes());
        Thread t = builder.name("wasix-" + name + "-" + tid).unstarted(run);
        holder[0] = new GuestThread(tid, t, done);
        live.put(tid, holder[0]);
        spawned.incrementAndGet();
        try {
            t.start();
        } catch (OutOfMemoryError | RuntimeException e) {
            live.remove(tid);
            liveCount.decrementAndGet();
            done.countDown();
            throw new ErrnoException(Errno.EAGAIN, "cannot start a thread: " + e);
        }
    }

    private void runThread(GuestThread self, ThreadBody body, boolean main) {
        Outcome outcome;
        try {
            if (ending.get() != null) {
                outcome = new Outcome.Stopped();
            } else {
                body.run(self.tid());
                outcome = main ? new Outcome.ProcessExit(0) : new Outcome.ThreadDone();
            }
        } catch (Throwable t) {
            outcome = classifier.apply(self.tid(), t);
        }
        try {
            switch (outcome) {
                case Outcome.ProcessExit p -> end(p);
                case Outcome.Fatal f -> end(f);
                default -> {}
            }
        } finally {
            live.remove(self.tid());
            int left = liveCount.decrementAndGet();
            self.done().countDown();
            if (left == 0) {
                // main called pthread_exit and the last thread just left: the process is over
                end(new Outcome.ProcessExit(0));
            }
        }
    }

    private void end(Outcome how) {
        if (!ending.compareAndSet(null, how)) {
            return;
        }
        if (how instanceof Outcome.Fatal f && f.message() != null) {
            reporter.accept(f.message());
        }
        Thread me = Thread.currentThread();
        for (GuestThread t : live.values()) {
            if (t.thread() != me) {
                t.thread().interrupt();
            }
        }
        ended.countDown();
    }

    /** Waits for every thread to unwind; threads spawned during the end are interrupted too. */
    private void awaitAllGone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UNWIND_GRACE_MS);
        while (!live.isEmpty()) {
            for (GuestThread t : live.values()) {
                t.thread().interrupt();
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.done().await(left, TimeUnit.NANOSECONDS)) {
                    reporter.accept("thread " + t.tid() + " did not stop within " + UNWIND_GRACE_MS
                            + " ms (blocked outside the guest); abandoning it");
                    live.remove(t.tid());
                }
            }
        }
    }

    private Thread startTimer() {
        if (limits.timeout() == null) {
            return null;
        }
        long millis = limits.timeout().toMillis();
        // a platform thread: guest threads looping without atomics or calls can hold every carrier
        return Thread.ofPlatform().daemon(true).name("wasix-" + name + "-timeout").start(() -> {
            try {
                Thread.sleep(limits.timeout());
                fail(TIMEOUT_EXIT_CODE, "time limit of " + describe(millis) + " reached; process stopped");
            } catch (InterruptedException e) {
                // the process ended first
            }
        });
    }

    /** Exit code when the time limit ends a process, as coreutils timeout(1). */
    public static final int TIMEOUT_EXIT_CODE = 124;

    private static String describe(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
