package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.abi.Wasi.FdFlags;
import dev.wasix4j.core.abi.Wasi.Rights;
import dev.wasix4j.core.fd.EventCounter;
import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.fd.Pipe;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Dispatcher;
import java.io.IOException;

/** In-process pipes and event counters: fd_pipe and fd_event. */
final class PipeCalls {
    /** __wasi_eventfdflags_t SEMAPHORE. */
    private static final int EVENTFD_SEMAPHORE = 0x1;

    private PipeCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        FdTable fds = p.fds();
        d.implement("fd_pipe", "a 64 KiB in-process pipe; [0] reads, [1] writes; blocking parks only the caller", c -> {
            c.mem().check(c.i32(0), 4);
            c.mem().check(c.i32(1), 4);
            var pipe = new Pipe(p.readiness());
            int r = fds.insert(new OpenDescription(pipe.readEnd(), Rights.STREAM, 0, 0));
            int w;
            try {
                w = fds.insert(new OpenDescription(pipe.writeEnd(), Rights.STREAM, 0, 0));
            } catch (RuntimeException e) {
                closeQuietly(fds, r);
                throw e;
            }
            c.mem().putI32(c.i32(0), r);
            c.mem().putI32(c.i32(1), w);
            return Errno.SUCCESS;
        });
        d.implement("fd_event", "eventfd: a u64 counter; semaphore mode and EFD_NONBLOCK", c -> {
            int flags = c.i32(1) & 0xffff;
            c.mem().check(c.i32(2), 4);
            var counter = new EventCounter(c.i64(0), (flags & EVENTFD_SEMAPHORE) != 0, p.readiness());
            // wasix-libc passes EFD_NONBLOCK as fdflags NONBLOCK; other bits are ignored, as wasmer does
            int fdflags = flags & FdFlags.NONBLOCK;
            c.mem().putI32(c.i32(2), fds.insert(new OpenDescription(counter, Rights.STREAM, 0, fdflags)));
            return Errno.SUCCESS;
        });
    }

    private static void closeQuietly(FdTable fds, int fd) {
        try {
            fds.close(fd);
        } catch (IOException | RuntimeException ignored) {
            // already failing with the first error
        }
    }
}
