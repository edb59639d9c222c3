package dev.wasix4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded byte channel between one producer and one reader, read as an {@link InputStream}.
 *
 * <p>The producer either {@link #offer}s (never blocks: a Netty event loop must not; the answer says
 * whether to ask for more) or {@link #put}s (blocks while more than {@code highWater} bytes wait: a
 * guest thread). When the reader takes the buffer below half the high-water mark after it was
 * reached, {@code onDrain} runs, on the reader's thread, so the producer can resume. Every wait is
 * interruptible, so killing a guest unblocks it.
 */
class BytePipe extends InputStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long highWater;
    private final Runnable onDrain;
    private int headOffset;
    private long buffered;
    private boolean full;
    private boolean ended;
    private boolean readerClosed;
    private IOException failure;

    BytePipe(long highWater, Runnable onDrain) {
        this.highWater = highWater;
        this.onDrain = onDrain;
    }

    /** Adds {@code data} without waiting; returns true while the reader keeps up (ask for more). */
    boolean offer(byte[] data) {
        lock.lock();
        try {
            if (readerClosed || ended || failure != null) {
                return false;
            }
            if (data.length > 0) {
                chunks.add(data);
                buffered += data.length;
                changed.signalAll();
            }
            full = buffered >= highWater;
            return !full;
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code data}, waiting while the buffer is over its high-water mark. */
    void put(byte[] data) throws IOException {
        lock.lock();
        try {
            while (buffered >= highWater && !readerClosed && failure == null) {
                changed.await();
            }
            if (readerClosed) {
                throw new IOException("the reader closed the stream");
            }
            if (failure != null || ended) {
                throw new IOException("the stream is closed");
            }
            chunks.add(data);
            buffered += data.length;
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } finally {
            lock.unlock();
        }
    }

    /** No more data: the reader sees end of stream once it has read what is buffered. */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stream broke: the reader's next read throws {@code cause} (after nothing more is read). */
    void fail(IOException cause) {
        lock.lock();
        try {
            if (failure == null && !ended) {
                failure = cause;
            }
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the producer has said everything ({@link #end}) or the stream failed. */
    boolean finished() {
        lock.lock();
        try {
            return ended || failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the buffer is at its high-water mark (the producer should wait for {@code onDrain}). */
    boolean isFull() {
        lock.lock();
        try {
            return full;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean drained = false;
        int n;
        lock.lock();
        try {
            while (chunks.isEmpty() && !ended && failure == null && !readerClosed) {
                changed.await();
            }
            if (failure != null) {
                throw failure;
            }
            if (readerClosed) {
                throw new IOException("stream closed");
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            n = 0;
            while (n < len && !chunks.isEmpty()) {
                byte[] head = chunks.peekFirst();
                int take = Math.min(len - n, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off + n, take);
                n += take;
                headOffset += take;
                if (headOffset == head.length) {
                    chunks.pollFirst();
                    headOffset = 0;
                }
            }
            buffered -= n;
            changed.signalAll();
            if (full && buffered < highWater / 2) {
                full = false;
                drained = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } finally {
            lock.unlock();
        }
        if (drained && onDrain != null) {
            onDrain.run();
        }
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(buffered, Integer.MAX_VALUE);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean wasFull;
        lock.lock();
        try {
            readerClosed = true;
            chunks.clear();
            buffered = 0;
            wasFull = full;
            full = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        // a guest that closes stdin while the buffer was full must not leave the producer (the
        // socket read) paused: the rest of the body is read, and dropped
        if (wasFull && onDrain != null) {
            onDrain.run();
        }
    }
}
