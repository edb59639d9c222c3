package dev.wasix4j.fs;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;

/** {@code __wasi_whence_t}: the base of an {@link OpenFile#seek} offset. */
public enum Whence {
    SET,
    CUR,
    END;

    /** The whence with that wasi number (SET 0, CUR 1, END 2); anything else is EINVAL. */
    public static Whence of(int code) {
        return switch (code) {
            case 0 -> SET;
            case 1 -> CUR;
            case 2 -> END;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }
}
