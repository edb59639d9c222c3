package dev.wasix4j.sockets.host;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.Protocol;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.Shutdown;
import dev.wasix4j.sockets.SockAddr;
import dev.wasix4j.sockets.SocketOption;
import dev.wasix4j.sockets.SocketStatus;
import dev.wasix4j.sockets.SocketType;
import dev.wasix4j.sockets.SocketsProvider;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * One end of socketpair(2): two in-process lanes, one each way, never touching the host's network.
 * A stream pair reads across message boundaries; a datagram pair keeps them (and truncates).
 */
final class PairSocket extends HostSocket {
    /** Bytes a lane holds before a writer waits (Linux's default socket buffer is of this order). */
    static final int CAPACITY = 256 * 1024;

    /** One direction: messages written and not yet read. Guarded by its own monitor. */
    private static final class Lane {
        final ArrayDeque<byte[]> messages = new ArrayDeque<>();
        int headOffset;
        int bytes;
        boolean readerClosed;
        boolean writerClosed;
    }

    private final Lane in;
    private final Lane out;
    private PairSocket peer;
    private volatile boolean closed;

    private PairSocket(AddressFamily family, SocketType type, Protocol protocol, Lane in, Lane out) {
        super(family, type, protocol);
        this.in = in;
        this.out = out;
    }

    static SocketsProvider.Pair create(AddressFamily family, SocketType type, Protocol protocol) {
        Lane ab = new Lane();
        Lane ba = new Lane();
        var a = new PairSocket(family, type, protocol, ba, ab);
        var b = new PairSocket(family, type, protocol, ab, ba);
        a.peer = b;
        b.peer = a;
        return new SocketsProvider.Pair(a, b);
    }

    @Override
    void arm(int ops) {
        // the peer wakes this end on every change: nothing to arm
    }

    private boolean stream() {
        return type == SocketType.STREAM;
    }

    private void checkOpen() {
        if (closed) {
            throw new ErrnoException(Errno.EBADF);
        }
    }

    @Override
    public void bind(SockAddr local) {
        throw new ErrnoException(Errno.EINVAL, "a socketpair end is already bound");
    }

    @Override
    public void listen(int backlog) {
        throw new ErrnoException(Errno.EINVAL, "a socketpair end is connected");
    }

    @Override
    public void connect(SockAddr remote, boolean nonBlocking) {
        throw new ErrnoException(Errno.EISCONN);
    }

    @Override
    public Accepted accept(boolean nonBlocking) {
        throw new ErrnoException(Errno.EINVAL, "a socketpair end does not listen");
    }

    @Override
    public int send(ByteBuffer data, Set<SendFlag> flags) {
        int len = data.remaining();
        if (!stream() && len > CAPACITY) {
            throw new ErrnoException(Errno.EMSGSIZE);
        }
        long deadline = NO_DEADLINE;
        int sent = 0;
        while (true) {
            long seen = generation();
            synchronized (out) {
                checkOpen();
                if (out.readerClosed || out.writerClosed) {
                    if (sent > 0) {
                        return sent;
                    }
                    throw new ErrnoException(Errno.EPIPE);
                }
                int room = CAPACITY - out.bytes;
                int n = stream() ? Math.min(room, data.remaining()) : (room >= len ? len : 0);
                if (n > 0 || (len == 0 && !stream())) {
                    byte[] m = new byte[n];
                    data.get(m);
                    out.messages.add(m);
                    out.bytes += n;
                    sent += n;
                }
            }
            if (sent > 0 || len == 0) {
                peer.wake(READABLE);
                if (!data.hasRemaining() || flags.contains(SendFlag.DONT_WAIT)) {
                    return sent;
                }
                continue;
            }
            if (flags.contains(SendFlag.DONT_WAIT)) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (deadline == NO_DEADLINE) {
                deadline = deadline(SocketOption.SEND_TIMEOUT);
            }
            try {
                await(0, seen, deadline);
            } catch (ErrnoException e) {
                if (sent > 0) {
                    return sent;
                }
                throw e;
            }
        }
    }

    @Override
    public int sendTo(ByteBuffer data, Set<SendFlag> flags, SockAddr to) {
        if (to != null && !(to instanceof SockAddr.Unspecified)) {
            throw new ErrnoException(Errno.EISCONN);
        }
        return send(data, flags);
    }

