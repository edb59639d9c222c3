package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import dev.wasix4j.fs.FileStat;
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

    /**
     * As {@link #read(byte[], int, int)}, honouring the descriptor's NONBLOCK flag: a resource that
     * would block answers EAGAIN instead. Resources that never block need not override it.
     */
    default int read(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        return read(buf, off, len);
    }

    /** As {@link #write(byte[], int, int)}, honouring NONBLOCK. */
    default int write(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        return write(buf, off, len);
    }

    /** True when a write would not block (used by poll_oneoff). */
    default boolean writeReady() throws IOException {
        return true;
    }

    /** True when the other side is gone: readers see end of stream, poll reports HANGUP. */
    default boolean hungUp() {
        return false;
    }

    /**
     * Whether {@link #readReady()} changes are announced through the process's {@link Readiness}
     * signal; poll_oneoff re-checks the others on a short period instead.
     */
    default boolean signalsReadiness() {
        return false;
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

    /**
     * What fd_filestat_get reports. Streams without an inode of their own answer their type, one
     * link and zeros, as a host's anonymous pipe or character device would look.
     */
    default FileStat stat() throws IOException {
        return new FileStat(0, 0, fileType(), 1, 0, 0, 0, 0);
    }

    /** {@link #watch} bit: may have become readable. Same numbers as the sockets provider's. */
    int READABLE = 1;
    /** {@link #watch} bit: may have become writable. */
    int WRITABLE = 2;
    /** {@link #watch} bit: the other side hung up or an error is pending. */
    int HANGUP = 4;

    /**
     * Adds a listener called with READABLE/WRITABLE/HANGUP bits whenever this resource may have
     * become ready (after a readiness check answered false, or on any change). Resources that
     * never become unready (files, output streams) need not call it; epoll keeps them ready.
     */
    default void watch(java.util.function.IntConsumer listener) {}

    default void unwatch(java.util.function.IntConsumer listener) {}

    /** Called once when the last descriptor sharing this resource closes. */
    default void close() throws IOException {}
}
