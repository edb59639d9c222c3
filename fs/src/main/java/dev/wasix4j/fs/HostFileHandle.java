package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open host regular file. The channel is opened without O_APPEND (java.nio cannot toggle it later,
 * and fd_fdstat_set_flags may): append mode is emulated by writing at the current size while holding
 * the provider's per-inode lock, which every write, append and truncation through this provider takes,
 * so appends from guest threads never interleave. Positional reads need no lock.
 */
final class HostFileHandle extends RegularFileHandle {
    private static final ByteBuffer ZERO_BYTE = ByteBuffer.allocate(1).asReadOnlyBuffer();

    private final HostFileSystem fs;
    private final HostFileSystem.HostNode node;
    private final FileChannel channel;
    private final ReentrantLock inodeLock;
    /** Attributes at open, reported (with the live size) once the path no longer names this file. */
    private final HostFileSystem.HostAttrs openedAttrs;

    HostFileHandle(
            HostFileSystem fs,
            HostFileSystem.HostNode node,
            FileChannel channel,
            HostFileSystem.HostAttrs openedAttrs,
            ReentrantLock inodeLock,
            boolean canRead,
            boolean canWrite,
            boolean append) {
        super(canRead, canWrite, append);
        this.fs = fs;
        this.node = node;
        this.channel = channel;
        this.openedAttrs = openedAttrs;
        this.inodeLock = inodeLock;
    }

    @Override
    int readAt(ByteBuffer dst, long offset) {
        try {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, offset + total);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    int writeAt(ByteBuffer src, long offset) {
        inodeLock.lock();
        try {
            return writeFully(src, offset);
        } finally {
            inodeLock.unlock();
        }
    }

    private int writeFully(ByteBuffer src, long offset) {
        try {
            int total = 0;
            while (src.hasRemaining()) {
                total += channel.write(src, offset + total);
            }
            return total;
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    long appendData(ByteBuffer src) {
        inodeLock.lock();
        try {
            long end = channel.size();
            return end + writeFully(src, end);
        } catch (IOException e) {
            throw HostErrors.map(e);
        } finally {
            inodeLock.unlock();
        }
    }

    @Override
    long currentSize() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    void truncateTo(long size) {
        inodeLock.lock();
        try {
            long current = channel.size();
            if (size < current) {
                channel.truncate(size);
            } else if (size > current) {
                extendTo(size);
            }
        } catch (IOException e) {
            throw HostErrors.map(e);
        } finally {
            inodeLock.unlock();
        }
    }

    @Override
    void growTo(long end) {
        inodeLock.lock();
        try {
            if (end > channel.size()) {
                extendTo(end);
            }
        } catch (IOException e) {
            throw HostErrors.map(e);
        } finally {
            inodeLock.unlock();
        }
    }

    /** FileChannel cannot ftruncate upwards: one zero byte at the new end leaves a sparse hole before it. */
    private void extendTo(long size) throws IOException {
        channel.write(ZERO_BYTE.duplicate(), size - 1);
    }

    @Override
    FileStat statNow() {
        HostFileSystem.HostAttrs now = fs.attrsIfSame(node);
        if (now != null) {
            return now.toStat();
        }
        FileStat opened = openedAttrs.toStat();
        return new FileStat(opened.dev(), opened.ino(), opened.filetype(), opened.nlink(), currentSize(),
                opened.atim(), opened.mtim(), opened.ctim());
    }

    @Override
    void setTimesNow(long atim, long mtim, int fstFlags) {
        fs.setTimesIfSame(node, atim, mtim, fstFlags);
    }

    @Override
    void force(boolean metadata) {
        try {
            channel.force(metadata);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    void release() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO, e.getMessage());
        } finally {
            fs.releaseInodeLock(node.key());
        }
    }

    @Override
    public FileSystemProvider provider() {
        return fs;
    }

    @Override
    public FsNode node() {
        return node;
    }
}
