package dev.wasix4j.sockets.host;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.NetworkPolicy;
import dev.wasix4j.sockets.Protocol;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.Shutdown;
import dev.wasix4j.sockets.SockAddr;
import dev.wasix4j.sockets.SocketOption;
import dev.wasix4j.sockets.SocketStatus;
import dev.wasix4j.sockets.SocketType;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A UDP socket over a non-blocking {@link DatagramChannel}. Readiness checks receive one datagram
 * ahead into a slot the next receive serves first (NIO has no MSG_PEEK).
 */
final class UdpSocket extends HostSocket {
    /** The largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_536;
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(MAX_DATAGRAM));

    private final Poller poller;
    private final NetworkPolicy policy;
    private final DatagramChannel ch;
    private final SelectionKey key;
    private final Object io = new Object();
    private final List<MembershipKey> groups = new ArrayList<>();
    private byte[] held;
    private SocketAddress heldFrom;
    private Errno pendingError;
    private boolean readShut;
    private boolean writeShut;
    private volatile boolean closed;

    UdpSocket(AddressFamily family, Protocol protocol, Poller poller, NetworkPolicy policy) throws IOException {
        super(family, SocketType.DGRAM, protocol);
        this.poller = poller;
        this.policy = policy;
        this.ch = DatagramChannel.open(family == AddressFamily.INET6 ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        ch.configureBlocking(false);
        this.key = poller.register(ch, this);
    }

    @Override
    void arm(int ops) {
        poller.arm(key, ops);
    }

    private InetSocketAddress inet(SockAddr a) {
        if (family == AddressFamily.INET4 && a instanceof SockAddr.Inet6) {
            throw new ErrnoException(Errno.EAFNOSUPPORT, "IPv6 address on an IPv4 socket");
        }
        if (family == AddressFamily.INET6 && a instanceof SockAddr.Inet4) {
            throw new ErrnoException(Errno.EINVAL, "IPv4 address on an IPv6 socket");
        }
        if (a instanceof SockAddr.Inet4 || a instanceof SockAddr.Inet6) {
            return (InetSocketAddress) a.toJava();
        }
        throw new ErrnoException(Errno.EAFNOSUPPORT, "not an IP address");
    }

    private void checkOpen() {
        if (closed) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    @Override
    public void bind(SockAddr local) throws IOException {
        InetSocketAddress a = inet(local);
        synchronized (io) {
            checkOpen();
            if (ch.getLocalAddress() != null) {
                throw new ErrnoException(Errno.EINVAL, "already bound");
            }
            if (!policy.allowsBind(a.getAddress(), a.getPort())) {
                throw new ErrnoException(Errno.EPERM, "the network policy does not allow binding " + a);
            }
            try {
                ch.bind(a);
            } catch (IOException | RuntimeException e) {
                throw Errors.of(e);
            }
        }
    }

    @Override
    public void listen(int backlog) {
        throw new ErrnoException(Errno.ENOTSUP, "listen on a datagram socket");
    }

    @Override
    public void connect(SockAddr remote, boolean nonBlocking) throws IOException {
        synchronized (io) {
            checkOpen();
            try {
                if (remote instanceof SockAddr.Unspecified) {
                    ch.disconnect();
                    return;
                }
                InetSocketAddress a = inet(remote);
                if (!policy.allows(a.getAddress(), a.getPort())) {
                    throw new ErrnoException(Errno.EPERM, "the network policy does not allow " + a);
                }
                if (ch.isConnected()) {
                    ch.disconnect();
                }
                ch.connect(a);
                held = null;
            } catch (IOException | RuntimeException e) {
                throw Errors.of(e);
            }
        }
    }

    @Override
    public Accepted accept(boolean nonBlocking) {
        throw new ErrnoException(Errno.ENOTSUP, "accept on a datagram socket");
    }

    @Override
    public int send(ByteBuffer data, Set<SendFlag> flags) throws IOException {
        if (!ch.isConnected()) {
            throw new ErrnoException(Errno.EDESTADDRREQ);
        }
        return sendTo(data, flags, null);
    }

    @Override
    public int sendTo(ByteBuffer data, Set<SendFlag> flags, SockAddr to) throws IOException {
        InetSocketAddress dest = null;
        if (to != null && !(to instanceof SockAddr.Unspecified)) {
            dest = inet(to);
            if (!policy.allows(dest.getAddress(), dest.getPort())) {
                throw new ErrnoException(Errno.EPERM, "the network policy does not allow sending to " + dest);
            }
        }
        if (data.remaining() > MAX_DATAGRAM - 8) {
            throw new ErrnoException(Errno.EMSGSIZE);
        }
        long deadline = NO_DEADLINE;
        while (true) {
            long seen = generation();
            synchronized (io) {
                checkOpen();
                if (writeShut) {
                    throw new ErrnoException(Errno.EPIPE);
                }
                int len = data.remaining();
                try {
                    int n;
                    if (dest == null || ch.isConnected()) {
                        if (!ch.isConnected()) {
                            throw new ErrnoException(Errno.EDESTADDRREQ);
                        }
                        n = ch.write(data);
                    } else {
                        n = ch.send(data, dest);
                    }
                    if (n > 0 || len == 0) {
                        return n;
                    }
                } catch (IOException | RuntimeException e) {
                    throw Errors.of(e);
                }
            }
            if (flags.contains(SendFlag.DONT_WAIT)) {
                arm(SelectionKey.OP_WRITE);
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (deadline == NO_DEADLINE) {
                deadline = deadline(SocketOption.SEND_TIMEOUT);
            }
            await(SelectionKey.OP_WRITE, seen, deadline);
        }
    }

    @Override
    public Received recv(ByteBuffer into, Set<RecvFlag> flags) throws IOException {
        Received r = recvFrom(into, flags);
        return new Received(r.length(), r.truncated(), null);
    }

    @Override
    public Received recvFrom(ByteBuffer into, Set<RecvFlag> flags) throws IOException {
        boolean peek = flags.contains(RecvFlag.PEEK);
        long deadline = NO_DEADLINE;
        while (true) {
            long seen = generation();
            synchronized (io) {
                checkOpen();
                if (held == null && !readShut) {
                    receiveAhead();
                }
                if (held != null) {
                    int n = Math.min(into.remaining(), held.length);
                    into.put(held, 0, n);
                    boolean truncated = n < held.length;
                    int length = truncated && flags.contains(RecvFlag.DATA_TRUNCATED) ? held.length : n;
                    SockAddr from = SockAddr.of(heldFrom);
                    if (!peek) {
                        held = null;
                        heldFrom = null;
                    }
                    return new Received(length, truncated, from);
                }
                if (pendingError != null) {
                    Errno e = pendingError;
                    pendingError = null;
                    throw new ErrnoException(e);
                }
                if (readShut) {
                    return new Received(0, false, null);
                }
            }
            if (flags.contains(RecvFlag.DONT_WAIT)) {
                arm(SelectionKey.OP_READ);
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (deadline == NO_DEADLINE) {
                deadline = deadline(SocketOption.RECV_TIMEOUT);
            }
            await(SelectionKey.OP_READ, seen, deadline);
        }
    }

    /** Takes one datagram the policy allows into the held slot, if one is there. Holds io. */
    private void receiveAhead() {
        ByteBuffer buf = SCRATCH.get();
        while (true) {
            buf.clear();
            SocketAddress from;
            try {
                from = ch.receive(buf);
            } catch (IOException | RuntimeException e) {
                pendingError = Errors.errno(e);
                return;
            }
            if (from == null) {
                return;
            }
            var in = (InetSocketAddress) from;
            if (!policy.allowsAll() && !policy.allows(in.getAddress(), in.getPort())) {
                continue;
            }
            held = Arrays.copyOf(buf.array(), buf.position());
            heldFrom = from;
            return;
        }
    }

