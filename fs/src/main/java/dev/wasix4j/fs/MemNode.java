package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An inode of a {@link MemoryFileSystem}. Timestamps are volatile so stat never blocks behind a long
 * write; the link count of files and symlinks is guarded by {@link #lock} (a file may sit in several
 * directories, so no directory lock covers it). Lock order: directory locks before file locks.
 */
abstract sealed class MemNode implements FsNode permits MemDir, MemFile, MemSymlink {
    final MemoryFileSystem fs;
    final long ino;
    /** Data and link count of files; entry table of directories. */
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    volatile long atim;
    volatile long mtim;
    volatile long ctim;

    /** Directory entries naming this inode (files and symlinks; directories compute theirs). */
    private long links;

    MemNode(MemoryFileSystem fs, long ino, long now) {
        this.fs = fs;
        this.ino = ino;
        this.atim = now;
        this.mtim = now;
        this.ctim = now;
    }

    abstract long size();

    long nlink() {
        lock.readLock().lock();
        try {
            return links;
        } finally {
            lock.readLock().unlock();
        }
    }

    FileStat stat() {
        return new FileStat(fs.deviceId(), ino, type(), nlink(), size(), atim, mtim, ctim);
    }

    void touchModified(long now) {
        mtim = now;
        ctim = now;
    }

    /** A new name for this inode; ENOENT if its last name was removed meanwhile (link of an unlinked file). */
    void addLink(long now, boolean firstLink) {
        lock.writeLock().lock();
        try {
            if (links == 0 && !firstLink) {
                throw new ErrnoException(Errno.ENOENT);
            }
            links++;
            ctim = now;
        } finally {
            lock.writeLock().unlock();
        }
    }

    void dropLink(long now) {
        lock.writeLock().lock();
        try {
            links--;
            ctim = now;
        } finally {
            lock.writeLock().unlock();
        }
    }

    void setTimes(long atim, long mtim, int fstFlags) {
        fs.checkWritable();
        long now = fs.now();
        long[] times = FstFlags.apply(atim, mtim, fstFlags, now);
        if (times[0] != FstFlags.UNCHANGED) {
            this.atim = times[0];
        }
        if (times[1] != FstFlags.UNCHANGED) {
            this.mtim = times[1];
        }
        this.ctim = now;
    }
}
