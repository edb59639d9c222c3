// Event-loop style stdin: poll, then read, until end of stream. poll must report the data and
// then the end at once (POLLIN/POLLHUP), never wait out its timeout while input is there or over.
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void) {
    char buf[256];
    long total = 0;
    double start = now();
    for (;;) {
        struct pollfd p = {.fd = 0, .events = POLLIN};
        int r = poll(&p, 1, 5000);
        if (r != 1) {
            printf("poll returned %d without input or end\n", r);
            return 1;
        }
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0) {
            perror("read");
            return 1;
        }
        if (n == 0) break;
        total += n;
    }
    printf("stdin eof after %ld bytes%s\n", total, now() - start < 2.5 ? "" : " (too slow)");
    return 0;
}
