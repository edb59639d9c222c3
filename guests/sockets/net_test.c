// Socket and epoll scenarios over loopback, one per argument; each prints what it saw, one fact a
// line, so the host test can compare the whole transcript. Errnos are WASI numbers.
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "net.h"

#define SAY(...) printf(__VA_ARGS__)
#define E(call) SAY("%s = %d\n", #call, (int)(call))

static int64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/** A listening TCP socket on loopback of family af; its address in *at. */
static int32_t listener(int af, addr_port_t *at) {
    int32_t s;
    if (net_open(af, ST_STREAM, PROTO_DEFAULT, &s)) { SAY("listener open failed\n"); exit(1); }
    addr_port_t a = af == AF4 ? ip4(127, 0, 0, 1, 0) : ip6_loopback(0);
    if (net_bind(s, &a) || net_listen(s, 16) || net_local(s, at)) { SAY("listener setup failed\n"); exit(1); }
    return s;
}

static int tcp(int af) {
    addr_port_t at, peer, local;
    int32_t srv = listener(af, &at);
    SAY("listening port nonzero %d\n", port_of(&at) != 0);
    uint8_t flag = 9;
    E(net_get_flag(srv, OPT_LISTENING, &flag));
    SAY("SO_ACCEPTCONN %d\n", flag);
    int32_t c;
    E(net_open(af, ST_STREAM, PROTO_TCP, &c));
    E(net_peer(c, &peer));  // not connected: ENOTCONN
    E(net_connect(c, &at));
    E(net_connect(c, &at));  // EISCONN
    int32_t conn;
    E(net_accept(srv, 0, &conn, &peer));
    E(net_local(c, &local));
    SAY("accept saw client port %d\n", port_of(&peer) == port_of(&local));
    E(net_peer(c, &peer));
    SAY("client peer is server port %d\n", port_of(&peer) == port_of(&at));
    E(net_set_flag(c, OPT_NO_DELAY, 1));
    E(net_get_flag(c, OPT_NO_DELAY, &flag));
    SAY("TCP_NODELAY %d\n", flag);
    uint32_t n;
    uint16_t ro;
    char buf[64];
    E(net_send(c, "ping from client", 16, 0, &n));
    SAY("sent %u\n", n);
    E(net_recv(conn, buf, 4, RI_PEEK, &n, &ro));
    SAY("peeked %.*s\n", (int)n, buf);
    E(net_recv(conn, buf, 16, RI_WAITALL, &n, &ro));
    SAY("server got %.*s\n", (int)n, buf);
    E(net_send(conn, "pong from server", 16, 0, &n));
    E(net_recv(c, buf, sizeof buf, 0, &n, &ro));
    SAY("client got %.*s\n", (int)n, buf);
    E(net_recv(c, buf, sizeof buf, RI_DONTWAIT, &n, &ro));  // EAGAIN
    E(net_shutdown(c, SHUT_W));
    E(net_send(c, "x", 1, 0, &n));  // EPIPE
    E(net_recv(conn, buf, sizeof buf, 0, &n, &ro));
    SAY("server read after shutdown %u\n", n);
    // fd_read/fd_write work on sockets too
    SAY("write on socket %d\n", (int)write(conn, "bye", 3));
    SAY("read on socket %d\n", (int)read(c, buf, sizeof buf));
    close(conn);
    SAY("read after peer close %d\n", (int)read(c, buf, sizeof buf));
    close(c);
    close(srv);
    return 0;
}

