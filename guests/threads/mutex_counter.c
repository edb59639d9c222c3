/* mutex_counter: 64 threads each increment a plain (non-atomic) counter 1000 times
 * under an rt_mutex. The critical section is a deliberately slow read-modify-write
 * (with an occasional sched_yield inside), so a broken mutex or futex loses updates.
 * Expected: stdout "counter=64000", exit 0. */
#include "rt.h"

#define THREADS 64
#define ITERS 1000

static rt_mutex_t lock = RT_MUTEX_INIT;
static volatile unsigned counter; /* volatile: keep the load and store separate */

static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        rt_mutex_lock(&lock);
        unsigned v = counter;
        if ((i & 127) == 0) rt_yield(); /* widen the race window now and then */
        counter = v + 1;
        rt_mutex_unlock(&lock);
    }
    return 0;
}

int main(void) {
    rt_thread_t *t[THREADS];
    for (int i = 0; i < THREADS; i++)
        if (rt_thread_create(&t[i], worker, 0, 64 * 1024)) rt_fail("rt_thread_create");
    for (int i = 0; i < THREADS; i++) rt_thread_join(t[i], 0);
    if (counter != THREADS * ITERS) {
        rt_eprintf("FAIL: counter=%u, expected %u\n", counter, THREADS * ITERS);
        return 1;
    }
    rt_printf("counter=%u\n", counter);
    return 0;
}
