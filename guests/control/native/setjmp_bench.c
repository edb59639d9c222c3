/* Native baseline of bench.c's "setjmp" case: setjmp + recursion to <depth> + longjmp. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static jmp_buf env;
static volatile long sink;

__attribute__((noinline)) static void dive(int n) {
    if (n <= 1) longjmp(env, 1);
    dive(n - 1);
    sink++;
}

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

int main(int argc, char **argv) {
    long depth = argc > 2 ? atol(argv[2]) : 1, n = argc > 3 ? atol(argv[3]) : 10000;
    volatile long i = 0;
    long t0 = now_ns();
    setjmp(env);
    if (i++ < n) dive((int)depth);
    long t1 = now_ns();
    printf("setjmp depth=%ld n=%ld ns_per_round=%ld\n", depth, n, (t1 - t0) / n);
    return 0;
}
