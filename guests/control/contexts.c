/* contexts: WASIX green contexts (context_create / context_switch / context_destroy).
 * argv[1] picks the case; each prints what it checked and exits 0 unless said otherwise.
 *   pingpong [n]   main and one context switch back and forth n times (default 1000):
 *                  "pingpong n=<n> sum=<sum>"
 *   chain          main -> A -> B (created by A) -> A -> main, as wasmer's basic_switching:
 *                  "chain ok"
 *   destroy        a started-and-suspended context and a never-started one are destroyed;
 *                  destroying the main or the active context is EINVAL; switching to a
 *                  destroyed one is EINVAL; destroying it again is a no-op: "destroy ok"
 *   many [n]       n contexts (default 200) each started and destroyed: "many ok"
 *   exit           a context calls exit(7): the process exits with 7
 *   trap           a context traps (unreachable): the process ends like any trap
 *   return         a context's entry function returns: the process ends with an error
 *   threads [n]    n threads (default 4) each run their own ping-pong at once: "threads ok"
 *   badentry       context_create with a table index that is not a ()->() function: EINVAL
 *   leave [n]      n contexts (default 10) started and left suspended when main returns:
 *                  "leave ok", exit 0 (the host must stop their threads)
 *   spin           a context spins forever without a syscall (the host's time limit or
 *                  kill must still end the process)
 */
#include "control.h"

#define EINVAL 28

static uint64_t ctx_a, ctx_b;
static volatile long pings, sum;

static void ponger(void) {
    for (;;) {
        sum += pings;
        RT_CHECK(__wasix_context_switch(CTL_MAIN_CONTEXT) == 0);
    }
}

static int pingpong(long n) {
    RT_CHECK(ctl_context_create(&ctx_a, ponger) == 0);
    for (pings = 1; pings <= n; pings++) RT_CHECK(__wasix_context_switch(ctx_a) == 0);
    RT_CHECK(__wasix_context_destroy(ctx_a) == 0);
    rt_printf("pingpong n=%ld sum=%ld\n", n, (long)sum);
    return 0;
}

static int was_in_b;
static void chain_b(void) {
    was_in_b++;
    __wasix_context_switch(ctx_a);
    rt_fail("context B resumed after being destroyed");
}
static void chain_a(void) {
    RT_CHECK(ctl_context_create(&ctx_b, chain_b) == 0);
    RT_CHECK(__wasix_context_switch(ctx_b) == 0);
    RT_CHECK(__wasix_context_destroy(ctx_b) == 0);
    RT_CHECK(__wasix_context_switch(CTL_MAIN_CONTEXT) == 0);
    rt_fail("context A resumed after main finished with it");
}

static void back_to_main(void) {
    for (;;) __wasix_context_switch(CTL_MAIN_CONTEXT);
}

static void checks_destroy_rules(void) {
    RT_CHECK(__wasix_context_destroy(ctx_b) == EINVAL); /* itself: the active context */
    RT_CHECK(__wasix_context_destroy(CTL_MAIN_CONTEXT) == EINVAL);
    RT_CHECK(__wasix_context_switch(ctx_b) == 0);       /* to itself: a no-op */
    __wasix_context_switch(CTL_MAIN_CONTEXT);
    rt_fail("destroyed context resumed");
}

static void exits(void) { rt_exit(7); }
static void spins(void) {
    for (;;) sum++;
}
static void traps(void) { __builtin_trap(); }
static void returns(void) { print("entry returns\n"); }

static void *thread_pingpong(void *arg) {
    long n = (long)(uintptr_t)arg;
    static _Thread_local long local_sum;
    uint64_t ctx;
    local_sum = 0;
    RT_CHECK(ctl_context_create(&ctx, back_to_main) == 0);
    for (long i = 0; i < n; i++) {
        local_sum += i;
        RT_CHECK(__wasix_context_switch(ctx) == 0);
    }
    RT_CHECK(__wasix_context_destroy(ctx) == 0);
    return (void *)(uintptr_t)(local_sum == n * (n - 1) / 2);
}

