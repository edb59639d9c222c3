package dev.wasix4j.fs;

import java.nio.ByteBuffer;

/** An open regular file of a {@link MemoryFileSystem}: holds the inode, so unlinking leaves it usable. */
final class MemFileHandle extends RegularFileHandle {
    private final MemFile file;

    MemFileHandle(MemFile file, boolean canRead, boolean canWrite, boolean append) {
        super(canRead, canWrite, append);
        this.file = file;
    }

    @Override
    int readAt(ByteBuffer dst, long offset) {
        return file.read(dst, offset);
    }

    @Override
    int writeAt(ByteBuffer src, long offset) {
        return file.write(src, offset);
    }

    @Override
    long appendData(ByteBuffer src) {
        return file.append(src);
    }

    @Override
    long currentSize() {
        return file.size();
    }

    @Override
    void truncateTo(long size) {
        file.truncate(size);
    }

    @Override
    void growTo(long end) {
        file.ensureSize(end);
    }

    @Override
    FileStat statNow() {
        return file.stat();
    }

    @Override
    void setTimesNow(long atim, long mtim, int fstFlags) {
        file.setTimes(atim, mtim, fstFlags);
    }

    @Override
    void force(boolean metadata) {
        // Memory is the storage: nothing to flush.
    }

    @Override
    void release() {
        // The inode is garbage once no directory entry and no handle refers to it.
    }

    @Override
    public FileSystemProvider provider() {
        return file.fs;
    }

    @Override
    public FsNode node() {
        return file;
    }
}
