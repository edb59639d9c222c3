/* cpu_threads: 8 CPU-bound threads (more than the cores a host may have) each run a
 * fixed integer workload (xorshift32 + FNV-1a style mixing, 4M steps, seeded by the
 * thread index); main joins them and combines the per-thread results in index order.
 * No synchronisation while computing: the host must preempt or time-slice.
 * Expected: stdout "threads=8 checksum=0x24a61def75511071" (computed natively), exit 0. */
#include "rt.h"

#define THREADS 8
#define STEPS (4u * 1000 * 1000)

static uint64_t result[THREADS];

static uint64_t work(uint32_t seed) {
    uint32_t x = seed * 2654435761u + 1;
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < STEPS; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        h = (h ^ x) * 1099511628211ull;
    }
    return h;
}

static void *worker(void *arg) {
    unsigned i = (unsigned)(uintptr_t)arg;
    result[i] = work(i + 1);
    return 0;
}

int main(void) {
    rt_thread_t *t[THREADS];
    for (unsigned i = 0; i < THREADS; i++)
        if (rt_thread_create(&t[i], worker, (void *)(uintptr_t)i, 0)) rt_fail("create");
    for (int i = 0; i < THREADS; i++) rt_thread_join(t[i], 0);
    uint64_t sum = 0;
    for (int i = 0; i < THREADS; i++) sum = sum * 31 + result[i];
    rt_printf("threads=%d checksum=0x%016llx\n", THREADS, (unsigned long long)sum);
    return 0;
}
