package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A regular-file inode with sparse contents: fixed-size pages, absent pages read as zeros, and a page
 * array may be shorter than a page (small files stay small; the missing tail reads as zeros).
 * Data and size are guarded by {@code lock}: reads share it, writes, appends and truncation take it
 * exclusively, so every write (in particular an append) is atomic.
 */
final class MemFile extends MemNode {
    static final int PAGE_SHIFT = 16;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** Largest file size accepted (8 TiB, like a small ext4): past it writes fail with EFBIG. */
    static final long MAX_FILE_SIZE = 1L << 43;
    private static final int MIN_PAGE_ARRAY = 64;

    private final Map<Long, byte[]> pages = new HashMap<>();
    private long size;

    MemFile(MemoryFileSystem fs, long ino, long now) {
        super(fs, ino, now);
    }

    @Override
    public FileType type() {
        return FileType.REGULAR_FILE;
    }

    @Override
    long size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    int read(ByteBuffer dst, long offset) {
        lock.readLock().lock();
        try {
            if (offset >= size || !dst.hasRemaining()) {
                return 0;
            }
            int n = (int) Math.min(dst.remaining(), size - offset);
            long pos = offset;
            int left = n;
            while (left > 0) {
                long pageNo = pos >>> PAGE_SHIFT;
                int inPage = (int) (pos & (PAGE_SIZE - 1));
                int chunk = Math.min(left, PAGE_SIZE - inPage);
                byte[] page = pages.get(pageNo);
                int fromArray = page == null ? 0 : Math.max(0, Math.min(chunk, page.length - inPage));
                if (fromArray > 0) {
                    dst.put(page, inPage, fromArray);
                }
                for (int i = fromArray; i < chunk; i++) {
                    dst.put((byte) 0);
                }
                pos += chunk;
                left -= chunk;
            }
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    int write(ByteBuffer src, long offset) {
        lock.writeLock().lock();
        try {
            return writeLocked(src, offset);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Appends atomically; returns the new end of file (the writer's new offset). */
    long append(ByteBuffer src) {
        lock.writeLock().lock();
        try {
            writeLocked(src, size);
            return size;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private int writeLocked(ByteBuffer src, long offset) {
        int n = src.remaining();
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (offset > MAX_FILE_SIZE - n) {
            throw new ErrnoException(Errno.EFBIG);
        }
        long pos = offset;
        int left = n;
        while (left > 0) {
            long pageNo = pos >>> PAGE_SHIFT;
            int inPage = (int) (pos & (PAGE_SIZE - 1));
            int chunk = Math.min(left, PAGE_SIZE - inPage);
            byte[] page = pageForWrite(pageNo, inPage + chunk);
            src.get(page, inPage, chunk);
            pos += chunk;
            left -= chunk;
        }
        if (n > 0) {
            size = Math.max(size, offset + n);
            touchModified(fs.now());
        }
        return n;
    }

    private byte[] pageForWrite(long pageNo, int needed) {
        byte[] page = pages.get(pageNo);
        if (page == null || page.length < needed) {
            int capacity = page == null ? MIN_PAGE_ARRAY : page.length;
            while (capacity < needed) {
                capacity = Math.min(PAGE_SIZE, capacity * 2);
            }
            page = page == null ? new byte[capacity] : Arrays.copyOf(page, capacity);
            pages.put(pageNo, page);
        }
        return page;
    }

    void truncate(long newSize) {
        if (newSize < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (newSize > MAX_FILE_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        lock.writeLock().lock();
        try {
            setSizeLocked(newSize);
            touchModified(fs.now());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** fd_allocate: grows to at least {@code end}, never shrinks. */
    void ensureSize(long end) {
        if (end > MAX_FILE_SIZE) {
            throw new ErrnoException(Errno.EFBIG);
        }
        lock.writeLock().lock();
        try {
            if (end > size) {
                setSizeLocked(end);
                touchModified(fs.now());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void setSizeLocked(long newSize) {
        if (newSize < size) {
            // Drop whole pages past the end and zero the tail of the last one, so a later extension reads zeros.
            long lastPage = (newSize - 1) >>> PAGE_SHIFT;
            for (Iterator<Map.Entry<Long, byte[]>> it = pages.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, byte[]> e = it.next();
                if (newSize == 0 || e.getKey() > lastPage) {
                    it.remove();
                }
            }
            if (newSize > 0) {
                byte[] page = pages.get(lastPage);
                int keep = (int) (newSize - (lastPage << PAGE_SHIFT));
                if (page != null && page.length > keep) {
                    Arrays.fill(page, keep, page.length, (byte) 0);
                }
            }
        }
        size = newSize;
    }

    @Override
    FileStat stat() {
        lock.readLock().lock();
        try {
            return super.stat();
        } finally {
            lock.readLock().unlock();
        }
    }
}