    @Override
    public boolean readReady() {
        synchronized (io) {
            if (closed || readShut || held != null || pendingError != null) {
                return true;
            }
            receiveAhead();
            if (held != null || pendingError != null) {
                return true;
            }
            arm(SelectionKey.OP_READ);
            return false;
        }
    }

    @Override
    public boolean hungUp() {
        return closed || (readShut && writeShut);
    }

    @Override
    public void shutdown(Shutdown how) {
        synchronized (io) {
            checkOpen();
            if (!ch.isConnected()) {
                throw new ErrnoException(Errno.ENOTCONN);
            }
            readShut |= how != Shutdown.WRITE;
            writeShut |= how != Shutdown.READ;
        }
        wake(READABLE | WRITABLE);
    }

    @Override
    public SockAddr localAddress() throws IOException {
        synchronized (io) {
            checkOpen();
            var a = (InetSocketAddress) ch.getLocalAddress();
            if (a == null) {
                return family == AddressFamily.INET6 ? SockAddr.Inet6.of(new byte[SockAddr.INET6_BYTES], 0, 0, 0)
                        : SockAddr.Inet4.of(new byte[SockAddr.INET4_BYTES], 0);
            }
            return SockAddr.of(a);
        }
    }

    @Override
    public SockAddr peerAddress() throws IOException {
        synchronized (io) {
            checkOpen();
            SocketAddress r = ch.getRemoteAddress();
            if (r == null) {
                throw new ErrnoException(Errno.ENOTCONN);
            }
            return SockAddr.of(r);
        }
    }

