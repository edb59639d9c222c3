/* setjmp_basic: setjmp/longjmp on stack_checkpoint/stack_restore, single thread.
 * Checks, in order (one line each, "ok <name>"):
 *   first      setjmp returns 0, then the value given to longjmp
 *   zero       longjmp(env, 0) makes setjmp return 1
 *   depth      longjmp out of a recursion argv[1] deep (default 100) unwinds all of it
 *   nested     two live jmp_bufs: longjmp to the inner, then to the outer one
 *   loop       setjmp+longjmp 1000 times at the same place (the host must not leak)
 *   returned   longjmp to a jmp_buf whose setjmp frame has returned re-enters that frame,
 *              as wasmer does (undefined in C; here the frame is rebuilt from the checkpoint)
 *   locals     a volatile local written after setjmp keeps its newest value
 * Then prints "done" and exits 0. */
#include "control.h"

static ctl_jmp_buf env, outer, inner, kept;
static volatile int calls;

__attribute__((noinline)) static int dive(int n, int target) {
    calls++;
    if (n == target) ctl_longjmp(env, 7 + n);
    return dive(n + 1, target) + 1; /* not a tail call */
}

__attribute__((noinline)) static void jump_inner(void) { ctl_longjmp(inner, 2); }
__attribute__((noinline)) static void jump_outer(void) { ctl_longjmp(outer, 3); }

/* sets a jmp_buf and returns: its frame is gone when someone longjmps to it */
__attribute__((noinline)) static int returning_setjmp(void) {
    int r = ctl_setjmp(kept);
    if (r != 0) return 100 + r;
    return 1;
}

int main(void) {
    long depth = rt_arg_long(1, 100);

    /* first */
    int r = ctl_setjmp(env);
    if (r == 0) ctl_longjmp(env, 42);
    RT_CHECK(r == 42);
    print("ok first\n");

    /* zero */
    r = ctl_setjmp(env);
    if (r == 0) ctl_longjmp(env, 0);
    RT_CHECK(r == 1);
    print("ok zero\n");

    /* depth */
    calls = 0;
    r = ctl_setjmp(env);
    if (r == 0) {
        dive(0, (int)depth);
        rt_fail("dive returned");
    }
    RT_CHECK(r == 7 + depth);
    RT_CHECK(calls == depth + 1);
    rt_printf("ok depth %ld\n", depth);

    /* nested */
    volatile int stage = 0;
    int ro = ctl_setjmp(outer);
    if (ro == 0) {
        int ri = ctl_setjmp(inner);
        if (ri == 0) {
            stage = 1;
            jump_inner();
        }
        RT_CHECK(ri == 2 && stage == 1);
        stage = 2;
        jump_outer();
    }
    RT_CHECK(ro == 3 && stage == 2);
    print("ok nested\n");

    /* loop */
    volatile int count = 0;
    r = ctl_setjmp(env);
    if (count < 1000) {
        count++;
        ctl_longjmp(env, count);
    }
    RT_CHECK(r == 1000);
    print("ok loop\n");

    /* returned */
    static volatile int pass = 0;
    int got = returning_setjmp();
    if (pass == 0) {
        RT_CHECK(got == 1);
        pass = 1;
        ctl_longjmp(kept, 5);
    }
    RT_CHECK(pass == 1 && got == 105);
    print("ok returned\n");

    /* locals */
    volatile int local = 1;
    r = ctl_setjmp(env);
    if (r == 0) {
        local = 2;
        ctl_longjmp(env, 1);
    }
    RT_CHECK(local == 2);
    print("ok locals\n");

    print("done\n");
    return 0;
}
