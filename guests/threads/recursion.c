/* recursion: a non-tail recursion DEPTH frames deep (argv[1], default 50000) run on
 * the main thread, or on a spawned thread when argv[2] is 1. The function keeps
 * nothing in linear memory (no shadow-stack frame), so this measures the host's
 * wasm call depth, not __stack_pointer. noinline + work after the call + a volatile
 * store keep clang from turning it into a loop (checked in the .wasm: it calls itself).
 * Expected: stdout "depth=50000 checksum=1167156904", exit 0. */
#include "rt.h"

static volatile uint32_t sink;
static volatile uint32_t deepest;

__attribute__((noinline)) static uint32_t descend(uint32_t n) {
    if (n == 0) return 0;
    uint32_t r = descend(n - 1);
    if (n > deepest) deepest = n; /* runs on the way back up */
    sink = r;
    return r * 31u + n;
}

static void *run(void *arg) {
    uint32_t depth = (uint32_t)(uintptr_t)arg;
    uint32_t c = descend(depth);
    rt_printf("depth=%u checksum=%u\n", deepest, c);
    return 0;
}

int main(void) {
    uint32_t depth = (uint32_t)rt_arg_long(1, 50000);
    if (rt_arg_long(2, 0) == 1) {
        rt_thread_t *t;
        if (rt_thread_create(&t, run, (void *)(uintptr_t)depth, 0)) rt_fail("create");
        rt_thread_join(t, 0);
    } else {
        run((void *)(uintptr_t)depth);
    }
    return deepest == depth ? 0 : 1;
}
