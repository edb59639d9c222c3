package dev.wasix4j.sockets.host;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.NetworkPolicy;
import dev.wasix4j.sockets.Protocol;
import dev.wasix4j.sockets.SocketHandle;
import dev.wasix4j.sockets.SocketType;
import dev.wasix4j.sockets.SocketsProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The host's network for a guest, within a {@link NetworkPolicy}: TCP and UDP over IPv4 and IPv6
 * through java.nio channels, and socketpair(2) inside the process.
 *
 * <p>Every channel is non-blocking and registered with one shared selector thread ({@link Poller});
 * a guest call that would block parks its (virtual) thread until the selector reports readiness,
 * and the same report wakes poll_oneoff and epoll_wait. See the README for why.
 */
public final class HostSockets implements SocketsProvider {
    private final NetworkPolicy policy;
    private final Poller poller;

    public HostSockets(NetworkPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.poller = Poller.shared();
    }

    public NetworkPolicy policy() {
        return policy;
    }

    @Override
    public SocketHandle open(AddressFamily family, SocketType type, Protocol protocol) throws IOException {
        if (policy.deniesAll()) {
            // as wasmer without --net: the socket exists, but bind/connect/send... answer ENOTSUP
            return new NoNetworkSocket(family, type, protocol);
        }
        if (family != AddressFamily.INET4 && family != AddressFamily.INET6) {
            throw new ErrnoException(Errno.EAFNOSUPPORT, "only socketpair offers AF_UNIX here");
        }
        return switch (type) {
            case STREAM -> {
                if (protocol != Protocol.TCP && protocol.code() != 0) {
                    throw new ErrnoException(Errno.EPROTONOSUPPORT, protocol + " over a stream socket");
                }
                yield new TcpSocket(family, protocol, poller, policy);
            }
            case DGRAM -> {
                if (protocol != Protocol.UDP && protocol.code() != 0) {
                    throw new ErrnoException(Errno.EPROTONOSUPPORT, protocol + " over a datagram socket");
                }
                yield new UdpSocket(family, protocol, poller, policy);
            }
            default -> throw new ErrnoException(Errno.EPROTONOSUPPORT, type + " sockets are not offered");
        };
    }

    /**
     * socketpair(2), inside the process: no network is involved, so every policy allows it (as
     * wasmer does). TCP only over a stream pair and UDP only over a datagram pair, else ENOTSUP.
     */
    @Override
    public Pair pair(AddressFamily family, SocketType type, Protocol protocol) {
        if ((protocol == Protocol.TCP && type != SocketType.STREAM) || (protocol == Protocol.UDP && type != SocketType.DGRAM)) {
            throw new ErrnoException(Errno.ENOTSUP, protocol + " over a " + type + " pair");
        }
        if (type != SocketType.STREAM && type != SocketType.DGRAM) {
            throw new ErrnoException(Errno.EPROTONOSUPPORT, type + " socket pairs are not offered");
        }
        return PairSocket.create(family, type, protocol);
    }

    @Override
    public List<InetAddress> resolve(String host, int port, int max) throws IOException {
        if (policy.deniesAll()) {
            throw new ErrnoException(Errno.ENOENT, "this host resolves no names");
        }
        boolean literal = isLiteral(host);
        if (!literal && !policy.allowsLookup(host)) {
            throw new ErrnoException(Errno.EPERM, "the network policy does not allow looking up " + host);
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ErrnoException(Errno.ENOENT, "no such name: " + host);
        }
        var out = new ArrayList<InetAddress>();
        for (InetAddress a : all) {
            if (out.size() >= max) {
                break;
            }
            if (policy.allowsAll() || policy.allowsBind(a, port) || policy.allows(a, port)) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean isLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
