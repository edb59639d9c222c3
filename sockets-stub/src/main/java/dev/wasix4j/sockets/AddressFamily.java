package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;

/**
 * {@code __wasi_address_family_t} (u8). A WASIX program's {@code AF_*} constants are these
 * numbers, not Linux's (AF_INET is 1 here, 2 on Linux).
 */
public enum AddressFamily {
    UNSPEC(0),
    INET4(1),
    INET6(2),
    UNIX(3);

    private final int code;

    AddressFamily(int code) {
        this.code = code;
    }

    /** The number the guest uses. */
    public int code() {
        return code;
    }

    /** The family numbered {@code code}; an unknown one is {@code EAFNOSUPPORT}, as socket(2) answers. */
    public static AddressFamily of(int code) {
        for (AddressFamily f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new ErrnoException(Errno.EAFNOSUPPORT, "unknown address family " + code);
    }
}
