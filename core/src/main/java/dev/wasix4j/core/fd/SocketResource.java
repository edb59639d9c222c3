package dev.wasix4j.core.fd;

import dev.wasix4j.abi.FileType;
import dev.wasix4j.core.abi.Wasi.Rights;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.SocketHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A socket of the sockets provider behind a descriptor, so fd_read, fd_write, fd_close and
 * poll work on it as on any stream.
 */
public final class SocketResource implements FdResource {
    /** WASIX socket rights (bits 30..38; preview1 defines the two below them). */
    public static final long SOCK_CONNECT = 1L << 30;
    public static final long SOCK_LISTEN = 1L << 31;
    public static final long SOCK_BIND = 1L << 32;
    public static final long SOCK_RECV = 1L << 33;
    public static final long SOCK_SEND = 1L << 34;
    public static final long SOCK_ADDR_LOCAL = 1L << 35;
    public static final long SOCK_ADDR_REMOTE = 1L << 36;
    public static final long SOCK_RECV_FROM = 1L << 37;
    public static final long SOCK_SEND_TO = 1L << 38;

    /** What a new socket descriptor may do: stream I/O and every socket operation. */
    public static final long RIGHTS = Rights.STREAM | Rights.SOCK_SHUTDOWN | Rights.SOCK_ACCEPT | SOCK_CONNECT
            | SOCK_LISTEN | SOCK_BIND | SOCK_RECV | SOCK_SEND | SOCK_ADDR_LOCAL | SOCK_ADDR_REMOTE
            | SOCK_RECV_FROM | SOCK_SEND_TO;

    private static final Set<RecvFlag> PLAIN_RECV = Set.of();
    private static final Set<SendFlag> PLAIN_SEND = Set.of();

    private final SocketHandle socket;

    public SocketResource(SocketHandle socket) {
        this.socket = socket;
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
        return socket.recv(ByteBuffer.wrap(buf, off, len), PLAIN_RECV).length();
    }

    @Override
    public int write(byte[] buf, int off, int len) throws IOException {
        return socket.send(ByteBuffer.wrap(buf, off, len), PLAIN_SEND);
    }

    @Override
    public boolean readReady() throws IOException {
        return socket.readReady();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
