package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One open socket of a {@link SocketsProvider}. The host keeps it behind a descriptor and calls
 * {@link #close()} once, when the last descriptor referring to it closes.
 *
 * <p>Every method either answers or throws {@link ErrnoException} with the errno the guest should
 * see; any other exception (an {@link IOException} included) reaches the guest as {@code EIO} and
 * is reported to the host's log. Guest threads are virtual threads, so a blocking call blocks only
 * the calling guest thread. Several guest threads may call one socket at once.
 *
 * <p>Blocking is decided per call: the host adds {@link RecvFlag#DONT_WAIT} / {@link
 * SendFlag#DONT_WAIT} or passes {@code nonBlocking = true} when the descriptor is non-blocking, and
 * a call that would block then answers {@code EAGAIN} ({@code EINPROGRESS} for connect).
 */
public interface SocketHandle extends Closeable {

    /** A connection taken from a listening socket, and who is on the other end. */
    record Accepted(SocketHandle socket, SockAddr peer) {}

    /**
     * What one receive produced.
     *
     * @param length bytes placed in the buffer
     * @param truncated a datagram was longer than the buffer (its tail is lost, unless PEEK)
     * @param from the sender; null from {@link #recv}
     */
    record Received(int length, boolean truncated, SockAddr from) {}

    /** Where {@link #sendFile} reads from: the guest's {@code in_fd}, read at a position. */
    @FunctionalInterface
    interface FileSource {
        /** Reads at {@code position} into {@code into}; returns bytes read, 0 or -1 at the end. */
        int read(long position, ByteBuffer into) throws IOException;
    }

    AddressFamily family();

    SocketType type();

    Protocol protocol();

    void bind(SockAddr local) throws IOException;

    void listen(int backlog) throws IOException;

    /** Connects; non-blocking, a connection under way answers {@code EINPROGRESS}. */
    void connect(SockAddr remote, boolean nonBlocking) throws IOException;

    /** Takes a pending connection; non-blocking, none pending answers {@code EAGAIN}. */
    Accepted accept(boolean nonBlocking) throws IOException;

    /** Sends from {@code data}'s position to its limit; returns bytes sent (may be fewer). */
    int send(ByteBuffer data, Set<SendFlag> flags) throws IOException;

    /** Sends one message to {@code to} (datagram sockets), or as {@link #send} on a connected one. */
    int sendTo(ByteBuffer data, Set<SendFlag> flags, SockAddr to) throws IOException;

    /** Receives into {@code into}; 0 bytes at the end of a stream. */
    Received recv(ByteBuffer into, Set<RecvFlag> flags) throws IOException;

    /** Receives into {@code into} and says from whom. */
    Received recvFrom(ByteBuffer into, Set<RecvFlag> flags) throws IOException;

    void shutdown(Shutdown how) throws IOException;

    /** The bound address ({@code getsockname}); the port exactly as bound, in host order. */
    SockAddr localAddress() throws IOException;

    /** The connected peer ({@code getpeername}); {@code ENOTCONN} when there is none. */
    SockAddr peerAddress() throws IOException;

    SocketStatus status() throws IOException;

    /** Sets a {@link SocketOption.Kind#FLAG} option (the host has checked the kind). */
    void setFlag(SocketOption option, boolean value) throws IOException;

    boolean flag(SocketOption option) throws IOException;

    /** Sets a {@link SocketOption.Kind#TIME} option; empty means "no timeout" / "linger off". */
    void setTime(SocketOption option, Optional<Duration> value) throws IOException;

    Optional<Duration> time(SocketOption option) throws IOException;

    /** Sets a {@link SocketOption.Kind#SIZE} option to a u64 (in a long's bits). */
    void setSize(SocketOption option, long value) throws IOException;

    long size(SocketOption option) throws IOException;

    void joinMulticastV4(Inet4Address group, Inet4Address iface) throws IOException;

    void leaveMulticastV4(Inet4Address group, Inet4Address iface) throws IOException;

    /** @param interfaceIndex the interface's index, 0 for the default one */
    void joinMulticastV6(Inet6Address group, int interfaceIndex) throws IOException;

    void leaveMulticastV6(Inet6Address group, int interfaceIndex) throws IOException;

    /**
     * sendfile(2): sends up to {@code count} bytes of {@code source} from {@code offset}; returns
     * bytes sent. This default copies through {@link #send} in chunks; a provider with a faster
     * path (FileChannel.transferTo) may override it.
     */
    default long sendFile(FileSource source, long offset, long count) throws IOException {
        final int chunk = 64 * 1024;
        ByteBuffer buf = ByteBuffer.allocate(chunk);
        long sent = 0;
        while (sent < count) {
            buf.clear().limit((int) Math.min(chunk, count - sent));
            int n = source.read(offset + sent, buf);
            if (n <= 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                int w = send(buf, EnumSet.noneOf(SendFlag.class));
                if (w <= 0) {
                    return sent + n - buf.remaining();
                }
            }
            sent += n;
        }
        return sent;
    }

    /** {@link #onReadiness} bit: the socket may have become readable (or acceptable). */
    int READABLE = 1;
    /** {@link #onReadiness} bit: the socket may have become writable (or its connect finished). */
    int WRITABLE = 2;
    /** {@link #onReadiness} bit: the peer hung up or an error is pending. */
    int HANGUP = 4;

    /**
     * True when a receive would not block (data, end of stream or an error pending); for poll.
     * A provider that answers false and offers {@link #onReadiness} must call the listener once
     * the socket may have become readable: the answer "not ready" arms the notification.
     */
    default boolean readReady() throws IOException {
        return true;
    }

    /** True when a send would not block (or a connect under way has finished); arms as {@link #readReady}. */
    default boolean writeReady() throws IOException {
        return true;
    }

    /** True when the peer has closed its side (receives see end of stream) or the socket failed. */
    default boolean hungUp() {
        return false;
    }

    /**
     * Sets the one listener the provider calls, on any thread and never under one of its locks,
     * with {@link #READABLE}/{@link #WRITABLE}/{@link #HANGUP} bits whenever a readiness answer of
     * false may have changed. Core sets it once, before any readiness question; poll and epoll
     * park on it instead of re-checking. A provider that never calls it is re-checked by poll.
     */
    default void onReadiness(java.util.function.IntConsumer listener) {}

    /** Whether this socket calls its {@link #onReadiness} listener. */
    default boolean signalsReadiness() {
        return false;
    }

    /**
     * Whether an interrupt of a thread blocked in this socket's accept, connect, send or receive
     * makes that call return (answering EINTR) and leaves the socket usable. Core then lets a
     * guest signal break those calls, as POSIX does. False (the default) keeps signals away from
     * them: an interrupted blocking JDK channel, for one, is closed.
     */
    default boolean interruptible() {
        return false;
    }

    /** Releases the socket; never throws for an already broken connection. */
    @Override
    void close() throws IOException;

    /** The errno a provider answers for an operation it does not offer on this socket. */
    static ErrnoException unsupported(String what) {
        return new ErrnoException(Errno.ENOTSUP, what + " is not supported");
    }
}
