/* futex_pingpong: main and one thread pass a token R times (argv[1], default 10000)
 * through a futex word: each side futex_waits until the word says it is its turn,
 * flips it and futex_wakes the other. Measures round trips per second.
 * native/futex_pingpong.c is the same with Linux futex(2).
 * Expected: stdout "futex_pingpong roundtrips=<R> ns_per_roundtrip=<a> per_sec=<b>", exit 0. */
#include "rt.h"

static atomic_uint turn; /* 0: main's turn (ping), 1: the thread's turn (pong) */
static long rounds;

static void pass(unsigned me) {
    unsigned v;
    while ((v = atomic_load(&turn)) != me) rt_futex_wait(&turn, v, -1);
}

static void *pong(void *arg) {
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        pass(1);
        atomic_store(&turn, 0);
        rt_futex_wake(&turn, 1);
    }
    return 0;
}

int main(void) {
    rounds = rt_arg_long(1, 10000);
    if (rounds < 1) rt_fail("R must be >= 1");
    rt_thread_t *t;
    if (rt_thread_create(&t, pong, 0, 0)) rt_fail("create");
    uint64_t t0 = rt_now_ns();
    for (long i = 0; i < rounds; i++) {
        pass(0);
        atomic_store(&turn, 1);
        rt_futex_wake(&turn, 1);
    }
    pass(0);
    uint64_t dt = rt_now_ns() - t0;
    rt_thread_join(t, 0);
    if (dt == 0) dt = 1;
    rt_printf("futex_pingpong roundtrips=%ld ns_per_roundtrip=%llu per_sec=%llu\n", rounds,
              (unsigned long long)(dt / (uint64_t)rounds),
              (unsigned long long)((uint64_t)rounds * 1000000000ull / dt));
    return 0;
}
