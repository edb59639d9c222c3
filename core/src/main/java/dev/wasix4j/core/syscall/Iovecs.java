package dev.wasix4j.core.syscall;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.Layouts.Iovec;

/**
 * Gathers from and scatters to a guest's iovec array ({@code __wasi_iovec_t[]}).
 *
 * <p>Every vector is checked before anything moves, so a bad one answers EFAULT with no partial
 * transfer; a total beyond what one call may move is EINVAL, as POSIX's SSIZE_MAX rule says.
 */
public final class Iovecs {
    /** Largest transfer one read or write call makes; a longer request is a short transfer. */
    public static final int MAX_TRANSFER = 1 << 30;

    private Iovecs() {}

    /** Total bytes the {@code count} vectors at {@code iovs} describe, each checked. */
    public static long total(GuestMemory m, int iovs, int count) {
        m.check(iovs, Integer.toUnsignedLong(count) * Iovec.SIZE);
        long total = 0;
        for (int i = 0; i < count; i++) {
            int at = iovs + i * Iovec.SIZE;
            int buf = m.i32(at + Iovec.BUF);
            long len = Integer.toUnsignedLong(m.i32(at + Iovec.BUF_LEN));
            m.check(buf, len);
            total += len;
        }
        if (total > Integer.MAX_VALUE) {
            throw new ErrnoException(Errno.EINVAL, "iovec total exceeds 2 GiB");
        }
        return total;
    }

    /** The bytes the vectors describe, concatenated. */
    public static byte[] gather(GuestMemory m, int iovs, int count) {
        int total = (int) total(m, iovs, count);
        if (count == 1) {
            return m.bytes(m.i32(iovs + Iovec.BUF), total);
        }
        byte[] out = new byte[total];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int at = iovs + i * Iovec.SIZE;
            int len = m.i32(at + Iovec.BUF_LEN);
            if (len != 0) {
                byte[] part = m.bytes(m.i32(at + Iovec.BUF), len);
                System.arraycopy(part, 0, out, pos, len);
                pos += len;
            }
        }
        return out;
    }

    /** Copies {@code data[0..n)} into the vectors in order. */
    public static void scatter(GuestMemory m, int iovs, int count, byte[] data, int n) {
        int pos = 0;
        for (int i = 0; i < count && pos < n; i++) {
            int at = iovs + i * Iovec.SIZE;
            int len = Math.min(m.i32(at + Iovec.BUF_LEN), n - pos);
            m.putBytes(m.i32(at + Iovec.BUF), data, pos, len);
            pos += len;
        }
    }
}
