package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;

/**
 * {@code __wasi_sock_option_t} (u8), and which of the three value kinds each option carries.
 *
 * <p>WASIX has one setter and one getter per kind ({@code sock_set_opt_flag}, {@code _time},
 * {@code _size}); the kinds follow how wasix-libc's setsockopt/getsockopt reach each option.
 * Asking for an option through the wrong kind is {@code EINVAL}, as wasmer answers.
 */
public enum SocketOption {
    /** Carries no value: every kind of access to it is EINVAL. */
    NOOP(0, Kind.NONE),
    REUSE_PORT(1, Kind.FLAG),
    REUSE_ADDR(2, Kind.FLAG),
    NO_DELAY(3, Kind.FLAG),
    DONT_ROUTE(4, Kind.FLAG),
    ONLY_V6(5, Kind.FLAG),
    BROADCAST(6, Kind.FLAG),
    MULTICAST_LOOP_V4(7, Kind.FLAG),
    MULTICAST_LOOP_V6(8, Kind.FLAG),
    PROMISCUOUS(9, Kind.FLAG),
    /** SO_ACCEPTCONN. */
    LISTENING(10, Kind.FLAG),
    /** SO_ERROR: the pending error as an errno number. */
    LAST_ERROR(11, Kind.SIZE),
    KEEP_ALIVE(12, Kind.FLAG),
    /** SO_LINGER: none = off, some = the linger time. */
    LINGER(13, Kind.TIME),
    OOB_INLINE(14, Kind.FLAG),
    RECV_BUF_SIZE(15, Kind.SIZE),
    SEND_BUF_SIZE(16, Kind.SIZE),
    RECV_LOWAT(17, Kind.SIZE),
    SEND_LOWAT(18, Kind.SIZE),
    RECV_TIMEOUT(19, Kind.TIME),
    SEND_TIMEOUT(20, Kind.TIME),
    CONNECT_TIMEOUT(21, Kind.TIME),
    ACCEPT_TIMEOUT(22, Kind.TIME),
    TTL(23, Kind.SIZE),
    MULTICAST_TTL_V4(24, Kind.SIZE),
    /** SO_TYPE, as a socket type number. */
    TYPE(25, Kind.SIZE),
    /** SO_PROTOCOL, as an IANA protocol number. */
    PROTO(26, Kind.SIZE);

    /** What an option's value is. */
    public enum Kind {
        /** A boolean: {@code sock_set_opt_flag} / {@code sock_get_opt_flag}. */
        FLAG,
        /** An optional duration: {@code sock_set_opt_time} / {@code sock_get_opt_time}. */
        TIME,
        /** An unsigned 64-bit number: {@code sock_set_opt_size} / {@code sock_get_opt_size}. */
        SIZE,
        NONE
    }

    private final int code;
    private final Kind kind;

    SocketOption(int code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public int code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** The option numbered {@code code}; an unknown one is {@code ENOPROTOOPT}, as setsockopt(2) answers. */
    public static SocketOption of(int code) {
        for (SocketOption o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        throw new ErrnoException(Errno.ENOPROTOOPT, "unknown socket option " + code);
    }

    /** This option, or {@code EINVAL} when it does not carry a value of {@code expected} kind. */
    public SocketOption require(Kind expected) {
        if (kind != expected) {
            throw new ErrnoException(Errno.EINVAL, name() + " is not a " + expected.name().toLowerCase() + " option");
        }
        return this;
    }
}
