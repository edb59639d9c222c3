package dev.wasix4j.core.fd;

import dev.wasix4j.abi.FileType;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.SocketHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A socket of the sockets provider behind a descriptor, so fd_read, fd_write, fd_close, poll and
 * epoll work on it as on any stream. The provider's readiness reports reach the epoll instances
 * watching it and wake poll_oneoff through the process's {@link Readiness}.
 */
public final class SocketResource implements FdResource {
    private static final Set<RecvFlag> PLAIN_RECV = Set.of();
    private static final Set<SendFlag> PLAIN_SEND = Set.of();
    private static final Set<RecvFlag> NONBLOCKING_RECV = Set.of(RecvFlag.DONT_WAIT);
    private static final Set<SendFlag> NONBLOCKING_SEND = Set.of(SendFlag.DONT_WAIT);

    private final SocketHandle socket;
    private final Watchers watchers = new Watchers();

    public SocketResource(SocketHandle socket, Readiness readiness) {
        this.socket = socket;
        IntConsumer relay = bits -> {
            watchers.fire(bits);
            readiness.signal();
        };
        socket.onReadiness(relay);
    }

    public SocketHandle socket() {
        return socket;
    }

    /**
     * Raw and seqpacket sockets report as datagram and stream: abi's FileType has no SOCKET_RAW (8)
     * or SOCKET_SEQPACKET (9) yet.
     */
    @Override
    public FileType fileType() {
        return switch (socket.type()) {
            case STREAM, SEQPACKET -> FileType.SOCKET_STREAM;
            case DGRAM, RAW -> FileType.SOCKET_DGRAM;
        };
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return read(buf, off, len, false);
    }

    /** fd_read on a socket is recv; NONBLOCK on the descriptor becomes don't-wait. */
    @Override
    public int read(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        return socket.recv(ByteBuffer.wrap(buf, off, len), nonBlocking ? NONBLOCKING_RECV : PLAIN_RECV).length();
    }

    @Override
    public int write(byte[] buf, int off, int len) throws IOException {
        return write(buf, off, len, false);
    }

    @Override
    public int write(byte[] buf, int off, int len, boolean nonBlocking) throws IOException {
        return socket.send(ByteBuffer.wrap(buf, off, len), nonBlocking ? NONBLOCKING_SEND : PLAIN_SEND);
    }

    @Override
    public boolean readReady() throws IOException {
        return socket.readReady();
    }

    @Override
    public boolean writeReady() throws IOException {
        return socket.writeReady();
    }

    @Override
    public boolean hungUp() {
        return socket.hungUp();
    }

    @Override
    public boolean signalsReadiness() {
        return socket.signalsReadiness();
    }

    @Override
    public void watch(IntConsumer listener) {
        watchers.add(listener);
    }

    @Override
    public void unwatch(IntConsumer listener) {
        watchers.remove(listener);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