static int udp(int af) {
    int32_t a, b;
    addr_port_t la, lb, from;
    addr_port_t any = af == AF4 ? ip4(127, 0, 0, 1, 0) : ip6_loopback(0);
    E(net_open(af, ST_DGRAM, PROTO_DEFAULT, &a));
    E(net_open(af, ST_DGRAM, PROTO_UDP, &b));
    E(net_bind(a, &any));
    E(net_bind(b, &any));
    net_local(a, &la);
    net_local(b, &lb);
    uint32_t n;
    uint16_t ro;
    char buf[64];
    E(net_recv_from(a, buf, sizeof buf, RI_DONTWAIT, &n, &ro, &from));  // EAGAIN
    E(net_send_to(a, "hello b", 7, &lb, &n));
    E(net_recv_from(b, buf, 3, RI_PEEK, &n, &ro, &from));
    SAY("peek %.*s truncated %d\n", (int)n, buf, ro);
    E(net_recv_from(b, buf, sizeof buf, 0, &n, &ro, &from));
    SAY("b got %.*s from a %d family ok %d\n", (int)n, buf, port_of(&from) == port_of(&la), from.tag == af);
    E(net_send_to(b, "hello a, longer", 15, &la, &n));
    E(net_recv_from(a, buf, 5, 0, &n, &ro, &from));
    SAY("a got %.*s truncated %d\n", (int)n, buf, ro);
    E(net_connect(b, &la));
    E(net_send(b, "connected", 9, 0, &n));
    E(net_recv(a, buf, sizeof buf, 0, &n, &ro));
    SAY("a got %.*s\n", (int)n, buf);
    close(a);
    close(b);
    return 0;
}

static int nonblocking_connect(void) {
    addr_port_t at, peer;
    int32_t srv = listener(AF4, &at);
    int32_t c;
    E(net_open(AF4, ST_STREAM | ST_NONBLOCK, PROTO_DEFAULT, &c));
    int32_t r = net_connect(c, &at);
    SAY("connect in progress or done %d\n", r == 26 /*EINPROGRESS*/ || r == 0);
    struct pollfd p = {.fd = c, .events = POLLOUT};
    SAY("poll %d\n", poll(&p, 1, 5000));
    SAY("writable %d\n", (p.revents & POLLOUT) != 0);
    uint64_t err = 99;
    E(net_get_size(c, OPT_LAST_ERROR, &err));
    SAY("SO_ERROR %d\n", (int)err);
    E(net_peer(c, &peer));
    int32_t conn;
    E(net_accept(srv, 0, &conn, &peer));
    return 0;
}

static int refused(void) {
    addr_port_t at;
    int32_t srv = listener(AF4, &at);
    close(srv);  // nobody listens on that port any more
    int32_t c;
    E(net_open(AF4, ST_STREAM, PROTO_DEFAULT, &c));
    E(net_connect(c, &at));  // ECONNREFUSED
    int32_t d;
    E(net_open(AF4, ST_STREAM | ST_NONBLOCK, PROTO_DEFAULT, &d));
    int32_t r = net_connect(d, &at);
    if (r == 26) {
        struct pollfd p = {.fd = d, .events = POLLOUT};
        poll(&p, 1, 5000);
        uint64_t err = 0;
        net_get_size(d, OPT_LAST_ERROR, &err);
        r = (int32_t)err;
    }
    SAY("non-blocking refused %d\n", r);
    return 0;
}

