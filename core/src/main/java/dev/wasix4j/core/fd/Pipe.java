package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-process pipe: a bounded byte ring shared by a read end and a write end, as pipe(2).
 *
 * <p>A reader blocks (parking only its own thread) while the pipe is empty and a writer exists;
 * it reads end of stream once every writer is closed. A writer blocks while the pipe is full and
 * gets EPIPE once every reader is closed. Writes of at most {@link #ATOMIC_WRITE} bytes are never
 * interleaved with other writes, as POSIX's PIPE_BUF promises.
 */
public final class Pipe {
    /** Linux's default pipe capacity. */
    public static final int CAPACITY = 64 * 1024;
    /** PIPE_BUF on Linux. */
    public static final int ATOMIC_WRITE = 4096;

    private final byte[] ring = new byte[CAPACITY];
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Readiness readiness;
    private final Watchers watchers = new Watchers();
    private int head;
    private int size;
    private boolean readerOpen = true;
    private boolean writerOpen = true;

    public Pipe(Readiness readiness) {
        this.readiness = readiness;
    }

    /** True if {@code r} is an end of a pipe: its blocking waits may be interrupted by a signal. */
    public static boolean isEnd(FdResource r) {
        return r instanceof End;
    }

    public FdResource readEnd() {
        return new End(true);
    }

    public FdResource writeEnd() {
        return new End(false);
    }

    int read(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        lock.lock();
        try {
            while (size == 0) {
                if (!writerOpen) {
                    return 0;
                }
                if (nonBlocking) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                awaitOrStop(notEmpty);
            }
            int n = Math.min(len, size);
            // at most two block copies: up to the ring's end, then from its start
            int first = Math.min(n, CAPACITY - head);
            System.arraycopy(ring, head, buf, off, first);
            System.arraycopy(ring, 0, buf, off + first, n - first);
            head = (head + n) % CAPACITY;
            size -= n;
            notFull.signalAll();
            return n;
        } finally {
            lock.unlock();
            readiness.signal();
            watchers.fire(FdResource.WRITABLE);
        }
    }

    int write(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        int written = 0;
        lock.lock();
        try {
            while (written < len) {
                if (!readerOpen) {
                    if (written > 0) {
                        return written;
                    }
                    throw new ErrnoException(Errno.EPIPE);
                }
                int room = CAPACITY - size;
                // a small write goes in whole or waits; a large one may be split
                boolean mustWaitForWhole = len - written <= ATOMIC_WRITE && room < len - written;
                if (room == 0 || mustWaitForWhole) {
                    if (nonBlocking) {
                        if (written > 0) {
                            return written;
                        }
                        throw new ErrnoException(Errno.EAGAIN);
                    }
                    awaitOrStop(notFull);
                    continue;
                }
                int n = Math.min(room, len - written);
                int tail = (head + size) % CAPACITY;
                int first = Math.min(n, CAPACITY - tail);
                System.arraycopy(buf, off + written, ring, tail, first);
                System.arraycopy(buf, off + written + first, ring, 0, n - first);
                size += n;
                written += n;
                notEmpty.signalAll();
            }
            return written;
        } finally {
            lock.unlock();
            readiness.signal();
            watchers.fire(FdResource.READABLE);
        }
    }

    private static void awaitOrStop(Condition c) throws IOException {
        try {
            c.await();
        } catch (InterruptedException e) {
            // the process is ending: let the thread unwind at its next check
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR);
        }
    }

    private void close(boolean reader) {
        lock.lock();
        try {
            if (reader) {
                readerOpen = false;
            } else {
                writerOpen = false;
            }
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        readiness.signal();
        watchers.fire(FdResource.READABLE | FdResource.WRITABLE | FdResource.HANGUP);
    }

    private boolean readable() {
        lock.lock();
        try {
            return size > 0 || !writerOpen;
        } finally {
            lock.unlock();
        }
    }

    private boolean writable() {
        lock.lock();
        try {
            return size < CAPACITY || !readerOpen;
        } finally {
            lock.unlock();
        }
    }

    private int buffered() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** One end of the pipe. */
    private final class End implements FdResource {
        private final boolean reader;

        End(boolean reader) {
            this.reader = reader;
        }

        @Override
        public FileType fileType() {
            // WASI has no FIFO type; an unknown, non-seekable stream is the honest answer
            return FileType.UNKNOWN;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            return read(buf, off, len, false);
        }

        @Override
        public int read(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
            if (!reader) {
                throw new ErrnoException(Errno.EBADF);
            }
            return Pipe.this.read(buf, off, len, nonBlocking);
        }

        @Override
        public int write(byte[] buf, int off, int len) throws IOException {
            return write(buf, off, len, false);
        }

        @Override
        public int write(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
            if (reader) {
                throw new ErrnoException(Errno.EBADF);
            }
            return Pipe.this.write(buf, off, len, nonBlocking);
        }

        @Override
        public long available() {
            return reader ? buffered() : 0;
        }

        @Override
        public boolean readReady() {
            return reader && readable();
        }

        @Override
        public boolean writeReady() {
            return !reader && writable();
        }

        @Override
        public boolean hungUp() {
            lock.lock();
            try {
                return reader ? !writerOpen : !readerOpen;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean signalsReadiness() {
            return true;
        }

        @Override
        public void watch(java.util.function.IntConsumer listener) {
            watchers.add(listener);
        }

        @Override
        public void unwatch(java.util.function.IntConsumer listener) {
            watchers.remove(listener);
        }

        @Override
        public void close() {
            Pipe.this.close(reader);
        }
    }
}
