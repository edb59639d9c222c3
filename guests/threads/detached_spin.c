/* detached_spin: main starts a thread, detaches it, waits (spinning on an atomic)
 * until it runs, and returns 0 from main while the thread spins forever on an atomic
 * flag (i32.atomic.load in a loop, no imports). _start then returns normally, which
 * the host must treat as exit 0 for the whole process - promptly, without waiting
 * for the spinning thread.
 * Expected: stdout "detached spinner running, main returns 0", exit 0 quickly. */
#include "rt.h"

static atomic_uint running;
/* Not static: clang would see that nothing in this file stores to a static `stop`,
 * fold the load to 0 and emit `loop br 0` with no atomic load at all. */
atomic_uint stop;

static void *spinner(void *arg) {
    (void)arg;
    atomic_store(&running, 1);
    while (!atomic_load(&stop)) {
    }
    return 0;
}

int main(void) {
    rt_thread_t *t;
    if (rt_thread_create(&t, spinner, 0, 0)) rt_fail("create");
    if (rt_thread_detach(t)) rt_fail("detach");
    while (!atomic_load(&running)) {
    }
    print("detached spinner running, main returns 0\n");
    return 0;
}
