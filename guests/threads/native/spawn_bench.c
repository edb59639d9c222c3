/* Native baseline for ../spawn_bench.c: pthread_create + pthread_join of an empty
 * thread with a 64 KiB stack, K times (argv[1], default 1000), CLOCK_MONOTONIC.
 * Same output line as the wasm guest. Built by ../Makefile into guests/build/threads/native/. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void *empty(void *arg) { return arg; }

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    long k = argc > 1 ? atol(argv[1]) : 1000;
    if (k < 1) return 2;
    uint64_t *ns = calloc((size_t)k, sizeof *ns);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (long i = -10; i < k; i++) {
        pthread_t t;
        uint64_t t0 = now_ns();
        if (pthread_create(&t, &attr, empty, 0)) return 1;
        pthread_join(t, 0);
        uint64_t dt = now_ns() - t0;
        if (i >= 0) ns[i] = dt;
    }
    qsort(ns, (size_t)k, sizeof *ns, cmp);
    printf("spawn_join n=%ld median_ns=%llu p99_ns=%llu min_ns=%llu max_ns=%llu\n", k,
           (unsigned long long)ns[k / 2], (unsigned long long)ns[(k * 99) / 100],
           (unsigned long long)ns[0], (unsigned long long)ns[k - 1]);
    return 0;
}
