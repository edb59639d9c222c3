package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.nio.ByteBuffer;

/** The parts of an open directory common to every provider: data calls are EISDIR. */
abstract class DirectoryHandle implements OpenFile {
    private final boolean canRead;
    private volatile boolean closed;

    DirectoryHandle(boolean canRead) {
        this.canRead = canRead;
    }

    void checkOpen() {
        if (closed) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    private ErrnoException isDir() {
        checkOpen();
        return new ErrnoException(Errno.EISDIR);
    }

    @Override
    public FileType fileType() {
        return FileType.DIRECTORY;
    }

    @Override
    public boolean canRead() {
        return canRead;
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw isDir();
    }

    @Override
    public int write(ByteBuffer src) {
        throw isDir();
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        throw isDir();
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        throw isDir();
    }

    @Override
    public long seek(long offset, Whence whence) {
        throw isDir();
    }

    @Override
    public long position() {
        checkOpen();
        return 0;
    }

    @Override
    public void setSize(long size) {
        throw isDir();
    }

    @Override
    public void allocate(long offset, long length) {
        throw isDir();
    }

    @Override
    public void sync() {
        checkOpen();
    }

    @Override
    public void datasync() {
        checkOpen();
    }

    @Override
    public boolean isAppend() {
        return false;
    }

    @Override
    public void setAppend(boolean append) {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }
}
