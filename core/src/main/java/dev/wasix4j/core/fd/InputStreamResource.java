package dev.wasix4j.core.fd;

import dev.wasix4j.abi.FileType;
import java.io.IOException;
import java.io.InputStream;

/** A readable stream, such as the guest's stdin. Reads block only the calling guest thread. */
public final class InputStreamResource implements FdResource {
    private final InputStream in;
    private final FileType type;

    public InputStreamResource(InputStream in, FileType type) {
        this.in = in;
        this.type = type;
    }

    @Override
    public FileType fileType() {
        return type;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = in.read(buf, off, len);
        return Math.max(n, 0);
    }

    @Override
    public long available() throws IOException {
        return in.available();
    }

    @Override
    public boolean readReady() throws IOException {
        return in.available() > 0;
    }
}
