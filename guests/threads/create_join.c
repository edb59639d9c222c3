/* create_join: create N threads (argv[1], default 8), each adds its index (1..N)
 * 1000 times to an atomic counter and returns 2*index; join them all.
 * Also checks that the tid thread-spawn returned, the tid passed to wasi_thread_start
 * and wasix thread_id() inside the thread are the same number.
 * Expected: stdout "sum=36000" (N=8: 1000 * (1+...+8)), exit 0. */
#include "rt.h"

#define DEFAULT_THREADS 8
#define ADDS 1000

static atomic_uint sum;
static int32_t seen_tid[1024]; /* tid as the thread itself sees it (wasix thread_id) */

static void *worker(void *arg) {
    unsigned id = (unsigned)(uintptr_t)arg;
    seen_tid[id - 1] = rt_host_thread_id();
    if (seen_tid[id - 1] != rt_thread_tid(rt_self()))
        rt_fail("thread_id() differs from the tid passed to wasi_thread_start");
    for (int i = 0; i < ADDS; i++) atomic_fetch_add(&sum, id);
    return (void *)(uintptr_t)(2 * id);
}

int main(void) {
    long n = rt_arg_long(1, DEFAULT_THREADS);
    if (n < 1 || n > 1024) rt_fail("thread count must be 1..1024");
    rt_thread_t **t = rt_calloc((size_t)n, sizeof *t);
    for (long i = 0; i < n; i++) {
        int err = rt_thread_create(&t[i], worker, (void *)(uintptr_t)(i + 1), 0);
        if (err) {
            rt_eprintf("FAIL: rt_thread_create #%ld returned %d\n", i, err);
            return 1;
        }
    }
    for (long i = 0; i < n; i++) {
        int32_t tid = rt_thread_tid(t[i]);
        void *ret = 0;
        rt_thread_join(t[i], &ret);
        if ((uintptr_t)ret != (uintptr_t)(2 * (i + 1))) rt_fail("wrong thread return value");
        if (tid <= 0 || seen_tid[i] != tid) {
            rt_eprintf("FAIL: thread %ld: thread-spawn returned tid %d, thread saw %d\n", i, tid, seen_tid[i]);
            return 1;
        }
        for (long j = 0; j < i; j++)
            if (seen_tid[j] == tid) rt_fail("two threads got the same tid");
    }
    unsigned expect = (unsigned)(ADDS * n * (n + 1) / 2);
    unsigned got = atomic_load(&sum);
    if (got != expect) {
        rt_eprintf("FAIL: sum=%u, expected %u\n", got, expect);
        return 1;
    }
    rt_printf("sum=%u\n", got);
    return 0;
}
