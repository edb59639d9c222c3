// Reads the clocks and random bytes the way libc does, and checks what a program relies on.
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>

int main(void) {
    struct timespec a, b, res;
    if (clock_gettime(CLOCK_MONOTONIC, &a) != 0) return 1;
    sched_yield();
    if (clock_gettime(CLOCK_MONOTONIC, &b) != 0) return 2;
    if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec)) return 3;
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0) return 4;
    if (clock_getres(CLOCK_MONOTONIC, &res) != 0) return 5;
    unsigned char bytes[64] = {0};
    if (getentropy(bytes, sizeof bytes) != 0) return 6;
    int nonzero = 0;
    for (unsigned i = 0; i < sizeof bytes; i++) nonzero += bytes[i] != 0;
    printf("monotonic ok\nrealtime year>=2024: %s\nrandom nonzero bytes>32: %s\n",
           now.tv_sec > 1704067200 ? "yes" : "no", nonzero > 32 ? "yes" : "no");
    return 0;
}
