/* Native baseline for ../futex_pingpong.c: the same token passing with Linux
 * futex(2) (FUTEX_WAIT_PRIVATE / FUTEX_WAKE_PRIVATE). Same output line. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_uint turn;
static long rounds;

static void futex_wait(atomic_uint *a, unsigned v) { syscall(SYS_futex, a, FUTEX_WAIT_PRIVATE, v, 0, 0, 0); }
static void futex_wake(atomic_uint *a) { syscall(SYS_futex, a, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0); }

static void pass(unsigned me) {
    unsigned v;
    while ((v = atomic_load(&turn)) != me) futex_wait(&turn, v);
}

static void *pong(void *arg) {
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        pass(1);
        atomic_store(&turn, 0);
        futex_wake(&turn);
    }
    return 0;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
    rounds = argc > 1 ? atol(argv[1]) : 10000;
    if (rounds < 1) return 2;
    pthread_t t;
    if (pthread_create(&t, 0, pong, 0)) return 1;
    uint64_t t0 = now_ns();
    for (long i = 0; i < rounds; i++) {
        pass(0);
        atomic_store(&turn, 1);
        futex_wake(&turn);
    }
    pass(0);
    uint64_t dt = now_ns() - t0;
    pthread_join(t, 0);
    if (dt == 0) dt = 1;
    printf("futex_pingpong roundtrips=%ld ns_per_roundtrip=%llu per_sec=%llu\n", rounds,
           (unsigned long long)(dt / (uint64_t)rounds),
           (unsigned long long)((uint64_t)rounds * 1000000000ull / dt));
    return 0;
}
