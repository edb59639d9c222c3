package dev.wasix4j.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasix4j.abi.Errno;
import dev.wasix4j.abi.ErrnoException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

class SockAddrTest {

    @Test
    void ipv4BytesAndPortConvertToTheJdkAndBack() {
        var a = SockAddr.Inet4.of(new byte[] {(byte) 192, 0, 2, 7}, 8080);
        assertEquals(AddressFamily.INET4, a.family());
        InetSocketAddress j = a.toJava();
        assertEquals("192.0.2.7", j.getAddress().getHostAddress());
        assertEquals(8080, j.getPort());
        assertEquals(a, SockAddr.of(j));
    }

    @Test
    void ipv4MappedIpv6StaysIpv6AndKeepsFlowAndScope() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        var a = SockAddr.Inet6.of(mapped, 443, 0xabcde, 0);
        assertArrayEquals(mapped, a.address().getAddress());
        assertInstanceOf(Inet6Address.class, a.toJava().getAddress());
        assertEquals(0xabcde, a.flowInfo());

        byte[] linkLocal = new byte[16];
        linkLocal[0] = (byte) 0xfe;
        linkLocal[1] = (byte) 0x80;
        linkLocal[15] = 9;
        var scoped = SockAddr.Inet6.of(linkLocal, 1, 0, 4);
        assertEquals(4, ((Inet6Address) scoped.toJava().getAddress()).getScopeId());
        assertEquals(4, ((SockAddr.Inet6) SockAddr.of(scoped.toJava())).scopeId());
    }

    @Test
    void unixPathsAreCappedAt107Bytes() {
        var u = new SockAddr.Unix("/run/x.sock");
        assertEquals(UnixDomainSocketAddress.of("/run/x.sock"), u.toJava());
        assertEquals(u, SockAddr.of(u.toJava()));
        new SockAddr.Unix("a".repeat(107));
        assertThrows(IllegalArgumentException.class, () -> new SockAddr.Unix("a".repeat(108)));
    }

    @Test
    void outOfRangeValuesAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> SockAddr.Inet4.of(new byte[4], 65536));
        assertThrows(IllegalArgumentException.class, () -> SockAddr.Inet4.of(new byte[5], 1));
        assertThrows(IllegalArgumentException.class, () -> SockAddr.Inet6.of(new byte[4], 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SockAddr.Unspecified(-1));
        assertThrows(IllegalArgumentException.class, () -> SockAddr.of(InetSocketAddress.createUnresolved("h", 1)));
    }

    @Test
    void unspecifiedHasNoJdkAddress() {
        var e = assertThrows(ErrnoException.class, () -> new SockAddr.Unspecified(0).toJava());
        assertEquals(Errno.EAFNOSUPPORT, e.errno());
    }
}
