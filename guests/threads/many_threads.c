/* many_threads: N threads (argv[1], default 10000) alive at the same time, 16 KiB
 * stacks. Each thread counts itself in, then waits on a futex barrier with N+1
 * participants (main included); nobody can exit before all N have started. Then
 * all are released and joined. Needs ~170 MiB of linear memory for N=10000.
 * Expected: stdout "alive=10000", exit 0. Failure to create a thread -> exit 1. */
#include "rt.h"

#define DEFAULT_THREADS 10000
#define STACK (16 * 1024)

static atomic_uint started, finished;
static rt_barrier_t barrier;

static void *worker(void *arg) {
    (void)arg;
    atomic_fetch_add(&started, 1);
    rt_barrier_wait(&barrier);
    atomic_fetch_add(&finished, 1);
    return 0;
}

int main(void) {
    long n = rt_arg_long(1, DEFAULT_THREADS);
    if (n < 1) rt_fail("thread count must be >= 1");
    rt_barrier_init(&barrier, (uint32_t)n + 1);
    rt_thread_t **t = rt_calloc((size_t)n, sizeof *t);
    if (!t) rt_fail("out of memory for the thread table");
    for (long i = 0; i < n; i++) {
        int err = rt_thread_create(&t[i], worker, 0, STACK);
        if (err) {
            rt_eprintf("FAIL: creating thread %ld of %ld returned %d (%s)\n", i, n, err,
                       err == RT_EAGAIN ? "thread-spawn failed" : "out of memory");
            return 1;
        }
    }
    rt_barrier_wait(&barrier); /* returns once all n workers are inside the barrier */
    unsigned alive = atomic_load(&started);
    for (long i = 0; i < n; i++) rt_thread_join(t[i], 0);
    if (alive != (unsigned)n || atomic_load(&finished) != (unsigned)n) {
        rt_eprintf("FAIL: alive=%u finished=%u, expected %ld\n", alive, atomic_load(&finished), n);
        return 1;
    }
    rt_printf("alive=%u\n", alive);
    return 0;
}
