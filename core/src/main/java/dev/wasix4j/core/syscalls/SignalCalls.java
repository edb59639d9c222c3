package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.abi.Layouts.Itimerval;
import dev.wasix4j.core.abi.Layouts.SignalDisposition;
import dev.wasix4j.core.abi.Wasi;
import dev.wasix4j.core.fd.FdEntry;
import dev.wasix4j.core.fd.FdResource;
import dev.wasix4j.core.fd.Pipe;
import dev.wasix4j.core.fd.SocketResource;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.process.Signals;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.core.syscall.Namespace;
import dev.wasix4j.threads.GuestThreads;

/**
 * Signals: the handler registration, raise/pthread_kill/kill/alarm, and which blocking calls a
 * signal interrupts with EINTR. Delivery itself is {@link Signals}, run by the dispatcher.
 */
final class SignalCalls {
    /** preview1's SIGCHLD; Linux (and WASIX) number it 17. */
    private static final int PREVIEW1_SIGCHLD = 16;

    private SignalCalls() {}

    static void register(Dispatcher d, ProcessState p, GuestThreads threads) {
        Signals sig = p.signals();
        d.signals(sig);
        // the dispositions posix_spawn asked for, and SIGABRT at its default: wasix-libc installs its
        // default handler only while applying inherited dispositions, and __wasm_signal would call a
        // null one without it (a trap)
        d.implement("proc_signals_sizes_get", "the spawner's signal dispositions (posix_spawn), and SIGABRT at its "
                + "default so wasix-libc installs its default handlers", c -> {
            c.mem().putI32(c.i32(0), dispositions(p).length / SignalDisposition.SIZE);
            return Errno.SUCCESS;
        });
        d.implement("proc_signals_get", "the spawner's signal dispositions, and SIGABRT: default", c -> {
            byte[] pairs = dispositions(p);
            c.mem().check(c.i32(0), pairs.length);
            c.mem().putBytes(c.i32(0), pairs);
            return Errno.SUCCESS;
        });
        d.implement("callback_signal", "the export the host calls with the signal number; a name that is not an "
                + "exported (i32)->() function masks signals (wasix-libc's sigprocmask)", c -> {
            sig.handler(c.mem().string(c.i32(0), c.i32(1)));
            return Errno.SUCCESS;
        });
        d.implement("proc_raise", "raises the signal on the calling thread: its handler (or default action) runs "
                + "before the call returns", c -> raise(sig, c.i32(0)));
        // preview1's signal enum has no SIGSTKFLT: from its 16 (SIGCHLD) on it is Linux's number - 1
        for (Namespace ns : new Namespace[] {Namespace.PREVIEW1, Namespace.UNSTABLE}) {
            d.implement(ns, "proc_raise", "as wasix_32v1's, with preview1's signal numbers (no SIGSTKFLT)",
                    c -> raise(sig, c.i32(0) >= PREVIEW1_SIGCHLD ? c.i32(0) + 1 : c.i32(0)));
        }
        d.implement("thread_signal", "raise/pthread_kill: to the caller, runs before the call returns; to another "
                + "thread, at its next host call or inside its blocking wait (EINTR)", c -> {
            int tid = c.i32(0);
            int s = c.i32(1);
            if (!Signals.valid(s)) {
                return Errno.EINVAL;
            }
            if (tid == Signals.MAIN_THREAD_PLACEHOLDER) {
                tid = GuestThreads.MAIN_TID;
            }
            if (tid == GuestThreads.currentTid()) {
                sig.raiseSelf(s);
            } else if (threads.alive(tid)) {
                sig.raise(tid, s);
            } else {
                return Errno.ESRCH;
            }
            return Errno.SUCCESS;
        });
        d.implement("proc_raise_interval", "a timer raising the signal to the process after interval ns, repeating "
                + "if asked; 0 cancels (alarm, setitimer)", c -> {
            int s = c.i32(0);
            if (!Signals.valid(s)) {
                return Errno.EINVAL;
            }
            sig.interval(s, c.i64(1), c.i32(2) != 0);
            return Errno.SUCCESS;
        });
        d.implement("proc_raise_interval2", "setitimer: the signal after it_value, then every it_interval (0: once); "
                + "it_value 0 disarms; the previous timer (time left, interval) written to *old unless old is 0", c -> {
            int s = c.i32(0);
            int at = c.i32(1);
            int old = c.i32(2);
            if (!Signals.valid(s)) {
                return Errno.EINVAL;
            }
            GuestMemory m = c.mem();
            m.check(at, Itimerval.SIZE);
            if (old != 0) {
                m.check(old, Itimerval.SIZE);
            }
            long first = nanos(m.i64(at + Itimerval.VALUE_SEC), m.i64(at + Itimerval.VALUE_USEC));
            long period = nanos(m.i64(at + Itimerval.INTERVAL_SEC), m.i64(at + Itimerval.INTERVAL_USEC));
            if (first < 0 || period < 0) {
                return Errno.EINVAL;
            }
            Signals.Timer before = sig.timer(s, first, period);
            if (old != 0) {
                putTimeval(m, old + Itimerval.INTERVAL_SEC, before.periodNanos());
                putTimeval(m, old + Itimerval.VALUE_SEC, before.remainingNanos());
            }
            return Errno.SUCCESS;
        });
        d.implement("proc_signal", "kill(): raised to that process of the run (its main thread); ESRCH for a pid "
                + "that is not alive; signal 0 only checks", c -> {
            int s = c.i32(1);
            if (s != 0 && !Signals.valid(s)) {
                return Errno.EINVAL;
            }
            int pid = c.i32(0);
            if (pid == p.pid()) {
                if (s != 0) {
                    sig.raiseProcess(s);
                }
                return Errno.SUCCESS;
            }
            var target = p.node() == null ? null : p.node().table().find(pid);
            if (target == null || target.ended()) {
                return Errno.ESRCH;
            }
            if (s != 0) {
                target.signal(s);
            }
            return Errno.SUCCESS;
        });
        // blocking calls a signal wakes with EINTR: those that wait on an interruptible host primitive.
        // Not futex_wait: a signal kicks its wait queue entry (Signals.raise), so it answers woken=1
        // after the handler ran, which musl's waiters treat as FUTEX_WAIT's EINTR (wasix-libc traps
        // on any futex_wait errno).
        d.interruptible("thread_sleep", c -> true);
        d.interruptible("poll_oneoff", c -> true);
        d.interruptible("epoll_wait", c -> true);
        for (String call : new String[] {"fd_read", "fd_write", "sock_accept", "sock_accept_v2", "sock_connect",
                "sock_recv", "sock_recv_from", "sock_send", "sock_send_to"}) {
            d.interruptible(call, c -> waitsInterruptibly(p, c.i32(0)));
        }
    }

