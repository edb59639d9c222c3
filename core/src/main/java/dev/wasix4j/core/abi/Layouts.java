package dev.wasix4j.core.abi;

/**
 * Sizes and field offsets of the wasm32 structs the dispatcher reads and writes.
 *
 * <p>One nested class per struct, named after its {@code __wasi_*_t}; numbers from
 * shared/wasix-abi/types.md (checked there with clang's record layouts).
 */
public final class Layouts {
    private Layouts() {}

    /** {@code __wasi_iovec_t} / {@code __wasi_ciovec_t}. */
    public static final class Iovec {
        public static final int SIZE = 8;
        public static final int BUF = 0;
        public static final int BUF_LEN = 4;

        private Iovec() {}
    }

    /** {@code __wasi_fdstat_t}. */
    public static final class Fdstat {
        public static final int SIZE = 24;
        public static final int FILETYPE = 0;
        public static final int FLAGS = 2;
        public static final int RIGHTS_BASE = 8;
        public static final int RIGHTS_INHERITING = 16;

        private Fdstat() {}
    }

    /** {@code __wasi_filestat_t} (preview1 and WASIX). */
    public static final class Filestat {
        public static final int SIZE = 64;
        public static final int DEV = 0;
        public static final int INO = 8;
        public static final int FILETYPE = 16;
        public static final int NLINK = 24;
        public static final int FILESIZE = 32;
        public static final int ATIM = 40;
        public static final int MTIM = 48;
        public static final int CTIM = 56;

        private Filestat() {}
    }

    /** {@code __wasi_filestat_t} of {@code wasi_unstable} (preview 0): a u32 link count, 56 bytes. */
    public static final class FilestatUnstable {
        public static final int SIZE = 56;
        public static final int DEV = 0;
        public static final int INO = 8;
        public static final int FILETYPE = 16;
        public static final int NLINK = 20;
        public static final int FILESIZE = 24;
        public static final int ATIM = 32;
        public static final int MTIM = 40;
        public static final int CTIM = 48;

        private FilestatUnstable() {}
    }

    /** {@code __wasi_dirent_t}: the header fd_readdir writes before each name (no NUL, no padding). */
    public static final class Dirent {
        public static final int SIZE = 24;
        public static final int NEXT = 0;
        public static final int INO = 8;
        public static final int NAMLEN = 16;
        public static final int TYPE = 20;

        private Dirent() {}
    }

    /** {@code __wasi_prestat_t}. */
    public static final class Prestat {
        public static final int SIZE = 8;
        public static final int TAG = 0;
        public static final int DIR_NAME_LEN = 4;
        public static final int TAG_DIR = 0;

        private Prestat() {}
    }

    /** {@code __wasi_subscription_t} (poll_oneoff input). */
    public static final class Subscription {
        public static final int SIZE = 48;
        public static final int USERDATA = 0;
        public static final int TAG = 8;
        public static final int CLOCK_ID = 16;
        public static final int CLOCK_TIMEOUT = 24;
        public static final int CLOCK_PRECISION = 32;
        public static final int CLOCK_FLAGS = 40;
        public static final int FD = 16;

        private Subscription() {}
    }

    /**
     * {@code __wasi_subscription_t} of {@code wasi_unstable}: the clock variant starts with a u64
     * identifier, so clock fields move 8 bytes and the struct is 56 bytes. fd fields do not move.
     */
    public static final class SubscriptionUnstable {
        public static final int SIZE = 56;
        public static final int CLOCK_ID = 24;
        public static final int CLOCK_TIMEOUT = 32;
        public static final int CLOCK_PRECISION = 40;
        public static final int CLOCK_FLAGS = 48;

        private SubscriptionUnstable() {}
    }

    /** {@code __wasi_event_t} (poll_oneoff output). */
    public static final class Event {
        public static final int SIZE = 32;
        public static final int USERDATA = 0;
        public static final int ERROR = 8;
        public static final int TYPE = 10;
        public static final int NBYTES = 16;
        public static final int FLAGS = 24;

        private Event() {}
    }

    /** __wasi_signal_disposition_t: what proc_signals_get writes, one per inherited disposition. */
    public static final class SignalDisposition {
        public static final int SIZE = 2;
        public static final int SIG = 0;
        public static final int DISP = 1;
        public static final int DEFAULT = 0;
        public static final int IGNORE = 1;

