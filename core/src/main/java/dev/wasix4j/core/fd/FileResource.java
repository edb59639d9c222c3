package dev.wasix4j.core.fd;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.abi.Wasi.Whence;
import dev.wasix4j.fs.FileStat;
import dev.wasix4j.fs.OpenFile;
import java.nio.ByteBuffer;

/** A file or directory of the guest's filesystem, open in the descriptor table. */
public final class FileResource implements FdResource {
    private final OpenFile file;

    public FileResource(OpenFile file) {
        this.file = file;
    }

    /** The filesystem's handle, for the calls only files and directories answer. */
    public OpenFile file() {
        return file;
    }

    @Override
    public FileType fileType() {
        return file.fileType();
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        return file.read(ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public int write(byte[] buf, int off, int len) {
        return file.write(ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public long seek(long offset, int whence) {
        return file.seek(offset, switch (whence) {
            case Whence.SET -> dev.wasix4j.fs.Whence.SET;
            case Whence.CUR -> dev.wasix4j.fs.Whence.CUR;
            case Whence.END -> dev.wasix4j.fs.Whence.END;
            default -> throw new ErrnoException(Errno.EINVAL);
        });
    }

    @Override
    public long available() {
        if (file.isDirectory()) {
            return 0;
        }
        return Math.max(0, file.stat().size() - file.position());
    }

    @Override
    public FileStat stat() {
        return file.stat();
    }

    @Override
    public void sync() {
        file.sync();
    }

    @Override
    public void close() {
        file.close();
    }
}
