package dev.wasix4j.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasix4j.core.Engine;
import dev.wasix4j.core.testing.GuestRun;
import dev.wasix4j.sockets.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * guests/sockets/net_test.c under the host's sockets on loopback: each scenario's whole transcript,
 * as Linux answers (WASI errno numbers: EADDRINUSE 3, EAFNOSUPPORT 5, EAGAIN 6, EBADF 8,
 * ECONNREFUSED 14, ECONNRESET 15, EDESTADDRREQ 17, EINVAL 28, EISCONN 30, ENOENT 44, ENOTCONN 53,
 * ENOTSUP 58, EPERM 63, EPIPE 64). Every run is limited to loopback by its policy.
 */
@Timeout(120)
class HostSocketsGuestTest {
    private static GuestRun run(NetworkPolicy policy, String scenario) {
        return GuestRun.of("sockets/net_test.wasm", Engine.COMPILED, b -> b.network(policy), scenario);
    }

    private static void check(String scenario, String expected) {
        var r = run(NetworkPolicy.LOOPBACK_ONLY, scenario);
        assertEquals(expected, r.stdout(), r.stderr());
        assertEquals(0, r.exitCode(), r.stderr());
    }

    @Test
    void tcpOverIpv4BothWays() {
        check("tcp4", TCP4);
    }

    @Test
    void tcpOverIpv6BothWays() {
        check("tcp6", TCP4.replace("== tcp4", "== tcp6"));
    }

    @Test
    void udpOverIpv4BothWays() {
        check("udp4", UDP4);
    }

    @Test
    void udpOverIpv6BothWays() {
        check("udp6", UDP4.replace("== udp4", "== udp6"));
    }

    @Test
    void nonBlockingConnectCompletesThroughPollAndSoError() {
        check("nonblocking_connect", NONBLOCKING_CONNECT);
    }

    @Test
    void connectToAClosedPortIsRefusedBlockingOrNot() {
        check("refused", REFUSED);
    }

    @Test
    void errorCasesAnswerAsLinux() {
        check("errors", ERRORS);
    }

    @Test
    void socketpairStreamAndDatagram() {
        check("pair", PAIR);
    }

    @Test
    void epollLevelEdgeOneshotOverPipesSocketsCountersAndTimers() {
        check("epoll", EPOLL);
    }

    @Test
    void withoutNetworkSocketsExistButAnswerEnotsupAndSocketpairWorks() {
        var r = GuestRun.of("sockets/net_test.wasm", "policy");
        assertEquals("""
                == policy
                net_open(AF4, ST_STREAM, PROTO_DEFAULT, &s) = 0
                net_connect(s, &far) = 58
                net_bind(srv, &lo) = 58
                net_listen(srv, 4) = 58
                net_pair(AFUNIX, ST_STREAM, 0, &a, &b) = 0
                net_resolve("localhost", 9, 0, ips, 4, &n) = 44
                localhost resolves 0
                net_resolve("example.invalid", 15, 0, ips, 4, &n) = 44
                close 0
                """, r.stdout(), r.stderr());
    }

    @Test
    void loopbackOnlyPolicyRefusesOtherAddressesAndLookupsWithEperm() {
        var r = run(NetworkPolicy.LOOPBACK_ONLY, "policy");
        assertEquals("""
                == policy
                net_open(AF4, ST_STREAM, PROTO_DEFAULT, &s) = 0
                net_connect(s, &far) = 63
                net_bind(srv, &lo) = 0
                net_listen(srv, 4) = 0
                net_connect(s, &at) = 0
                net_pair(AFUNIX, ST_STREAM, 0, &a, &b) = 0
                net_resolve("localhost", 9, 0, ips, 4, &n) = 0
                localhost resolves 1
                net_resolve("example.invalid", 15, 0, ips, 4, &n) = 63
                close 0
                """, r.stdout(), r.stderr());
    }

    @Test
    void anAllowListWithoutTheListenersPortRefusesTheConnect() {
        // only port 9 on loopback: binding port 0 is allowed (a rule covers the address), connecting to it is not
        var r = run(NetworkPolicy.allow("127.0.0.1:9"), "policy");
        assertEquals("""
                == policy
                net_open(AF4, ST_STREAM, PROTO_DEFAULT, &s) = 0
                net_connect(s, &far) = 63
                net_bind(srv, &lo) = 0
                net_listen(srv, 4) = 0
                net_connect(s, &at) = 63
                net_pair(AFUNIX, ST_STREAM, 0, &a, &b) = 0
                net_resolve("localhost", 9, 0, ips, 4, &n) = 0
                localhost resolves 1
                net_resolve("example.invalid", 15, 0, ips, 4, &n) = 63
                close 0
                """, r.stdout(), r.stderr());
    }

