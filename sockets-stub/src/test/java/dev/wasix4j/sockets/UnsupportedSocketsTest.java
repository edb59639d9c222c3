package dev.wasix4j.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default provider: no socket is ever made, and name lookups fail as "no such name". */
class UnsupportedSocketsTest {
    private final SocketsProvider sockets = new UnsupportedSockets();

    @Test
    void theDefaultIsTheUnsupportedProvider() {
        assertSame(SocketsProvider.unsupported(), SocketsProvider.unsupported());
        assertEquals(UnsupportedSockets.class, SocketsProvider.unsupported().getClass());
        assertEquals(Errno.ENOTSUP, UnsupportedSockets.ERRNO);
        assertEquals(Errno.ENOENT, UnsupportedSockets.RESOLVE_ERRNO);
    }

    @Test
    void everyOpenAndPairAnswersEnotsup() {
        for (AddressFamily af : AddressFamily.values()) {
            for (SocketType type : SocketType.values()) {
                for (Protocol proto : Protocol.values()) {
                    var open = assertThrows(ErrnoException.class, () -> sockets.open(af, type, proto));
                    assertEquals(Errno.ENOTSUP, open.errno(), af + " " + type + " " + proto);
                    var pair = assertThrows(ErrnoException.class, () -> sockets.pair(af, type, proto));
                    assertEquals(Errno.ENOTSUP, pair.errno(), af + " " + type + " " + proto);
                }
            }
        }
    }

    /** Names, literals, empty: all fail the same way, without asking the host's resolver. */
    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "127.0.0.1", "::1", "", "no-such-host.invalid"})
    void resolveAnswersALookupFailure(String host) {
        var e = assertThrows(ErrnoException.class, () -> sockets.resolve(host, 80, 4));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void theErrorsCarryNoStackTrace() {
        var e = assertThrows(ErrnoException.class, () -> sockets.open(AddressFamily.INET4, SocketType.STREAM, Protocol.TCP));
        assertEquals(0, e.getStackTrace().length);
    }
}
