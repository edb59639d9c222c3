// An HTTP/1.1 keep-alive server with one thread per connection and blocking sockets: every
// request gets NP_RESPONSE. Usage: http_threads [port] (default 8081). Runs until killed.
// For wasm it links the freestanding thread runtime of guests/threads/rt (Debian's wasi-libc
// cannot link threads); natively it uses pthreads. Same logic either way.
#ifdef __wasm__
#include "../../threads/rt/rt.h"
#else
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#endif
#include "netport.h"

#define BUF 4096

static void *serve(void *arg) {
    int fd = (int)(intptr_t)arg;
    char buf[BUF];
    static const int RESP = sizeof NP_RESPONSE - 1;
    char out[BUF];
    int len = 0;
    for (;;) {
        int r = np_recv(fd, buf + len, BUF - len);
        if (r <= 0) break;
        len += r;
        int used;
        int reqs = np_requests(buf, len, &used);
        if (reqs == 0 && len == BUF) break;
        int olen = 0;
        for (int q = 0; q < reqs; q++) {
            if (olen + RESP > BUF) {
                np_send(fd, out, olen);
                olen = 0;
            }
            memcpy(out + olen, NP_RESPONSE, RESP);
            olen += RESP;
        }
        if (olen && np_send(fd, out, olen) < 0) break;
        memmove(buf, buf + used, len - used);
        len -= used;
    }
    np_close(fd);
    return 0;
}

#ifdef __wasm__
int main(void) {
    int port = (int)rt_arg_long(1, 8081);
#else
int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8081;
#endif
    int lfd = np_listen(port, 0);
    if (lfd < 0) {
#ifdef __wasm__
        rt_eprintf("listen on %d failed: %d\n", port, lfd);
#else
        fprintf(stderr, "listen on %d failed: %d\n", port, lfd);
#endif
        return 1;
    }
    for (;;) {
        int c = np_accept(lfd, 0);
        if (c < 0) continue;
#ifdef __wasm__
        rt_thread_t *t;
        if (rt_thread_create(&t, serve, (void *)(intptr_t)c, 64 * 1024)) { np_close(c); continue; }
        rt_thread_detach(t);
#else
        pthread_t t;
        if (pthread_create(&t, 0, serve, (void *)(intptr_t)c)) { np_close(c); continue; }
        pthread_detach(t);
#endif
    }
}
