package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.core.abi.Layouts;
import dev.wasix4j.core.abi.Layouts.OptionTimestamp;
import dev.wasix4j.core.abi.SocketLayouts.AddrIp;
import dev.wasix4j.core.abi.SocketLayouts.AddrIp4;
import dev.wasix4j.core.abi.SocketLayouts.AddrIp6;
import dev.wasix4j.core.abi.SocketLayouts.AddrPort;
import dev.wasix4j.core.abi.SocketLayouts.RoFlags;
import dev.wasix4j.core.abi.SocketLayouts.SockTypeFlags;
import dev.wasix4j.core.abi.Wasi.FdFlags;
import dev.wasix4j.core.abi.Wasi.Rights;
import dev.wasix4j.core.abi.Wasi.Whence;
import dev.wasix4j.core.fd.FdEntry;
import dev.wasix4j.core.fd.FdResource;
import dev.wasix4j.core.fd.FdTable;
import dev.wasix4j.core.fd.OpenDescription;
import dev.wasix4j.core.fd.Readiness;
import dev.wasix4j.core.fd.SocketResource;
import dev.wasix4j.core.process.ProcessState;
import dev.wasix4j.core.syscall.Call;
import dev.wasix4j.core.syscall.Dispatcher;
import dev.wasix4j.core.syscall.GuestMemory;
import dev.wasix4j.core.syscall.Handler;
import dev.wasix4j.core.syscall.Iovecs;
import dev.wasix4j.core.syscall.Namespace;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.Protocol;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.Shutdown;
import dev.wasix4j.sockets.SockAddr;
import dev.wasix4j.sockets.SocketHandle;
import dev.wasix4j.sockets.SocketOption;
import dev.wasix4j.sockets.SocketOption.Kind;
import dev.wasix4j.sockets.SocketType;
import dev.wasix4j.sockets.SocketsProvider;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The socket family: preview1's four socket calls, WASIX's socket calls, resolve, and the
 * virtual-NIC {@code port_*} calls.
 *
 * <p>Every call that names a descriptor checks it first, as POSIX does: no such descriptor is
 * EBADF, one that is not a socket is ENOTSOCK, one whose rights lack the operation is EBADF (as
 * FdCalls answers). Only then are pointers and enums decoded (EFAULT, EINVAL, ...), and only then
 * is the provider asked. Output pointers are checked before the provider acts, so a bad one never
 * loses received data or leaves a new socket without a descriptor.
 */
final class SocketCalls {
    /** One receive fills at most this much: a short read, as POSIX allows. */
    private static final int MAX_RECV_CHUNK = 1 << 20;
    private static final int FD_BYTES = 4;
    private static final int SIZE_BYTES = 4;
    private static final int U64_BYTES = 8;
    private static final int ROFLAGS_BYTES = 2;
    private static final int U8_BYTES = 1;
    private static final int U8_MASK = 0xff;
    private static final int U16_MASK = 0xffff;
    private static final int HALF_BITS = 16;
    /** The fdflags sock_accept hands to the new descriptor; unknown bits are dropped, as wasmer does. */
    private static final int ACCEPT_FDFLAGS = FdFlags.APPEND | FdFlags.DSYNC | FdFlags.NONBLOCK | FdFlags.RSYNC
            | FdFlags.SYNC;
    /** No particular right: the call only needs the descriptor to be a socket. */
    private static final long ANY_RIGHT = 0;

    private SocketCalls() {}

