/* recursion_overflow_shadow: unbounded recursion whose frames each keep 1 KiB in
 * linear memory (an address-taken local array, so __stack_pointer moves). Modules are
 * linked with --stack-first: the 1 MiB main stack sits at addresses 0..1 MiB, so
 * after ~1000 frames __stack_pointer wraps below 0 to ~4 GiB and the next store is an
 * out-of-bounds memory access. Expected: clean trap (out of bounds), exit != 0;
 * stdout "overflowing the shadow stack". */
#include "rt.h"

static volatile uint32_t never = 0xffffffffu;

__attribute__((noinline)) static uint32_t deep(uint32_t n, volatile char *prev) {
    volatile char frame[1024];
    frame[0] = (char)n;
    frame[1023] = prev ? prev[0] : 0;
    if (n == never) return frame[0];
    return deep(n + 1, frame) + frame[1023];
}

int main(void) {
    print("overflowing the shadow stack\n");
    uint32_t r = deep(0, 0);
    rt_eprintf("FAIL: unbounded recursion returned %u\n", r);
    return 1;
}
