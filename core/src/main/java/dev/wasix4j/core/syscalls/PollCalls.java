package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.Layouts.Event;
import dev.wasix4j.core.abi.Layouts.Subscription;
import dev.wasix4j.core.abi.Layouts.SubscriptionUnstable;
import dev.wasix4j.core.abi.Wasi.EventRwFlags;
import dev.wasix4j.core.abi.Wasi.EventType;
import dev.wasix4j.core.abi.Wasi.SubclockFlags;
import dev.wasix4j.core.fd.FdEntry;
import dev.wasix4j.core.fd.FdResource;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.Namespace;
import dev.wasix4j.core.syscall.GuestMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * poll_oneoff: waits for clock and descriptor subscriptions, parking only the calling thread.
 *
 * <p>In-process resources (pipes, event counters) announce changes through the process's
 * readiness signal, so the wait wakes at once; a host stream that cannot announce (stdin) is
 * re-checked every {@link #RECHECK_NANOS}.
 */
final class PollCalls {
    private static final long RECHECK_NANOS = 10_000_000L;

    private PollCalls() {}

    private record Sub(long userdata, int type, int clockId, long timeout, int clockFlags, int fd) {}

    /** Where the subscription fields sit: preview1 and preview 0 differ in the clock variant. */
    private record SubscriptionLayout(int size, int clockId, int clockTimeout, int clockFlags) {}

    private static final SubscriptionLayout PREVIEW1 = new SubscriptionLayout(
            Subscription.SIZE, Subscription.CLOCK_ID, Subscription.CLOCK_TIMEOUT, Subscription.CLOCK_FLAGS);
    private static final SubscriptionLayout UNSTABLE = new SubscriptionLayout(SubscriptionUnstable.SIZE,
            SubscriptionUnstable.CLOCK_ID, SubscriptionUnstable.CLOCK_TIMEOUT, SubscriptionUnstable.CLOCK_FLAGS);

    static void register(Dispatcher d, ProcessState p) {
        d.implement("poll_oneoff", "clock and fd_read/fd_write subscriptions over every descriptor; parks until a resource reports readiness",
                c -> pollOneoff(c, p, PREVIEW1));
        d.implement(Namespace.UNSTABLE, "poll_oneoff", "preview 0's 56-byte subscriptions",
                c -> pollOneoff(c, p, UNSTABLE));
    }

    private static Errno pollOneoff(Call c, ProcessState p, SubscriptionLayout layout) {
        GuestMemory m = c.mem();
        int in = c.i32(0);
        int out = c.i32(1);
        long n = c.u32(2);
        if (n == 0) {
            return Errno.EINVAL;
        }
        m.check(in, n * layout.size());
        m.check(out, n * Event.SIZE);
        m.check(c.i32(3), 4);
        var subs = new ArrayList<Sub>();
        for (int i = 0; i < n; i++) {
            int at = in + i * layout.size();
            subs.add(new Sub(m.i64(at + Subscription.USERDATA), m.u8(at + Subscription.TAG) & 0xff,
                    m.i32(at + layout.clockId()), m.i64(at + layout.clockTimeout()),
                    m.i16(at + layout.clockFlags()) & 0xffff, m.i32(at + Subscription.FD)));
        }
        int written = poll(p, subs, m, out);
        m.putI32(c.i32(3), written);
        return Errno.SUCCESS;
    }

    private static int poll(ProcessState p, List<Sub> subs, GuestMemory m, int out) {
        long start = System.nanoTime();
        long deadline = Long.MAX_VALUE;
        boolean needsRecheck = false;
        for (Sub s : subs) {
            if (s.type() == EventType.CLOCK) {
                long rel;
                try {
                    rel = (s.clockFlags() & SubclockFlags.ABSTIME) != 0
                            ? s.timeout() - ClockCalls.now(s.clockId(), p)
                            : s.timeout();
                } catch (ErrnoException e) {
                    rel = 0; // an unknown clock fires at once, with EINVAL in its event
                }
                deadline = Math.min(deadline, start + Math.max(0, rel));
            } else {
                FdEntry e = p.fds().find(s.fd());
                needsRecheck |= e != null && !e.resource().signalsReadiness();
            }
        }
        while (true) {
            long generation = p.readiness().generation();
            long now = System.nanoTime();
            int count = 0;
            for (int i = 0; i < subs.size(); i++) {
                if (fire(p, subs.get(i), now, start, m, out + count * Event.SIZE)) {
                    count++;
                }
            }
            if (count > 0) {
                return count;
            }
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
            long wait = needsRecheck ? Math.min(left, RECHECK_NANOS) : left;
            try {
                p.readiness().await(generation, wait);
            } catch (InterruptedException e) {
                throw ThreadCalls.stopped();
            }
        }
    }

    /** Writes the event for {@code s} at {@code at} if it is ready now; returns whether it did. */
    private static boolean fire(ProcessState p, Sub s, long now, long start, GuestMemory m, int at) {
        int error = 0;
        long nbytes = 0;
        int flags = 0;
        switch (s.type()) {
            case EventType.CLOCK -> {
                try {
                    long rel = (s.clockFlags() & SubclockFlags.ABSTIME) != 0
                            ? s.timeout() - ClockCalls.now(s.clockId(), p)
                            : s.timeout() - (now - start);
                    if (rel > 0) {
                        return false;
                    }
                } catch (ErrnoException e) {
                    error = e.errno().code();
                }
            }
            case EventType.FD_READ, EventType.FD_WRITE -> {
                FdEntry e = p.fds().find(s.fd());
                if (e == null) {
                    error = Errno.EBADF.code();
                } else {
                    FdResource r = e.resource();
                    try {
                        boolean ready = s.type() == EventType.FD_READ ? r.readReady() : r.writeReady();
                        if (!ready) {
                            return false;
                        }
                        nbytes = s.type() == EventType.FD_READ ? Math.max(r.available(), 0) : 0;
                        flags = r.hungUp() ? EventRwFlags.HANGUP : 0;
                    } catch (IOException ex) {
                        error = Errno.EIO.code();
                    }
                }
            }
            default -> error = Errno.EINVAL.code();
        }
        m.zero(at, Event.SIZE);
        m.putI64(at + Event.USERDATA, s.userdata());
        m.putI16(at + Event.ERROR, error);
        m.putU8(at + Event.TYPE, s.type());
        m.putI64(at + Event.NBYTES, nbytes);
        m.putI16(at + Event.FLAGS, flags);
        return true;
    }
}
