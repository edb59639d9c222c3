package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.Wasi.Clock;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Dispatcher;
import java.lang.management.ManagementFactory;
import java.time.Instant;

/** Clocks: wall time, a monotonic clock, and CPU time. */
final class ClockCalls {
    /** java.time reports wall time in microseconds on Linux. */
    private static final long REALTIME_RESOLUTION_NS = 1_000;
    private static final long MONOTONIC_RESOLUTION_NS = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ClockCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        d.implement("clock_res_get", "all four clocks", c -> {
            c.mem().putI64(c.i32(1), resolution(c.i32(0)));
            return Errno.SUCCESS;
        });
        d.implement("clock_time_get", "all four clocks; precision is ignored", c -> {
            c.mem().putI64(c.i32(2), now(c.i32(0), p));
            return Errno.SUCCESS;
        });
        d.stub("clock_time_set", Errno.EPERM, "a guest may not set the host's clocks");
    }

    static long resolution(int id) {
        return switch (id) {
            case Clock.REALTIME -> REALTIME_RESOLUTION_NS;
            case Clock.MONOTONIC, Clock.PROCESS_CPUTIME, Clock.THREAD_CPUTIME -> MONOTONIC_RESOLUTION_NS;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    /** Nanoseconds on clock {@code id}; EINVAL for an unknown clock. */
    static long now(int id, ProcessState p) {
        return switch (id) {
            case Clock.REALTIME -> {
                Instant t = Instant.now();
                yield t.getEpochSecond() * NANOS_PER_SECOND + t.getNano();
            }
            // offset from process start, so guests never see a negative or huge monotonic value
            case Clock.MONOTONIC -> System.nanoTime() - p.startNanos() + NANOS_PER_SECOND;
            case Clock.PROCESS_CPUTIME -> processCpuTime(p);
            case Clock.THREAD_CPUTIME -> threadCpuTime(p);
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    private static long processCpuTime(ProcessState p) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        return System.nanoTime() - p.startNanos();
    }

    private static long threadCpuTime(ProcessState p) {
        // Virtual threads have no CPU clock of their own; their carrier's would mix guests.
        var threads = ManagementFactory.getThreadMXBean();
        if (!Thread.currentThread().isVirtual() && threads.isCurrentThreadCpuTimeSupported()) {
            return threads.getCurrentThreadCpuTime();
        }
        return processCpuTime(p);
    }
}
