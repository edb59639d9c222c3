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
    /** What proc_parent reports for the first process: like init, it has no parent. */
    private static final int PARENT_OF_INIT = 0;

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
        d.implement("proc_id", "the process id", c -> {
            c.mem().putI32(c.i32(0), p.pid());
            return Errno.SUCCESS;
        });
        d.implement("proc_parent", "0 for the process itself (it has no WASIX parent); ESRCH otherwise", c -> {
            if (c.i32(0) != p.pid()) {
                return Errno.ESRCH;
            }
            c.mem().putI32(c.i32(1), PARENT_OF_INIT);
            return Errno.SUCCESS;
        });
        d.stub("proc_fork", Errno.ENOSYS, "fork needs asyncify; not supported");
        d.stub("proc_fork_env", Errno.ENOSYS, "vfork-style fork; not supported yet");
        d.stub("proc_exec", Errno.ENOSYS, "exec; not supported yet");
        d.stub("proc_exec2", Errno.ENOSYS, "exec; not supported yet");
        d.stub("proc_exec3", Errno.ENOSYS, "exec; not supported yet");
        d.stub("proc_exec4", Errno.ENOSYS, "exec; not supported yet");
        d.stub("proc_spawn", Errno.ENOSYS, "spawn; not supported yet");
        d.stub("proc_spawn2", Errno.ENOSYS, "posix_spawn; not supported yet");
        d.stub("proc_spawn3", Errno.ENOSYS, "posix_spawn; not supported yet");
        d.stub("proc_join", Errno.ECHILD, "no child processes exist");
    }
}