    // tcp4
    private static final String TCP4 = """
            == tcp4
            listening port nonzero 1
            net_get_flag(srv, OPT_LISTENING, &flag) = 0
            SO_ACCEPTCONN 1
            net_open(af, ST_STREAM, PROTO_TCP, &c) = 0
            net_peer(c, &peer) = 53
            net_connect(c, &at) = 0
            net_connect(c, &at) = 30
            net_accept(srv, 0, &conn, &peer) = 0
            net_local(c, &local) = 0
            accept saw client port 1
            net_peer(c, &peer) = 0
            client peer is server port 1
            net_set_flag(c, OPT_NO_DELAY, 1) = 0
            net_get_flag(c, OPT_NO_DELAY, &flag) = 0
            TCP_NODELAY 1
            net_send(c, "ping from client", 16, 0, &n) = 0
            sent 16
            net_recv(conn, buf, 4, RI_PEEK, &n, &ro) = 0
            peeked ping
            net_recv(conn, buf, 16, RI_WAITALL, &n, &ro) = 0
            server got ping from client
            net_send(conn, "pong from server", 16, 0, &n) = 0
            net_recv(c, buf, sizeof buf, 0, &n, &ro) = 0
            client got pong from server
            net_recv(c, buf, sizeof buf, RI_DONTWAIT, &n, &ro) = 6
            net_shutdown(c, SHUT_W) = 0
            net_send(c, "x", 1, 0, &n) = 64
            net_recv(conn, buf, sizeof buf, 0, &n, &ro) = 0
            server read after shutdown 0
            write on socket 3
            read on socket 3
            read after peer close 0
            """;
    // udp4
    private static final String UDP4 = """
            == udp4
            net_open(af, ST_DGRAM, PROTO_DEFAULT, &a) = 0
            net_open(af, ST_DGRAM, PROTO_UDP, &b) = 0
            net_bind(a, &any) = 0
            net_bind(b, &any) = 0
            net_recv_from(a, buf, sizeof buf, RI_DONTWAIT, &n, &ro, &from) = 6
            net_send_to(a, "hello b", 7, &lb, &n) = 0
            net_recv_from(b, buf, 3, RI_PEEK, &n, &ro, &from) = 0
            peek hel truncated 1
            net_recv_from(b, buf, sizeof buf, 0, &n, &ro, &from) = 0
            b got hello b from a 1 family ok 1
            net_send_to(b, "hello a, longer", 15, &la, &n) = 0
            net_recv_from(a, buf, 5, 0, &n, &ro, &from) = 0
            a got hello truncated 1
            net_connect(b, &la) = 0
            net_send(b, "connected", 9, 0, &n) = 0
            net_recv(a, buf, sizeof buf, 0, &n, &ro) = 0
            a got connected
            """;
    // nonblocking_connect
    private static final String NONBLOCKING_CONNECT = """
            == nonblocking_connect
            net_open(AF4, ST_STREAM | ST_NONBLOCK, PROTO_DEFAULT, &c) = 0
            connect in progress or done 1
            poll 1
            writable 1
            net_get_size(c, OPT_LAST_ERROR, &err) = 0
            SO_ERROR 0
            net_peer(c, &peer) = 0
            net_accept(srv, 0, &conn, &peer) = 0
            """;
    // refused
    private static final String REFUSED = """
            == refused
            net_open(AF4, ST_STREAM, PROTO_DEFAULT, &c) = 0
            net_connect(c, &at) = 14
            net_open(AF4, ST_STREAM | ST_NONBLOCK, PROTO_DEFAULT, &d) = 0
            non-blocking refused 14
            """;
    // errors
    private static final String ERRORS = """
            == errors
            net_open(AF4, ST_STREAM, PROTO_DEFAULT, &s2) = 0
            net_bind(s2, &at) = 3
            net_listen(s2, 1) = 0
            net_open(AF4, ST_STREAM | ST_NONBLOCK, PROTO_DEFAULT, &nb) = 0
            net_bind(nb, &at) = 3
            net_listen(nb, 1) = 0
            net_accept(nb, 0, &conn, &peer) = 6
            net_open(AF4, ST_STREAM, PROTO_DEFAULT, &u) = 0
            net_send(u, "x", 1, 0, &n) = 53
            net_recv(u, buf, 1, 0, &n, &ro) = 53
            net_shutdown(u, SHUT_RW) = 53
            net_accept(u, 0, &conn, &peer) = 28
            net_connect(u, &a6) = 5
            net_open(AF4, ST_DGRAM, PROTO_DEFAULT, &d) = 0
            net_send(d, "x", 1, 0, &n) = 17
            net_listen(d, 1) = 58
            net_open(AF4, ST_STREAM, PROTO_DEFAULT, &c) = 0
            net_connect(c, &at) = 0
            net_accept(srv, 0, &conn, &peer) = 0
            net_set_time(conn, OPT_LINGER, &linger0) = 0
            net_recv(c, buf, sizeof buf, 0, &n, &ro) = 15
            net_open(AF4, ST_STREAM, PROTO_DEFAULT, &c2) = 0
            net_connect(c2, &at) = 0
            net_accept(srv, 0, &conn2, &peer) = 0
            net_set_time(c2, OPT_RECV_TIMEOUT, &t) = 0
            net_recv(c2, buf, sizeof buf, 0, &n, &ro) = 6
            net_get_size(c2, OPT_TYPE, &ty) = 0
            SO_TYPE 1
            net_set_flag(srv, OPT_REUSE_ADDR, 1) = 0
            net_get_flag(srv, OPT_REUSE_ADDR, &f) = 0
            SO_REUSEADDR 1
            """;
    // pair
    private static final String PAIR = """
            == pair
            net_pair(AFUNIX, ST_STREAM, 0, &a, &b) = 0
            net_send(a, "to b", 4, 0, &n) = 0
            net_recv(b, buf, sizeof buf, 0, &n, &ro) = 0
            b got to b
            write 4
            read 4 to a
            net_recv(a, buf, sizeof buf, RI_DONTWAIT, &n, &ro) = 6
            net_recv(a, buf, sizeof buf, 0, &n, &ro) = 0
            after close read 0
            net_send(a, "x", 1, 0, &n) = 64
            net_pair(AFUNIX, ST_DGRAM, 0, &c, &d) = 0
            net_send(c, "one", 3, 0, &n) = 0
            net_send(c, "two!", 4, 0, &n) = 0
            net_recv(d, buf, 2, 0, &n, &ro) = 0
            dgram on truncated 1
            net_recv(d, buf, sizeof buf, 0, &n, &ro) = 0
            dgram two!
            """;
    // epoll
    private static final String EPOLL = """
            == epoll
            net_epoll_create(&ep) = 0
            net_pipe(&rd, &wr) = 0
            net_epoll_ctl(ep, EPCTL_ADD, rd, &want) = 0
            net_epoll_ctl(ep, EPCTL_ADD, rd, &want) = 0
            level empty 0
            level 1st 1
            event in 1 data 111
            level 2nd 1
            net_epoll_ctl(ep, EPCTL_MOD, rd, &want) = 0
            edge 1st 1
            edge 2nd 0
            edge after partial read 0
            edge after new data 1
            net_epoll_ctl(ep, EPCTL_MOD, rd, &want) = 0
            oneshot 1st 1
            oneshot 2nd 0
            net_epoll_ctl(ep, EPCTL_MOD, rd, &want) = 0
            oneshot rearmed 1
            net_epoll_ctl(ep, EPCTL_DEL, rd, NULL) = 0
            net_epoll_ctl(ep, EPCTL_DEL, rd, NULL) = 44
            net_epoll_ctl(ep, EPCTL_MOD, rd, &want) = 44
            net_epoll_ctl(ep, EPCTL_ADD, ep, &want) = 28
            net_epoll_ctl(rd, EPCTL_ADD, wr, &want) = 28
            net_epoll_ctl(ep, EPCTL_ADD, 999, &want) = 8
            timeout 0
            waited at least 30ms 1
            net_epoll_ctl(ep, EPCTL_ADD, srv, &ls) = 0
            listener idle 0
            net_connect(c1, &at) = 0
            listener ready 1 fd ok 1
            net_accept(srv, 0, &conn, &peer) = 0
            listener drained 0
            net_epoll_ctl(ep, EPCTL_ADD, conn, &cs) = 0
            conn writable 1 out 1
            conn quiet 0
            conn readable 1 in 1
            net_recv(conn, buf, sizeof buf, 0, &n, &ro) = 0
            net_recv(conn, buf, sizeof buf, RI_DONTWAIT, &n, &ro) = 6
            peer closed 1 rdhup 1
            net_epoll_ctl(ep, EPCTL_DEL, conn, NULL) = 0
            net_epoll_ctl(ep, EPCTL_DEL, srv, NULL) = 0
            net_epoll_ctl(ep, EPCTL_ADD, efd, &e1) = 0
            net_epoll_ctl(ep, EPCTL_ADD, sb, &e2) = 0
            both idle 0
            both ready 2
            closed ones gone 0
            """;
}