static int errors(void) {
    addr_port_t at, peer;
    int32_t srv = listener(AF4, &at);
    int32_t s2;
    E(net_open(AF4, ST_STREAM, PROTO_DEFAULT, &s2));
    E(net_bind(s2, &at));  // EADDRINUSE
    E(net_listen(s2, 1));  // fine: listens on an ephemeral port
    int32_t nb, conn;
    E(net_open(AF4, ST_STREAM | ST_NONBLOCK, PROTO_DEFAULT, &nb));
    E(net_bind(nb, &at));  // EADDRINUSE
    E(net_listen(nb, 1));
    E(net_accept(nb, 0, &conn, &peer));  // EAGAIN: nothing pending
    int32_t u;
    uint32_t n;
    uint16_t ro;
    char buf[8];
    E(net_open(AF4, ST_STREAM, PROTO_DEFAULT, &u));
    E(net_send(u, "x", 1, 0, &n));  // ENOTCONN
    E(net_recv(u, buf, 1, 0, &n, &ro));  // ENOTCONN
    E(net_shutdown(u, SHUT_RW));  // ENOTCONN
    E(net_accept(u, 0, &conn, &peer));  // EINVAL: not listening
    addr_port_t a6 = ip6_loopback(1);
    E(net_connect(u, &a6));  // EAFNOSUPPORT: v6 address on a v4 socket
    int32_t d;
    E(net_open(AF4, ST_DGRAM, PROTO_DEFAULT, &d));
    E(net_send(d, "x", 1, 0, &n));  // EDESTADDRREQ
    E(net_listen(d, 1));  // ENOTSUP
    int32_t c;
    E(net_open(AF4, ST_STREAM, PROTO_DEFAULT, &c));
    E(net_connect(c, &at));
    E(net_accept(srv, 0, &conn, &peer));
    opt_time_t linger0 = {1, 0};
    E(net_set_time(conn, OPT_LINGER, &linger0));
    close(conn);  // linger 0: the peer gets a reset
    E(net_recv(c, buf, sizeof buf, 0, &n, &ro));  // ECONNRESET
    opt_time_t t = {1, 50 * 1000000ull};
    int32_t c2, conn2;
    E(net_open(AF4, ST_STREAM, PROTO_DEFAULT, &c2));
    E(net_connect(c2, &at));
    E(net_accept(srv, 0, &conn2, &peer));
    E(net_set_time(c2, OPT_RECV_TIMEOUT, &t));
    E(net_recv(c2, buf, sizeof buf, 0, &n, &ro));  // EAGAIN after SO_RCVTIMEO
    uint64_t ty = 0;
    E(net_get_size(c2, OPT_TYPE, &ty));
    SAY("SO_TYPE %d\n", (int)ty);
    E(net_set_flag(srv, OPT_REUSE_ADDR, 1));
    uint8_t f = 0;
    E(net_get_flag(srv, OPT_REUSE_ADDR, &f));
    SAY("SO_REUSEADDR %d\n", f);
    return 0;
}

static int pair(void) {
    int32_t a, b;
    uint32_t n;
    uint16_t ro;
    char buf[32];
    E(net_pair(AFUNIX, ST_STREAM, 0, &a, &b));
    E(net_send(a, "to b", 4, 0, &n));
    E(net_recv(b, buf, sizeof buf, 0, &n, &ro));
    SAY("b got %.*s\n", (int)n, buf);
    SAY("write %d\n", (int)write(b, "to a", 4));
    SAY("read %d %.4s\n", (int)read(a, buf, sizeof buf), buf);
    E(net_recv(a, buf, sizeof buf, RI_DONTWAIT, &n, &ro));  // EAGAIN
    close(b);
    E(net_recv(a, buf, sizeof buf, 0, &n, &ro));
    SAY("after close read %u\n", n);
    E(net_send(a, "x", 1, 0, &n));  // EPIPE
    int32_t c, d;
    E(net_pair(AFUNIX, ST_DGRAM, 0, &c, &d));
    E(net_send(c, "one", 3, 0, &n));
    E(net_send(c, "two!", 4, 0, &n));
    E(net_recv(d, buf, 2, 0, &n, &ro));
    SAY("dgram %.*s truncated %d\n", (int)n, buf, ro);
    E(net_recv(d, buf, sizeof buf, 0, &n, &ro));
    SAY("dgram %.*s\n", (int)n, buf);
    return 0;
}

static int wait_n(int32_t ep, uint64_t timeout_ns, epoll_event_t *ev) {
    uint32_t n = 0;
    int32_t r = net_epoll_wait(ep, ev, 8, timeout_ns, &n);
    if (r) return -r;
    return (int)n;
}

