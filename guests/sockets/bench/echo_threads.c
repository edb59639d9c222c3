// A TCP echo server with one thread per connection and blocking sockets: whatever arrives is sent
// back. Usage: echo_threads [port] (default 7007). Runs until killed. Same C for wasm (the
// freestanding thread runtime of guests/threads/rt) and natively (pthreads).
#ifdef __wasm__
#include "../../threads/rt/rt.h"
#else
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#endif
#include "netport.h"

static void *serve(void *arg) {
    int fd = (int)(intptr_t)arg;
    char buf[4096];
    for (;;) {
        int n = np_recv(fd, buf, sizeof buf);
        if (n <= 0) break;
        for (int done = 0; done < n;) {
            int w = np_send(fd, buf + done, n - done);
            if (w <= 0) goto out;
            done += w;
        }
    }
out:
    np_close(fd);
    return 0;
}

#ifdef __wasm__
int main(void) {
    int port = (int)rt_arg_long(1, 7007);
#else
int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 7007;
#endif
    int lfd = np_listen(port, 0);
    if (lfd < 0) return 1;
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