    @Override
    public SocketStatus status() {
        return closed ? SocketStatus.CLOSED : SocketStatus.OPENED;
    }

    private static java.net.SocketOption<Boolean> jdkFlag(SocketOption o) {
        return switch (o) {
            case REUSE_ADDR -> StandardSocketOptions.SO_REUSEADDR;
            case REUSE_PORT -> StandardSocketOptions.SO_REUSEPORT;
            case BROADCAST -> StandardSocketOptions.SO_BROADCAST;
            case MULTICAST_LOOP_V4, MULTICAST_LOOP_V6 -> StandardSocketOptions.IP_MULTICAST_LOOP;
            default -> null;
        };
    }

    @Override
    public void setFlag(SocketOption option, boolean value) throws IOException {
        synchronized (io) {
            checkOpen();
            var jo = jdkFlag(option);
            if (jo != null) {
                try {
                    ch.setOption(jo, value);
                } catch (IOException | RuntimeException e) {
                    throw Errors.of(e);
                }
            } else if (option == SocketOption.NO_DELAY || option == SocketOption.KEEP_ALIVE
                    || option == SocketOption.LISTENING) {
                throw new ErrnoException(Errno.ENOPROTOOPT, option + " is for stream sockets");
            }
            storeFlag(option, value);
        }
    }

    @Override
    public boolean flag(SocketOption option) throws IOException {
        synchronized (io) {
            checkOpen();
            var jo = jdkFlag(option);
            return jo != null ? ch.getOption(jo) : storedFlag(option);
        }
    }

