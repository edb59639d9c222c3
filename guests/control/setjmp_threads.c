/* setjmp_threads: checkpoints belong to the thread that made them.
 *   (no argument)  argv[1] threads (default 4) each loop 200 times: setjmp, recurse to a
 *                  depth of their own, longjmp back with their index; all must see their
 *                  own values. Prints "ok threads N" and exits 0.
 *   foreign        a worker longjmps to a jmp_buf the main thread set: the host refuses
 *                  (the process ends with an error, non-zero exit).
 */
#include "control.h"

#define ROUNDS 200

static atomic_uint good;
static ctl_jmp_buf main_env;

__attribute__((noinline)) static void dive(ctl_snapshot_t *env, int n, int val) {
    if (n == 0) ctl_longjmp(env, val);
    dive(env, n - 1, val);
    __asm__ volatile("" ::: "memory");
}

static void *worker(void *arg) {
    int id = (int)(uintptr_t)arg;
    ctl_jmp_buf env;
    volatile int round = 0;
    int r = ctl_setjmp(env);
    if (r != 0) {
        if (r != id * 1000 + round) rt_fail("a thread saw another thread's longjmp value");
        round++;
    }
    if (round < ROUNDS) dive(env, id * 3 + (round % 7), id * 1000 + round);
    atomic_fetch_add(&good, 1);
    return 0;
}

static void *foreign(void *arg) {
    (void)arg;
    ctl_longjmp(main_env, 9);
}

int main(void) {
    char **argv;
    int argc;
    argv = rt_args(&argc);
    if (argc > 1 && argv[1][0] == 'f') {
        if (ctl_setjmp(main_env) != 0) rt_fail("the main thread's checkpoint was restored by another thread");
        rt_thread_t *t;
        RT_CHECK(rt_thread_create(&t, foreign, 0, 0) == 0);
        rt_thread_join(t, 0);
        rt_fail("the foreign longjmp returned");
    }
    long n = rt_arg_long(1, 4);
    rt_thread_t *t[64];
    if (n < 1 || n > 64) rt_fail("1..64 threads");
    for (long i = 0; i < n; i++) RT_CHECK(rt_thread_create(&t[i], worker, (void *)(uintptr_t)(i + 1), 0) == 0);
    /* the main thread does the same meanwhile */
    worker((void *)(uintptr_t)(n + 1));
    for (long i = 0; i < n; i++) rt_thread_join(t[i], 0);
    RT_CHECK(atomic_load(&good) == (unsigned)n + 1);
    rt_printf("ok threads %ld\n", n);
    return 0;
}
