// Direct declarations of the wasix_32v1 socket and epoll imports, with the structs of
// shared/wasix-abi/types.md: Debian's wasi-libc has no socket(), connect() or epoll for wasm.
// Each call returns the WASI errno (0 on success), as the import does.
#pragma once
#include <stdint.h>
#if __STDC_HOSTED__
#include <string.h>
#else
void *memset(void *d, int c, __SIZE_TYPE__ n);
#endif

#define NET_IMPORT(name) __attribute__((import_module("wasix_32v1"), import_name(#name)))

enum { AF4 = 1, AF6 = 2, AFUNIX = 3 };
enum { ST_STREAM = 1, ST_DGRAM = 2, ST_NONBLOCK = 0x4000 };
enum { PROTO_DEFAULT = 0, PROTO_TCP = 6, PROTO_UDP = 17 };
enum { RI_PEEK = 1, RI_WAITALL = 2, RI_TRUNC = 4, RI_DONTWAIT = 8 };
enum { SI_DONTWAIT = 1 };
enum { SHUT_R = 1, SHUT_W = 2, SHUT_RW = 3 };
enum { OPT_REUSE_PORT = 1, OPT_REUSE_ADDR = 2, OPT_NO_DELAY = 3, OPT_ONLY_V6 = 5, OPT_BROADCAST = 6,
       OPT_LISTENING = 10, OPT_LAST_ERROR = 11, OPT_KEEP_ALIVE = 12, OPT_LINGER = 13, OPT_RECV_BUF = 15,
       OPT_SEND_BUF = 16, OPT_RECV_TIMEOUT = 19, OPT_TYPE = 25 };
enum { EP_IN = 0x1, EP_OUT = 0x2, EP_RDHUP = 0x4, EP_ERR = 0x10, EP_HUP = 0x20, EP_ET = 0x40, EP_ONESHOT = 0x80 };
enum { EPCTL_ADD = 1, EPCTL_DEL = 2, EPCTL_MOD = 3 };  // the Linux numbers wasix-libc passes

typedef struct {
    uint8_t tag;
    uint8_t pad;
    union {
        struct { uint16_t port; uint8_t addr[4]; } v4;
        struct { uint16_t port; uint8_t addr[16]; uint16_t flow_hi, flow_lo, scope_hi, scope_lo; } v6;
        char unix_path[108];
    } u;
} addr_port_t;
_Static_assert(sizeof(addr_port_t) == 110, "addr_port_t is 110 bytes");

typedef struct { uint8_t tag; uint8_t pad; uint8_t addr[16]; } addr_ip_t;
_Static_assert(sizeof(addr_ip_t) == 18, "addr_ip_t is 18 bytes");

typedef struct { const void *buf; uint32_t len; } net_iovec_t;
typedef struct { uint8_t tag; uint64_t value; } opt_time_t;
_Static_assert(sizeof(opt_time_t) == 16, "option_timestamp_t is 16 bytes");

typedef struct {
    uint32_t events;
    uint32_t pad;
    struct { uint32_t ptr; int32_t fd; uint32_t data1; uint32_t pad; uint64_t data2; } data;
} epoll_event_t;
_Static_assert(sizeof(epoll_event_t) == 32, "epoll_event_t is 32 bytes");

NET_IMPORT(sock_open) int32_t net_open(int32_t af, int32_t type, int32_t proto, int32_t *fd);
NET_IMPORT(sock_pair) int32_t net_pair(int32_t af, int32_t type, int32_t proto, int32_t *a, int32_t *b);
NET_IMPORT(sock_bind) int32_t net_bind(int32_t fd, const addr_port_t *a);
NET_IMPORT(sock_listen) int32_t net_listen(int32_t fd, uint32_t backlog);
NET_IMPORT(sock_connect) int32_t net_connect(int32_t fd, const addr_port_t *a);
NET_IMPORT(sock_accept_v2) int32_t net_accept(int32_t fd, int32_t fdflags, int32_t *out, addr_port_t *peer);
NET_IMPORT(sock_send) int32_t net_send_iov(int32_t fd, const net_iovec_t *iov, uint32_t n, int32_t flags, uint32_t *sent);
NET_IMPORT(sock_recv) int32_t net_recv_iov(int32_t fd, const net_iovec_t *iov, uint32_t n, int32_t flags, uint32_t *got,
                                          uint16_t *roflags);
