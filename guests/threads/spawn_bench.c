/* spawn_bench: cost of spawning and joining an empty thread (64 KiB stack), measured
 * K times (argv[1], default 1000) after 10 warm-up rounds, with clock_time_get
 * MONOTONIC around each create+join. native/spawn_bench.c is the pthread baseline.
 * Expected: stdout "spawn_join n=<K> median_ns=<a> p99_ns=<b> min_ns=<c> max_ns=<d>", exit 0. */
#include "rt.h"

static void *empty(void *arg) { return arg; }

static void sort(uint64_t *a, long n) { /* shell sort: no libc qsort here */
    for (long gap = n / 2; gap > 0; gap /= 2)
        for (long i = gap; i < n; i++)
            for (long j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
                uint64_t t = a[j];
                a[j] = a[j - gap];
                a[j - gap] = t;
            }
}

int main(void) {
    long k = rt_arg_long(1, 1000);
    if (k < 1) rt_fail("K must be >= 1");
    uint64_t *ns = rt_calloc((size_t)k, sizeof *ns);
    for (long i = -10; i < k; i++) {
        rt_thread_t *t;
        uint64_t t0 = rt_now_ns();
        if (rt_thread_create(&t, empty, 0, 64 * 1024)) rt_fail("create");
        rt_thread_join(t, 0);
        uint64_t dt = rt_now_ns() - t0;
        if (i >= 0) ns[i] = dt;
    }
    sort(ns, k);
    rt_printf("spawn_join n=%ld median_ns=%llu p99_ns=%llu min_ns=%llu max_ns=%llu\n", k,
              (unsigned long long)ns[k / 2], (unsigned long long)ns[(k * 99) / 100],
              (unsigned long long)ns[0], (unsigned long long)ns[k - 1]);
    return 0;
}
