package dev.wasix4j.core.process;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasix4j.threads.GuestThreads;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One process's signals: what is pending on which guest thread, the guest's handler export, the
 * interval timers, and the default actions the host takes when the guest has no handler.
 *
 * <p><b>Who keeps what.</b> wasix-libc keeps every disposition ({@code sigaction}: handler,
 * {@code SIG_IGN}, {@code SA_*} flags, {@code sa_mask}) in its own table and registers one export
 * ({@code __wasm_signal}) through {@code callback_signal}; "blocking all signals" is done by
 * re-registering a name that is not exported ({@code __wasm_signal_blocked}), so the host keeps that
 * name per thread, as POSIX keeps the mask per thread. The host keeps only: the registered names,
 * the pending set per thread, and the timers. A signal pending while the name
 * is not callable stays pending until it is again (that is wasix-libc's mask); a thread's own
 * {@code SIGABRT} then cannot wait: it is abort()'s last step and ends the process.
 *
 * <p><b>When a signal runs.</b> At the target thread's next return from a host call (the
 * dispatcher checks {@link #anyPending()}: one volatile read), and inside the blocking calls the
 * dispatcher marks interruptible, which wake and answer EINTR after the handler ran. futex_wait and
 * memory.atomic.wait are not marked (they are too frequent for a handshake per call): the signal
 * kicks the thread's wait queue entry instead, which ends the wait it is in or its next one, so
 * futex_wait answers "woken" after the handler ran. A thread that computes without calling the
 * host sees it at its next host call.
 */
public final class Signals implements dev.wasix4j.core.syscall.Dispatcher.SignalHook {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGABRT = 6;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGURG = 23;
    public static final int SIGWINCH = 28;
    /**
     * wasix-libc's handler export. A thread that never called callback_signal gets it once the
     * process registered any name, as a new instance does in wasmer: libc registers its "blocked"
     * name first at start-up and its threads never register one, so falling back to the process's
     * first name would mask them for good.
     */
    static final String LIBC_HANDLER = "__wasm_signal";

    /** Signals are 1..64 (musl's _NSIG is 65); one bit each in a thread's pending word. */
    public static final int MAX = 64;
    /** wasix-libc's main thread never learns its host tid and signals itself with this one. */
    public static final int MAIN_THREAD_PLACEHOLDER = 0x3fffffff;

    /** What a signal does when the guest installed no handler (POSIX's table, as Linux has it). */
    public enum Action {
        TERMINATE, CORE, IGNORE, STOP, CONTINUE
    }

    private static final List<String> NAMES = List.of("", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
            "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
            "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
            "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS");

    /** One daemon thread fires every process's timers; a timer only marks a signal pending. */
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    /** Per guest thread: pending bits and the handshake that lets a signal wake a blocking call. */
    static final class Target {
        final AtomicLong pending = new AtomicLong();
        /** Guarded by this: the thread is inside an interruptible host call. */
        Thread blockedThread;
        /** Guarded by this: a signal interrupted the current blocking call. */
        boolean interruptedBySignal;
        /** Signals whose handler is running on this thread, innermost last (small: nesting is rare). */
        int[] handling = new int[4];
        int depth;
        /** This thread's callback_signal name: wasix-libc masks per thread by renaming it. */
        volatile String handlerName;
        /**
         * Delivery found the handler name not callable (sigprocmask): pending signals wait, and must
         * not interrupt blocking calls either, or every wait would answer EINTR at once, forever.
         * Cleared when the thread registers a name again.
         */
        volatile boolean masked;
    }

    /** SIGCHLD, SIGURG and SIGWINCH as pending bits: they never make a blocking call answer EINTR. */
    private static final long IGNORED_BY_DEFAULT = (1L << (SIGCHLD - 1)) | (1L << (SIGURG - 1)) | (1L << (SIGWINCH - 1));

    private final Map<Integer, Target> targets = new ConcurrentHashMap<>();
    /** A signal's interval timer: when it fires next (the future's delay) and its period (0: once). */
    private record Armed(ScheduledFuture<?> future, long periodNanos) {}

    /** What setitimer reports of a timer: ns until it fires next (0: disarmed) and its period. */
    public record Timer(long remainingNanos, long periodNanos) {
        public static final Timer NONE = new Timer(0, 0);
    }

    private final Map<Integer, Armed> timers = new ConcurrentHashMap<>();
    /** Signals pending on any thread of this process: the dispatcher's fast check. */
    private final AtomicInteger pendingCount = new AtomicInteger();
    /** The first callback_signal name of the process (wasix-libc registers it at start-up). */
    private volatile String handlerName;
    private volatile PrintStream log = System.err;
    private volatile BooleanSupplier ending = () -> false;
    private volatile java.util.function.IntConsumer kill = code -> { };
    private volatile java.util.function.IntConsumer atomicWaitWaker = tid -> { };
    private volatile Runnable kickClearer = () -> { };

    public static String name(int sig) {
        return sig > 0 && sig < NAMES.size() ? NAMES.get(sig) : "signal " + sig;
    }

    public static Action defaultAction(int sig) {
        return switch (sig) {
            case 3, 4, 5, 6, 7, 8, 11, 24, 25, 31 -> Action.CORE;
            case SIGCHLD, SIGURG, SIGWINCH -> Action.IGNORE;
            case SIGCONT -> Action.CONTINUE;
            case SIGSTOP, 20, 21, 22 -> Action.STOP;
            default -> Action.TERMINATE;
        };
    }

    public static boolean valid(int sig) {
        return sig >= 1 && sig <= MAX;
    }

    /** Where the one-line "terminated by" message goes. */
    public void log(PrintStream out) {
        this.log = out;
    }

    /** True once the process is ending: a signal's interruption must not hide the stop. */
    public void ending(BooleanSupplier ending) {
        this.ending = ending;
    }

    /**
     * callback_signal from the calling thread: the export the host calls with the signal number on
     * this thread. The first name registered also serves threads that never registered one.
     */
    public void handler(String exportName) {
        Target self = target(GuestThreads.currentTid());
        self.handlerName = exportName;
        self.masked = false;
        if (handlerName == null) {
            handlerName = exportName;
        }
    }

    /** The dispatcher's check at every host-call return: one volatile read. */
    @Override
    public boolean anyPending() {
        return pendingCount.get() != 0;
    }

    /** Marks {@code sig} pending on guest thread {@code tid} and wakes it if it blocks in the host. */
    public void raise(int tid, int sig) {
        Target t = target(tid);
        boolean ignoredByDefault = defaultAction(sig) == Action.IGNORE;
        if (ignoredByDefault && t.handlerName == null && handlerName == null) {
            return; // no handler: discarded, as POSIX discards an ignored signal
        }
        long bit = 1L << (sig - 1);
        long before = t.pending.getAndUpdate(p -> p | bit);
        if ((before & bit) == 0) {
            pendingCount.incrementAndGet();
        }
        if (ignoredByDefault) {
            // SIGCHLD, SIGURG, SIGWINCH: the handler runs at the thread's next host call but never
            // breaks a blocking call with EINTR. The host cannot see whether libc ignores them (its
            // default) or has SA_RESTART, and a shell's read must not fail because a child ended.
            return;
        }
        synchronized (t) {
            if (t.blockedThread != null && !t.interruptedBySignal && !t.masked) {
                t.interruptedBySignal = true;
                t.blockedThread.interrupt();
                return;
            }
        }
        // not in an interruptible host call: maybe in futex_wait or memory.atomic.wait, or about to be. The kick ends
        // that wait, or the next one (sticky), with a wake-up; futex_wait's handler then runs before it returns.
        if (!t.masked) {
            atomicWaitWaker.accept(tid);
        }
    }

    /** How a guest thread in futex_wait or memory.atomic.wait is kicked (by tid): see Futex.kick. */
    public void atomicWaitWaker(java.util.function.IntConsumer waker) {
        this.atomicWaitWaker = waker;
    }

    /** How the calling thread's unconsumed kick is dropped once its signals are delivered: see Futex.clearKick. */
    public void kickClearer(Runnable clearer) {
        this.kickClearer = clearer;
    }

    /**
     * A signal for the whole process (alarm, Ctrl-C from the host, kill from another process): the
     * main thread takes it, as the thread that has not blocked it in most programs. This is the
     * method a process table calls to deliver {@code kill(pid, sig)} or SIGCHLD.
     */
    public void raiseProcess(int sig) {
        if (sig == SIGKILL) {
            // cannot be caught: ends every thread now, even one in memory.atomic.wait or computing
            log.println("wasix4j: program terminated by " + name(sig));
            kill.accept(128 + sig);
            return;
        }
        raise(GuestThreads.MAIN_TID, sig);
    }

    /** How the process is ended from outside with an exit code (every thread stopped). */
    public void killer(java.util.function.IntConsumer kill) {
        this.kill = kill;
    }

    /**
     * proc_raise_interval: raises {@code sig} to the process after {@code nanos}, then every
     * {@code nanos} again if {@code repeat}; 0 cancels. Replaces the signal's earlier timer.
     */
    public void interval(int sig, long nanos, boolean repeat) {
        timer(sig, nanos, repeat ? nanos : 0);
    }

    /**
     * setitimer (proc_raise_interval2): raises {@code sig} to the process after {@code firstNanos},
     * then every {@code periodNanos} (0: once); {@code firstNanos} 0 disarms. Replaces the signal's
     * earlier timer and returns what was left of it.
     */
    public Timer timer(int sig, long firstNanos, long periodNanos) {
        Armed old = timers.remove(sig);
        Timer before = Timer.NONE;
        if (old != null) {
            // a one-shot timer that already fired has nothing left (read before cancel marks it done);
            // one still armed but overdue (the scheduler is late) reads as about to fire, not disarmed
            boolean fired = old.future().isDone();
            long left = old.future().getDelay(TimeUnit.NANOSECONDS);
            old.future().cancel(false);
            before = new Timer(fired ? 0 : Math.max(left, 1), old.periodNanos());
        }
        if (firstNanos > 0) {
            Runnable fire = () -> raiseProcess(sig);
            ScheduledFuture<?> f = periodNanos > 0
                    ? TIMERS.scheduleAtFixedRate(fire, firstNanos, periodNanos, TimeUnit.NANOSECONDS)
                    : TIMERS.schedule(fire, firstNanos, TimeUnit.NANOSECONDS);
            timers.put(sig, new Armed(f, periodNanos));
        }
        return before;
    }

    /**
     * Forgets an ended thread: its undelivered signals are dropped, as they die with a thread in POSIX. Called on
     * the ending thread.
     */
    public void threadEnded(int tid) {
        kickClearer.run();
        Target t = targets.remove(tid);
        if (t != null) {
            int dropped = Long.bitCount(t.pending.getAndSet(0));
            if (dropped != 0) {
                pendingCount.addAndGet(-dropped);
            }
        }
    }

    /** Stops every timer: the process has ended. */
    public void close() {
        timers.values().forEach(a -> a.future().cancel(false));
        timers.clear();
    }

    // ---- the calling thread's side ----

    /** Raises {@code sig} on the calling guest thread (raise(), SIGPIPE): it runs before the call returns. */
    @Override
    public void raiseSelf(int sig) {
        raise(GuestThreads.currentTid(), sig);
    }

    /** Called by the dispatcher before an interruptible call: a signal may now wake this thread. */
    @Override
    public void enterBlocking() {
        Target t = target(GuestThreads.currentTid());
        synchronized (t) {
            t.blockedThread = Thread.currentThread();
            t.interruptedBySignal = false;
            if ((t.pending.get() & ~IGNORED_BY_DEFAULT) != 0 && !t.masked) {
                // already pending: do not sleep at all, the call answers EINTR at once
                t.interruptedBySignal = true;
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Called by the dispatcher after an interruptible call; clears an interrupt a signal made (the
     * stop of the process keeps its own). Returns whether a signal interrupted the call.
     */
    @Override
    public boolean exitBlocking() {
        Target t = target(GuestThreads.currentTid());
        boolean bySignal;
        synchronized (t) {
            t.blockedThread = null;
            bySignal = t.interruptedBySignal;
            t.interruptedBySignal = false;
            if (bySignal) {
                Thread.interrupted();
            }
        }
        if (bySignal && ending.getAsBoolean()) {
            Thread.currentThread().interrupt();
            return false;
        }
        return bySignal;
    }

    /**
     * Runs the calling thread's pending signals: the guest's handler export on {@code instance}, or
     * the default action. May end the process ({@link ProcessExit}).
     */
    @Override
    public void deliver(Instance instance) {
        Target t = targets.get(GuestThreads.currentTid());
        if (t == null) {
            return;
        }
        if (t.masked && (t.pending.get() & (1L << (SIGABRT - 1))) == 0) {
            // still masked (only registering a name clears it): nothing to deliver, and no export scan
            // at every host call while a signal waits; SIGABRT cannot wait, it is abort()'s last step
            return;
        }
        if (t.pending.get() != 0) {
            // delivered here, so a kick made for these signals must not also end the next wait. Before the loop
            // reads the bits: a signal raised after this either is delivered below or keeps its new kick.
            kickClearer.run();
        }
        long bits;
        while ((bits = t.pending.get()) != 0) {
            int sig = Long.numberOfTrailingZeros(bits) + 1;
            String name = t.handlerName;
            if (name == null) {
                // once the process registered any name, libc is in charge of signals
                name = handlerName != null && export(instance, LIBC_HANDLER) != null ? LIBC_HANDLER : handlerName;
            }
            ExportFunction handler = name == null ? null : export(instance, name);
            if (name != null && handler == null && sig != SIGABRT && sig != SIGKILL) {
                t.masked = true;
                return; // masked by wasix-libc: stays pending until a callable handler is registered
            }
            long bit = 1L << (sig - 1);
            if ((t.pending.getAndUpdate(p -> p & ~bit) & bit) == 0) {
                continue;
            }
            pendingCount.decrementAndGet();
            if (sig == SIGKILL) {
                terminate(t, sig);
            } else if (handler != null) {
                run(t, handler, sig);
            } else if (name != null) {
                terminate(t, sig); // SIGABRT while masked: abort()'s final raise
            } else {
                switch (defaultAction(sig)) {
                    case TERMINATE, CORE -> terminate(t, sig);
                    default -> { } // ignore; no job control: STOP and CONT do nothing
                }
            }
        }
    }

    private void run(Target t, ExportFunction handler, int sig) {
        if (t.depth == t.handling.length) {
            t.handling = java.util.Arrays.copyOf(t.handling, t.depth * 2);
        }
        t.handling[t.depth++] = sig;
        try {
            handler.apply(sig);
        } finally {
            t.depth--;
        }
    }

    /**
     * Ends the process as the signal's default action: exit 128 + n and one line. When wasix-libc's
     * own default handler for signal n is running (it prints its line, then calls abort()), the
     * process ends with 128 + n quietly.
     */
    private void terminate(Target t, int sig) {
        if (sig == SIGABRT && t.depth > 0) {
            throw ProcessExit.bySignal(t.handling[t.depth - 1]);
        }
        String what = defaultAction(sig) == Action.CORE ? "aborted by " : "terminated by ";
        log.println("wasix4j: program " + what + name(sig));
        throw ProcessExit.bySignal(sig);
    }

    private static ExportFunction export(Instance instance, String name) {
        var exports = instance.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.name().equals(name) && e.exportType() == ExternalType.FUNCTION) {
                FunctionType type = instance.type(instance.functionType(e.index()));
                if (type.params().equals(List.of(ValType.I32)) && type.returns().isEmpty()) {
                    return instance.export(name);
                }
            }
        }
        return null;
    }

    private Target target(int tid) {
        return targets.computeIfAbsent(tid, k -> new Target());
    }

    private static ScheduledThreadPoolExecutor timers() {
        var s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "wasix4j-signal-timers");
            th.setDaemon(true);
            return th;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
