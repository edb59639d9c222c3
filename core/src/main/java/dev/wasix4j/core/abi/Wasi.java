package dev.wasix4j.core.abi;

/**
 * Enumerations and flag bits of preview1 and WASIX that the dispatcher decodes.
 *
 * <p>Values from shared/wasix-abi/types.md. Grouped by the C type they belong to.
 */
public final class Wasi {
    private Wasi() {}

    /** Import module names. */
    public static final String PREVIEW1 = "wasi_snapshot_preview1";
    public static final String UNSTABLE = "wasi_unstable";
    public static final String WASIX = "wasix_32v1";
    public static final String WASI_THREADS = "wasi";

    /** {@code __wasi_clockid_t}. */
    public static final class Clock {
        public static final int REALTIME = 0;
        public static final int MONOTONIC = 1;
        public static final int PROCESS_CPUTIME = 2;
        public static final int THREAD_CPUTIME = 3;

        private Clock() {}
    }

    /** {@code __wasi_whence_t} in preview1 and WASIX (wasi_unstable numbers them differently). */
    public static final class Whence {
        public static final int SET = 0;
        public static final int CUR = 1;
        public static final int END = 2;

        private Whence() {}
    }

    /** {@code __wasi_whence_t} of {@code wasi_unstable} (preview 0), numbered differently. */
    public static final class WhenceUnstable {
        public static final int CUR = 0;
        public static final int END = 1;
        public static final int SET = 2;

        private WhenceUnstable() {}
    }

    /** {@code __wasi_rights_t} bits. */
    public static final class Rights {
        public static final long FD_DATASYNC = 0x1L;
        public static final long FD_READ = 0x2L;
        public static final long FD_SEEK = 0x4L;
        public static final long FD_FDSTAT_SET_FLAGS = 0x8L;
        public static final long FD_SYNC = 0x10L;
        public static final long FD_TELL = 0x20L;
        public static final long FD_WRITE = 0x40L;
        public static final long FD_ADVISE = 0x80L;
        public static final long FD_ALLOCATE = 0x100L;
        public static final long PATH_CREATE_DIRECTORY = 0x200L;
        public static final long PATH_CREATE_FILE = 0x400L;
        public static final long PATH_LINK_SOURCE = 0x800L;
        public static final long PATH_LINK_TARGET = 0x1000L;
        public static final long PATH_OPEN = 0x2000L;
        public static final long FD_READDIR = 0x4000L;
        public static final long PATH_READLINK = 0x8000L;
        public static final long PATH_RENAME_SOURCE = 0x10000L;
        public static final long PATH_RENAME_TARGET = 0x20000L;
        public static final long PATH_FILESTAT_GET = 0x40000L;
        public static final long PATH_FILESTAT_SET_SIZE = 0x80000L;
        public static final long PATH_FILESTAT_SET_TIMES = 0x100000L;
        public static final long FD_FILESTAT_GET = 0x200000L;
        public static final long FD_FILESTAT_SET_SIZE = 0x400000L;
        public static final long FD_FILESTAT_SET_TIMES = 0x800000L;
        public static final long PATH_SYMLINK = 0x1000000L;
        public static final long PATH_REMOVE_DIRECTORY = 0x2000000L;
        public static final long PATH_UNLINK_FILE = 0x4000000L;
        public static final long POLL_FD_READWRITE = 0x8000000L;
        public static final long SOCK_SHUTDOWN = 0x10000000L;
        public static final long SOCK_ACCEPT = 0x20000000L;
        public static final long SOCK_CONNECT = 0x40000000L;
        public static final long SOCK_LISTEN = 0x80000000L;
        public static final long SOCK_BIND = 0x100000000L;
        public static final long SOCK_RECV = 0x200000000L;
        public static final long SOCK_SEND = 0x400000000L;
        public static final long SOCK_ADDR_LOCAL = 0x800000000L;
        public static final long SOCK_ADDR_REMOTE = 0x1000000000L;
        public static final long SOCK_RECV_FROM = 0x2000000000L;
        public static final long SOCK_SEND_TO = 0x4000000000L;
        /** Every bit preview1 and WASIX define (bits 0..38). */
        public static final long ALL = (1L << 39) - 1;

