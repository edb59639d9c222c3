package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.io.IOException;

/**
 * What an open descriptor refers to: a stdio stream, a file, a directory, a pipe end, a socket.
 *
 * <p>Defaults answer as POSIX does for an object that cannot do the operation, so each resource
 * implements only what it supports.
 */
public interface FdResource {
    FileType fileType();

    /** Reads into {@code buf[off..off+len)}; returns bytes read, 0 at end of stream. May block. */
    default int read(byte[] buf, int off, int len) throws IOException {
        throw new ErrnoException(Errno.EBADF);
    }

    /** Writes {@code buf[off..off+len)}; returns bytes written. */
    default int write(byte[] buf, int off, int len) throws IOException {
        throw new ErrnoException(Errno.EBADF);
    }

    /** Moves the offset; returns the new one. Streams answer ESPIPE. */
    default long seek(long offset, int whence) throws IOException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    /** Bytes readable without blocking, or -1 if unknown (used by poll_oneoff). */
    default long available() throws IOException {
        return -1;
    }

    /** True when a read would not block (data, end of stream or an error is pending). */
    default boolean readReady() throws IOException {
        return true;
    }

    default void sync() throws IOException {}

    /** Called once when the last descriptor sharing this resource closes. */
    default void close() throws IOException {}
}
