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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * A TCP socket over a non-blocking {@link SocketChannel}, or a {@link ServerSocketChannel} once it
 * listens. The JDK binds and listens in one step, so bind(2) binds a plain channel (which reports
 * EADDRINUSE at bind, as Linux) and listen(2) moves the address to a server channel.
 *
 * <p>NIO has no MSG_PEEK and no "bytes available": readiness checks read ahead into a small
 * inbox that the next receive serves first.
 *
 * <p>Channels are never put in blocking mode, not even for a plain blocking recv: a thread blocked
 * inside a blocking JDK channel can be woken only by closing the channel (an interrupt closes it
 * too), so a signal could not reach it, and every other thread's poll, non-blocking send or
 * switch of mode would have to wait until it returned. A blocking call waits on this socket's
 * condition instead, woken by the poller.
 */
final class TcpSocket extends HostSocket {
    private static final int PROBE_BYTES = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> PROBE = ThreadLocal.withInitial(() -> ByteBuffer.allocate(PROBE_BYTES));

    private enum State { FRESH, BOUND, CONNECTING, CONNECTED, LISTENING, FAILED, CLOSED }

    private final Poller poller;
    private final NetworkPolicy policy;
    private final Object io = new Object();
    private SocketChannel ch;
    private ServerSocketChannel server;
    /** The selector key of the current channel, made at the first arm (an unarmed channel closes at once). */
    private volatile SelectionKey key;
    private volatile State state;
    private volatile Errno pendingError;
    private byte[] inbox;
    private int inboxPos;
    private volatile boolean eof;
    private boolean readShut;
    private boolean writeShut;
    private volatile boolean writeBlocked;
    private final ArrayDeque<SocketChannel> accepted = new ArrayDeque<>();
    private SockAddr peer;

    TcpSocket(AddressFamily family, Protocol protocol, Poller poller, NetworkPolicy policy) throws IOException {
        super(family, SocketType.STREAM, protocol);
        this.poller = poller;
        this.policy = policy;
        this.ch = openChannel();
        this.state = State.FRESH;
    }

    /** An accepted connection. */
    private TcpSocket(TcpSocket listener, SocketChannel c) throws IOException {
        super(listener.family, SocketType.STREAM, listener.protocol);
        this.poller = listener.poller;
        this.policy = listener.policy;
        // never blocking (see the class comment): a blocked guest thread waits on this socket's
        // condition, which a signal can interrupt; a blocking JDK channel would be closed by it
        c.configureBlocking(false);
        this.ch = c;
        this.state = State.CONNECTED;
        this.peer = SockAddr.of(c.getRemoteAddress());
        for (var o : new SocketOption[] {SocketOption.NO_DELAY, SocketOption.KEEP_ALIVE}) {
            if (listener.storedFlag(o)) {
                setFlag(o, true);
            }
        }
    }

    private ProtocolFamily pf() {
        return family == AddressFamily.INET6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private SocketChannel openChannel() throws IOException {
        SocketChannel c = SocketChannel.open(pf());
        c.configureBlocking(false);
        applyStored(c);
        return c;
    }

    /** Options set before the channel existed (or on the channel listen replaced). */
    private void applyStored(NetworkChannel c) throws IOException {
        for (var o : new SocketOption[] {SocketOption.REUSE_ADDR, SocketOption.REUSE_PORT, SocketOption.NO_DELAY,
                SocketOption.KEEP_ALIVE}) {
            synchronized (stored) {
                if (!stored.containsKey(o)) {
                    continue;
                }
            }
            var jo = jdkFlag(o);
            if (jo != null && c.supportedOptions().contains(jo)) {
                c.setOption(jo, storedFlag(o));
            }
        }
    }

    @Override
    void arm(int ops) {
        SelectionKey k = key;
        if (k == null) {
            synchronized (io) {
                k = key;
                if (k == null) {
                    java.nio.channels.SelectableChannel c = server != null ? server : ch;
                    if (c == null || !c.isOpen()) {
                        return;
                    }
                    try {
                        k = poller.register(c, this);
                    } catch (java.nio.channels.ClosedChannelException closed) {
                        return;
                    }
                    key = k;
                }
            }
        }
        poller.arm(k, ops);
    }

    @Override
    void fired(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            writeBlocked = false;
        }
        super.fired(ops);
    }