        private SignalDisposition() {}
    }

    /** {@code __wasi_option_timestamp_t}: a tag byte then the value at offset 8. */
    /** __wasi_itimerval_t (proc_raise_interval2): two __wasi_timeval_t, each u64 seconds then u64 microseconds. */
    public static final class Itimerval {
        public static final int SIZE = 32;
        public static final int INTERVAL_SEC = 0;
        public static final int INTERVAL_USEC = 8;
        public static final int VALUE_SEC = 16;
        public static final int VALUE_USEC = 24;

        private Itimerval() {}
    }

    public static final class OptionTimestamp {
        public static final int SIZE = 16;
        public static final int TAG = 0;
        public static final int VALUE = 8;
        public static final int NONE = 0;
        public static final int SOME = 1;

        private OptionTimestamp() {}
    }

    /** {@code __wasi_tty_t}. */
    public static final class Tty {
        public static final int SIZE = 24;
        public static final int COLS = 0;
        public static final int ROWS = 4;
        public static final int WIDTH = 8;
        public static final int HEIGHT = 12;
        public static final int STDIN_TTY = 16;
        public static final int STDOUT_TTY = 17;
        public static final int STDERR_TTY = 18;
        public static final int ECHO = 19;
        public static final int LINE_BUFFERED = 20;
        public static final int LINE_FEEDS = 21;

        private Tty() {}
    }

    /** {@code __wasi_thread_start_t}: the block wasi.thread-spawn and thread_spawn_v2 receive. */
    public static final class ThreadStart {
        public static final int SIZE = 64;
        public static final int STACK = 0;
        public static final int TLS_BASE = 4;
        public static final int START_FUNCT = 8;
        public static final int START_ARG = 12;
        public static final int SELF = 16;
        public static final int STACK_SIZE = 56;
        public static final int GUARD_SIZE = 60;

        private ThreadStart() {}
    }

    /** {@code __wasi_epoll_event_t}: the events word, then 24 bytes of user data (ptr, fd, data1, data2). */
    public static final class EpollEvent {
        public static final int SIZE = 32;
        public static final int EVENTS = 0;
        public static final int DATA = 8;
        public static final int DATA_SIZE = 24;

        private EpollEvent() {}
    }

    /** {@code __wasi_option_pid_t}: proc_join's in/out pid. */
    public static final class OptionPid {
        public static final int SIZE = 8;
        public static final int TAG = 0;
        public static final int PID = 4;
        public static final int TAG_NONE = 0;
        public static final int TAG_SOME = 1;

        private OptionPid() {}
    }

    /** {@code __wasi_join_status_t}: a tag, then a union at offset 2. */
    public static final class JoinStatus {
        public static final int SIZE = 6;
        public static final int TAG = 0;
        /** u16 exit code (EXIT_NORMAL, and EXIT_SIGNAL's exit_code). */
        public static final int EXIT_CODE = 2;
        /** u8 signal of EXIT_SIGNAL. */
        public static final int SIGNAL = 4;
        public static final int TAG_NOTHING = 0;
        public static final int TAG_EXIT_NORMAL = 1;
        public static final int TAG_EXIT_SIGNAL = 2;

        private JoinStatus() {}
    }

    /** {@code __wasi_proc_spawn_fd_op_t}: one posix_spawn file action. */
    public static final class SpawnFdOp {
        public static final int SIZE = 56;
        public static final int CMD = 0;
        public static final int FD = 4;
        public static final int SRC_FD = 8;
        public static final int PATH = 12;
        public static final int PATH_LEN = 16;
        public static final int DIRFLAGS = 20;
        public static final int OFLAGS = 24;
        public static final int RIGHTS_BASE = 32;
        public static final int RIGHTS_INHERITING = 40;
        public static final int FDFLAGS = 48;
        public static final int FDFLAGSEXT = 50;
        public static final int CLOSE = 0;
        public static final int DUP2 = 1;
        public static final int OPEN = 2;
        public static final int CHDIR = 3;
        public static final int FCHDIR = 4;

        private SpawnFdOp() {}
    }
}
