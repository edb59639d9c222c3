// An HTTP/1.1 keep-alive server on one thread with epoll and non-blocking sockets: every request
// gets NP_RESPONSE. Usage: http_epoll [port] (default 8080). Runs until killed.
// Built for wasm (Debian wasi-libc + net.h) and natively (Linux) from this same source.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "netport.h"

#define BUF 4096
#define MAX_FD 65536

typedef struct { int len; char buf[BUF]; } conn_t;
static conn_t *conns[MAX_FD];

static void drop(int fd) {
    free(conns[fd]);
    conns[fd] = NULL;
    np_close(fd);
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8080;
    int lfd = np_listen(port, 1);
    if (lfd < 0) {
        fprintf(stderr, "listen on %d failed: %d\n", port, lfd);
        return 1;
    }
    int ep = np_ep_create();
    np_ep_add(ep, lfd, NP_IN);
    fprintf(stderr, "http_epoll listening on 127.0.0.1:%d\n", port);
    static char out[BUF * 4];
    np_event evs[256];
    for (;;) {
        int n = np_ep_wait(ep, evs, 256);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].fd;
            if (fd == lfd) {
                int c;
                while ((c = np_accept(lfd, 1)) >= 0) {
                    if (c >= MAX_FD) { np_close(c); continue; }
                    conns[c] = calloc(1, sizeof(conn_t));
                    np_ep_add(ep, c, NP_IN);
                }
                continue;
            }
            conn_t *k = conns[fd];
            if (!k) continue;
            for (;;) {
                int r = np_recv(fd, k->buf + k->len, BUF - k->len);
                if (r == NP_EAGAIN) break;
                if (r <= 0) { drop(fd); k = NULL; break; }
                k->len += r;
                int used;
                int reqs = np_requests(k->buf, k->len, &used);
                if (reqs == 0 && k->len == BUF) { drop(fd); k = NULL; break; }
                int olen = 0;
                for (int q = 0; q < reqs; q++) {
                    if (olen + (int)sizeof NP_RESPONSE > (int)sizeof out) {
                        np_send(fd, out, olen);
                        olen = 0;
                    }
                    memcpy(out + olen, NP_RESPONSE, sizeof NP_RESPONSE - 1);
                    olen += sizeof NP_RESPONSE - 1;
                }
                // responses are small: a loopback socket buffer takes them whole
                if (olen && np_send(fd, out, olen) < 0) { drop(fd); k = NULL; break; }
                memmove(k->buf, k->buf + used, k->len - used);
                k->len -= used;
            }
        }
    }
}
