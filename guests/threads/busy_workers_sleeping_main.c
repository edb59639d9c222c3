/* busy_workers_sleeping_main: N detached threads (default 4, more than this machine's cores)
 * run busy loops with no atomic operation and no import call, while main sleeps 50 ms in
 * thread_sleep and then exits 0. On virtual threads that are not time-sliced the busy loops
 * hold every carrier, so main must still get a core back to wake up: the host's scheduler has to
 * have more carriers than busy guest threads, or time-slice them.
 * Expected: stdout "workers busy, main woke and exits 0", exit 0 within a second. */
#include "rt.h"

static atomic_uint started;
volatile uint32_t counters[64];

static void *busy(void *arg) {
    uint32_t i = (uint32_t)(uintptr_t)arg;
    atomic_fetch_add(&started, 1);
    for (;;) counters[i]++;
    return 0;
}

int main(void) {
    long n = rt_arg_long(1, 4);
    if (n < 1 || n > 64) rt_fail("thread count must be 1..64");
    for (long i = 0; i < n; i++) {
        rt_thread_t *t;
        if (rt_thread_create(&t, busy, (void *)(uintptr_t)i, 0)) rt_fail("create");
        if (rt_thread_detach(t)) rt_fail("detach");
    }
    while (atomic_load(&started) < (uint32_t)n) {
    }
    rt_sleep_ns(50 * 1000 * 1000);
    print("workers busy, main woke and exits 0\n");
    return 0;
}