    private static Errno raise(Signals sig, int s) {
        if (!Signals.valid(s)) {
            return Errno.EINVAL;
        }
        sig.raiseSelf(s);
        return Errno.SUCCESS;
    }

    /** A timeval as ns; -1 when it is not one (microseconds out of 0..999999, or beyond ~292 years). */
    private static long nanos(long sec, long usec) {
        if (sec < 0 || usec < 0 || usec >= 1_000_000 || sec > (Long.MAX_VALUE - usec * 1000) / 1_000_000_000L) {
            return -1;
        }
        return sec * 1_000_000_000L + usec * 1000;
    }

    private static void putTimeval(GuestMemory m, int at, long nanos) {
        // a timer that has time left never reads as disarmed: round up to the next microsecond
        long usec = (nanos + 999) / 1000;
        m.putI64(at, usec / 1_000_000);
        m.putI64(at + 8, usec % 1_000_000);
    }

    /**
     * Whether a call on {@code fd} may block where an interrupt wakes it unharmed: a blocking pipe
     * (a lock condition), or a blocking socket whose provider waits interruptibly (sockets-host's
     * all do, so a server in accept sees SIGTERM). A JDK channel (file) would be closed by the
     * interrupt; a non-blocking descriptor never waits, so it skips the signal handshake.
     */
    private static boolean waitsInterruptibly(ProcessState p, int fd) {
        FdEntry e = p.fds().find(fd);
        if (e == null || (e.description().fdflags() & Wasi.FdFlags.NONBLOCK) != 0) {
            return false;
        }
        FdResource r = e.resource();
        return Pipe.isEnd(r) || r instanceof SocketResource s && s.socket().interruptible();
    }

    /** {sig, disp} pairs: what the spawner set, then SIGABRT at its default unless the spawner named it. */
    private static byte[] dispositions(ProcessState p) {
        byte[] inherited = p.node() == null ? new byte[0] : p.node().signalDispositions();
        for (int i = 0; i + 1 < inherited.length; i += SignalDisposition.SIZE) {
            if (inherited[i + SignalDisposition.SIG] == Signals.SIGABRT) {
                return inherited;
            }
        }
        byte[] pairs = java.util.Arrays.copyOf(inherited, inherited.length + SignalDisposition.SIZE);
        pairs[inherited.length + SignalDisposition.SIG] = (byte) Signals.SIGABRT;
        pairs[inherited.length + SignalDisposition.DISP] = (byte) SignalDisposition.DEFAULT;
        return pairs;
    }
}
