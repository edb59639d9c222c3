/* spin_flag: two threads hand a token back and forth 1000 times by spinning on an
 * atomic word (no futex, no yield: only i32.atomic.load / store in the loops), and
 * main waits for both by spinning on an atomic counter before joining.
 * On a host that runs guest threads as virtual threads on few carriers this only
 * finishes if the host yields at atomic operations.
 * Expected: stdout "spins ok", exit 0. */
#include "rt.h"

#define ROUNDS 1000

static atomic_uint turn;    /* 0: ping's turn, 1: pong's turn */
static atomic_uint done;    /* threads finished */
static unsigned handoffs[2];

static void *player(void *arg) {
    unsigned me = (unsigned)(uintptr_t)arg;
    for (int i = 0; i < ROUNDS; i++) {
        while (atomic_load(&turn) != me) {
        }
        handoffs[me]++;
        atomic_store(&turn, 1 - me);
    }
    atomic_fetch_add(&done, 1);
    return 0;
}

int main(void) {
    rt_thread_t *t[2];
    for (unsigned i = 0; i < 2; i++)
        if (rt_thread_create(&t[i], player, (void *)(uintptr_t)i, 0)) rt_fail("create");
    while (atomic_load(&done) != 2) {
    }
    for (int i = 0; i < 2; i++) rt_thread_join(t[i], 0);
    if (handoffs[0] != ROUNDS || handoffs[1] != ROUNDS || atomic_load(&turn) != 0)
        rt_fail("wrong number of hand-offs");
    print("spins ok\n");
    return 0;
}