        /** What a stream (stdio, pipe end) can do: everything but seeking and paths. */
        public static final long STREAM =
                FD_READ | FD_WRITE | FD_FDSTAT_SET_FLAGS | FD_FILESTAT_GET | POLL_FD_READWRITE | FD_SYNC
                        | FD_DATASYNC;

        /** What a new socket descriptor may do: stream I/O and every socket operation. */
        public static final long SOCKET = STREAM | SOCK_SHUTDOWN | SOCK_ACCEPT | SOCK_CONNECT | SOCK_LISTEN | SOCK_BIND
                | SOCK_RECV | SOCK_SEND | SOCK_ADDR_LOCAL | SOCK_ADDR_REMOTE | SOCK_RECV_FROM | SOCK_SEND_TO;

        private Rights() {}
    }

    /** {@code __wasi_fdflags_t} bits. */
    public static final class FdFlags {
        public static final int APPEND = 0x1;
        public static final int DSYNC = 0x2;
        public static final int NONBLOCK = 0x4;
        public static final int RSYNC = 0x8;
        public static final int SYNC = 0x10;

        private FdFlags() {}
    }

    /** {@code __wasi_fdflagsext_t} bits (WASIX). */
    public static final class FdFlagsExt {
        public static final int CLOEXEC = 0x1;

        private FdFlagsExt() {}
    }

    /** {@code __wasi_oflags_t} bits. */
    public static final class OFlags {
        public static final int CREAT = 0x1;
        public static final int DIRECTORY = 0x2;
        public static final int EXCL = 0x4;
        public static final int TRUNC = 0x8;

        private OFlags() {}
    }

    /** {@code __wasi_lookupflags_t} bits. */
    public static final class LookupFlags {
        public static final int SYMLINK_FOLLOW = 0x1;

        private LookupFlags() {}
    }

    /** {@code __wasi_eventtype_t}. */
    public static final class EventType {
        public static final int CLOCK = 0;
        public static final int FD_READ = 1;
        public static final int FD_WRITE = 2;

        private EventType() {}
    }

    /** {@code __wasi_subclockflags_t}. */
    public static final class SubclockFlags {
        public static final int ABSTIME = 0x1;

        private SubclockFlags() {}
    }

    /** {@code __wasi_eventrwflags_t}. */
    public static final class EventRwFlags {
        public static final int HANGUP = 0x1;

        private EventRwFlags() {}
    }

    /** {@code __wasi_advice_t}: the largest valid value (NORMAL 0 .. NOREUSE 5). */
    public static final int ADVICE_MAX = 5;

    /** Exit code of {@code _start} returning normally, and the code wasix4j uses for a trap. */
    public static final int EXIT_SUCCESS = 0;

    /** {@code __wasi_epoll_type_t} bits (wasix-libc translates Linux's EPOLL* to these and back). */
    public static final class EpollType {
        public static final int IN = 0x1;
        public static final int OUT = 0x2;
        public static final int RDHUP = 0x4;
        public static final int PRI = 0x8;
        public static final int ERR = 0x10;
        public static final int HUP = 0x20;
        public static final int ET = 0x40;
        public static final int ONESHOT = 0x80;

        private EpollType() {}
    }

    /**
     * epoll_ctl's op. witx numbers ADD 0, MOD 1, DEL 2, but wasix-libc passes Linux's ADD 1, DEL 2,
     * MOD 3 unchanged; wasmer reads 1 as "modify" by removing and adding. Both are accepted: 0 adds,
     * 1 adds or modifies, 2 deletes, 3 modifies.
     */
    public static final class EpollCtl {
        public static final int WITX_ADD = 0;
        public static final int ADD_OR_MOD = 1;
        public static final int DEL = 2;
        public static final int LINUX_MOD = 3;

        private EpollCtl() {}
    }

    /** {@code __wasi_join_flags_t}. */
    public static final class JoinFlags {
        public static final int NON_BLOCKING = 0x1;
        public static final int WAKE_STOPPED = 0x2;

        private JoinFlags() {}
    }
}
