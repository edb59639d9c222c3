/* worker_trap: a worker thread executes `unreachable` (__builtin_trap) while main
 * waits in join (futex_wait on the worker's detach_state). The host must report the
 * trap and end the whole process with a non-zero code (wasmer uses 129); main must
 * not print its FAIL line.
 * Expected: stdout "worker: about to trap", a trap message on stderr, exit != 0. */
#include "rt.h"

static void *worker(void *arg) {
    (void)arg;
    print("worker: about to trap\n");
    __builtin_trap();
}

int main(void) {
    rt_thread_t *t;
    if (rt_thread_create(&t, worker, 0, 0)) rt_fail("create");
    rt_thread_join(t, 0);
    print("FAIL: join returned after the worker trapped\n");
    return 1;
}
