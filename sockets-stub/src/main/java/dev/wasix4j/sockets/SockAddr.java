package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A socket address as the guest gives and receives it ({@code __wasi_addr_port_t}), in plain Java
 * values: ports are host-order numbers 0..65535, addresses are {@link InetAddress} objects built
 * from raw bytes (never looked up).
 */
public sealed interface SockAddr permits SockAddr.Inet4, SockAddr.Inet6, SockAddr.Unix, SockAddr.Unspecified {
    int MAX_PORT = 0xffff;
    int INET4_BYTES = 4;
    int INET6_BYTES = 16;
    /** {@code __wasi_addr_unix_t} holds 108 bytes, the last one always NUL. */
    int MAX_UNIX_PATH_BYTES = 107;

    AddressFamily family();

    /** The same address as a JDK socket address (for java.nio channels); Unspecified has none. */
    SocketAddress toJava();

    /** The JDK address {@code a} (an {@link InetSocketAddress} or {@link UnixDomainSocketAddress}). */
    static SockAddr of(SocketAddress a) {
        if (a instanceof InetSocketAddress in && in.getAddress() != null) {
            if (in.getAddress() instanceof Inet4Address v4) {
                return new Inet4(v4, in.getPort());
            }
            Inet6Address v6 = (Inet6Address) in.getAddress();
            return new Inet6(v6, in.getPort(), 0, Math.max(v6.getScopeId(), 0));
        }
        if (a instanceof UnixDomainSocketAddress u) {
            return new Unix(u.getPath().toString());
        }
        throw new IllegalArgumentException("not a resolved IP or Unix address: " + a);
    }

    /** An IPv4 address and port. */
    record Inet4(Inet4Address address, int port) implements SockAddr {
        public Inet4 {
            Objects.requireNonNull(address, "address");
            checkPort(port);
        }

        /** From the 4 address bytes in network order. */
        public static Inet4 of(byte[] address, int port) {
            return new Inet4(inet4(address), port);
        }

        @Override
        public AddressFamily family() {
            return AddressFamily.INET4;
        }

        @Override
        public InetSocketAddress toJava() {
            return new InetSocketAddress(address, port);
        }
    }

    /**
     * An IPv6 address, port, flow label and scope. {@code address} carries no scope of its own:
     * the scope is {@code scopeId}, a u32 kept in an int's bits.
     */
    record Inet6(Inet6Address address, int port, int flowInfo, int scopeId) implements SockAddr {
        public Inet6 {
            Objects.requireNonNull(address, "address");
            checkPort(port);
        }

        /** From the 16 address bytes in network order. */
        public static Inet6 of(byte[] address, int port, int flowInfo, int scopeId) {
            return new Inet6(inet6(address), port, flowInfo, scopeId);
        }

        @Override
        public AddressFamily family() {
            return AddressFamily.INET6;
        }

        @Override
        public InetSocketAddress toJava() {
            try {
                // the JDK keeps an IPv4-mapped address as IPv6 only through this factory
                var withScope = Inet6Address.getByAddress(null, address.getAddress(), scopeId == 0 ? -1 : scopeId);
                return new InetSocketAddress(withScope, port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are always an IPv6 address", e);
            }
        }
    }

    /**
     * A Unix-domain path. An abstract-namespace name starts with a NUL character, as in Linux;
     * the empty path is an unnamed socket.
     */
    record Unix(String path) implements SockAddr {
        public Unix {
            Objects.requireNonNull(path, "path");
            if (path.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH_BYTES) {
                throw new IllegalArgumentException("Unix socket path longer than " + MAX_UNIX_PATH_BYTES + " bytes");
            }
        }

        @Override
        public AddressFamily family() {
            return AddressFamily.UNIX;
        }

        @Override
        public UnixDomainSocketAddress toJava() {
            return UnixDomainSocketAddress.of(path);
        }
    }

    /** {@code AF_UNSPEC} (connect's "dissolve the association" for datagram sockets), with a port. */
    record Unspecified(int port) implements SockAddr {
        public Unspecified {
            checkPort(port);
        }

        @Override
        public AddressFamily family() {
            return AddressFamily.UNSPEC;
        }

        @Override
        public SocketAddress toJava() {
            throw new ErrnoException(Errno.EAFNOSUPPORT, "AF_UNSPEC has no JDK socket address");
        }
    }

    /** The IPv4 address of 4 network-order bytes; no lookup happens. */
    static Inet4Address inet4(byte[] address) {
        if (address.length != INET4_BYTES) {
            throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + address.length);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    /** The IPv6 address of 16 network-order bytes, IPv4-mapped ones included; no lookup happens. */
    static Inet6Address inet6(byte[] address) {
        if (address.length != INET6_BYTES) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + address.length);
        }
        try {
            return Inet6Address.getByAddress(null, address, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
