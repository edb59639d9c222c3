package dev.wasix4j.core.syscall;

import dev.wasix4j.abi.Errno;

/**
 * How far a syscall is implemented: what docs/syscalls.md reports.
 *
 * @param status implemented, or answers a fixed errno
 * @param errno the errno a stub always answers (null when implemented)
 * @param note one line for the coverage table
 */
public record Coverage(Status status, Errno errno, String note) {
    public enum Status {
        IMPLEMENTED,
        /** Always answers {@link #errno()}: documented, deliberate. */
        STUB
    }

    public static Coverage implemented(String note) {
        return new Coverage(Status.IMPLEMENTED, null, note);
    }

    public static Coverage stub(Errno errno, String note) {
        return new Coverage(Status.STUB, errno, note);
    }
}