    private InetSocketAddress inet(SockAddr a) {
        if (a instanceof SockAddr.Inet4 || a instanceof SockAddr.Inet6) {
            if (family == AddressFamily.INET4 && a instanceof SockAddr.Inet6) {
                throw new ErrnoException(Errno.EAFNOSUPPORT, "IPv6 address on an IPv4 socket");
            }
            if (family == AddressFamily.INET6 && a instanceof SockAddr.Inet4) {
                throw new ErrnoException(Errno.EINVAL, "IPv4 address on an IPv6 socket");
            }
            return (InetSocketAddress) a.toJava();
        }
        throw new ErrnoException(Errno.EAFNOSUPPORT, "not an IP address");
    }

    private void checkOpen() {
        if (state == State.CLOSED) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    @Override
    public void bind(SockAddr local) throws IOException {
        InetSocketAddress a = inet(local);
        synchronized (io) {
            checkOpen();
            if (state != State.FRESH) {
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
            state = State.BOUND;
        }
    }

    @Override
    public void listen(int backlog) throws IOException {
        synchronized (io) {
            checkOpen();
            switch (state) {
                case LISTENING -> {
                    return;
                }
                case FRESH, BOUND -> { }
                default -> throw new ErrnoException(Errno.EINVAL, "socket is connected");
            }
            InetSocketAddress local = state == State.BOUND ? (InetSocketAddress) ch.getLocalAddress()
                    : new InetSocketAddress(family == AddressFamily.INET6 ? InetAddress.ofLiteral("::")
                            : InetAddress.ofLiteral("0.0.0.0"), 0);
            if (state == State.FRESH && !policy.allowsBind(local.getAddress(), 0)) {
                throw new ErrnoException(Errno.EPERM, "the network policy does not allow listening");
            }
            ServerSocketChannel s = ServerSocketChannel.open(pf());
            try {
                s.configureBlocking(false);
                poller.close(ch, key);
                key = null;
                applyStored(s);
                s.bind(local, backlog);
            } catch (IOException | RuntimeException e) {
                s.close();
                state = State.FAILED;
                throw Errors.of(e);
            }
            server = s;
            ch = null;
            state = State.LISTENING;
        }
    }

    @Override
    public void connect(SockAddr remote, boolean nonBlocking) throws IOException {
        InetSocketAddress a = inet(remote);
        synchronized (io) {
            checkOpen();
            switch (state) {
                case CONNECTED -> throw new ErrnoException(Errno.EISCONN);
                case CONNECTING -> {
                    if (nonBlocking) {
                        throw new ErrnoException(Errno.EALREADY);
                    }
                }
                case LISTENING -> throw new ErrnoException(Errno.EISCONN, "listening");
                case FAILED -> {
                    if (ch != null) {
                        poller.close(ch, key);
                        key = null;
                    }
                    ch = openChannel();
                    pendingError = null;
                    state = State.FRESH;
                }
                default -> { }
            }
            if (state != State.CONNECTING) {
                if (!policy.allows(a.getAddress(), a.getPort())) {
                    throw new ErrnoException(Errno.EPERM, "the network policy does not allow connecting to " + a);
                }
                boolean done;
                try {
                    done = ch.connect(a);
                } catch (IOException | RuntimeException e) {
                    state = State.FAILED;
                    throw Errors.of(e);
                }
                if (done) {
                    connected();
                    return;
                }
                state = State.CONNECTING;
                if (nonBlocking) {
                    throw new ErrnoException(Errno.EINPROGRESS);
                }
            }
        }
        long deadline = deadline(SocketOption.CONNECT_TIMEOUT);
        if (deadline == NO_DEADLINE) {
            deadline = deadline(SocketOption.SEND_TIMEOUT);
        }
        while (true) {
            long seen = generation();
            synchronized (io) {
                if (finishConnect()) {
                    Errno e = pendingError;
                    if (e != null) {
                        pendingError = null;
                        throw new ErrnoException(e);
                    }
                    return;
                }
            }
            try {
                await(SelectionKey.OP_CONNECT, seen, deadline);
            } catch (ErrnoException timeout) {
                throw timeout.errno() == Errno.EAGAIN ? new ErrnoException(Errno.EINPROGRESS, "connect timed out") : timeout;
            }
        }
    }

    /** Completes a connect under way; true once it finished (failed ones leave pendingError). Holds io. */
    private boolean finishConnect() {
        if (state != State.CONNECTING) {
            return state != State.FRESH && state != State.BOUND;
        }
        try {
            if (!ch.finishConnect()) {
                return false;
            }
            connected();
        } catch (IOException | RuntimeException e) {
            pendingError = Errors.errno(e);
            state = State.FAILED;
        }
        return true;
    }

    private void connected() throws IOException {
        state = State.CONNECTED;
        peer = SockAddr.of(ch.getRemoteAddress());
    }

    @Override
    public Accepted accept(boolean nonBlocking) throws IOException {
        long deadline = deadline(SocketOption.ACCEPT_TIMEOUT);
        if (deadline == NO_DEADLINE) {
            deadline = deadline(SocketOption.RECV_TIMEOUT);
        }
        while (true) {
            long seen = generation();
            SocketChannel c;
            synchronized (io) {
                checkOpen();
                if (state != State.LISTENING) {
                    throw new ErrnoException(Errno.EINVAL, "not listening");
                }
                c = takeAccepted();
            }
            if (c != null) {
                var s = new TcpSocket(this, c);
                return new Accepted(s, s.peer);
            }
            if (nonBlocking) {
                arm(SelectionKey.OP_ACCEPT); // the next connection is an edge for epoll
                throw new ErrnoException(Errno.EAGAIN);
            }
            await(SelectionKey.OP_ACCEPT, seen, deadline);
        }
    }

    /** The next pending connection the policy allows, or null. Holds io. */
    private SocketChannel takeAccepted() throws IOException {
        if (!accepted.isEmpty()) {
            return accepted.poll();
        }
        while (true) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                throw Errors.of(e);
            }
            if (c == null) {
                return null;
            }
            var r = (InetSocketAddress) c.getRemoteAddress();
            if (r != null && policy.allows(r.getAddress(), r.getPort())) {
                return c;
            }
            c.close();
        }
    }

