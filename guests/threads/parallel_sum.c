/* parallel_sum: benchmark kernel. Sums the Mandelbrot escape counts of a SIZE x SIZE
 * grid over [-2, 1] x [-1.5, 1.5] (max 256 iterations) with THREADS threads; rows
 * are dealt round-robin, each thread sums its rows, main adds the partial sums.
 * Arguments: argv[1] = threads (default 1), argv[2] = size (default 512).
 * The result does not depend on the thread count (integer sums of per-pixel counts;
 * wasm f64 is IEEE-exact), so runs with 1, 2 and 4 threads print the same line.
 * native/parallel_sum.c is the same program for a native baseline.
 * Expected: stdout "mandelbrot size=512 sum=12475425" for any thread count; timing on stderr. */
#include "rt.h"

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

int main(void) {
    threads = (uint32_t)rt_arg_long(1, 1);
    size = (uint32_t)rt_arg_long(2, 512);
    if (threads < 1 || threads > 64) rt_fail("threads must be 1..64");
    uint64_t t0 = rt_now_ns();
    rt_thread_t *t[64];
    for (uint32_t k = 1; k < threads; k++)
        if (rt_thread_create(&t[k], worker, (void *)(uintptr_t)k, 0)) rt_fail("create");
    worker(0); /* main is worker 0 */
    for (uint32_t k = 1; k < threads; k++) rt_thread_join(t[k], 0);
    uint64_t sum = 0;
    for (uint32_t k = 0; k < threads; k++) sum += partial[k];
    uint64_t dt = rt_now_ns() - t0;
    rt_printf("mandelbrot size=%u sum=%llu\n", size, (unsigned long long)sum);
    rt_eprintf("threads=%u elapsed_ms=%llu\n", threads, (unsigned long long)(dt / 1000000));
    return 0;
}
