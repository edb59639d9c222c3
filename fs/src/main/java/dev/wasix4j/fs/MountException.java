package dev.wasix4j.fs;

/**
 * A mount option (--volume, --mapdir, --dir) that cannot be honoured: bad syntax, a host directory that
 * is missing or not a directory, two mounts on one guest path. The message is meant for the user.
 */
public final class MountException extends RuntimeException {
    public MountException(String message) {
        super(message);
    }

    public MountException(String message, Throwable cause) {
        super(message, cause);
    }
}
