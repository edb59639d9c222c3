/* detached_exit: the detached-thread paths of the join protocol.
 *  1. 100 threads are detached right after creation and run to completion; main waits
 *     for them on a futex counter. Their blocks go to the runtime's dead list and are
 *     reclaimed by later creates (musl: a detached thread frees itself).
 *  2. 100 joinable threads are then created and joined (reusing that memory).
 *  3. a thread that has already exited is detached: like musl, detach joins it.
 * Expected: stdout "detached=100 joined=100 late_detach ok", exit 0. */
#include "rt.h"

#define N 100

static atomic_uint detached_done;

static void *detached_worker(void *arg) {
    (void)arg;
    if (atomic_fetch_add(&detached_done, 1) + 1 == N) rt_futex_wake(&detached_done, RT_WAKE_ALL);
    return 0;
}

static void *joinable_worker(void *arg) { return arg; }

int main(void) {
    for (int i = 0; i < N; i++) {
        rt_thread_t *t;
        if (rt_thread_create(&t, detached_worker, 0, 32 * 1024)) rt_fail("create detached");
        if (rt_thread_detach(t)) rt_fail("detach");
    }
    unsigned v;
    while ((v = atomic_load(&detached_done)) != N) rt_futex_wait(&detached_done, v, -1);

    unsigned joined = 0;
    for (uintptr_t i = 0; i < N; i++) {
        rt_thread_t *t;
        void *ret;
        if (rt_thread_create(&t, joinable_worker, (void *)i, 32 * 1024)) rt_fail("create joinable");
        rt_thread_join(t, &ret);
        if ((uintptr_t)ret == i) joined++;
    }

    rt_thread_t *late;
    if (rt_thread_create(&late, joinable_worker, 0, 32 * 1024)) rt_fail("create late");
    rt_sleep_ns(20 * 1000 * 1000); /* let it exit before we detach it */
    if (rt_thread_detach(late)) rt_fail("late detach");

    rt_printf("detached=%u joined=%u late_detach ok\n", atomic_load(&detached_done), joined);
    return 0;
}
