/* Native baseline of bench.c's "switch" case: swapcontext ping-pong (glibc). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <ucontext.h>

static ucontext_t main_ctx, ctx;
static char stack[64 * 1024];

static void ponger(void) {
    for (;;) swapcontext(&ctx, &main_ctx);
}

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

int main(int argc, char **argv) {
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    getcontext(&ctx);
    ctx.uc_stack.ss_sp = stack;
    ctx.uc_stack.ss_size = sizeof stack;
    ctx.uc_link = 0;
    makecontext(&ctx, ponger, 0);
    swapcontext(&main_ctx, &ctx);
    long t0 = now_ns();
    for (long i = 0; i < n; i++) swapcontext(&main_ctx, &ctx);
    long t1 = now_ns();
    printf("switch n=%ld ns_per_switch=%ld\n", n, (t1 - t0) / (2 * n));
    return 0;
}
