package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.abi.Layouts.EpollEvent;
import dev.wasix4j.core.abi.Wasi.EpollCtl;
import dev.wasix4j.core.abi.Wasi.Rights;
import dev.wasix4j.core.fd.Epoll;
import dev.wasix4j.core.fd.FdEntry;
import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import java.util.List;

/**
 * epoll_create, epoll_ctl, epoll_wait over every descriptor that can announce readiness: sockets,
 * pipes, event counters, stdin, and other epoll instances. The waiting thread parks until a
 * watched resource reports; timers are epoll_wait's own timeout.
 */
final class EpollCalls {
    private static final int FD_BYTES = 4;
    private static final long NANOS_FOREVER = -1L;

    private EpollCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        FdTable fds = p.fds();
        d.implement("epoll_create", "an epoll descriptor of its own kind (interest and ready lists)", c -> {
            int out = c.i32(0);
            c.mem().check(out, FD_BYTES);
            int fd = fds.insert(new OpenDescription(new Epoll(fds), Rights.STREAM, 0, 0));
            c.mem().putI32(out, fd);
            return Errno.SUCCESS;
        });
        d.implement("epoll_ctl", "ADD/MOD/DEL with libc's Linux op numbers (1 also as witx MOD); regular files EPERM",
                c -> {
                    Epoll ep = epoll(fds, c.i32(0));
                    int op = c.i32(1);
                    int fd = c.i32(2);
                    FdEntry target = fds.get(fd);
                    if (target.resource() == ep) {
                        return Errno.EINVAL;
                    }
                    FileType t = target.resource().fileType();
                    if (t == FileType.REGULAR_FILE || t == FileType.DIRECTORY) {
                        return Errno.EPERM;
                    }
                    if (op == EpollCtl.DEL) {
                        ep.delete(fd);
                        return Errno.SUCCESS;
                    }
                    GuestMemory m = c.mem();
                    int ev = c.i32(3);
                    m.check(ev, EpollEvent.SIZE);
                    int events = m.i32(ev + EpollEvent.EVENTS);
                    byte[] data = m.bytes(ev + EpollEvent.DATA, EpollEvent.DATA_SIZE);
                    switch (op) {
                        case EpollCtl.WITX_ADD -> ep.add(fd, target.resource(), events, data, false);
                        case EpollCtl.ADD_OR_MOD -> ep.add(fd, target.resource(), events, data, true);
                        case EpollCtl.LINUX_MOD -> ep.modify(fd, events, data);
                        default -> {
                            return Errno.EINVAL;
                        }
                    }
                    return Errno.SUCCESS;
                });
        d.implement("epoll_wait", "parks until a watched descriptor reports or the timeout (ns; u64 max forever) passes",
                c -> {
                    Epoll ep = epoll(fds, c.i32(0));
                    GuestMemory m = c.mem();
                    int events = c.i32(1);
                    long max = c.u32(2);
                    long timeout = c.i64(3);
                    int out = c.i32(4);
                    if (max <= 0) {
                        return Errno.EINVAL;
                    }
                    m.check(events, max * EpollEvent.SIZE);
                    m.check(out, FD_BYTES);
                    List<Epoll.Ready> got;
                    try {
                        got = ep.await((int) Math.min(max, Integer.MAX_VALUE), timeout == NANOS_FOREVER ? -1 : Math.max(timeout, 0));
                    } catch (InterruptedException e) {
                        throw ThreadCalls.stopped();
                    }
                    for (int i = 0; i < got.size(); i++) {
                        int at = events + i * EpollEvent.SIZE;
                        m.zero(at, EpollEvent.SIZE);
                        m.putI32(at + EpollEvent.EVENTS, got.get(i).events());
                        m.putBytes(at + EpollEvent.DATA, got.get(i).data());
                    }
                    m.putI32(out, got.size());
                    return Errno.SUCCESS;
                });
    }

    /** The epoll instance at {@code fd}: EBADF if none, EINVAL if it is something else. */
    private static Epoll epoll(FdTable fds, int fd) {
        if (fds.get(fd).resource() instanceof Epoll ep) {
            return ep;
        }
        throw new ErrnoException(Errno.EINVAL, "not an epoll descriptor");
    }
}