NET_IMPORT(sock_send_to) int32_t net_send_to_iov(int32_t fd, const net_iovec_t *iov, uint32_t n, int32_t flags,
                                                const addr_port_t *to, uint32_t *sent);
NET_IMPORT(sock_recv_from) int32_t net_recv_from_iov(int32_t fd, const net_iovec_t *iov, uint32_t n, int32_t flags,
                                                    uint32_t *got, uint16_t *roflags, addr_port_t *from);
NET_IMPORT(sock_shutdown) int32_t net_shutdown(int32_t fd, int32_t how);
NET_IMPORT(sock_addr_local) int32_t net_local(int32_t fd, addr_port_t *a);
NET_IMPORT(sock_addr_peer) int32_t net_peer(int32_t fd, addr_port_t *a);
NET_IMPORT(sock_set_opt_flag) int32_t net_set_flag(int32_t fd, int32_t opt, int32_t v);
NET_IMPORT(sock_get_opt_flag) int32_t net_get_flag(int32_t fd, int32_t opt, uint8_t *v);
NET_IMPORT(sock_set_opt_size) int32_t net_set_size(int32_t fd, int32_t opt, uint64_t v);
NET_IMPORT(sock_get_opt_size) int32_t net_get_size(int32_t fd, int32_t opt, uint64_t *v);
NET_IMPORT(sock_set_opt_time) int32_t net_set_time(int32_t fd, int32_t opt, const opt_time_t *v);
NET_IMPORT(resolve) int32_t net_resolve(const char *host, uint32_t len, int32_t port, addr_ip_t *out, uint32_t n,
                                        uint32_t *found);
NET_IMPORT(epoll_create) int32_t net_epoll_create(int32_t *fd);
NET_IMPORT(epoll_ctl) int32_t net_epoll_ctl(int32_t ep, int32_t op, int32_t fd, const epoll_event_t *ev);
NET_IMPORT(epoll_wait) int32_t net_epoll_wait(int32_t ep, epoll_event_t *evs, uint32_t max, uint64_t timeout_ns,
                                              uint32_t *n);
NET_IMPORT(fd_pipe) int32_t net_pipe(int32_t *rd, int32_t *wr);
NET_IMPORT(fd_event) int32_t net_eventfd(uint64_t initial, int32_t flags, int32_t *fd);

static inline addr_port_t ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
    addr_port_t x;
    memset(&x, 0, sizeof x);
    x.tag = AF4;
    x.u.v4.port = port;
    x.u.v4.addr[0] = a; x.u.v4.addr[1] = b; x.u.v4.addr[2] = c; x.u.v4.addr[3] = d;
    return x;
}

static inline addr_port_t ip6_loopback(uint16_t port) {
    addr_port_t x;
    memset(&x, 0, sizeof x);
    x.tag = AF6;
    x.u.v6.port = port;
    x.u.v6.addr[15] = 1;
    return x;
}

static inline uint16_t port_of(const addr_port_t *a) {
    return a->tag == AF6 ? a->u.v6.port : a->u.v4.port;
}

static inline int32_t net_send(int32_t fd, const void *buf, uint32_t len, int32_t flags, uint32_t *sent) {
    net_iovec_t v = {buf, len};
    return net_send_iov(fd, &v, 1, flags, sent);
}

static inline int32_t net_recv(int32_t fd, void *buf, uint32_t len, int32_t flags, uint32_t *got, uint16_t *ro) {
    net_iovec_t v = {buf, len};
    return net_recv_iov(fd, &v, 1, flags, got, ro);
}

static inline int32_t net_send_to(int32_t fd, const void *buf, uint32_t len, const addr_port_t *to, uint32_t *sent) {
    net_iovec_t v = {buf, len};
    return net_send_to_iov(fd, &v, 1, 0, to, sent);
}

static inline int32_t net_recv_from(int32_t fd, void *buf, uint32_t len, int32_t flags, uint32_t *got, uint16_t *ro,
                                    addr_port_t *from) {
    net_iovec_t v = {buf, len};
    return net_recv_from_iov(fd, &v, 1, flags, got, ro, from);
}
