/* thread_bench: thread synchronisation and spawning benchmarks, one program for wasm (linked
 * with rt/) and natively (native/rt_posix.c: the same C, the same lock code rt/sync.inc on
 * Linux futexes). benchmarks/scripts/threads.sh runs both in one run and prints a table.
 *
 *   thread_bench mutex THREADS MILLIS     each thread: lock; counter++; unlock, for MILLIS ms of
 *                                         wall time (steady throughput, JIT warm-up included) -> Mops/s
 *   thread_bench fairness THREADS ITERS [WORK]  the same with WORK (default 20) loop turns outside the lock, so it changes
 *                                         hands all the time; per-thread finish spread, hand-offs
 *   thread_bench spawn K WARMUP           create + join an empty thread K times, one at a time,
 *                                         after WARMUP untimed rounds (0 = cold)      -> mean/p50/p99
 *   thread_bench live N                   N threads alive at once (16 KiB stacks), all parked on
 *                                         one futex, then released and joined         -> ms
 *   thread_bench storm P C                P threads, each creating and joining C children  -> ms
 *   thread_bench mandel T SIZE            Mandelbrot SIZE x SIZE on T threads (main is one) -> ms
 *
 * The mutex is rt's (musl-style: CAS, spin 100 atomic loads, then futex_wait; unlock wakes one
 * when contended), as wasix-libc's pthread_mutex is. Output: one line of key=value pairs on stdout;
 * a wrong result (lost update, wrong sum) exits 1. */
#include "rt.h"

