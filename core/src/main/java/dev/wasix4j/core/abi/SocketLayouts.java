package dev.wasix4j.core.abi;

/**
 * Sizes and field offsets of the wasm32 structs the socket calls read and write, and the few flag
 * bits that exist only on the wire (the socket enums themselves live in {@code dev.wasix4j.sockets}).
 *
 * <p>One nested class per struct, named after its {@code __wasi_*_t}; numbers from
 * shared/wasix-abi/types.md (clang's wasm32 record layouts).
 */
public final class SocketLayouts {
    private SocketLayouts() {}

    /**
     * {@code __wasi_addr_port_t}: a family tag, then per family a host-order u16 port and the
     * address. IPv4 bytes and the 16 IPv6 bytes are in network order; the IPv6 flow label and
     * scope id are split into two host-order u16 halves, high half first. A Unix path fills the
     * union from its start (no port) and ends with a NUL.
     */
    public static final class AddrPort {
        public static final int SIZE = 110;
        public static final int TAG = 0;
        public static final int PORT = 2;
        public static final int INET4_ADDR = 4;
        public static final int INET6_ADDR = 4;
        public static final int INET6_FLOW_INFO_HI = 20;
        public static final int INET6_FLOW_INFO_LO = 22;
        public static final int INET6_SCOPE_ID_HI = 24;
        public static final int INET6_SCOPE_ID_LO = 26;
        public static final int UNIX_PATH = 2;
        public static final int UNIX_PATH_SIZE = 108;

        private AddrPort() {}
    }

    /** {@code __wasi_addr_ip_t}: what resolve writes, a family tag and 4 or 16 address bytes. */
    public static final class AddrIp {
        public static final int SIZE = 18;
        public static final int TAG = 0;
        public static final int ADDR = 2;

        private AddrIp() {}
    }

    /** {@code __wasi_addr_ip4_t}: 4 network-order bytes (the multicast v4 calls). */
    public static final class AddrIp4 {
        public static final int SIZE = 4;

        private AddrIp4() {}
    }

    /** {@code __wasi_addr_ip6_t}: 16 network-order bytes, then flow label and scope halves (multicast v6). */
    public static final class AddrIp6 {
        public static final int SIZE = 24;
        public static final int ADDR = 0;
        public static final int ADDR_SIZE = 16;

        private AddrIp6() {}
    }

    /** {@code __wasi_roflags_t}: what sock_recv reports back. */
    public static final class RoFlags {
        public static final int DATA_TRUNCATED = 0x1;

        private RoFlags() {}
    }

    /**
     * Bits wasix-libc passes to sock_open inside the socket type, unmodified from the program's
     * {@code socket()} call: they are descriptor flags, not part of the type.
     */
    public static final class SockTypeFlags {
        public static final int NONBLOCK = 0x4000;
        public static final int CLOEXEC = 0x2000;

        private SockTypeFlags() {}
    }
}