    @Override
    public void setSize(SocketOption option, long value) throws IOException {
        synchronized (io) {
            checkOpen();
            int v = (int) Math.clamp(value, 0, Integer.MAX_VALUE);
            try {
                switch (option) {
                    case RECV_BUF_SIZE -> ch.setOption(StandardSocketOptions.SO_RCVBUF, Math.max(v, 1));
                    case SEND_BUF_SIZE -> ch.setOption(StandardSocketOptions.SO_SNDBUF, Math.max(v, 1));
                    case MULTICAST_TTL_V4 -> ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, Math.min(v, 255));
                    case LAST_ERROR, TYPE, PROTO -> throw new ErrnoException(Errno.ENOPROTOOPT, option + " is read-only");
                    default -> { }
                }
            } catch (IOException | IllegalArgumentException e) {
                throw Errors.of(e);
            }
            storeSize(option, value);
        }
    }

    @Override
    public long size(SocketOption option) throws IOException {
        synchronized (io) {
            checkOpen();
            return switch (option) {
                case RECV_BUF_SIZE -> ch.getOption(StandardSocketOptions.SO_RCVBUF);
                case SEND_BUF_SIZE -> ch.getOption(StandardSocketOptions.SO_SNDBUF);
                case MULTICAST_TTL_V4 -> ch.getOption(StandardSocketOptions.IP_MULTICAST_TTL);
                case LAST_ERROR -> {
                    Errno e = pendingError;
                    pendingError = null;
                    yield e == null ? 0 : e.code();
                }
                case TYPE -> type.code();
                case PROTO -> Protocol.UDP.code();
                case TTL -> storedSize(option, 64);
                default -> storedSize(option, 0);
            };
        }
    }

    @Override
    public void joinMulticastV4(Inet4Address group, Inet4Address iface) throws IOException {
        synchronized (io) {
            checkOpen();
            try {
                groups.add(ch.join(group, nic(iface)));
            } catch (IOException | RuntimeException e) {
                throw Errors.of(e);
            }
        }
    }

    @Override
    public void leaveMulticastV4(Inet4Address group, Inet4Address iface) throws IOException {
        leave(group);
    }

    @Override
    public void joinMulticastV6(Inet6Address group, int interfaceIndex) throws IOException {
        synchronized (io) {
            checkOpen();
            try {
                NetworkInterface nic = interfaceIndex == 0 ? defaultNic() : NetworkInterface.getByIndex(interfaceIndex);
                if (nic == null) {
                    throw new ErrnoException(Errno.ENODEV, "no interface " + interfaceIndex);
                }
                groups.add(ch.join(group, nic));
            } catch (IOException | RuntimeException e) {
                throw Errors.of(e);
            }
        }
    }

    @Override
    public void leaveMulticastV6(Inet6Address group, int interfaceIndex) throws IOException {
        leave(group);
    }

    private void leave(InetAddress group) {
        synchronized (io) {
            checkOpen();
            for (var it = groups.iterator(); it.hasNext(); ) {
                MembershipKey k = it.next();
                if (k.group().equals(group)) {
                    k.drop();
                    it.remove();
                    return;
                }
            }
            throw new ErrnoException(Errno.EADDRNOTAVAIL, "not a member of " + group);
        }
    }

    /** The interface holding {@code iface}; the wildcard picks the default one. */
    private static NetworkInterface nic(Inet4Address iface) throws IOException {
        if (iface.isAnyLocalAddress()) {
            return defaultNic();
        }
        NetworkInterface n = NetworkInterface.getByInetAddress(iface);
        if (n == null) {
            throw new ErrnoException(Errno.EADDRNOTAVAIL, "no interface has " + iface);
        }
        return n;
    }

    /** The first up, multicast-capable interface that is not loopback, else loopback. */
    private static NetworkInterface defaultNic() throws IOException {
        NetworkInterface loopback = null;
        for (var it = NetworkInterface.networkInterfaces().iterator(); it.hasNext(); ) {
            NetworkInterface n = it.next();
            if (!n.isUp()) {
                continue;
            }
            if (n.isLoopback()) {
                loopback = n;
            } else if (n.supportsMulticast()) {
                return n;
            }
        }
        if (loopback == null) {
            throw new ErrnoException(Errno.ENODEV, "no interface for multicast");
        }
        return loopback;
    }

    @Override
    public void close() throws IOException {
        synchronized (io) {
            if (closed) {
                return;
            }
            closed = true;
            poller.close(ch, key);
        }
        wake(READABLE | WRITABLE | HANGUP);
    }
}