static int str_eq(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static void sort(uint64_t *a, long n) { /* shell sort: no libc qsort in rt */
    for (long gap = n / 2; gap > 0; gap /= 2)
        for (long i = gap; i < n; i++)
            for (long j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
                uint64_t t = a[j];
                a[j] = a[j - gap];
                a[j - gap] = t;
            }
}

/* ---- mutex counter and fairness */

#define MAX_THREADS 64
static rt_mutex_t lock = RT_MUTEX_INIT;
static volatile uint32_t counter;     /* plain, protected by lock */
static volatile uint32_t last_owner;  /* plain, protected by lock */
static uint32_t handoffs;             /* plain, protected by lock */
static atomic_uint gate;              /* 0 until main opens it */
static atomic_uint stop;              /* timed mode: set by main when the time is up */
static long iters;
static int outside_work;
static uint64_t t_start, finished_ns[MAX_THREADS];
static volatile uint32_t sink;

static void wait_gate(void) {
    while (atomic_load(&gate) == 0) rt_futex_wait(&gate, 0, -1);
}

static void open_gate(void) {
    atomic_store(&gate, 1);
    rt_futex_wake(&gate, RT_WAKE_ALL);
}

static void *lock_worker(void *arg) {
    uint32_t me = (uint32_t)(uintptr_t)arg;
    wait_gate();
    if (iters == 0) { /* timed: until main says stop, looking at the flag every 256 turns */
        while (!atomic_load(&stop))
            for (int i = 0; i < 256; i++) {
                rt_mutex_lock(&lock);
                counter = counter + 1;
                if (last_owner != me) handoffs++, last_owner = me;
                rt_mutex_unlock(&lock);
            }
    }
    for (long i = 0; i < iters; i++) {
        rt_mutex_lock(&lock);
        counter = counter + 1;
        if (last_owner != me) handoffs++, last_owner = me;
        rt_mutex_unlock(&lock);
        for (int k = 0; k < outside_work; k++) sink = sink + (uint32_t)k; /* time away from the lock */
    }
    finished_ns[me] = rt_now_ns() - t_start;
    return 0;
}

/* n > 0: n turns per thread; n == 0: for millis ms */
static void bench_lock(const char *name, int threads, long n, int work, long millis) {
    if (threads < 1 || threads > MAX_THREADS) rt_fail("threads must be 1..64");
    iters = n;
    outside_work = work;
    rt_thread_t *t[MAX_THREADS];
    for (int i = 0; i < threads; i++)
        if (rt_thread_create(&t[i], lock_worker, (void *)(uintptr_t)i, 64 * 1024)) rt_fail("create");
    rt_sleep_ns(20 * 1000 * 1000); /* let every worker reach the gate */
    t_start = rt_now_ns();
    open_gate();
    if (n == 0) {
        rt_sleep_ns((uint64_t)millis * 1000000);
        atomic_store(&stop, 1);
    }
    for (int i = 0; i < threads; i++) rt_thread_join(t[i], 0);
    uint64_t dt = rt_now_ns() - t_start;
    uint64_t total = n ? (uint64_t)threads * (uint64_t)n : counter;
    if (counter != total || (n == 0 && total % 256 != 0)) {
        rt_eprintf("FAIL: counter=%u, expected %llu\n", counter, (unsigned long long)total);
        rt_exit(1);
    }
    sort(finished_ns, threads);
    rt_printf("bench=%s threads=%d ops=%llu elapsed_us=%llu mops=%llu.%02llu first_done_us=%llu "
              "last_done_us=%llu handoffs=%u\n",
              name, threads, (unsigned long long)total, (unsigned long long)(dt / 1000), (unsigned long long)(total * 1000 / dt),
              (unsigned long long)(total * 100000 / dt % 100), (unsigned long long)(finished_ns[0] / 1000),
              (unsigned long long)(finished_ns[threads - 1] / 1000), handoffs);
}

/* ---- spawn + join, one at a time */

static void *empty(void *arg) { return arg; }

static void bench_spawn(long k, long warmup) {
    if (k < 1) rt_fail("K must be >= 1");
    uint64_t *ns = rt_calloc((size_t)k, sizeof *ns), sum = 0;
    for (long i = -warmup; i < k; i++) {
        rt_thread_t *t;
        uint64_t t0 = rt_now_ns();
        if (rt_thread_create(&t, empty, 0, 64 * 1024)) rt_fail("create");
        rt_thread_join(t, 0);
        uint64_t dt = rt_now_ns() - t0;
        if (i >= 0) ns[i] = dt, sum += dt;
    }
    uint64_t first100 = 0;
    for (long i = 0; i < k && i < 100; i++) first100 += ns[i];
    sort(ns, k);
    rt_printf("bench=spawn n=%ld warmup=%ld mean_ns=%llu median_ns=%llu p99_ns=%llu max_ns=%llu first100_mean_ns=%llu\n",
              k, warmup, (unsigned long long)(sum / (uint64_t)k), (unsigned long long)ns[k / 2],
              (unsigned long long)ns[(k * 99) / 100], (unsigned long long)ns[k - 1],
              (unsigned long long)(first100 / (uint64_t)(k < 100 ? k : 100)));
}

/* ---- N live threads */

static atomic_uint started, all_started;
static long live_n;

static void *parked(void *arg) {
    (void)arg;
    if (atomic_fetch_add(&started, 1) + 1 == (unsigned)live_n) {
        atomic_store(&all_started, 1);
        rt_futex_wake(&all_started, 1);
    }
    wait_gate();
    return 0;
}

static void bench_live(long n) {
    if (n < 1) rt_fail("N must be >= 1");
    live_n = n;
    rt_thread_t **t = rt_calloc((size_t)n, sizeof *t);
    uint64_t t0 = rt_now_ns();
    for (long i = 0; i < n; i++)
        if (rt_thread_create(&t[i], parked, 0, 16 * 1024)) rt_fail("create");
    while (atomic_load(&all_started) == 0) rt_futex_wait(&all_started, 0, -1);
    uint64_t t1 = rt_now_ns();
    open_gate();
    for (long i = 0; i < n; i++) rt_thread_join(t[i], 0);
    uint64_t t2 = rt_now_ns();
    rt_printf("bench=live threads=%ld elapsed_ms=%llu start_ms=%llu release_join_ms=%llu\n", n,
              (unsigned long long)((t2 - t0) / 1000000), (unsigned long long)((t1 - t0) / 1000000),
              (unsigned long long)((t2 - t1) / 1000000));
}

/* ---- nested spawn storm */

static long storm_children;
static atomic_uint storm_joined;

static void *spawner(void *arg) {
    (void)arg;
    for (long i = 0; i < storm_children; i++) {
        rt_thread_t *t;
        if (rt_thread_create(&t, empty, 0, 64 * 1024)) rt_fail("create child");
        rt_thread_join(t, 0);
        atomic_fetch_add(&storm_joined, 1);
    }
    return 0;
}

static void bench_storm(int p, long c) {
    if (p < 1 || p > 1024) rt_fail("P must be 1..1024");
    storm_children = c;
    rt_thread_t **t = rt_calloc((size_t)p, sizeof *t);
    uint64_t t0 = rt_now_ns();
    for (int i = 0; i < p; i++)
        if (rt_thread_create(&t[i], spawner, 0, 64 * 1024)) rt_fail("create");
    for (int i = 0; i < p; i++) rt_thread_join(t[i], 0);
    uint64_t dt = rt_now_ns() - t0;
    if (atomic_load(&storm_joined) != (unsigned)(p * c)) rt_fail("lost a child");
    rt_printf("bench=storm spawners=%d children=%ld elapsed_ms=%llu\n", p, c, (unsigned long long)(dt / 1000000));
}

/* ---- parallel Mandelbrot (the kernel of parallel_sum.c) */

#define MAX_ITER 256
static uint32_t msize, mthreads;
static uint64_t partial[MAX_THREADS];

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

static void *rows(void *arg) {
    uint32_t k = (uint32_t)(uintptr_t)arg;
    uint64_t sum = 0;
    for (uint32_t y = k; y < msize; y += mthreads) {
        double ci = -1.5 + 3.0 * y / msize;
        for (uint32_t x = 0; x < msize; x++) sum += escape(-2.0 + 3.0 * x / msize, ci);
    }
    partial[k] = sum;
    return 0;
}

static void bench_mandel(int threads, long size) {
    if (threads < 1 || threads > MAX_THREADS) rt_fail("threads must be 1..64");
    mthreads = (uint32_t)threads;
    msize = (uint32_t)size;
    uint64_t t0 = rt_now_ns();
    rt_thread_t *t[MAX_THREADS];
    for (int k = 1; k < threads; k++)
        if (rt_thread_create(&t[k], rows, (void *)(uintptr_t)k, 0)) rt_fail("create");
    rows(0);
    for (int k = 1; k < threads; k++) rt_thread_join(t[k], 0);
    uint64_t sum = 0;
    for (int k = 0; k < threads; k++) sum += partial[k];
    uint64_t dt = rt_now_ns() - t0;
    rt_printf("bench=mandel threads=%d size=%ld sum=%llu elapsed_ms=%llu\n", threads, size,
              (unsigned long long)sum, (unsigned long long)(dt / 1000000));
}

int main(void) {
    int argc;
    char **argv = rt_args(&argc);
    const char *mode = argc > 1 ? argv[1] : "";
    if (str_eq(mode, "mutex")) bench_lock("mutex", (int)rt_arg_long(2, 8), 0, 0, rt_arg_long(3, 1000));
    else if (str_eq(mode, "fairness"))
        bench_lock("fairness", (int)rt_arg_long(2, 8), rt_arg_long(3, 20000), (int)rt_arg_long(4, 20), 0);
    else if (str_eq(mode, "spawn")) bench_spawn(rt_arg_long(2, 2000), rt_arg_long(3, 0));
    else if (str_eq(mode, "live")) bench_live(rt_arg_long(2, 10000));
    else if (str_eq(mode, "storm")) bench_storm((int)rt_arg_long(2, 64), rt_arg_long(3, 50));
    else if (str_eq(mode, "mandel")) bench_mandel((int)rt_arg_long(2, 1), rt_arg_long(3, 2048));
    else rt_fail("usage: thread_bench mutex|fairness|spawn|live|storm|mandel [args] (see the source)");
    return 0;
}
