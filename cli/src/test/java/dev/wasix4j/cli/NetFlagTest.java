package dev.wasix4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `--net` and `--net-allow` as a user types them (loopback only). */
@Timeout(60)
class NetFlagTest {
    private static final String NET_TEST = RunCommandTest.guest("sockets/net_test.wasm");

    @Test
    void withoutNetNetworkCallsAnswerEnotsup() {
        var r = RunCommandTest.wasix("run", NET_TEST, "policy");
        assertTrue(r.out().contains("net_connect(s, &far) = 58\n"), r.out());
        assertTrue(r.out().contains("net_bind(srv, &lo) = 58\n"), r.out());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void netGivesTcpOverLoopback() {
        var r = RunCommandTest.wasix("run", "--net", NET_TEST, "tcp4");
        assertTrue(r.out().contains("server got ping from client\n"), r.out());
        assertTrue(r.out().contains("client got pong from server\n"), r.out());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void netAllowRefusesWhatItDoesNotListWithEperm() {
        var r = RunCommandTest.wasix("run", "--net-allow", "loopback:*", NET_TEST, "policy");
        assertTrue(r.out().contains("net_connect(s, &far) = 63\n"), r.out());
        assertTrue(r.out().contains("net_connect(s, &at) = 0\n"), r.out());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aMalformedRuleIsOneLineAndExitTwo() {
        var r = RunCommandTest.wasix("run", "--net-allow", "example.com:80", NET_TEST, "policy");
        r.assertOneLineError("--net-allow");
        assertEquals(2, r.code());
    }
}
