package dev.wasix4j.core.procs;

/**
 * How a process ended, as its parent's {@code waitpid} reads it.
 *
 * @param code the exit code (0..255 as POSIX keeps it) when it exited
 * @param signal the signal that ended it (a trap reads as SIGABRT, a kill as SIGKILL), 0 when it exited
 */
public record ExitStatus(int code, int signal) {
    /** WASIX (Linux) signal numbers used for ends the host decides. */
    public static final int SIGKILL = 9;
    public static final int SIGABRT = 6;

    public static ExitStatus exited(int code) {
        return new ExitStatus(code & 0xff, 0);
    }

    public static ExitStatus signalled(int signal) {
        return new ExitStatus(0, signal);
    }

    public boolean wasSignalled() {
        return signal != 0;
    }
}
