package dev.wasix4j.core.syscalls;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.Layouts.OptionTimestamp;
import dev.wasix4j.core.process.Sibling;
import dev.wasix4j.core.process.ThreadExit;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.memory.Futex;
import dev.wasix4j.memory.GuestMemories;
import dev.wasix4j.threads.GuestThreads;
import java.time.Duration;

/** Threads and futexes: spawn, exit, join, sleep, and the futex calls wasix-libc's locks use. */
final class ThreadCalls {
    private static final int FUTEX_ALIGN = 4;
    /** memory.atomic.wait's answers. */
    private static final int WAIT_OK = 0;
    private static final int WAIT_NOT_EQUAL = 1;
    private static final int WAIT_TIMED_OUT = 2;
    private static final long NO_TIMEOUT = -1;

    private ThreadCalls() {}

    static void register(Dispatcher d, GuestThreads threads, Sibling sibling, int parallelismCap) {
        d.implementRaw("thread-spawn", "wasi-threads spawn: a sibling instance on a new guest thread; tid or -errno", c -> {
            try {
                return spawn(threads, sibling, c.i32(0));
            } catch (ErrnoException e) {
                return -e.errno().code();
            }
        });
        d.implement("thread_spawn_v2", "same as wasi.thread-spawn; the tid goes to retptr0", c -> {
            c.mem().check(c.i32(1), 4);
            c.mem().putI32(c.i32(1), spawn(threads, sibling, c.i32(0)));
            return Errno.SUCCESS;
        });
        d.implement("thread_exit", "ends the calling thread; the process goes on", c -> {
            throw new ThreadExit(c.i32(0));
        });
        d.implement("thread_join", "waits for a thread to end; an unknown or ended thread returns at once", c -> {
            try {
                threads.join(c.i32(0));
            } catch (InterruptedException e) {
                throw stopped();
            }
            return Errno.SUCCESS;
        });
        d.implement("thread_id", "the calling guest thread's id", c -> {
            c.mem().putI32(c.i32(0), GuestThreads.currentTid());
            return Errno.SUCCESS;
        });
        d.implement("thread_parallelism", "the host's processors, or the configured cap", c -> {
            c.mem().putI32(c.i32(0), Math.min(GuestThreads.parallelism(), parallelismCap));
            return Errno.SUCCESS;
        });
        d.implement("thread_sleep", "parks the calling thread only", c -> {
            sleep(c.i64(0));
            return Errno.SUCCESS;
        });
        d.implement("futex_wait", "same wait queues as memory.atomic.wait; errno always 0, result in retptr0", c -> {
            GuestMemory m = c.mem();
            int addr = c.i32(0);
            int timeoutPtr = c.i32(2);
            int out = c.i32(3);
            m.check(addr, 4);
            m.check(out, 1);
            if (addr % FUTEX_ALIGN != 0) {
                return Errno.EINVAL;
            }
            long timeout = NO_TIMEOUT;
            if (timeoutPtr != 0) {
                m.check(timeoutPtr, OptionTimestamp.SIZE);
                if (m.u8(timeoutPtr + OptionTimestamp.TAG) == OptionTimestamp.SOME) {
                    timeout = Math.max(0, m.i64(timeoutPtr + OptionTimestamp.VALUE));
                }
            }
            int r = futex(c).wait32(Integer.toUnsignedLong(addr), c.i32(1), timeout);
            // wasix-libc traps on any errno here: mismatch and wake-up both read as "woken"
            m.putU8(out, r == WAIT_TIMED_OUT ? 0 : 1);
            assert r == WAIT_OK || r == WAIT_NOT_EQUAL || r == WAIT_TIMED_OUT;
            return Errno.SUCCESS;
        });
        d.implement("futex_wake", "wakes one waiter (futex_wait or memory.atomic.wait)", c -> wake(c, 1));
        d.implement("futex_wake_all", "wakes every waiter", c -> wake(c, Integer.MAX_VALUE));
    }

    /** The caller's memory's wait queues: the same ones memory.atomic.wait/notify use. */
    private static Futex futex(Call c) {
        return GuestMemories.futex(c.mem().raw());
    }

    /** @param sibling null when threads are impossible (no wasi_thread_start or no shared memory): ENOTSUP */
    private static int spawn(GuestThreads threads, Sibling sibling, int startArg) {
        if (sibling == null) {
            throw new ErrnoException(Errno.ENOTSUP, "no wasi_thread_start export or no shared memory to share");
        }
        return threads.spawn(tid -> sibling.run(tid, startArg));
    }

    private static Errno wake(Call c, int count) {
        GuestMemory m = c.mem();
        int addr = c.i32(0);
        int out = c.i32(1);
        m.check(addr, 4);
        m.check(out, 1);
        if (addr % FUTEX_ALIGN != 0) {
            return Errno.EINVAL;
        }
        int woken = futex(c).wake(Integer.toUnsignedLong(addr), count);
        m.putU8(out, woken > 0 ? 1 : 0);
        return Errno.SUCCESS;
    }

    private static void sleep(long nanos) {
        try {
            if (nanos > 0) {
                Thread.sleep(Duration.ofNanos(nanos));
            } else {
                Thread.yield();
            }
        } catch (InterruptedException e) {
            throw stopped();
        }
    }

    /** The process is ending: unwind this thread the way Chicory does on interruption. */
    static ChicoryInterruptedException stopped() {
        Thread.currentThread().interrupt();
        return new ChicoryInterruptedException("process is ending");
    }
}
