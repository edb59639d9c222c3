package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The offset, access-mode and append logic of an open regular file; providers supply positional
 * storage primitives. The offset lock makes read/write + offset update atomic per handle (Linux
 * f_pos_lock); it is taken before any provider lock.
 */
abstract class RegularFileHandle implements OpenFile {
    private final boolean canRead;
    private final boolean canWrite;
    private volatile boolean append;
    private volatile boolean closed;
    private final ReentrantLock offsetLock = new ReentrantLock();
    private long position;

    RegularFileHandle(boolean canRead, boolean canWrite, boolean append) {
        this.canRead = canRead;
        this.canWrite = canWrite;
        this.append = append;
    }

    /** Reads at an offset, 0 at end of file. */
    abstract int readAt(ByteBuffer dst, long offset);

    /** Writes all of {@code src} at an offset. */
    abstract int writeAt(ByteBuffer src, long offset);

    /** Writes all of {@code src} at end of file atomically; returns the new end of file. */
    abstract long appendData(ByteBuffer src);

    abstract long currentSize();

    abstract void truncateTo(long size);

    abstract void growTo(long end);

    abstract FileStat statNow();

    abstract void setTimesNow(long atim, long mtim, int fstFlags);

    abstract void force(boolean metadata);

    abstract void release();

    @Override
    public FileType fileType() {
        return FileType.REGULAR_FILE;
    }

    @Override
    public boolean canRead() {
        return canRead;
    }

    @Override
    public boolean canWrite() {
        return canWrite;
    }

    void checkOpen() {
        if (closed) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    private void checkRead() {
        checkOpen();
        if (!canRead) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    private void checkWrite() {
        checkOpen();
        if (!canWrite) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    @Override
    public int read(ByteBuffer dst) {
        checkRead();
        offsetLock.lock();
        try {
            int n = readAt(dst, position);
            position += n;
            return n;
        } finally {
            offsetLock.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src) {
        checkWrite();
        offsetLock.lock();
        try {
            if (append) {
                int n = src.remaining();
                position = appendData(src);
                return n;
            }
            int n = writeAt(src, position);
            position += n;
            return n;
        } finally {
            offsetLock.unlock();
        }
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        checkRead();
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return readAt(dst, offset);
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        checkWrite();
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (append) {
            // Linux: pwrite on an O_APPEND descriptor appends and ignores the offset (pwrite(2) BUGS).
            int n = src.remaining();
            appendData(src);
            return n;
        }
        return writeAt(src, offset);
    }

    @Override
    public long seek(long offset, Whence whence) {
        checkOpen();
        offsetLock.lock();
        try {
            long base = switch (whence) {
                case SET -> 0;
                case CUR -> position;
                case END -> currentSize();
            };
            long target;
            try {
                target = Math.addExact(base, offset);
            } catch (ArithmeticException e) {
                throw new ErrnoException(Errno.EOVERFLOW);
            }
            if (target < 0) {
                throw new ErrnoException(Errno.EINVAL);
            }
            position = target;
            return target;
        } finally {
            offsetLock.unlock();
        }
    }

    @Override
    public long position() {
        checkOpen();
        offsetLock.lock();
        try {
            return position;
        } finally {
            offsetLock.unlock();
        }
    }

    @Override
    public void setSize(long size) {
        checkOpen();
        if (!canWrite || size < 0) {
            // ftruncate on a descriptor not open for writing is EINVAL on Linux.
            throw new ErrnoException(Errno.EINVAL);
        }
        truncateTo(size);
    }

    @Override
    public void setTimes(long atim, long mtim, int fstFlags) {
        checkOpen();
        setTimesNow(atim, mtim, fstFlags);
    }

    @Override
    public void sync() {
        checkOpen();
        force(true);
    }

    @Override
    public void datasync() {
        checkOpen();
        force(false);
    }

    @Override
    public void allocate(long offset, long length) {
        checkWrite();
        if (offset < 0 || length <= 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end;
        try {
            end = Math.addExact(offset, length);
        } catch (ArithmeticException e) {
            throw new ErrnoException(Errno.EFBIG);
        }
        growTo(end);
    }

    @Override
    public FileStat stat() {
        checkOpen();
        return statNow();
    }

    @Override
    public List<DirEntry> readdir(long cookie, int maxEntries) {
        checkOpen();
        throw new ErrnoException(Errno.ENOTDIR);
    }

    @Override
    public boolean isAppend() {
        return append;
    }

    @Override
    public void setAppend(boolean append) {
        checkOpen();
        this.append = append;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }
}
