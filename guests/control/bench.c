/* bench: timing loops for docs/performance.md, measured inside the guest with the
 * monotonic clock so host start-up is not counted.
 *   setjmp <depth> <n>   n rounds of setjmp + recursion to <depth> + longjmp back:
 *                        prints "setjmp depth=<d> n=<n> ns_per_round=<x>"
 *   switch <n>           n round trips main -> context -> main (2n switches):
 *                        prints "switch n=<n> ns_per_switch=<x>"
 */
#include "control.h"

static ctl_jmp_buf env;
static volatile long sink;

__attribute__((noinline)) static void dive(int n) {
    if (n <= 1) ctl_longjmp(env, 1);
    dive(n - 1);
    sink++;
}

static void ponger(void) {
    for (;;) __wasix_context_switch(CTL_MAIN_CONTEXT);
}

int main(void) {
    int argc;
    char **argv = rt_args(&argc);
    if (argc > 1 && argv[1][0] == 's' && argv[1][1] == 'e') {
        long depth = rt_arg_long(2, 1), n = rt_arg_long(3, 10000);
        volatile long i = 0;
        uint64_t t0 = rt_now_ns();
        ctl_setjmp(env);
        if (i++ < n) dive((int)depth);
        uint64_t t1 = rt_now_ns();
        rt_printf("setjmp depth=%ld n=%ld ns_per_round=%ld\n", depth, n, (long)((t1 - t0) / (uint64_t)n));
        return 0;
    }
    long n = rt_arg_long(2, 100000);
    uint64_t c;
    RT_CHECK(ctl_context_create(&c, ponger) == 0);
    __wasix_context_switch(c); /* start it */
    uint64_t t0 = rt_now_ns();
    for (long i = 0; i < n; i++) __wasix_context_switch(c);
    uint64_t t1 = rt_now_ns();
    rt_printf("switch n=%ld ns_per_switch=%ld\n", n, (long)((t1 - t0) / (uint64_t)(2 * n)));
    return 0;
}
