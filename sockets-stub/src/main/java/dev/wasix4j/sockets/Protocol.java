package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;

/**
 * {@code __wasi_sock_proto_t} (u16): IANA protocol numbers. Only the protocols a socket can
 * plausibly be opened with are listed; WASIX names every number up to 263, but a number outside
 * this list could not be served by any provider anyway.
 */
public enum Protocol {
    /** 0: "the default protocol of the socket type" (TCP for a stream, UDP for a datagram). */
    IP(0),
    ICMP(1),
    IGMP(2),
    TCP(6),
    UDP(17),
    IPV6(41),
    ICMPV6(58),
    SCTP(132),
    UDPLITE(136),
    RAW(255),
    MPTCP(262);

    private final int code;

    Protocol(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The protocol numbered {@code code}; any other is {@code EPROTONOSUPPORT}, as socket(2) answers. */
    public static Protocol of(int code) {
        for (Protocol p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new ErrnoException(Errno.EPROTONOSUPPORT, "unsupported protocol " + code);
    }
}
