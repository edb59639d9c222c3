package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;

/** Which direction sock_shutdown closes: {@code __wasi_sdflags_t} bits RD (1) and WR (2). */
public enum Shutdown {
    READ(1),
    WRITE(2),
    BOTH(3);

    private final int code;

    Shutdown(int code) {
        this.code = code;
    }

    /** The sdflags bits. */
    public int code() {
        return code;
    }

    /** The direction for {@code bits}; none or unknown bits are {@code EINVAL}, as shutdown(2) answers. */
    public static Shutdown of(int bits) {
        for (Shutdown s : values()) {
            if (s.code == bits) {
                return s;
            }
        }
        throw new ErrnoException(Errno.EINVAL, "bad shutdown direction " + bits);
    }
}
