package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.process.ProcessExit;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;

/** Process identity, exit and randomness (signals: {@link SignalCalls}). */
final class ProcCalls {
    /** Larger random_get requests are served in pieces of this size to bound host allocation. */
    private static final int RANDOM_CHUNK = 64 * 1024;

    private ProcCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        d.implement("proc_exit", "ends every thread of the process with this code", c -> {
            throw new ProcessExit(c.i32(0));
        });
        d.implement("proc_exit2", "same as proc_exit (wasix-libc's exit path)", c -> {
            throw new ProcessExit(c.i32(0));
        });
        d.implement("sched_yield", "gives the carrier to another guest thread", c -> {
            Thread.yield();
            return Errno.SUCCESS;
        });
        d.implement("random_get", "SecureRandom", c -> {
            GuestMemory m = c.mem();
            int buf = c.i32(0);
            long len = c.u32(1);
            m.check(buf, len);
            byte[] chunk = new byte[(int) Math.min(len, RANDOM_CHUNK)];
            for (long done = 0; done < len; done += chunk.length) {
                int n = (int) Math.min(chunk.length, len - done);
                p.random().nextBytes(chunk);
                m.putBytes(buf + (int) done, chunk, 0, n);
            }
            return Errno.SUCCESS;
        });
        d.stub("proc_exec4", Errno.ENOSYS, "newer wasmer's pointer-array exec; wasix-libc uses proc_exec3");
        d.stub("proc_spawn", Errno.ENOSYS, "legacy spawn with stdio modes; wasix-libc uses proc_spawn2");
        d.stub("proc_spawn3", Errno.ENOSYS, "newer wasmer's pointer-array spawn; wasix-libc uses proc_spawn2");
        ProcessCalls.register(d, p);
        ForkCalls.register(d, p);
    }
}
