package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;

/** {@code __wasi_fstflags_t} bits and the one place that applies them. */
public final class FstFlags {
    /** Set the access time to the given value. */
    public static final int ATIM = 0x1;
    /** Set the access time to now. */
    public static final int ATIM_NOW = 0x2;
    /** Set the modification time to the given value. */
    public static final int MTIM = 0x4;
    /** Set the modification time to now. */
    public static final int MTIM_NOW = 0x8;

    private static final int ALL = ATIM | ATIM_NOW | MTIM | MTIM_NOW;

    /** Marker for "leave this time unchanged" in the array {@link #apply} returns. */
    public static final long UNCHANGED = Long.MIN_VALUE;

    private FstFlags() {}

    /**
     * Turns (atim, mtim, flags) into the two times to store, {@link #UNCHANGED} for a time left alone.
     * Asking for both a value and NOW for the same time, or an unknown bit, is EINVAL (as wasmer does).
     */
    public static long[] apply(long atim, long mtim, int flags, long now) {
        if ((flags & ~ALL) != 0
                || (flags & (ATIM | ATIM_NOW)) == (ATIM | ATIM_NOW)
                || (flags & (MTIM | MTIM_NOW)) == (MTIM | MTIM_NOW)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long a = (flags & ATIM_NOW) != 0 ? now : (flags & ATIM) != 0 ? atim : UNCHANGED;
        long m = (flags & MTIM_NOW) != 0 ? now : (flags & MTIM) != 0 ? mtim : UNCHANGED;
        return new long[] {a, m};
    }
}
