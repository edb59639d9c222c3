package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.Layouts.Fdstat;
import dev.wasix4j.core.abi.Wasi.FdFlags;
import dev.wasix4j.core.abi.Wasi.FdFlagsExt;
import dev.wasix4j.core.abi.Wasi.Rights;
import dev.wasix4j.core.abi.Wasi.Whence;
import dev.wasix4j.core.abi.Wasi.WhenceUnstable;
import dev.wasix4j.core.fd.FdEntry;
import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.FileResource;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.Namespace;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.core.syscall.Iovecs;
import java.io.IOException;

/** Descriptor calls that work on any resource: read, write, status, close, dup. */
final class FdCalls {
    /** A read fills at most this much in one call: a short read, as POSIX allows. */
    private static final int MAX_READ_CHUNK = 1 << 20;
    /** fdflags a guest may change with fd_fdstat_set_flags. */
    private static final int SETTABLE_FLAGS = FdFlags.APPEND | FdFlags.NONBLOCK;

    private FdCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        FdTable fds = p.fds();
        d.implement("fd_write", "any writable descriptor", c -> {
            FdEntry e = withRight(fds, c.i32(0), Rights.FD_WRITE);
            byte[] data = Iovecs.gather(c.mem(), c.i32(1), c.i32(2));
            int n = data.length == 0 ? 0 : e.resource().write(data, 0, data.length, nonBlocking(e));
            c.mem().putI32(c.i32(3), n);
            return Errno.SUCCESS;
        });
        d.implement("fd_read", "any readable descriptor; blocks only the calling thread", c -> {
            FdEntry e = withRight(fds, c.i32(0), Rights.FD_READ);
            GuestMemory m = c.mem();
            int want = (int) Math.min(Iovecs.total(m, c.i32(1), c.i32(2)), MAX_READ_CHUNK);
            byte[] buf = new byte[want];
            int n = want == 0 ? 0 : e.resource().read(buf, 0, want, nonBlocking(e));
            Iovecs.scatter(m, c.i32(1), c.i32(2), buf, n);
            m.putI32(c.i32(3), n);
            return Errno.SUCCESS;
        });
        d.implement("fd_fdstat_get", "type, flags and rights; stdio on a terminal reads as a tty", c -> {
            FdEntry e = fds.get(c.i32(0));
            int out = c.i32(1);
            GuestMemory m = c.mem();
            m.check(out, Fdstat.SIZE);
            m.zero(out, Fdstat.SIZE);
            m.putU8(out + Fdstat.FILETYPE, e.resource().fileType().code());
            m.putI16(out + Fdstat.FLAGS, e.description().fdflags());
            m.putI64(out + Fdstat.RIGHTS_BASE, e.description().rightsBase());
            m.putI64(out + Fdstat.RIGHTS_INHERITING, e.description().rightsInheriting());
            return Errno.SUCCESS;
        });
        d.implement("fd_fdstat_set_flags", "APPEND and NONBLOCK; the sync flags are accepted and kept", c -> {
            FdEntry e = fds.get(c.i32(0));
            int flags = c.i32(1) & 0xffff;
            if ((flags & ~(SETTABLE_FLAGS | FdFlags.DSYNC | FdFlags.RSYNC | FdFlags.SYNC)) != 0) {
                return Errno.EINVAL;
            }
            e.description().fdflags(flags);
            if (e.resource() instanceof FileResource f) {
                f.file().setAppend((flags & FdFlags.APPEND) != 0);
            }
            return Errno.SUCCESS;
        });
        d.implement("fd_fdstat_set_rights", "drops rights; adding any is ENOTCAPABLE", c -> {
            FdEntry e = fds.get(c.i32(0));
            return e.description().restrictRights(c.i64(1), c.i64(2)) ? Errno.SUCCESS : Errno.ENOTCAPABLE;
        });
        d.implement("fd_close", "closes the number; the resource when its last number goes; preopens stay usable", c -> {
            if (p.isPreopen(c.i32(0))) {
                return Errno.SUCCESS;
            }
            fds.close(c.i32(0));
            return Errno.SUCCESS;
        });
        d.implement("fd_seek", "files; streams answer ESPIPE", c -> {
            FdEntry e = fds.get(c.i32(0));
            long pos = e.resource().seek(c.i64(1), c.i32(2) & 0xff);
            c.mem().putI64(c.i32(3), pos);
            return Errno.SUCCESS;
        });
        d.implement(Namespace.UNSTABLE, "fd_seek", "preview 0 numbers whence CUR 0, END 1, SET 2", c -> {
            FdEntry e = fds.get(c.i32(0));
            int whence = switch (c.i32(2) & 0xff) {
                case WhenceUnstable.CUR -> Whence.CUR;
                case WhenceUnstable.END -> Whence.END;
                case WhenceUnstable.SET -> Whence.SET;
                default -> throw new ErrnoException(Errno.EINVAL);
            };
            c.mem().putI64(c.i32(3), e.resource().seek(c.i64(1), whence));
            return Errno.SUCCESS;
        });
        d.implement("fd_tell", "files; streams answer ESPIPE", c -> {
            FdEntry e = fds.get(c.i32(0));
            long pos = e.resource().seek(0, Whence.CUR);
            c.mem().putI64(c.i32(1), pos);
            return Errno.SUCCESS;
        });
        d.implement("fd_sync", "flushes to the host", c -> sync(fds, c));
        d.implement("fd_datasync", "flushes to the host", c -> sync(fds, c));
        d.implement("fd_renumber", "dup2: the target becomes a copy, the source stays open (as wasmer)", c -> {
            fds.renumber(c.i32(0), c.i32(1));
            return Errno.SUCCESS;
        });
        d.implement("fd_dup", "lowest free number, shares offset and flags", c -> {
            c.mem().check(c.i32(1), 4);
            c.mem().putI32(c.i32(1), fds.dup(c.i32(0), 0, false));
            return Errno.SUCCESS;
        });
        d.implement("fd_dup2", "F_DUPFD: lowest free number at or above min_result_fd", c -> {
            c.mem().check(c.i32(3), 4);
            int min = c.i32(1);
            if (min < 0) {
                return Errno.EINVAL;
            }
            c.mem().putI32(c.i32(3), fds.dup(c.i32(0), min, c.i32(2) != 0));
            return Errno.SUCCESS;
        });
        d.implement("fd_fdflags_get", "CLOEXEC", c -> {
            FdEntry e = fds.get(c.i32(0));
            c.mem().putI16(c.i32(1), e.cloexec() ? FdFlagsExt.CLOEXEC : 0);
            return Errno.SUCCESS;
        });
        d.implement("fd_fdflags_set", "CLOEXEC", c -> {
            int flags = c.i32(1) & 0xffff;
            if ((flags & ~FdFlagsExt.CLOEXEC) != 0) {
                return Errno.EINVAL;
            }
            fds.setCloexec(c.i32(0), (flags & FdFlagsExt.CLOEXEC) != 0);
            return Errno.SUCCESS;
        });
    }

    private static boolean nonBlocking(FdEntry e) {
        return (e.description().fdflags() & FdFlags.NONBLOCK) != 0;
    }

    /** The entry, or EBADF if it does not exist, or if it lacks {@code right} (as Linux: EBADF). */
    static FdEntry withRight(FdTable fds, int fd, long right) {
        FdEntry e = fds.get(fd);
        if ((e.description().rightsBase() & right) == 0) {
            throw new ErrnoException(Errno.EBADF);
        }
        return e;
    }

    private static Errno sync(FdTable fds, Call c) throws IOException {
        fds.get(c.i32(0)).resource().sync();
        return Errno.SUCCESS;
    }
}