    @Override
    public Received recv(ByteBuffer into, Set<RecvFlag> flags) {
        boolean peek = flags.contains(RecvFlag.PEEK);
        boolean waitAll = stream() && flags.contains(RecvFlag.WAIT_ALL) && !peek && !flags.contains(RecvFlag.DONT_WAIT);
        long deadline = NO_DEADLINE;
        int total = 0;
        while (true) {
            long seen = generation();
            Received r = null;
            synchronized (in) {
                checkOpen();
                if (!in.messages.isEmpty()) {
                    if (stream()) {
                        int pos = in.headOffset;
                        var it = in.messages.iterator();
                        int got = 0;
                        while (it.hasNext() && into.hasRemaining()) {
                            byte[] m = it.next();
                            int n = Math.min(into.remaining(), m.length - pos);
                            into.put(m, pos, n);
                            got += n;
                            pos += n;
                            if (!peek) {
                                in.bytes -= n;
                                if (pos == m.length) {
                                    it.remove();
                                    pos = 0;
                                } else {
                                    in.headOffset = pos;
                                }
                            } else if (pos == m.length) {
                                pos = 0;
                            }
                        }
                        if (!peek && in.messages.isEmpty()) {
                            in.headOffset = 0;
                        }
                        total += got;
                        r = new Received(total, false, null);
                    } else {
                        byte[] m = peek ? in.messages.peek() : in.messages.poll();
                        int n = Math.min(into.remaining(), m.length);
                        into.put(m, 0, n);
                        if (!peek) {
                            in.bytes -= m.length;
                        }
                        boolean truncated = n < m.length;
                        r = new Received(truncated && flags.contains(RecvFlag.DATA_TRUNCATED) ? m.length : n,
                                truncated, null);
                    }
                } else if (in.writerClosed || in.readerClosed) {
                    return new Received(total, false, null);
                }
            }
            if (r != null) {
                if (!peek) {
                    peer.wake(WRITABLE);
                }
                if (!waitAll || !into.hasRemaining()) {
                    return r;
                }
            }
            if (flags.contains(RecvFlag.DONT_WAIT)) {
                if (total > 0) {
                    return new Received(total, false, null);
                }
                throw new ErrnoException(Errno.EAGAIN);
            }
            if (deadline == NO_DEADLINE) {
                deadline = deadline(SocketOption.RECV_TIMEOUT);
            }
            try {
                await(0, seen, deadline);
            } catch (ErrnoException e) {
                if (total > 0) {
                    return new Received(total, false, null);
                }
                throw e;
            }
        }
    }

    @Override
    public Received recvFrom(ByteBuffer into, Set<RecvFlag> flags) {
        return recv(into, flags);
    }

    @Override
    public boolean readReady() {
        synchronized (in) {
            return closed || !in.messages.isEmpty() || in.writerClosed || in.readerClosed;
        }
    }

    @Override
    public boolean writeReady() {
        synchronized (out) {
            return closed || out.bytes < CAPACITY || out.readerClosed || out.writerClosed;
        }
    }

    @Override
    public boolean hungUp() {
        synchronized (in) {
            return closed || in.writerClosed;
        }
    }

    @Override
    public void shutdown(Shutdown how) {
        checkOpen();
        if (how != Shutdown.WRITE) {
            synchronized (in) {
                in.readerClosed = true;
            }
        }
        if (how != Shutdown.READ) {
            synchronized (out) {
                out.writerClosed = true;
            }
        }
        wake(READABLE | WRITABLE);
        peer.wake(READABLE | WRITABLE | HANGUP);
    }

    @Override
    public SockAddr localAddress() {
        checkOpen();
        return new SockAddr.Unix("");
    }

    @Override
    public SockAddr peerAddress() {
        checkOpen();
        return new SockAddr.Unix("");
    }

    @Override
    public SocketStatus status() {
        return closed ? SocketStatus.CLOSED : SocketStatus.OPENED;
    }

    @Override
    public void setFlag(SocketOption option, boolean value) {
        checkOpen();
        storeFlag(option, value);
    }

    @Override
    public boolean flag(SocketOption option) {
        checkOpen();
        return storedFlag(option);
    }

    @Override
    public void setSize(SocketOption option, long value) {
        checkOpen();
        if (option == SocketOption.LAST_ERROR || option == SocketOption.TYPE || option == SocketOption.PROTO) {
            throw new ErrnoException(Errno.ENOPROTOOPT, option + " is read-only");
        }
        storeSize(option, value);
    }

    @Override
    public long size(SocketOption option) {
        checkOpen();
        return switch (option) {
            case TYPE -> type.code();
            case PROTO -> protocol.code();
            case LAST_ERROR -> 0;
            case RECV_BUF_SIZE, SEND_BUF_SIZE -> storedSize(option, CAPACITY);
            default -> storedSize(option, 0);
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (in) {
            in.readerClosed = true;
            in.messages.clear();
            in.bytes = 0;
        }
        synchronized (out) {
            out.writerClosed = true;
        }
        wake(READABLE | WRITABLE | HANGUP);
        peer.wake(READABLE | WRITABLE | HANGUP);
    }
}
