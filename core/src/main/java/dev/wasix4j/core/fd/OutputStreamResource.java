package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A writable stream, such as stdout or stderr. Each fd_write reaches the stream whole and is
 * flushed, as one write(2) would: the guest's libc already buffers, so a second layer here would
 * only reorder stdout against stderr.
 */
public final class OutputStreamResource implements FdResource {
    private final OutputStream out;
    private final FileType type;
    // A lock rather than synchronized: writers are virtual threads and the stream may block.
    private final ReentrantLock lock = new ReentrantLock();

    public OutputStreamResource(OutputStream out, FileType type) {
        this.out = out;
        this.type = type;
    }

    @Override
    public FileType fileType() {
        return type;
    }

    @Override
    public int write(byte[] buf, int off, int len) throws IOException {
        lock.lock();
        try {
            out.write(buf, off, len);
            out.flush();
        } catch (IOException e) {
            // the reader went away (`prog | head`): the guest sees EPIPE, as a native program would
            if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
                throw new ErrnoException(Errno.EPIPE);
            }
            throw e;
        } finally {
            lock.unlock();
        }
        return len;
    }

    @Override
    public void sync() throws IOException {
        out.flush();
    }
}
