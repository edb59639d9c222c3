package dev.wasix4j.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Where a guest's sockets come from. The host's dispatcher decodes every socket syscall into
 * these plain Java calls and encodes the answers back into guest memory; a provider never sees a
 * wasm pointer, a descriptor number or an ABI struct.
 *
 * <p>Errors are {@link dev.wasix4j.abi.ErrnoException}s carrying the errno the guest should see.
 * The default, {@link #unsupported()}, gives the guest no network at all.
 */
public interface SocketsProvider {

    /** Two connected sockets (socketpair). */
    record Pair(SocketHandle first, SocketHandle second) {}

    /** The provider that offers no network: see {@link UnsupportedSockets} for its errnos. */
    static SocketsProvider unsupported() {
        return UnsupportedSockets.INSTANCE;
    }

    /**
     * socket(2). The host has already validated the three values and keeps the descriptor flags
     * (non-blocking, close-on-exec) itself.
     */
    SocketHandle open(AddressFamily family, SocketType type, Protocol protocol) throws IOException;

    /** socketpair(2). */
    Pair pair(AddressFamily family, SocketType type, Protocol protocol) throws IOException;

    /**
     * Looks up {@code host}: its addresses (IPv4 and IPv6), at most {@code max} of them. The host
     * writes them into the guest's {@code __wasi_addr_ip_t} array; {@code port} is the guest's hint
     * and has no place in the answer.
     */
    List<InetAddress> resolve(String host, int port, int max) throws IOException;
}
