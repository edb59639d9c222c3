package dev.wasix4j.core.fd;

import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.io.InputStream;

/**
 * A readable host stream, such as the guest's stdin. Reads block only the calling guest thread.
 *
 * <p>A host stream cannot say "end of stream" without a read, so poll_oneoff could never report
 * it. The first time a guest polls this stream, a pump thread starts copying it into an in-process
 * {@link Pipe}; from then on every read goes through the pipe, whose end of stream and readiness
 * poll sees at once.
 */
public final class InputStreamResource implements FdResource {
    private static final int PUMP_CHUNK = 8192;

    private final InputStream in;
    private final FileType type;
    private final Readiness readiness;
    private volatile FdResource pumped;

    public InputStreamResource(InputStream in, FileType type, Readiness readiness) {
        this.in = in;
        this.type = type;
        this.readiness = readiness;
    }

    @Override
    public FileType fileType() {
        return type;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return read(buf, off, len, false);
    }

    @Override
    public int read(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        FdResource p = pumped;
        if (p != null) {
            return p.read(buf, off, len, nonBlocking);
        }
        if (len == 0) {
            return 0;
        }
        return Math.max(in.read(buf, off, len), 0);
    }

    @Override
    public long available() throws IOException {
        return pump().available();
    }

    @Override
    public boolean readReady() throws IOException {
        return pump().readReady();
    }

    @Override
    public boolean hungUp() {
        FdResource p = pumped;
        return p != null && p.hungUp();
    }

    @Override
    public boolean signalsReadiness() {
        return true;
    }

    @Override
    public void watch(java.util.function.IntConsumer listener) {
        pump().watch(listener);
    }

    @Override
    public void unwatch(java.util.function.IntConsumer listener) {
        pump().unwatch(listener);
    }

    private synchronized FdResource pump() {
        if (pumped == null) {
            var pipe = new Pipe(readiness);
            FdResource writeEnd = pipe.writeEnd();
            Thread.ofVirtual().name("wasix-stdin-pump").start(() -> {
                byte[] chunk = new byte[PUMP_CHUNK];
                try {
                    int n;
                    while ((n = in.read(chunk)) > 0) {
                        for (int done = 0; done < n; ) {
                            done += writeEnd.write(chunk, done, n - done);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the stream failed or the reader went away: readers see end of stream
                } finally {
                    try {
                        writeEnd.close();
                    } catch (IOException ignored) {
                        // a pipe end's close cannot fail
                    }
                }
            });
            pumped = pipe.readEnd();
        }
        return pumped;
    }
}
