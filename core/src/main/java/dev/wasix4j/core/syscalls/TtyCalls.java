package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.core.abi.Layouts.Tty;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * tty_get / tty_set: the process's view of its terminal. The host's real terminal modes are not
 * changed (the JVM cannot); the guest reads back what it set, so line editing libraries agree with
 * themselves, and stdio's tty flags tell the truth about the host streams.
 */
final class TtyCalls {
    /** A classic terminal's size: the JVM cannot ask the host terminal for its own. */
    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;

    /** __wasi_tty_t. */
    record TtyState(int cols, int rows, int width, int height, boolean stdinTty, boolean stdoutTty,
            boolean stderrTty, boolean echo, boolean lineBuffered, boolean lineFeeds) {}

    private TtyCalls() {}

    static void register(Dispatcher d, ProcessState p) {
        var t = p.terminal();
        var state = new AtomicReference<>(new TtyState(DEFAULT_COLUMNS, DEFAULT_ROWS,
                0, 0, t.stdin(), t.stdout(), t.stderr(), true, true, true));
        d.implement("tty_get", "size, stdio tty flags, echo and line modes as last set", c -> {
            write(c.mem(), c.i32(0), state.get());
            return Errno.SUCCESS;
        });
        d.implement("tty_set", "kept for tty_get; the host terminal itself is not reconfigured", c -> {
            TtyState s = read(c.mem(), c.i32(0));
            TtyState cur = state.get();
            // which streams are terminals is a fact of the host, not something a guest can set
            state.set(new TtyState(s.cols(), s.rows(), s.width(), s.height(), cur.stdinTty(), cur.stdoutTty(),
                    cur.stderrTty(), s.echo(), s.lineBuffered(), s.lineFeeds()));
            return Errno.SUCCESS;
        });
    }

    private static void write(GuestMemory m, int at, TtyState s) {
        m.check(at, Tty.SIZE);
        m.zero(at, Tty.SIZE);
        m.putI32(at + Tty.COLS, s.cols());
        m.putI32(at + Tty.ROWS, s.rows());
        m.putI32(at + Tty.WIDTH, s.width());
        m.putI32(at + Tty.HEIGHT, s.height());
        m.putU8(at + Tty.STDIN_TTY, s.stdinTty() ? 1 : 0);
        m.putU8(at + Tty.STDOUT_TTY, s.stdoutTty() ? 1 : 0);
        m.putU8(at + Tty.STDERR_TTY, s.stderrTty() ? 1 : 0);
        m.putU8(at + Tty.ECHO, s.echo() ? 1 : 0);
        m.putU8(at + Tty.LINE_BUFFERED, s.lineBuffered() ? 1 : 0);
        m.putU8(at + Tty.LINE_FEEDS, s.lineFeeds() ? 1 : 0);
    }

    private static TtyState read(GuestMemory m, int at) {
        m.check(at, Tty.SIZE);
        return new TtyState(m.i32(at + Tty.COLS), m.i32(at + Tty.ROWS), m.i32(at + Tty.WIDTH), m.i32(at + Tty.HEIGHT),
                m.u8(at + Tty.STDIN_TTY) != 0, m.u8(at + Tty.STDOUT_TTY) != 0, m.u8(at + Tty.STDERR_TTY) != 0,
                m.u8(at + Tty.ECHO) != 0, m.u8(at + Tty.LINE_BUFFERED) != 0, m.u8(at + Tty.LINE_FEEDS) != 0);
    }
}
