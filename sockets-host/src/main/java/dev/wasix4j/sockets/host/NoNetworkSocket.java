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
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A socket of a guest without a network, as wasmer gives one: socket(2) succeeds and options can
 * be set and read back, but everything that would touch a network (bind, listen, connect, accept,
 * send, receive) answers ENOTSUP. Programs that only open and close sockets keep working.
 */
final class NoNetworkSocket extends HostSocket {
    private volatile boolean closed;

    NoNetworkSocket(AddressFamily family, SocketType type, Protocol protocol) {
        super(family, type, protocol);
    }

    private static ErrnoException none() {
        return new ErrnoException(Errno.ENOTSUP, "this host gives the guest no network (run with --net)");
    }

    @Override
    void arm(int ops) {
        // nothing ever becomes ready
    }

    @Override
    public void bind(SockAddr local) {
        throw none();
    }

    @Override
    public void listen(int backlog) {
        throw none();
    }

    @Override
    public void connect(SockAddr remote, boolean nonBlocking) {
        throw none();
    }

    @Override
    public Accepted accept(boolean nonBlocking) {
        throw none();
    }

    @Override
    public int send(ByteBuffer data, Set<SendFlag> flags) {
        throw none();
    }

    @Override
    public int sendTo(ByteBuffer data, Set<SendFlag> flags, SockAddr to) {
        throw none();
    }

    @Override
    public Received recv(ByteBuffer into, Set<RecvFlag> flags) {
        throw none();
    }

    @Override
    public Received recvFrom(ByteBuffer into, Set<RecvFlag> flags) {
        throw none();
    }

    @Override
    public void shutdown(Shutdown how) {
        throw new ErrnoException(Errno.ENOTCONN);
    }

    @Override
    public SockAddr localAddress() {
        throw none();
    }

    @Override
    public SockAddr peerAddress() {
        throw new ErrnoException(Errno.ENOTCONN);
    }

    @Override
    public SocketStatus status() {
        return closed ? SocketStatus.CLOSED : SocketStatus.OPENING;
    }

    @Override
    public boolean readReady() {
        return false;
    }

    @Override
    public void setFlag(SocketOption option, boolean value) {
        storeFlag(option, value);
    }

    @Override
    public boolean flag(SocketOption option) {
        return storedFlag(option);
    }

    @Override
    public void setSize(SocketOption option, long value) {
        if (option == SocketOption.LAST_ERROR || option == SocketOption.TYPE || option == SocketOption.PROTO) {
            throw new ErrnoException(Errno.ENOPROTOOPT, option + " is read-only");
        }
        storeSize(option, value);
    }

    @Override
    public long size(SocketOption option) {
        return switch (option) {
            case TYPE -> type.code();
            case PROTO -> protocol.code();
            case LAST_ERROR -> 0;
            default -> storedSize(option, 0);
        };
    }

    @Override
    public void close() {
        closed = true;
    }
}
