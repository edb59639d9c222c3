package dev.wasix4j.sockets;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.net.InetAddress;
import java.util.List;

/**
 * The default provider: a guest with no network.
 *
 * <p>Opening a socket (or a pair) answers {@link #ERRNO} ({@code ENOTSUP}), the errno wasmer gives
 * a WASIX program when the host grants no networking. Since no socket is ever created, every other
 * socket call on any descriptor answers {@code EBADF} or {@code ENOTSOCK} before reaching a provider,
 * and nothing can be left open.
 *
 * <p>{@link #resolve} answers {@link #RESOLVE_ERRNO} ({@code ENOENT}, "no such name"): a sandboxed
 * program sees an ordinary lookup failure (wasix-libc's getaddrinfo turns any resolve error into
 * {@code EAI_NONAME}) rather than an unsupported-feature error. It does no lookup and asks nothing
 * of the host's resolver, so the guest learns nothing about the host's network.
 */
public final class UnsupportedSockets implements SocketsProvider {
    /** What opening a socket answers. */
    public static final Errno ERRNO = Errno.ENOTSUP;
    /** What a name lookup answers. */
    public static final Errno RESOLVE_ERRNO = Errno.ENOENT;

    static final UnsupportedSockets INSTANCE = new UnsupportedSockets();

    public UnsupportedSockets() {}

    @Override
    public SocketHandle open(AddressFamily family, SocketType type, Protocol protocol) {
        throw new ErrnoException(ERRNO, "this host gives the guest no network");
    }

    @Override
    public Pair pair(AddressFamily family, SocketType type, Protocol protocol) {
        throw new ErrnoException(ERRNO, "this host gives the guest no network");
    }

    @Override
    public List<InetAddress> resolve(String host, int port, int max) {
        throw new ErrnoException(RESOLVE_ERRNO, "this host resolves no names");
    }
}
