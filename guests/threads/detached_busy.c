/* detached_busy: like detached_spin, but the detached thread runs a busy loop with
 * NO atomic operation and no import call (plain i32.load/i32.store of a volatile
 * counter). A host that only yields or checks for termination at atomics and
 * imports must still end this thread when main returns 0: _start returning ends the
 * whole process.
 * Expected: stdout "detached busy loop running, main returns 0", exit 0 quickly. */
#include "rt.h"

static atomic_uint running;
volatile uint32_t busy_counter; /* plain loads/stores, not atomics */

static void *busy(void *arg) {
    (void)arg;
    atomic_store(&running, 1);
    for (;;) busy_counter++;
    return 0;
}

int main(void) {
    rt_thread_t *t;
    if (rt_thread_create(&t, busy, 0, 0)) rt_fail("create");
    if (rt_thread_detach(t)) rt_fail("detach");
    while (!atomic_load(&running)) {
    }
    print("detached busy loop running, main returns 0\n");
    return 0;
}
