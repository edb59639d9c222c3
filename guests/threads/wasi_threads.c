/* wasi_threads: a program in the wasm32-wasip1-threads style, linked against the
 * wasi-threads flavour of the runtime (rt_wasi.o). Its only imports are env.memory,
 * wasi."thread-spawn" and wasi_snapshot_preview1.*: no wasix_32v1 at all.
 * Locks, barrier and join use memory.atomic.wait32 / memory.atomic.notify; a thread
 * ends by RETURNING from wasi_thread_start (no thread_exit); a failure exits with
 * preview1 proc_exit.
 * 4 threads: barrier, then 500 mutex-protected increments each, join.
 * Expected: stdout "wasi-threads ok", exit 0. */
#include "rt.h"

#define THREADS 4
#define ITERS 500

static rt_mutex_t lock = RT_MUTEX_INIT;
static rt_barrier_t barrier;
static unsigned counter;

static void *worker(void *arg) {
    rt_barrier_wait(&barrier);
    for (int i = 0; i < ITERS; i++) {
        rt_mutex_lock(&lock);
        counter++;
        rt_mutex_unlock(&lock);
    }
    return arg;
}

int main(void) {
    rt_thread_t *t[THREADS];
    rt_barrier_init(&barrier, THREADS);
    for (uintptr_t i = 0; i < THREADS; i++)
        if (rt_thread_create(&t[i], worker, (void *)(i + 100), 0)) rt_fail("create");
    for (uintptr_t i = 0; i < THREADS; i++) {
        void *ret;
        rt_thread_join(t[i], &ret);
        if ((uintptr_t)ret != i + 100) rt_fail("wrong thread return value");
        if (rt_thread_tid(t[i]) <= 0) rt_fail("thread-spawn returned a tid <= 0");
    }
    if (counter != THREADS * ITERS) rt_fail("lost increments");
    print("wasi-threads ok\n");
    return 0;
}
