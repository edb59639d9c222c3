package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * eventfd(2): a 64-bit counter read and written as 8-byte little-endian values.
 *
 * <p>A write adds; a read returns the counter and resets it to 0 (or, in semaphore mode, returns 1
 * and decrements). A read of a zero counter blocks (EAGAIN when non-blocking); a write that would
 * overflow past 2^64-2 blocks likewise.
 */
public final class EventCounter implements FdResource {
    private static final int VALUE_SIZE = Long.BYTES;
    /** The largest value the counter may hold, as Linux: 0xfffffffffffffffe. */
    private static final long MAX = -2L;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final boolean semaphore;
    private final Readiness readiness;
    private final Watchers watchers = new Watchers();
    private long value;

    public EventCounter(long initial, boolean semaphore, Readiness readiness) {
        this.value = initial;
        this.semaphore = semaphore;
        this.readiness = readiness;
    }

    @Override
    public FileType fileType() {
        return FileType.UNKNOWN;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return read(buf, off, len, false);
    }

    @Override
    public int read(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        if (len < VALUE_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long out;
        lock.lock();
        try {
            while (value == 0) {
                if (nonBlocking) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                await();
            }
            out = semaphore ? 1 : value;
            value = semaphore ? value - 1 : 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        readiness.signal();
        watchers.fire(WRITABLE);
        for (int i = 0; i < VALUE_SIZE; i++) {
            buf[off + i] = (byte) (out >>> (8 * i));
        }
        return VALUE_SIZE;
    }

    @Override
    public int write(byte[] buf, int off, int len) throws IOException {
        return write(buf, off, len, false);
    }

    @Override
    public int write(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        if (len < VALUE_SIZE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long add = 0;
        for (int i = 0; i < VALUE_SIZE; i++) {
            add |= (buf[off + i] & 0xffL) << (8 * i);
        }
        if (add == -1L) {
            throw new ErrnoException(Errno.EINVAL);
        }
        lock.lock();
        try {
            while (Long.compareUnsigned(value, MAX - add) > 0) {
                if (nonBlocking) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                await();
            }
            value += add;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        readiness.signal();
        watchers.fire(READABLE);
        return VALUE_SIZE;
    }

    @Override
    public boolean readReady() {
        lock.lock();
        try {
            return value != 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long available() {
        return readReady() ? VALUE_SIZE : 0;
    }

    @Override
    public boolean signalsReadiness() {
        return true;
    }

    @Override
    public boolean writeReady() {
        lock.lock();
        try {
            return Long.compareUnsigned(value, MAX - 1) < 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void watch(java.util.function.IntConsumer listener) {
        watchers.add(listener);
    }

    @Override
    public void unwatch(java.util.function.IntConsumer listener) {
        watchers.remove(listener);
    }

    private void await() {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR);
        }
    }
}