    static void register(Dispatcher d, ProcessState p, SocketsProvider provider) {
        FdTable fds = p.fds();

        d.implement("sock_open", "socket(): TCP/UDP over IPv4/IPv6 (sockets-host); without --net the socket answers ENOTSUP at bind/connect/send, as wasmer; SOCK_NONBLOCK/SOCK_CLOEXEC honoured",
                c -> {
                    GuestMemory m = c.mem();
                    int out = c.i32(3);
                    m.check(out, FD_BYTES);
                    NewSocket n = NewSocket.decode(c);
                    SocketHandle s = provider.open(n.family(), n.type(), n.protocol());
                    m.putI32(out, install(fds, p.readiness(), s, n.fdflags(), n.cloexec()));
                    return Errno.SUCCESS;
                });
        d.implement("sock_pair", "socketpair(): in-process stream or datagram pair, with or without a network", c -> {
            GuestMemory m = c.mem();
            int out0 = c.i32(3);
            int out1 = c.i32(4);
            m.check(out0, FD_BYTES);
            m.check(out1, FD_BYTES);
            NewSocket n = NewSocket.decode(c);
            SocketsProvider.Pair pair = provider.pair(n.family(), n.type(), n.protocol());
            int fd0;
            try {
                fd0 = install(fds, p.readiness(), pair.first(), n.fdflags(), n.cloexec());
            } catch (RuntimeException e) {
                closeQuietly(pair.second());
                throw e;
            }
            int fd1;
            try {
                fd1 = install(fds, p.readiness(), pair.second(), n.fdflags(), n.cloexec());
            } catch (RuntimeException e) {
                fds.close(fd0);
                throw e;
            }
            m.putI32(out0, fd0);
            m.putI32(out1, fd1);
            return Errno.SUCCESS;
        });
        d.implement("sock_bind", "bind(): decodes addr_port_t (host-order port, kept exactly) for the provider", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_BIND);
            s.handle().bind(readAddr(c.mem(), c.i32(1)));
            return Errno.SUCCESS;
        });
        d.implement("sock_listen", "listen(): through the provider", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_LISTEN);
            s.handle().listen((int) Math.min(c.u32(1), Integer.MAX_VALUE));
            return Errno.SUCCESS;
        });
        d.implement("sock_connect", "connect(): through the provider; a non-blocking descriptor gets EINPROGRESS", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_CONNECT);
            s.handle().connect(readAddr(c.mem(), c.i32(1)), s.nonBlocking());
            return Errno.SUCCESS;
        });
        d.implement("sock_accept", "preview1 accept (3 args): new descriptor with the given fdflags; peer address dropped", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_ACCEPT);
            GuestMemory m = c.mem();
            int out = c.i32(2);
            m.check(out, FD_BYTES);
            SocketHandle.Accepted a = s.handle().accept(s.nonBlocking());
            m.putI32(out, install(fds, p.readiness(), a.socket(), c.i32(1) & ACCEPT_FDFLAGS, false));
            return Errno.SUCCESS;
        });
        Handler acceptV2 = c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_ACCEPT);
            GuestMemory m = c.mem();
            int out = c.i32(2);
            int peerOut = c.i32(3);
            m.check(out, FD_BYTES);
            m.check(peerOut, AddrPort.SIZE);
            SocketHandle.Accepted a = s.handle().accept(s.nonBlocking());
            m.putI32(out, install(fds, p.readiness(), a.socket(), c.i32(1) & ACCEPT_FDFLAGS, false));
            writeAddr(m, peerOut, a.peer());
            return Errno.SUCCESS;
        };
        d.implement("sock_accept_v2", "accept4(): new descriptor with the given fdflags, peer as addr_port_t", acceptV2);
        d.implement(Namespace.WASIX, "sock_accept", "wasmer's alias of sock_accept_v2 (4 args)", acceptV2);
        d.implement("sock_recv", "recv(): scatters into iovecs; PEEK/WAITALL/TRUNC/DONTWAIT passed on", c -> {
            Open s = socket(fds, c.i32(0), Rights.FD_READ);
            GuestMemory m = c.mem();
            m.check(c.i32(4), SIZE_BYTES);
            m.check(c.i32(5), ROFLAGS_BYTES);
            receive(c, s, false, 0);
            return Errno.SUCCESS;
        });
        d.implement("sock_recv_from", "recvfrom(): as sock_recv, and the sender as addr_port_t", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_RECV_FROM);
            GuestMemory m = c.mem();
            m.check(c.i32(4), SIZE_BYTES);
            m.check(c.i32(5), ROFLAGS_BYTES);
            m.check(c.i32(6), AddrPort.SIZE);
            receive(c, s, true, c.i32(6));
            return Errno.SUCCESS;
        });
        d.implement("sock_send", "send(): gathers iovecs; DONTWAIT passed on", c -> {
            Open s = socket(fds, c.i32(0), Rights.FD_WRITE);
            GuestMemory m = c.mem();
            int out = c.i32(4);
            m.check(out, SIZE_BYTES);
            int n = s.handle().send(outgoing(m, c.i32(1), c.i32(2)), sendFlags(s, c.i32(3)));
            m.putI32(out, n);
            return Errno.SUCCESS;
        });
        d.implement("sock_send_to", "sendto(): gathers iovecs to an addr_port_t", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_SEND_TO);
            GuestMemory m = c.mem();
            int out = c.i32(5);
            m.check(out, SIZE_BYTES);
            byte[] data = Iovecs.gather(m, c.i32(1), c.i32(2));
            SockAddr to = readAddr(m, c.i32(4));
            int n = s.handle().sendTo(ByteBuffer.wrap(data), sendFlags(s, c.i32(3)), to);
            m.putI32(out, n);
            return Errno.SUCCESS;
        });
        d.implement("sock_send_file", "sendfile(): reads in_fd from offset (moving its offset, as wasmer) into the socket",
                c -> {
                    Open s = socket(fds, c.i32(0), Rights.FD_WRITE);
                    FdEntry in = fds.get(c.i32(1));
                    if ((in.description().rightsBase() & Rights.FD_READ) == 0) {
                        return Errno.EBADF;
                    }
                    GuestMemory m = c.mem();
                    int out = c.i32(4);
                    m.check(out, U64_BYTES);
                    long offset = c.i64(2);
                    if (offset < 0) {
                        return Errno.EINVAL;
                    }
                    // a u64 count beyond Long.MAX_VALUE means "everything" either way
                    long count = c.i64(3) < 0 ? Long.MAX_VALUE : c.i64(3);
                    long n = s.handle().sendFile(source(in.resource()), offset, count);
                    m.putI64(out, n);
                    return Errno.SUCCESS;
                });
        d.implement("sock_shutdown", "shutdown(): RD, WR or both; no direction is EINVAL", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_SHUTDOWN);
            s.handle().shutdown(Shutdown.of(c.i32(1)));
            return Errno.SUCCESS;
        });
        d.implement("sock_status", "socket state from the provider", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            int out = c.i32(1);
            c.mem().check(out, U8_BYTES);
            c.mem().putU8(out, s.handle().status().code());
            return Errno.SUCCESS;
        });
        d.implement("sock_addr_local", "getsockname(): the provider's address; the port exactly as bound (libc's byte-order probe)",
                c -> {
                    Open s = socket(fds, c.i32(0), Rights.SOCK_ADDR_LOCAL);
                    c.mem().check(c.i32(1), AddrPort.SIZE);
                    writeAddr(c.mem(), c.i32(1), s.handle().localAddress());
                    return Errno.SUCCESS;
                });
        d.implement("sock_addr_peer", "getpeername(): the provider's peer address", c -> {
            Open s = socket(fds, c.i32(0), Rights.SOCK_ADDR_REMOTE);
            c.mem().check(c.i32(1), AddrPort.SIZE);
            writeAddr(c.mem(), c.i32(1), s.handle().peerAddress());
            return Errno.SUCCESS;
        });
        d.implement("sock_set_opt_flag", "boolean options; unknown ENOPROTOOPT, wrong kind EINVAL", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            s.handle().setFlag(SocketOption.of(c.i32(1)).require(Kind.FLAG), (c.i32(2) & U8_MASK) != 0);
            return Errno.SUCCESS;
        });
        d.implement("sock_get_opt_flag", "boolean options; unknown ENOPROTOOPT, wrong kind EINVAL", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            SocketOption o = SocketOption.of(c.i32(1)).require(Kind.FLAG);
            int out = c.i32(2);
            c.mem().check(out, U8_BYTES);
            c.mem().putU8(out, s.handle().flag(o) ? 1 : 0);
            return Errno.SUCCESS;
        });
        d.implement("sock_set_opt_time", "timeouts and linger from option_timestamp_t (ns); unknown ENOPROTOOPT", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            SocketOption o = SocketOption.of(c.i32(1)).require(Kind.TIME);
            s.handle().setTime(o, readTime(c.mem(), c.i32(2)));
            return Errno.SUCCESS;
        });
        d.implement("sock_get_opt_time", "timeouts and linger as option_timestamp_t (ns)", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            SocketOption o = SocketOption.of(c.i32(1)).require(Kind.TIME);
            int out = c.i32(2);
            c.mem().check(out, OptionTimestamp.SIZE);
            writeTime(c.mem(), out, s.handle().time(o));
            return Errno.SUCCESS;
        });
        d.implement("sock_set_opt_size", "buffer sizes, TTLs, low-water marks (u64)", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            s.handle().setSize(SocketOption.of(c.i32(1)).require(Kind.SIZE), c.i64(2));
            return Errno.SUCCESS;
        });
        d.implement("sock_get_opt_size", "buffer sizes, TTLs, SO_ERROR, SO_TYPE, SO_PROTOCOL (u64)", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            SocketOption o = SocketOption.of(c.i32(1)).require(Kind.SIZE);
            int out = c.i32(2);
            c.mem().check(out, U64_BYTES);
            c.mem().putI64(out, s.handle().size(o));
            return Errno.SUCCESS;
        });
        d.implement("sock_join_multicast_v4", "IPv4 group on an interface address, through the provider", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            s.handle().joinMulticastV4(readIp4(c.mem(), c.i32(1)), readIp4(c.mem(), c.i32(2)));
            return Errno.SUCCESS;
        });
        d.implement("sock_leave_multicast_v4", "IPv4 group on an interface address, through the provider", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            s.handle().leaveMulticastV4(readIp4(c.mem(), c.i32(1)), readIp4(c.mem(), c.i32(2)));
            return Errno.SUCCESS;
        });
        d.implement("sock_join_multicast_v6", "IPv6 group on an interface index, through the provider", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            s.handle().joinMulticastV6(readIp6(c.mem(), c.i32(1)), c.i32(2));
            return Errno.SUCCESS;
        });
        d.implement("sock_leave_multicast_v6", "IPv6 group on an interface index, through the provider", c -> {
            Open s = socket(fds, c.i32(0), ANY_RIGHT);
            s.handle().leaveMulticastV6(readIp6(c.mem(), c.i32(1)), c.i32(2));
            return Errno.SUCCESS;
        });
        d.implement("resolve", "name lookup through the JDK within the network policy (EPERM outside it; ENOENT without a network, no lookup made); fills addr_ip_t[]", c -> {
            GuestMemory m = c.mem();
            String host = m.string(c.i32(0), c.i32(1));
            int port = c.i32(2) & U16_MASK;
            int addrs = c.i32(3);
            int max = (int) Math.min(c.u32(4), Integer.MAX_VALUE / AddrIp.SIZE);
            int out = c.i32(5);
            m.check(addrs, (long) max * AddrIp.SIZE);
            m.check(out, SIZE_BYTES);
            List<InetAddress> found = provider.resolve(host, port, max);
            int n = Math.min(found.size(), max);
            for (int i = 0; i < n; i++) {
                writeIp(m, addrs + i * AddrIp.SIZE, found.get(i));
            }
            m.putI32(out, n);
            return Errno.SUCCESS;
        });

        String noNic = "no virtual network interface to configure";
        for (String name : List.of("port_bridge", "port_unbridge", "port_dhcp_acquire", "port_addr_add", "port_addr_remove",
                "port_addr_clear", "port_mac", "port_addr_list", "port_gateway_set", "port_route_add", "port_route_remove",
                "port_route_clear", "port_route_list")) {
            d.stub(name, Errno.ENOTSUP, noNic);
        }
    }

    /**
     * sock_open's and sock_pair's first three arguments. The type may carry SOCK_NONBLOCK and
     * SOCK_CLOEXEC: they become the descriptor's flags, not part of the type.
     */
    private record NewSocket(AddressFamily family, SocketType type, Protocol protocol, int fdflags, boolean cloexec) {
        static NewSocket decode(Call c) {
            int rawType = c.i32(1);
            return new NewSocket(
                    AddressFamily.of(c.i32(0)),
                    SocketType.of(rawType & ~(SockTypeFlags.NONBLOCK | SockTypeFlags.CLOEXEC)),
                    Protocol.of(c.i32(2)),
                    (rawType & SockTypeFlags.NONBLOCK) != 0 ? FdFlags.NONBLOCK : 0,
                    (rawType & SockTypeFlags.CLOEXEC) != 0);
        }
    }

    /** A socket descriptor: its entry (for the flags) and the provider's socket. */
    private record Open(FdEntry entry, SocketHandle handle) {
        boolean nonBlocking() {
            return (entry.description().fdflags() & FdFlags.NONBLOCK) != 0;
        }
    }

    /** The socket at {@code fd}: EBADF if none, ENOTSOCK if not a socket, EBADF if it lacks {@code right}. */
    private static Open socket(FdTable fds, int fd, long right) {
        FdEntry e = fds.get(fd);
        if (!(e.resource() instanceof SocketResource s)) {
            throw new ErrnoException(Errno.ENOTSOCK);
        }
        if ((e.description().rightsBase() & right) != right) {
            throw new ErrnoException(Errno.EBADF);
        }
        return new Open(e, s.socket());
    }

    /** A descriptor for a new socket; the socket is closed if no descriptor can be had (EMFILE). */
    private static int install(FdTable fds, Readiness readiness, SocketHandle s, int fdflags, boolean cloexec) {
        try {
            var d = new OpenDescription(new SocketResource(s, readiness), Rights.SOCKET, Rights.SOCKET, fdflags);
            return fds.insert(d, cloexec, 0);
        } catch (RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    private static void closeQuietly(SocketHandle s) {
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // the call already fails with the error that made us close it
        }
    }

    /** What sock_send sends: one vector is sent straight from guest memory, several are gathered. */
    private static ByteBuffer outgoing(GuestMemory m, int iovs, int count) {
        if (count == 1) {
            Iovecs.total(m, iovs, count);
            ByteBuffer view = m.view(m.i32(iovs + Layouts.Iovec.BUF), m.i32(iovs + Layouts.Iovec.BUF_LEN));
            if (view != null) {
                return view;
            }
        }
        return ByteBuffer.wrap(Iovecs.gather(m, iovs, count));
    }

    /** sock_recv / sock_recv_from after the pointer checks: receive, scatter, write the results. */
    private static void receive(Call c, Open s, boolean withSender, int senderOut) throws IOException {
        GuestMemory m = c.mem();
        int iovs = c.i32(1);
        int iovCount = c.i32(2);
        int want = (int) Math.min(Iovecs.total(m, iovs, iovCount), MAX_RECV_CHUNK);
        EnumSet<RecvFlag> flags = RecvFlag.of(c.i32(3) & U16_MASK);
        if (s.nonBlocking()) {
            flags.add(RecvFlag.DONT_WAIT);
        }
        // one vector: the provider receives straight into guest memory
        ByteBuffer view = iovCount == 1 ? m.view(m.i32(iovs + Layouts.Iovec.BUF), want) : null;
        byte[] buf = view == null ? new byte[want] : null;
        ByteBuffer into = view != null ? view : ByteBuffer.wrap(buf);
        SocketHandle.Received r = withSender ? s.handle().recvFrom(into, flags) : s.handle().recv(into, flags);
        if (buf != null) {
            // with TRUNC the provider may report a datagram longer than the buffer: copy what fits
            Iovecs.scatter(m, iovs, iovCount, buf, Math.clamp(r.length(), 0, want));
        }
        m.putI32(c.i32(4), Math.max(r.length(), 0));
        m.putI16(c.i32(5), r.truncated() ? RoFlags.DATA_TRUNCATED : 0);
        if (withSender) {
            writeAddr(m, senderOut, r.from());
        }
    }

    private static EnumSet<SendFlag> sendFlags(Open s, int bits) {
        EnumSet<SendFlag> flags = SendFlag.of(bits & U16_MASK);
        if (s.nonBlocking()) {
            flags.add(SendFlag.DONT_WAIT);
        }
        return flags;
    }

    /** Reads {@code in} at a position; a stream (no seeking) is read where it stands, as wasmer reads stdin. */
    private static SocketHandle.FileSource source(FdResource in) {
        return (position, into) -> {
            try {
                in.seek(position, Whence.SET);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ESPIPE) {
                    throw e;
                }
            }
            byte[] tmp = new byte[into.remaining()];
            int n = tmp.length == 0 ? 0 : in.read(tmp, 0, tmp.length);
            if (n > 0) {
                into.put(tmp, 0, n);
            }
            return n;
        };
    }

    /** Decodes an {@code __wasi_addr_port_t}. */
    private static SockAddr readAddr(GuestMemory m, int ptr) {
        m.check(ptr, AddrPort.SIZE);
        AddressFamily af = AddressFamily.of(m.u8(ptr + AddrPort.TAG) & U8_MASK);
        int port = m.i16(ptr + AddrPort.PORT) & U16_MASK;
        return switch (af) {
            case INET4 -> SockAddr.Inet4.of(m.bytes(ptr + AddrPort.INET4_ADDR, SockAddr.INET4_BYTES), port);
            case INET6 -> SockAddr.Inet6.of(m.bytes(ptr + AddrPort.INET6_ADDR, SockAddr.INET6_BYTES), port,
                    halves(m, ptr + AddrPort.INET6_FLOW_INFO_HI, ptr + AddrPort.INET6_FLOW_INFO_LO),
                    halves(m, ptr + AddrPort.INET6_SCOPE_ID_HI, ptr + AddrPort.INET6_SCOPE_ID_LO));
            case UNIX -> new SockAddr.Unix(unixPath(m, ptr + AddrPort.UNIX_PATH));
            case UNSPEC -> new SockAddr.Unspecified(port);
        };
    }

    /**
     * A Unix path: the bytes up to the first NUL. A leading NUL marks a Linux abstract name, which
     * runs to the next NUL; a path filling all 108 bytes without a NUL is EINVAL.
     */
    private static String unixPath(GuestMemory m, int ptr) {
        byte[] b = m.bytes(ptr, AddrPort.UNIX_PATH_SIZE);
        boolean isAbstract = b[0] == 0;
        int start = isAbstract ? 1 : 0;
        int end = start;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        if (end == b.length) {
            throw new ErrnoException(Errno.EINVAL, "Unix socket path without a NUL");
        }
        if (isAbstract && end == start) {
            return "";
        }
        String name = m.string(ptr + start, end - start);
        return isAbstract ? "\0" + name : name;
    }

    /** Encodes {@code a} as an {@code __wasi_addr_port_t}; null (unknown) is an all-zero UNSPEC. */
    private static void writeAddr(GuestMemory m, int ptr, SockAddr a) {
        m.zero(ptr, AddrPort.SIZE);
        if (a == null) {
            return;
        }
        m.putU8(ptr + AddrPort.TAG, a.family().code());
        switch (a) {
            case SockAddr.Inet4 v4 -> {
                m.putI16(ptr + AddrPort.PORT, v4.port());
                m.putBytes(ptr + AddrPort.INET4_ADDR, v4.address().getAddress());
            }
            case SockAddr.Inet6 v6 -> {
                m.putI16(ptr + AddrPort.PORT, v6.port());
                m.putBytes(ptr + AddrPort.INET6_ADDR, v6.address().getAddress());
                m.putI16(ptr + AddrPort.INET6_FLOW_INFO_HI, v6.flowInfo() >>> HALF_BITS);
                m.putI16(ptr + AddrPort.INET6_FLOW_INFO_LO, v6.flowInfo() & U16_MASK);
                m.putI16(ptr + AddrPort.INET6_SCOPE_ID_HI, v6.scopeId() >>> HALF_BITS);
                m.putI16(ptr + AddrPort.INET6_SCOPE_ID_LO, v6.scopeId() & U16_MASK);
            }
            case SockAddr.Unix u -> {
                byte[] path = u.path().getBytes(StandardCharsets.UTF_8);
                // the record caps the path at 107 bytes, so the zeroed last byte stays the NUL
                m.putBytes(ptr + AddrPort.UNIX_PATH, path);
            }
            case SockAddr.Unspecified un -> m.putI16(ptr + AddrPort.PORT, un.port());
        }
    }

    /** One {@code __wasi_addr_ip_t} of resolve's answer. */
    private static void writeIp(GuestMemory m, int ptr, InetAddress a) {
        m.zero(ptr, AddrIp.SIZE);
        AddressFamily af = a instanceof Inet4Address ? AddressFamily.INET4 : AddressFamily.INET6;
        m.putU8(ptr + AddrIp.TAG, af.code());
        m.putBytes(ptr + AddrIp.ADDR, a.getAddress());
    }

    private static int halves(GuestMemory m, int hi, int lo) {
        return (m.i16(hi) & U16_MASK) << HALF_BITS | (m.i16(lo) & U16_MASK);
    }

    private static Inet4Address readIp4(GuestMemory m, int ptr) {
        return SockAddr.inet4(m.bytes(ptr, AddrIp4.SIZE));
    }

    private static Inet6Address readIp6(GuestMemory m, int ptr) {
        m.check(ptr, AddrIp6.SIZE);
        return SockAddr.inet6(m.bytes(ptr + AddrIp6.ADDR, AddrIp6.ADDR_SIZE));
    }

    /** An {@code __wasi_option_timestamp_t}: NONE is empty; a tag other than NONE/SOME is EINVAL. */
    private static Optional<Duration> readTime(GuestMemory m, int ptr) {
        m.check(ptr, OptionTimestamp.SIZE);
        int tag = m.u8(ptr + OptionTimestamp.TAG) & U8_MASK;
        if (tag == OptionTimestamp.NONE) {
            return Optional.empty();
        }
        if (tag != OptionTimestamp.SOME) {
            throw new ErrnoException(Errno.EINVAL, "bad option tag " + tag);
        }
        long nanos = m.i64(ptr + OptionTimestamp.VALUE);
        // a u64 beyond Long.MAX_VALUE ns (292 years) is "forever" either way
        return Optional.of(Duration.ofNanos(nanos < 0 ? Long.MAX_VALUE : nanos));
    }

    private static void writeTime(GuestMemory m, int ptr, Optional<Duration> value) {
        m.zero(ptr, OptionTimestamp.SIZE);
        if (value.isPresent()) {
            long nanos;
            try {
                nanos = value.get().toNanos();
            } catch (ArithmeticException tooLong) {
                nanos = Long.MAX_VALUE;
            }
            m.putU8(ptr + OptionTimestamp.TAG, OptionTimestamp.SOME);
            m.putI64(ptr + OptionTimestamp.VALUE, Math.max(nanos, 0));
        }
    }
}
