package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;

/**
 * {@code __wasi_sock_type_t} (u8). The guest may OR {@code SOCK_NONBLOCK} and {@code SOCK_CLOEXEC}
 * into the type it passes to sock_open; the dispatcher strips them (they are descriptor flags)
 * before decoding.
 */
public enum SocketType {
    STREAM(1),
    DGRAM(2),
    RAW(3),
    SEQPACKET(4);

    private final int code;

    SocketType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type numbered {@code code}; an unknown one (0 included) is {@code EINVAL}, as socket(2) answers. */
    public static SocketType of(int code) {
        for (SocketType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new ErrnoException(Errno.EINVAL, "unknown socket type " + code);
    }
}
