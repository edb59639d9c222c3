// Native load generator for the echo servers (wrk speaks only HTTP): CONNS connections, each
// sending a SIZE-byte message and waiting for it to come back, for SECONDS, driven by one epoll
// loop. Prints "round_trips_per_s p99_us". Usage: echo_load PORT [CONNS=50] [SECONDS=10] [SIZE=64]
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: echo_load PORT [CONNS] [SECONDS] [SIZE]\n"); return 2; }
    int port = atoi(argv[1]);
    int conns = argc > 2 ? atoi(argv[2]) : 50;
    double secs = argc > 3 ? atof(argv[3]) : 10;
    int size = argc > 4 ? atoi(argv[4]) : 64;
    char msg[65536], buf[65536];
    memset(msg, 'e', sizeof msg);
    int ep = epoll_create1(0);
    int *got = calloc(conns, sizeof(int));
    double *sent_at = calloc(conns, sizeof(double));
    int *fds = calloc(conns, sizeof(int));
    size_t cap = 1 << 22, n = 0;
    float *lat = malloc(cap * sizeof(float));
    for (int i = 0; i < conns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(0x7f000001)};
        if (connect(fd, (struct sockaddr *)&a, sizeof a)) { perror("connect"); return 1; }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fds[i] = fd;
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    double start = now(), end = start + secs;
    for (int i = 0; i < conns; i++) { sent_at[i] = now(); send(fds[i], msg, size, 0); }
    struct epoll_event evs[256];
    while (now() < end) {
        int k = epoll_wait(ep, evs, 256, 100);
        for (int j = 0; j < k; j++) {
            int i = evs[j].data.u32;
            ssize_t r = recv(fds[i], buf, sizeof buf, 0);
            if (r <= 0) { fprintf(stderr, "connection %d closed\n", i); return 1; }
            got[i] += r;
            if (got[i] >= size) {
                double t = now();
                if (n < cap) lat[n++] = (float)((t - sent_at[i]) * 1e6);
                got[i] = 0;
                sent_at[i] = t;
                send(fds[i], msg, size, 0);
            }
        }
    }
    double took = now() - start;
    qsort(lat, n, sizeof(float), cmp);
    printf("%.0f %.0f\n", n / took, n ? lat[(size_t)(n * 0.99)] : 0.0);
    return 0;
}