static int epoll(void) {
    int32_t ep, rd, wr;
    epoll_event_t ev[8];
    E(net_epoll_create(&ep));
    E(net_pipe(&rd, &wr));
    epoll_event_t want = {.events = EP_IN, .data = {.fd = rd, .data2 = 111}};
    E(net_epoll_ctl(ep, EPCTL_ADD, rd, &want));
    E(net_epoll_ctl(ep, EPCTL_ADD, rd, &want));  // second ADD: wasmer's "modify" reading, success
    SAY("level empty %d\n", wait_n(ep, 0, ev));
    write(wr, "ab", 2);
    SAY("level 1st %d\n", wait_n(ep, 0, ev));
    SAY("event in %d data %d\n", ev[0].events == EP_IN, (int)ev[0].data.data2);
    SAY("level 2nd %d\n", wait_n(ep, 0, ev));
    want.events = EP_IN | EP_ET;
    E(net_epoll_ctl(ep, EPCTL_MOD, rd, &want));
    SAY("edge 1st %d\n", wait_n(ep, 0, ev));
    SAY("edge 2nd %d\n", wait_n(ep, 0, ev));
    char c;
    read(rd, &c, 1);
    SAY("edge after partial read %d\n", wait_n(ep, 0, ev));
    write(wr, "c", 1);
    SAY("edge after new data %d\n", wait_n(ep, 0, ev));
    want.events = EP_IN | EP_ONESHOT;
    E(net_epoll_ctl(ep, EPCTL_MOD, rd, &want));
    SAY("oneshot 1st %d\n", wait_n(ep, 0, ev));
    write(wr, "d", 1);
    SAY("oneshot 2nd %d\n", wait_n(ep, 0, ev));
    E(net_epoll_ctl(ep, EPCTL_MOD, rd, &want));
    SAY("oneshot rearmed %d\n", wait_n(ep, 0, ev));
    E(net_epoll_ctl(ep, EPCTL_DEL, rd, NULL));
    E(net_epoll_ctl(ep, EPCTL_DEL, rd, NULL));  // ENOENT
    E(net_epoll_ctl(ep, EPCTL_MOD, rd, &want));  // ENOENT
    E(net_epoll_ctl(ep, EPCTL_ADD, ep, &want));  // EINVAL: itself
    E(net_epoll_ctl(rd, EPCTL_ADD, wr, &want));  // EINVAL: not an epoll
    E(net_epoll_ctl(ep, EPCTL_ADD, 999, &want));  // EBADF

    // timers: nothing ready, the timeout passes
    int64_t t0 = now_ms();
    SAY("timeout %d\n", wait_n(ep, 30 * 1000000ull, ev));
    SAY("waited at least 30ms %d\n", now_ms() - t0 >= 30);

    // sockets: a listener, then a connection, edge-triggered
    addr_port_t at, peer;
    int32_t srv = listener(AF4, &at);
    epoll_event_t ls = {.events = EP_IN, .data = {.fd = srv}};
    E(net_epoll_ctl(ep, EPCTL_ADD, srv, &ls));
    SAY("listener idle %d\n", wait_n(ep, 0, ev));
    int32_t c1;
    net_open(AF4, ST_STREAM, PROTO_DEFAULT, &c1);
    E(net_connect(c1, &at));
    SAY("listener ready %d fd ok %d\n", wait_n(ep, 5000000000ull, ev), ev[0].data.fd == srv);
    int32_t conn;
    E(net_accept(srv, 0, &conn, &peer));
    SAY("listener drained %d\n", wait_n(ep, 0, ev));
    epoll_event_t cs = {.events = EP_IN | EP_OUT | EP_ET | EP_RDHUP, .data = {.fd = conn}};
    E(net_epoll_ctl(ep, EPCTL_ADD, conn, &cs));
    SAY("conn writable %d out %d\n", wait_n(ep, 5000000000ull, ev), ev[0].events == EP_OUT);
    SAY("conn quiet %d\n", wait_n(ep, 0, ev));
    uint32_t n;
    uint16_t ro;
    char buf[16];
    net_send(c1, "hi", 2, 0, &n);
    int k = wait_n(ep, 5000000000ull, ev);
    SAY("conn readable %d in %d\n", k, (ev[0].events & EP_IN) != 0);
    E(net_recv(conn, buf, sizeof buf, 0, &n, &ro));
    E(net_recv(conn, buf, sizeof buf, RI_DONTWAIT, &n, &ro));  // EAGAIN: drained
    close(c1);
    k = wait_n(ep, 5000000000ull, ev);
    SAY("peer closed %d rdhup %d\n", k, (ev[0].events & (EP_RDHUP | EP_HUP)) != 0);
    // an event counter and a socketpair in the same set
    int32_t efd, sa, sb;
    net_eventfd(0, 0, &efd);
    net_pair(AFUNIX, ST_STREAM, 0, &sa, &sb);
    epoll_event_t e1 = {.events = EP_IN, .data = {.fd = efd}};
    epoll_event_t e2 = {.events = EP_IN, .data = {.fd = sb}};
    E(net_epoll_ctl(ep, EPCTL_DEL, conn, NULL));
    E(net_epoll_ctl(ep, EPCTL_DEL, srv, NULL));
    E(net_epoll_ctl(ep, EPCTL_ADD, efd, &e1));
    E(net_epoll_ctl(ep, EPCTL_ADD, sb, &e2));
    SAY("both idle %d\n", wait_n(ep, 0, ev));
    uint64_t one = 1;
    write(efd, &one, 8);
    net_send(sa, "z", 1, 0, &n);
    SAY("both ready %d\n", wait_n(ep, 5000000000ull, ev));
    // a closed descriptor leaves the set
    close(efd);
    close(sb);
    SAY("closed ones gone %d\n", wait_n(ep, 0, ev));
    return 0;
}