    @Override
    public int send(ByteBuffer data, Set<SendFlag> flags) throws IOException {
        boolean dontWait = flags.contains(SendFlag.DONT_WAIT);
        long deadline = NO_DEADLINE;
        int total = 0;
        while (true) {
            long seen = generation();
            synchronized (io) {
                checkOpen();
                if (state == State.CONNECTING) {
                    finishConnect();
                }
                if (pendingError != null) {
                    Errno e = pendingError;
                    pendingError = null;
                    throw new ErrnoException(e);
                }
                if (writeShut) {
                    throw new ErrnoException(Errno.EPIPE);
                }
                if (state != State.CONNECTED && state != State.CONNECTING) {
                    throw new ErrnoException(state == State.FAILED ? Errno.EPIPE : Errno.ENOTCONN);
                }
                if (state == State.CONNECTED) {
                    int n;
                    try {
                        n = ch.write(data);
                    } catch (IOException | RuntimeException e) {
                        if (total > 0) {
                            return total;
                        }
                        throw Errors.of(e);
                    }
                    total += n;
                    if (!data.hasRemaining()) {
                        return total;
                    }
                    if (n == 0) {
                        writeBlocked = true;
                    }
                }
            }
            if (dontWait) {
                if (total > 0) {
                    return total;
                }
                arm(state == State.CONNECTING ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE);
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (deadline == NO_DEADLINE) {
                deadline = deadline(SocketOption.SEND_TIMEOUT);
            }
            try {
                await(state == State.CONNECTING ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE, seen, deadline);
            } catch (ErrnoException e) {
                if (total > 0) {
                    return total;
                }
                throw e;
            }
        }
    }

    @Override
    public int sendTo(ByteBuffer data, Set<SendFlag> flags, SockAddr to) throws IOException {
        if (state == State.CONNECTED || to == null || to instanceof SockAddr.Unspecified) {
            return send(data, flags);
        }
        throw new ErrnoException(Errno.ENOTCONN, "sendto on an unconnected stream socket");
    }

    @Override
    public Received recv(ByteBuffer into, Set<RecvFlag> flags) throws IOException {
        boolean peek = flags.contains(RecvFlag.PEEK);
        boolean dontWait = flags.contains(RecvFlag.DONT_WAIT);
        boolean waitAll = flags.contains(RecvFlag.WAIT_ALL) && !peek && !dontWait;
        long deadline = NO_DEADLINE;
        int total = 0;
        while (true) {
            long seen = generation();
            synchronized (io) {
                checkOpen();
                if (inbox != null) {
                    int n = Math.min(into.remaining(), inbox.length - inboxPos);
                    into.put(inbox, inboxPos, n);
                    if (!peek) {
                        inboxPos += n;
                        if (inboxPos == inbox.length) {
                            inbox = null;
                        }
                    }
                    total += n;
                    if (!waitAll || !into.hasRemaining()) {
                        return new Received(total, false, null);
                    }
                }
                if (pendingError != null) {
                    Errno e = pendingError;
                    pendingError = null;
                    if (total > 0) {
                        return new Received(total, false, null);
                    }
                    throw new ErrnoException(e);
                }
                if (eof || readShut || !into.hasRemaining()) {
                    return new Received(total, false, null);
                }
                if (state == State.CONNECTING) {
                    finishConnect();
                }
                if (state == State.FAILED) {
                    return new Received(total, false, null);
                }
                if (state != State.CONNECTED && state != State.CONNECTING) {
                    throw new ErrnoException(Errno.ENOTCONN);
                }
                if (state == State.CONNECTED) {
                    int n = peek ? fillInbox() : readInto(into);
                    if (peek && n > 0) {
                        continue;
                    }
                    if (n < 0) {
                        return new Received(total, false, null);
                    }
                    total += n;
                    if (n > 0 && (!waitAll || !into.hasRemaining())) {
                        return new Received(total, false, null);
                    }
                }
            }
            if (dontWait) {
                if (total > 0) {
                    return new Received(total, false, null);
                }
                arm(state == State.CONNECTING ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ);
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (deadline == NO_DEADLINE) {
                deadline = deadline(SocketOption.RECV_TIMEOUT);
            }
            try {
                await(state == State.CONNECTING ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ, seen, deadline);
            } catch (ErrnoException e) {
                if (total > 0) {
                    return new Received(total, false, null);
                }
                throw e;
            }
        }
    }

    /** Reads from the channel into {@code into}; -1 at end of stream (remembered). Holds io. */
    private int readInto(ByteBuffer into) {
        try {
            int n = ch.read(into);
            if (n < 0) {
                eof = true;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            Errno errno = Errors.errno(e);
            eof = true;
            throw new ErrnoException(errno, String.valueOf(e.getMessage()));
        }
    }

    /** Reads ahead into the inbox; the bytes read, -1 at end of stream, 0 if none. Holds io. */
    private int fillInbox() {
        ByteBuffer probe = PROBE.get().clear();
        int n;
        try {
            n = ch.read(probe);
        } catch (IOException | RuntimeException e) {
            pendingError = Errors.errno(e);
            eof = true;
            return -1;
        }
        if (n < 0) {
            eof = true;
        } else if (n > 0) {
            byte[] fresh = Arrays.copyOf(probe.array(), n);
            if (inbox == null) {
                inbox = fresh;
                inboxPos = 0;
            } else {
                byte[] merged = Arrays.copyOfRange(inbox, inboxPos, inbox.length + n);
                System.arraycopy(fresh, 0, merged, inbox.length - inboxPos, n);
                inbox = merged;
                inboxPos = 0;
            }
        }
        return n;
    }

    @Override
    public Received recvFrom(ByteBuffer into, Set<RecvFlag> flags) throws IOException {
        Received r = recv(into, flags);
        return new Received(r.length(), false, peer);
    }

    @Override
    public boolean readReady() throws IOException {
        synchronized (io) {
            switch (state) {
                case LISTENING -> {
                    if (!accepted.isEmpty()) {
                        return true;
                    }
                    SocketChannel c = takeAccepted();
                    if (c != null) {
                        accepted.add(c);
                        return true;
                    }
                    arm(SelectionKey.OP_ACCEPT);
                    return false;
                }
                case CONNECTED -> {
                    if (inbox != null || eof || readShut || pendingError != null) {
                        return true;
                    }
                    if (fillInbox() != 0) {
                        return true;
                    }
                    arm(SelectionKey.OP_READ);
                    return false;
                }
                case CONNECTING -> {
                    if (finishConnect()) {
                        return state != State.CONNECTED || readReady();
                    }
                    arm(SelectionKey.OP_CONNECT);
                    return false;
                }
                case FAILED, CLOSED -> {
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
    }

    @Override
    public boolean writeReady() throws IOException {
        synchronized (io) {
            switch (state) {
                case CONNECTING -> {
                    if (finishConnect()) {
                        return true;
                    }
                    arm(SelectionKey.OP_CONNECT);
                    return false;
                }
                case CONNECTED -> {
                    if (!writeBlocked || writeShut) {
                        return true;
                    }
                    arm(SelectionKey.OP_WRITE);
                    return false;
                }
                case LISTENING -> {
                    return false;
                }
                default -> {
                    return true;
                }
            }
        }
    }

    @Override
    public boolean hungUp() {
        synchronized (io) {
            return eof || state == State.FAILED || state == State.CLOSED || pendingError != null
                    || (readShut && writeShut);
        }
    }

    @Override
    public void shutdown(Shutdown how) throws IOException {
        synchronized (io) {
            checkOpen();
            if (state != State.CONNECTED) {
                throw new ErrnoException(Errno.ENOTCONN);
            }
            try {
                if (how != Shutdown.WRITE) {
                    ch.shutdownInput();
                    readShut = true;
                }
                if (how != Shutdown.READ) {
                    ch.shutdownOutput();
                    writeShut = true;
                }
            } catch (IOException | RuntimeException e) {
                throw Errors.of(e);
            }
        }
        wake(READABLE | WRITABLE);
    }

    @Override
    public SockAddr localAddress() throws IOException {
        synchronized (io) {
            checkOpen();
            NetworkChannel c = server != null ? server : ch;
            var a = c == null ? null : (InetSocketAddress) c.getLocalAddress();
            if (a == null) {
                return family == AddressFamily.INET6
                        ? SockAddr.Inet6.of(new byte[SockAddr.INET6_BYTES], 0, 0, 0)
                        : SockAddr.Inet4.of(new byte[SockAddr.INET4_BYTES], 0);
            }
            return SockAddr.of(a);
        }
    }

    @Override
    public SockAddr peerAddress() throws IOException {
        synchronized (io) {
            checkOpen();
            if (state == State.CONNECTING) {
                finishConnect();
            }
            if (state != State.CONNECTED || peer == null) {
                throw new ErrnoException(Errno.ENOTCONN);
            }
            return peer;
        }
    }

    @Override
    public SocketStatus status() {
        return switch (state) {
            case FRESH, BOUND, CONNECTING -> SocketStatus.OPENING;
            case CONNECTED, LISTENING -> SocketStatus.OPENED;
            case FAILED -> SocketStatus.FAILED;
            case CLOSED -> SocketStatus.CLOSED;
        };
    }

    private NetworkChannel channel() {
        return server != null ? server : ch;
    }

    private static java.net.SocketOption<Boolean> jdkFlag(SocketOption o) {
        return switch (o) {
            case REUSE_ADDR -> StandardSocketOptions.SO_REUSEADDR;
            case REUSE_PORT -> StandardSocketOptions.SO_REUSEPORT;
            case NO_DELAY -> StandardSocketOptions.TCP_NODELAY;
            case KEEP_ALIVE -> StandardSocketOptions.SO_KEEPALIVE;
            default -> null;
        };
    }

    @Override
    public void setFlag(SocketOption option, boolean value) throws IOException {
        synchronized (io) {
            checkOpen();
            storeFlag(option, value);
            var jo = jdkFlag(option);
            NetworkChannel c = channel();
            if (jo != null && c != null && c.supportedOptions().contains(jo)) {
                try {
                    c.setOption(jo, value);
                } catch (IOException | RuntimeException e) {
                    throw Errors.of(e);
                }
            } else if (option == SocketOption.LISTENING || option == SocketOption.BROADCAST
                    || option == SocketOption.MULTICAST_LOOP_V4 || option == SocketOption.MULTICAST_LOOP_V6) {
                throw new ErrnoException(Errno.ENOPROTOOPT, option + " cannot be set on a TCP socket");
            }
        }
    }

    @Override
    public boolean flag(SocketOption option) throws IOException {
        synchronized (io) {
            checkOpen();
            if (option == SocketOption.LISTENING) {
                return state == State.LISTENING;
            }
            var jo = jdkFlag(option);
            NetworkChannel c = channel();
            if (jo != null && c != null && c.supportedOptions().contains(jo)) {
                return c.getOption(jo);
            }
            return storedFlag(option);
        }
    }

    @Override
    public void setSize(SocketOption option, long value) throws IOException {
        synchronized (io) {
            checkOpen();
            switch (option) {
                case RECV_BUF_SIZE, SEND_BUF_SIZE -> {
                    var jo = option == SocketOption.RECV_BUF_SIZE ? StandardSocketOptions.SO_RCVBUF
                            : StandardSocketOptions.SO_SNDBUF;
                    NetworkChannel c = channel();
                    int v = (int) Math.clamp(value, 1, Integer.MAX_VALUE);
                    if (c.supportedOptions().contains(jo)) {
                        c.setOption(jo, v);
                    }
                    storeSize(option, value);
                }
                case LAST_ERROR, TYPE, PROTO -> throw new ErrnoException(Errno.ENOPROTOOPT, option + " is read-only");
                default -> storeSize(option, value);
            }
        }
    }

    @Override
    public long size(SocketOption option) throws IOException {
        synchronized (io) {
            checkOpen();
            return switch (option) {
                case LAST_ERROR -> {
                    if (state == State.CONNECTING) {
                        finishConnect();
                    }
                    Errno e = pendingError;
                    pendingError = null;
                    yield e == null ? 0 : e.code();
                }
                case TYPE -> type.code();
                case PROTO -> Protocol.TCP.code();
                case RECV_BUF_SIZE, SEND_BUF_SIZE -> {
                    var jo = option == SocketOption.RECV_BUF_SIZE ? StandardSocketOptions.SO_RCVBUF
                            : StandardSocketOptions.SO_SNDBUF;
                    NetworkChannel c = channel();
                    yield c.supportedOptions().contains(jo) ? c.getOption(jo) : storedSize(option, 0);
                }
                case TTL -> storedSize(option, 64);
                default -> storedSize(option, 0);
            };
        }
    }

    @Override
    void setLinger(Optional<Duration> value) throws IOException {
        synchronized (io) {
            checkOpen();
            int secs = value.map(d -> (int) Math.min(d.toSeconds(), 65535)).orElse(-1);
            if (ch != null) {
                ch.setOption(StandardSocketOptions.SO_LINGER, secs);
            }
            synchronized (stored) {
                stored.put(SocketOption.LINGER, secs);
            }
        }
    }

    @Override
    Optional<Duration> linger() {
        synchronized (stored) {
            return stored.get(SocketOption.LINGER) instanceof Integer s && s >= 0
                    ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (io) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            for (SocketChannel c : accepted) {
                c.close();
            }
            accepted.clear();
            if (ch != null) {
                poller.close(ch, key);
            }
            if (server != null) {
                poller.close(server, key);
            }
        }
        wake(READABLE | WRITABLE | HANGUP);
    }
}
