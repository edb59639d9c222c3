/* recursion_overflow: recursion without bound on the main thread (or on a spawned
 * thread when argv[1] is 1). Frames live only on the host's wasm call stack (no
 * linear-memory frame), so the host runs out of call depth: it must turn that into
 * a clean wasm trap ("call stack exhausted") and end the process with a non-zero
 * code - not crash the host JVM or hang.
 * Expected: stdout "recursing without bound", trap message on stderr, exit != 0. */
#include "rt.h"

static volatile uint32_t sink;
static volatile uint32_t never = 0xffffffffu; /* unknown to the compiler: no "infinite recursion" proof */

__attribute__((noinline)) static uint32_t forever(uint32_t n) {
    if (n == never) return 0;
    uint32_t r = forever(n + 1);
    sink = r;
    return r * 31u + n;
}

static void *run(void *arg) {
    (void)arg;
    print("recursing without bound\n");
    uint32_t r = forever(0);
    rt_eprintf("FAIL: unbounded recursion returned %u\n", r);
    rt_exit(1);
}

int main(void) {
    if (rt_arg_long(1, 0) == 1) {
        rt_thread_t *t;
        if (rt_thread_create(&t, run, 0, 0)) rt_fail("create");
        rt_thread_join(t, 0);
        return 1;
    }
    run(0);
    return 1;
}
