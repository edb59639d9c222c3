package dev.wasix4j.core.syscalls;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.Protocol;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.Shutdown;
import dev.wasix4j.sockets.SockAddr;
import dev.wasix4j.sockets.SocketHandle;
import dev.wasix4j.sockets.SocketOption;
import dev.wasix4j.sockets.SocketStatus;
import dev.wasix4j.sockets.SocketType;
import dev.wasix4j.sockets.SocketsProvider;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A provider that records what the dispatcher asked of it: sockets are in-memory message queues
 * (a pair is connected both ways), and every decoded argument is kept for the test to check.
 */
final class FakeSockets implements SocketsProvider {
    static final SockAddr.Inet4 ACCEPTED_PEER = SockAddr.Inet4.of(new byte[] {10, 0, 0, 2}, 4242);
    static final String KNOWN_HOST = "host.test";

    final List<FakeSocket> opened = new ArrayList<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public synchronized SocketHandle open(AddressFamily family, SocketType type, Protocol protocol) {
        calls.add("open " + family + " " + type + " " + protocol);
        var s = new FakeSocket(family, type, protocol);
        opened.add(s);
        return s;
    }

    @Override
    public synchronized Pair pair(AddressFamily family, SocketType type, Protocol protocol) {
        calls.add("pair " + family + " " + type + " " + protocol);
        var a = new FakeSocket(family, type, protocol);
        var b = new FakeSocket(family, type, protocol);
        a.other = b;
        b.other = a;
        opened.add(a);
        opened.add(b);
        return new Pair(a, b);
    }

    @Override
    public synchronized List<InetAddress> resolve(String host, int port, int max) throws java.net.UnknownHostException {
        calls.add("resolve " + host + " " + port + " " + max);
        if (!host.equals(KNOWN_HOST)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        byte[] v6 = new byte[16];
        v6[15] = 1;
        return List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), Inet6Address.getByAddress(null, v6, -1));
    }

    final class FakeSocket implements SocketHandle {
        final AddressFamily family;
        final SocketType type;
        final Protocol protocol;
        final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
        final Map<SocketOption, Object> options = new EnumMap<>(SocketOption.class);
        final List<String> log = new ArrayList<>();
        FakeSocket other;
        SockAddr local;
        SockAddr peer;
        int closes;
        Set<RecvFlag> lastRecvFlags;
        Set<SendFlag> lastSendFlags;

        FakeSocket(AddressFamily family, SocketType type, Protocol protocol) {
            this.family = family;
            this.type = type;
            this.protocol = protocol;
        }

        @Override
        public AddressFamily family() {
            return family;
        }

        @Override
        public SocketType type() {
            return type;
        }

        @Override
        public Protocol protocol() {
            return protocol;
        }

        @Override
        public void bind(SockAddr a) {
            local = a;
        }

        @Override
        public void listen(int backlog) {
            log.add("listen " + backlog);
        }

        @Override
        public void connect(SockAddr remote, boolean nonBlocking) {
            log.add("connect " + remote + (nonBlocking ? " nonblocking" : ""));
            peer = remote;
            if (nonBlocking) {
                throw new ErrnoException(Errno.EINPROGRESS);
            }
        }

        @Override
        public Accepted accept(boolean nonBlocking) {
            log.add("accept" + (nonBlocking ? " nonblocking" : ""));
            FakeSocket s;
            synchronized (FakeSockets.this) {
                s = new FakeSocket(family, type, protocol);
                opened.add(s);
            }
            s.peer = ACCEPTED_PEER;
            return new Accepted(s, ACCEPTED_PEER);
        }

        @Override
        public synchronized int send(ByteBuffer data, Set<SendFlag> flags) {
            lastSendFlags = flags;
            byte[] b = new byte[data.remaining()];
            data.get(b);
            if (other == null) {
                throw new ErrnoException(Errno.ENOTCONN);
            }
            synchronized (other) {
                other.inbound.add(b);
            }
            return b.length;
        }

        @Override
        public int sendTo(ByteBuffer data, Set<SendFlag> flags, SockAddr to) {
            log.add("sendTo " + to);
            return send(data, flags);
        }

        @Override
        public synchronized Received recv(ByteBuffer into, Set<RecvFlag> flags) {
            lastRecvFlags = flags;
            byte[] m = flags.contains(RecvFlag.PEEK) ? inbound.peek() : inbound.poll();
            if (m == null) {
                if (flags.contains(RecvFlag.DONT_WAIT)) {
                    throw new ErrnoException(Errno.EAGAIN);
                }
                return new Received(0, false, null);
            }
            int n = Math.min(m.length, into.remaining());
            into.put(m, 0, n);
            boolean truncated = n < m.length;
            int reported = truncated && flags.contains(RecvFlag.DATA_TRUNCATED) ? m.length : n;
            return new Received(reported, truncated, null);
        }

        @Override
        public Received recvFrom(ByteBuffer into, Set<RecvFlag> flags) {
            Received r = recv(into, flags);
            return new Received(r.length(), r.truncated(), ACCEPTED_PEER);
        }

        @Override
        public void shutdown(Shutdown how) {
            log.add("shutdown " + how);
        }

        @Override
        public SockAddr localAddress() {
            return local != null ? local : new SockAddr.Unspecified(0);
        }

        @Override
        public SockAddr peerAddress() {
            if (peer == null) {
                throw new ErrnoException(Errno.ENOTCONN);
            }
            return peer;
        }

        @Override
        public SocketStatus status() {
            return closes > 0 ? SocketStatus.CLOSED : SocketStatus.OPENED;
        }

        @Override
        public void setFlag(SocketOption option, boolean value) {
            options.put(option, value);
        }

        @Override
        public boolean flag(SocketOption option) {
            return (Boolean) options.getOrDefault(option, false);
        }

        @Override
        public void setTime(SocketOption option, Optional<Duration> value) {
            options.put(option, value);
        }

        @SuppressWarnings("unchecked")
        @Override
        public Optional<Duration> time(SocketOption option) {
            return (Optional<Duration>) options.getOrDefault(option, Optional.empty());
        }

        @Override
        public void setSize(SocketOption option, long value) {
            options.put(option, value);
        }

        @Override
        public long size(SocketOption option) {
            return (Long) options.getOrDefault(option, 0L);
        }

        @Override
        public void joinMulticastV4(Inet4Address group, Inet4Address iface) {
            log.add("join " + group.getHostAddress() + " on " + iface.getHostAddress());
        }

        @Override
        public void leaveMulticastV4(Inet4Address group, Inet4Address iface) {
            log.add("leave " + group.getHostAddress() + " on " + iface.getHostAddress());
        }

        @Override
        public void joinMulticastV6(Inet6Address group, int interfaceIndex) {
            log.add("join " + group.getHostAddress() + " on " + interfaceIndex);
        }

        @Override
        public void leaveMulticastV6(Inet6Address group, int interfaceIndex) {
            log.add("leave " + group.getHostAddress() + " on " + interfaceIndex);
        }

        @Override
        public synchronized boolean readReady() {
            return !inbound.isEmpty();
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
