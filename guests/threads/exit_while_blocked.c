/* exit_while_blocked: 4 threads block in futex_wait forever (the word never changes)
 * and main blocks in join. A 5th thread waits until all 4 are about to block, gives
 * them 50 ms to get into the host's futex_wait, prints one line and calls
 * proc_exit2(3). The host must end every thread, including the blocked ones.
 * Expected: stdout "blocked=4 calling proc_exit2(3)" and nothing after; exit code 3. */
#include "rt.h"

#define BLOCKERS 4

static atomic_uint never; /* stays 0 forever */
static atomic_uint about_to_block;

static void *blocker(void *arg) {
    (void)arg;
    atomic_fetch_add(&about_to_block, 1);
    for (;;) rt_futex_wait(&never, 0, -1);
    return 0;
}

static void *exiter(void *arg) {
    (void)arg;
    while (atomic_load(&about_to_block) < BLOCKERS) rt_yield();
    rt_sleep_ns(50 * 1000 * 1000);
    rt_printf("blocked=%u calling proc_exit2(3)\n", atomic_load(&about_to_block));
    __wasix_proc_exit2(3);
}

int main(void) {
    rt_thread_t *t[BLOCKERS + 1];
    for (int i = 0; i < BLOCKERS; i++)
        if (rt_thread_create(&t[i], blocker, 0, 0)) rt_fail("create blocker");
    if (rt_thread_create(&t[BLOCKERS], exiter, 0, 0)) rt_fail("create exiter");
    for (int i = 0; i < BLOCKERS; i++) rt_thread_join(t[i], 0);
    print("FAIL: a blocked thread was joined; proc_exit2(3) did not end the process\n");
    return 1;
}
