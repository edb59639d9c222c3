/* Native baseline for ../parallel_sum.c (same kernel, pthreads). Build with
 * -ffp-contract=off so no FMA changes the escape counts. Same stdout line. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_ITER 256

static uint32_t size = 512, threads = 1;
static uint64_t partial[64];

static uint32_t escape(double cr, double ci) {
    double zr = 0, zi = 0;
    uint32_t i = 0;
    while (i < MAX_ITER && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        i++;
    }
    return i;
}

static void *worker(void *arg) {
    uint32_t k = (uint32_t)(uintptr_t)arg;
    uint64_t sum = 0;
    for (uint32_t y = k; y < size; y += threads) {
        double ci = -1.5 + 3.0 * y / size;
        for (uint32_t x = 0; x < size; x++) sum += escape(-2.0 + 3.0 * x / size, ci);
    }
    partial[k] = sum;
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) threads = (uint32_t)atoi(argv[1]);
    if (argc > 2) size = (uint32_t)atoi(argv[2]);
    if (threads < 1 || threads > 64) return 2;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pthread_t t[64];
    for (uint32_t k = 1; k < threads; k++)
        if (pthread_create(&t[k], 0, worker, (void *)(uintptr_t)k)) return 1;
    worker(0);
    for (uint32_t k = 1; k < threads; k++) pthread_join(t[k], 0);
    uint64_t sum = 0;
    for (uint32_t k = 0; k < threads; k++) sum += partial[k];
    clock_gettime(CLOCK_MONOTONIC, &b);
    uint64_t dt = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000ull + (uint64_t)(b.tv_nsec - a.tv_nsec);
    printf("mandelbrot size=%u sum=%llu\n", size, (unsigned long long)sum);
    fprintf(stderr, "threads=%u elapsed_ms=%llu\n", threads, (unsigned long long)(dt / 1000000));
    return 0;
}
