package dev.wasix4j.sockets.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import dev.wasix4j.sockets.AddressFamily;
import dev.wasix4j.sockets.NetworkPolicy;
import dev.wasix4j.sockets.Protocol;
import dev.wasix4j.sockets.RecvFlag;
import dev.wasix4j.sockets.SendFlag;
import dev.wasix4j.sockets.SockAddr;
import dev.wasix4j.sockets.SocketHandle;
import dev.wasix4j.sockets.SocketOption;
import dev.wasix4j.sockets.SocketType;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider through its Java API, on loopback. */
@Timeout(30)
class HostSocketsTest {
    private final HostSockets net = new HostSockets(NetworkPolicy.LOOPBACK_ONLY);
    private static final SockAddr LOOPBACK_ANY_PORT = SockAddr.Inet4.of(new byte[] {127, 0, 0, 1}, 0);

    private SocketHandle listening() throws Exception {
        SocketHandle s = net.open(AddressFamily.INET4, SocketType.STREAM, Protocol.IP);
        s.bind(LOOPBACK_ANY_PORT);
        s.listen(8);
        return s;
    }

    private static int send(SocketHandle s, String text) throws Exception {
        return s.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), Set.of());
    }

    private static String recv(SocketHandle s, Set<RecvFlag> flags) throws Exception {
        var buf = ByteBuffer.allocate(64);
        int n = s.recv(buf, flags).length();
        return new String(buf.array(), 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void tcpConnectAcceptAndBothDirections() throws Exception {
        try (SocketHandle srv = listening();
                SocketHandle c = net.open(AddressFamily.INET4, SocketType.STREAM, Protocol.TCP)) {
            c.connect(srv.localAddress(), false);
            SocketHandle.Accepted a = srv.accept(false);
            try (SocketHandle conn = a.socket()) {
                assertEquals(c.localAddress(), a.peer());
                send(c, "hello");
                assertEquals("hel", recv(conn, EnumSet.of(RecvFlag.PEEK)).substring(0, 3));
                assertEquals("hello", recv(conn, Set.of()));
                send(conn, "back");
                assertEquals("back", recv(c, Set.of()));
            }
            assertEquals("", recv(c, Set.of()), "end of stream once the peer closed");
        }
    }

    @Test
    void readinessListenerHearsDataThatArrivesLater() throws Exception {
        try (SocketHandle srv = listening();
                SocketHandle c = net.open(AddressFamily.INET4, SocketType.STREAM, Protocol.TCP)) {
            c.connect(srv.localAddress(), false);
            try (SocketHandle conn = srv.accept(false).socket()) {
                var heard = new CountDownLatch(1);
                var bits = new AtomicInteger();
                conn.onReadiness(b -> {
                    bits.accumulateAndGet(b, (x, y) -> x | y);
                    heard.countDown();
                });
                assertFalse(conn.readReady(), "nothing sent yet; the answer arms the listener");
                send(c, "x");
                heard.await();
                assertTrue((bits.get() & SocketHandle.READABLE) != 0);
                assertTrue(conn.readReady());
            }
        }
    }

    @Test
    void errnosAsLinuxGivesThem() throws Exception {
        try (SocketHandle srv = listening();
                SocketHandle other = net.open(AddressFamily.INET4, SocketType.STREAM, Protocol.IP);
                SocketHandle c = net.open(AddressFamily.INET4, SocketType.STREAM, Protocol.IP)) {
            var taken = srv.localAddress();
            assertEquals(Errno.EADDRINUSE, assertThrows(ErrnoException.class, () -> other.bind(taken)).errno());
            assertEquals(Errno.EAGAIN, assertThrows(ErrnoException.class, () -> srv.accept(true)).errno());
            assertEquals(Errno.ENOTCONN, assertThrows(ErrnoException.class, c::peerAddress).errno());
            assertEquals(Errno.ENOTCONN, assertThrows(ErrnoException.class, () -> send(c, "x")).errno());
        }
        SockAddr closedPort;
        try (SocketHandle srv = listening()) {
            closedPort = srv.localAddress();
        }
        try (SocketHandle c = net.open(AddressFamily.INET4, SocketType.STREAM, Protocol.IP)) {
            assertEquals(Errno.ECONNREFUSED,
                    assertThrows(ErrnoException.class, () -> c.connect(closedPort, false)).errno());
        }
    }

    @Test
    void thePolicyAnswersEpermBeforeAnyPacket() throws Exception {
        try (SocketHandle c = net.open(AddressFamily.INET4, SocketType.STREAM, Protocol.IP);
                SocketHandle u = net.open(AddressFamily.INET4, SocketType.DGRAM, Protocol.IP)) {
            var far = SockAddr.Inet4.of(new byte[] {(byte) 192, 0, 2, 1}, 80);
            assertEquals(Errno.EPERM, assertThrows(ErrnoException.class, () -> c.connect(far, false)).errno());
            assertEquals(Errno.EPERM, assertThrows(ErrnoException.class,
                    () -> u.sendTo(ByteBuffer.wrap(new byte[1]), Set.of(), far)).errno());
            assertEquals(Errno.EPERM,
                    assertThrows(ErrnoException.class, () -> net.resolve("example.com", 80, 4)).errno());
        }
        assertTrue(net.resolve("localhost", 0, 4).stream().allMatch(InetAddress::isLoopbackAddress));
        var none = new HostSockets(NetworkPolicy.DENY_ALL);
        try (SocketHandle s = none.open(AddressFamily.INET4, SocketType.STREAM, Protocol.IP)) {
            assertEquals(Errno.ENOTSUP, assertThrows(ErrnoException.class,
                    () -> s.connect(SockAddr.Inet4.of(new byte[] {127, 0, 0, 1}, 80), false)).errno());
        }
    }

    @Test
    void udpKeepsDatagramsAndSaysWhoSent() throws Exception {
        try (SocketHandle a = net.open(AddressFamily.INET6, SocketType.DGRAM, Protocol.UDP);
                SocketHandle b = net.open(AddressFamily.INET6, SocketType.DGRAM, Protocol.UDP)) {
            var lo6 = SockAddr.Inet6.of(InetAddress.ofLiteral("::1").getAddress(), 0, 0, 0);
            a.bind(lo6);
            b.bind(lo6);
            a.sendTo(ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8)), Set.of(), b.localAddress());
            a.sendTo(ByteBuffer.wrap("second".getBytes(StandardCharsets.UTF_8)), Set.of(), b.localAddress());
            var small = ByteBuffer.allocate(3);
            SocketHandle.Received r = b.recvFrom(small, Set.of());
            assertTrue(r.truncated());
            assertEquals(a.localAddress(), r.from());
            assertEquals("second", recv(b, Set.of()), "the truncated datagram's tail is gone, the next one is whole");
            assertEquals(Errno.EAGAIN, assertThrows(ErrnoException.class,
                    () -> b.recv(ByteBuffer.allocate(8), EnumSet.of(RecvFlag.DONT_WAIT))).errno());
            b.setFlag(SocketOption.BROADCAST, true);
            assertTrue(b.flag(SocketOption.BROADCAST));
        }
    }

    @Test
    void socketpairIsInProcessAndReportsTheClose() throws Exception {
        var pair = net.pair(AddressFamily.UNIX, SocketType.STREAM, Protocol.IP);
        try (SocketHandle a = pair.first(); SocketHandle b = pair.second()) {
            assertTrue(a.writeReady());
            assertFalse(b.readReady());
            send(a, "over");
            assertTrue(b.readReady());
            assertEquals("over", recv(b, Set.of()));
            a.close();
            assertTrue(b.hungUp());
            assertEquals("", recv(b, Set.of()));
            assertEquals(Errno.EPIPE, assertThrows(ErrnoException.class,
                    () -> b.send(ByteBuffer.wrap(new byte[1]), EnumSet.noneOf(SendFlag.class))).errno());
        }
    }
}