static int same(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

int main(void) {
    int argc;
    char **argv = rt_args(&argc);
    const char *what = argc > 1 ? argv[1] : "pingpong";
    long n = rt_arg_long(2, 0);
#define IS(s) same(what, s)
    if (IS("pingpong")) return pingpong(n ? n : 1000);
    if (IS("chain")) {
        RT_CHECK(ctl_context_create(&ctx_a, chain_a) == 0);
        RT_CHECK(__wasix_context_switch(ctx_a) == 0);
        RT_CHECK(was_in_b == 1);
        print("chain ok\n");
        return 0;
    }
    if (IS("destroy")) {
        RT_CHECK(ctl_context_create(&ctx_a, back_to_main) == 0);
        RT_CHECK(__wasix_context_switch(ctx_a) == 0);      /* started, now suspended */
        RT_CHECK(ctl_context_create(&ctx_b, checks_destroy_rules) == 0);
        RT_CHECK(__wasix_context_switch(ctx_b) == 0);      /* runs the rules, comes back */
        RT_CHECK(__wasix_context_destroy(ctx_a) == 0);
        RT_CHECK(__wasix_context_destroy(ctx_b) == 0);
        RT_CHECK(__wasix_context_switch(ctx_a) == EINVAL);
        RT_CHECK(__wasix_context_destroy(ctx_a) == 0);      /* already gone: no-op */
        uint64_t never;
        RT_CHECK(ctl_context_create(&never, back_to_main) == 0);
        RT_CHECK(__wasix_context_destroy(never) == 0);     /* never started */
        RT_CHECK(__wasix_context_switch(CTL_MAIN_CONTEXT) == 0); /* to itself */
        print("destroy ok\n");
        return 0;
    }
    if (IS("many")) {
        long m = n ? n : 200;
        for (long i = 0; i < m; i++) {
            uint64_t c;
            RT_CHECK(ctl_context_create(&c, back_to_main) == 0);
            RT_CHECK(__wasix_context_switch(c) == 0);
            RT_CHECK(__wasix_context_destroy(c) == 0);
        }
        print("many ok\n");
        return 0;
    }
    if (IS("exit") || IS("trap") || IS("return")) {
        RT_CHECK(ctl_context_create(&ctx_a, IS("exit") ? exits : IS("trap") ? traps : returns) == 0);
        __wasix_context_switch(ctx_a);
        rt_fail("main resumed after the context ended");
    }
    if (IS("threads")) {
        long m = n ? n : 4;
        rt_thread_t *t[32];
        if (m < 1 || m > 32) rt_fail("1..32 threads");
        for (long i = 0; i < m; i++) RT_CHECK(rt_thread_create(&t[i], thread_pingpong, (void *)(uintptr_t)(500 + i), 0) == 0);
        void *ok = thread_pingpong((void *)(uintptr_t)300);
        RT_CHECK(ok);
        for (long i = 0; i < m; i++) {
            rt_thread_join(t[i], &ok);
            RT_CHECK(ok);
        }
        print("threads ok\n");
        return 0;
    }
    if (IS("badentry")) {
        uint64_t c;
        /* pingpong's own index is a function of type () -> i32, not () -> () */
        RT_CHECK(__wasix_context_create(&c, (uint32_t)(uintptr_t)pingpong) == EINVAL);
        RT_CHECK(__wasix_context_create(&c, 0x7fffffff) == EINVAL);
        print("badentry ok\n");
        return 0;
    }
    if (IS("leave")) {
        long m = n ? n : 10;
        for (long i = 0; i < m; i++) {
            uint64_t c;
            RT_CHECK(ctl_context_create(&c, back_to_main) == 0);
            RT_CHECK(__wasix_context_switch(c) == 0);
        }
        print("leave ok\n");
        return 0;
    }
    if (IS("spin")) {
        RT_CHECK(ctl_context_create(&ctx_a, spins) == 0);
        __wasix_context_switch(ctx_a);
        rt_fail("main resumed while the context spins");
    }
    rt_eprintf("unknown case %s\n", what);
    return 2;
}
