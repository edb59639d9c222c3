package dev.wasix4j.abi;

/**
 * Thrown by a provider (filesystem, sockets, threads) to answer a syscall with an errno.
 *
 * <p>The dispatcher turns it into the returned error number; it never reaches the guest as a trap.
 * It carries no stack trace: it is an answer, not a fault.
 */
public final class ErrnoException extends RuntimeException {
    private final Errno errno;

    public ErrnoException(Errno errno) {
        this(errno, errno.name());
    }

    public ErrnoException(Errno errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
