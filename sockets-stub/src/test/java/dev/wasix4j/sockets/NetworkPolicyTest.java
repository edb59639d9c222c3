package dev.wasix4j.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {
    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void denyAllAllowsNothingAndAllowAllEverything() {
        assertTrue(NetworkPolicy.DENY_ALL.deniesAll());
        assertFalse(NetworkPolicy.DENY_ALL.allows(ip("127.0.0.1"), 80));
        assertFalse(NetworkPolicy.DENY_ALL.allowsLookup("localhost"));
        assertTrue(NetworkPolicy.ALLOW_ALL.allows(ip("8.8.8.8"), 53));
        assertTrue(NetworkPolicy.ALLOW_ALL.allowsLookup("example.com"));
        assertFalse(NetworkPolicy.ALLOW_ALL.deniesAll());
    }

    @Test
    void loopbackOnlyCoversBothFamiliesAndMappedAddresses() {
        var p = NetworkPolicy.LOOPBACK_ONLY;
        assertTrue(p.allows(ip("127.0.0.1"), 8080));
        assertTrue(p.allows(ip("127.1.2.3"), 1));
        assertTrue(p.allows(ip("::1"), 443));
        assertTrue(p.allows(ip("::ffff:127.0.0.1"), 443));
        assertFalse(p.allows(ip("10.0.0.1"), 80));
        assertFalse(p.allows(ip("::2"), 80));
        assertTrue(p.allowsBind(ip("0.0.0.0"), 8080), "the wildcard address binds when some rule has the port");
        assertTrue(p.allowsLookup("localhost"));
        assertFalse(p.allowsLookup("example.com"));
    }

    @Test
    void portsRangesAndPrefixes() {
        var p = NetworkPolicy.allow("10.0.0.0/8:1000-2000", "[::1]:7", "*:443", "dns:*.example.org");
        assertTrue(p.allows(ip("10.200.3.4"), 1000));
        assertTrue(p.allows(ip("10.200.3.4"), 2000));
        assertFalse(p.allows(ip("10.200.3.4"), 2001));
        assertFalse(p.allows(ip("11.0.0.1"), 1500));
        assertTrue(p.allows(ip("::1"), 7));
        assertFalse(p.allows(ip("::1"), 8));
        assertTrue(p.allows(ip("93.184.216.34"), 443));
        assertTrue(p.allowsLookup("www.example.org"));
        assertFalse(p.allowsLookup("example.com"));
        assertFalse(p.allowsBind(ip("0.0.0.0"), 80));
        assertTrue(p.allowsBind(ip("0.0.0.0"), 443));
    }

    @Test
    void malformedRulesSayWhatIsWrong() {
        assertEquals("network rule 'localhost' is not ADDRESS:PORTS",
                assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.allow("localhost")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.allow("example.com:80"))
                .getMessage().contains("use dns:NAME"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.allow("127.0.0.1:70000"))
                .getMessage().contains("out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.allow("127.0.0.1/33:80"))
                .getMessage().contains("prefix"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.allow("127.0.0.1:9-5"))
                .getMessage().contains("empty port range"));
    }
}