/** What the network policy lets through: run without a network, loopback-only and an allow-list. */
static int policy(void) {
    int32_t s;
    E(net_open(AF4, ST_STREAM, PROTO_DEFAULT, &s));  // wasmer: a socket even without a network
    addr_port_t far = ip4(192, 0, 2, 1, 80);  // TEST-NET-1: never reached, the policy answers first
    E(net_connect(s, &far));
    int32_t srv;
    net_open(AF4, ST_STREAM, PROTO_DEFAULT, &srv);
    addr_port_t lo = ip4(127, 0, 0, 1, 0);
    E(net_bind(srv, &lo));
    E(net_listen(srv, 4));
    addr_port_t at;
    if (net_local(srv, &at) == 0) {
        E(net_connect(s, &at));
    }
    int32_t a, b;
    E(net_pair(AFUNIX, ST_STREAM, 0, &a, &b));
    addr_ip_t ips[4];
    uint32_t n = 0;
    E(net_resolve("localhost", 9, 0, ips, 4, &n));
    SAY("localhost resolves %d\n", n > 0);
    E(net_resolve("example.invalid", 15, 0, ips, 4, &n));
    SAY("close %d\n", close(s));
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 1; i < argc; i++) {
        const char *t = argv[i];
        SAY("== %s\n", t);
        if (!strcmp(t, "tcp4")) tcp(AF4);
        else if (!strcmp(t, "tcp6")) tcp(AF6);
        else if (!strcmp(t, "udp4")) udp(AF4);
        else if (!strcmp(t, "udp6")) udp(AF6);
        else if (!strcmp(t, "nonblocking_connect")) nonblocking_connect();
        else if (!strcmp(t, "refused")) refused();
        else if (!strcmp(t, "errors")) errors();
        else if (!strcmp(t, "pair")) pair();
        else if (!strcmp(t, "epoll")) epoll();
        else if (!strcmp(t, "policy")) policy();
        else { SAY("unknown scenario %s\n", t); return 2; }
    }
    return 0;
}
