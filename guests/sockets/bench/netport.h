// The few socket and epoll calls the benchmark servers make, over the wasix_32v1 imports (net.h)
// when built for wasm and over Linux's own calls when built natively, so both run the same C.
// Calls return the count (or 0) on success and -errno on failure; errno numbers differ between
// the two builds, so only NP_EAGAIN is compared.
#pragma once
#include <stdint.h>

#define NP_IN 1
#define NP_OUT 2
#define NP_HUP 4

typedef struct { int fd; int events; } np_event;

#ifdef __wasm__
#include "../net.h"
#define NP_EAGAIN (-6)

static inline int np_listen(int port, int nonblocking) {
    int32_t fd;
    if (net_open(AF4, ST_STREAM | (nonblocking ? ST_NONBLOCK : 0), 0, &fd)) return -1;
    net_set_flag(fd, OPT_REUSE_ADDR, 1);
    addr_port_t a = ip4(127, 0, 0, 1, (uint16_t)port);
    int r = net_bind(fd, &a);
    if (r) return -r;
    r = net_listen(fd, 4096);
    return r ? -r : fd;
}
static inline int np_accept(int lfd, int nonblocking) {
    int32_t fd;
    addr_port_t peer;
    int r = net_accept(lfd, nonblocking ? 0x4 : 0, &fd, &peer);
    if (r) return -r;
    net_set_flag(fd, OPT_NO_DELAY, 1);
    return fd;
}
static inline int np_recv(int fd, void *buf, int len) {
    uint32_t n;
    uint16_t ro;
    int r = net_recv(fd, buf, (uint32_t)len, 0, &n, &ro);
    return r ? -r : (int)n;
}
static inline int np_send(int fd, const void *buf, int len) {
    uint32_t n;
    int r = net_send(fd, buf, (uint32_t)len, 0, &n);
    return r ? -r : (int)n;
}
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_close"))) int32_t np__fd_close(int32_t fd);
static inline void np_close(int fd) { np__fd_close(fd); }
static inline int np_ep_create(void) {
    int32_t ep;
    return net_epoll_create(&ep) ? -1 : ep;
}
static inline int np_ep_ctl(int ep, int op, int fd, int events) {
    epoll_event_t e;
    memset(&e, 0, sizeof e);
    e.events = (events & NP_IN ? EP_IN : 0) | (events & NP_OUT ? EP_OUT : 0) | EP_RDHUP;
    e.data.fd = fd;
    return -net_epoll_ctl(ep, op, fd, &e);
}
static inline int np_ep_add(int ep, int fd, int events) { return np_ep_ctl(ep, EPCTL_ADD, fd, events); }
static inline int np_ep_mod(int ep, int fd, int events) { return np_ep_ctl(ep, EPCTL_MOD, fd, events); }
static inline int np_ep_wait(int ep, np_event *out, int max) {
    epoll_event_t evs[256];
    if (max > 256) max = 256;
    uint32_t n = 0;
    int r = net_epoll_wait(ep, evs, (uint32_t)max, UINT64_MAX, &n);
    if (r) return -r;
    for (uint32_t i = 0; i < n; i++) {
        out[i].fd = evs[i].data.fd;
        out[i].events = (evs[i].events & EP_IN ? NP_IN : 0) | (evs[i].events & EP_OUT ? NP_OUT : 0) |
                        (evs[i].events & (EP_HUP | EP_ERR | EP_RDHUP) ? NP_HUP : 0);
    }
    return (int)n;
}
#else
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#define NP_EAGAIN (-EAGAIN)

static inline int np_listen(int port, int nonblocking) {
    int fd = socket(AF_INET, SOCK_STREAM | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(0x7f000001)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4096)) return -errno;
    return fd;
}
static inline int np_accept(int lfd, int nonblocking) {
    int fd = accept4(lfd, 0, 0, nonblocking ? SOCK_NONBLOCK : 0);
    if (fd < 0) return -errno;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}
static inline int np_recv(int fd, void *buf, int len) {
    ssize_t n = recv(fd, buf, len, 0);
    return n < 0 ? -errno : (int)n;
}
static inline int np_send(int fd, const void *buf, int len) {
    ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
    return n < 0 ? -errno : (int)n;
}
static inline void np_close(int fd) { close(fd); }
static inline int np_ep_create(void) { return epoll_create1(0); }
static inline int np_ep_ctl(int ep, int op, int fd, int events) {
    struct epoll_event e = {.events = (events & NP_IN ? EPOLLIN : 0) | (events & NP_OUT ? EPOLLOUT : 0) | EPOLLRDHUP,
                            .data.fd = fd};
    return epoll_ctl(ep, op, fd, &e) ? -errno : 0;
}
static inline int np_ep_add(int ep, int fd, int events) { return np_ep_ctl(ep, EPOLL_CTL_ADD, fd, events); }
static inline int np_ep_mod(int ep, int fd, int events) { return np_ep_ctl(ep, EPOLL_CTL_MOD, fd, events); }
static inline int np_ep_wait(int ep, np_event *out, int max) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n = epoll_wait(ep, evs, max, -1);
    if (n < 0) return -errno;
    for (int i = 0; i < n; i++) {
        out[i].fd = evs[i].data.fd;
        out[i].events = (evs[i].events & EPOLLIN ? NP_IN : 0) | (evs[i].events & EPOLLOUT ? NP_OUT : 0) |
                        (evs[i].events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP) ? NP_HUP : 0);
    }
    return n;
}
#endif

/** The HTTP/1.1 answer both servers give to every request. */
static const char NP_RESPONSE[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!";

/** Complete requests (headers ended by a blank line) in buf[0..len); *used is where the last one ends. */
static inline int np_requests(const char *buf, int len, int *used) {
    int count = 0;
    *used = 0;
    for (int i = 3; i < len; i++) {
        if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
            count++;
            *used = i + 1;
        }
    }
    return count;
}
