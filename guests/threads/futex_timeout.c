/* futex_timeout: wasix futex_wait timeouts, called directly on the import.
 *  1. unchanged value, timeout SOME(50 ms): errno 0, woken 0, >= 50 ms elapsed
 *     (clock_time_get MONOTONIC)
 *  2. value mismatch: errno 0, woken 1, returns at once (< 50 ms)
 *  3. timeout SOME(0) on an unchanged value: errno 0, woken 0
 *  4. timeout SOME(5 s), another thread changes the word and wakes after 20 ms:
 *     errno 0, woken 1, well before 5 s
 * Measurements go to stderr. Expected: stdout "timeout ok", exit 0. */
#include "rt.h"

#define MS 1000000ull

static atomic_uint word = 5;

static int wait_raw(uint32_t expected, int64_t timeout_ns, uint8_t *woken, uint64_t *elapsed) {
    rt_option_timestamp_t to = {.tag = timeout_ns >= 0, .ns = (uint64_t)timeout_ns};
    *woken = 0xff; /* the host must overwrite it */
    uint64_t t0 = rt_now_ns();
    int err = __wasix_futex_wait((uint32_t *)&word, expected, &to, woken);
    *elapsed = rt_now_ns() - t0;
    return err;
}

static void *waker(void *arg) {
    (void)arg;
    rt_sleep_ns(20 * MS);
    atomic_store(&word, 6);
    rt_futex_wake(&word, 1);
    return 0;
}

int main(void) {
    uint8_t woken;
    uint64_t dt;
    int err;

    err = wait_raw(5, 50 * MS, &woken, &dt);
    rt_eprintf("1 timeout 50ms: errno=%d woken=%u elapsed_us=%llu\n", err, woken, dt / 1000);
    if (err != 0 || woken != 0 || dt < 50 * MS) rt_fail("1: expected errno 0, woken 0 after >= 50 ms");

    err = wait_raw(4, 50 * MS, &woken, &dt);
    rt_eprintf("2 mismatch: errno=%d woken=%u elapsed_us=%llu\n", err, woken, dt / 1000);
    if (err != 0 || woken != 1 || dt >= 50 * MS) rt_fail("2: expected errno 0, woken 1 at once");

    err = wait_raw(5, 0, &woken, &dt);
    rt_eprintf("3 timeout 0: errno=%d woken=%u elapsed_us=%llu\n", err, woken, dt / 1000);
    if (err != 0 || woken != 0) rt_fail("3: expected errno 0, woken 0");

    rt_thread_t *t;
    if (rt_thread_create(&t, waker, 0, 0)) rt_fail("create waker");
    err = wait_raw(5, 5000 * MS, &woken, &dt);
    rt_eprintf("4 woken before timeout: errno=%d woken=%u elapsed_us=%llu\n", err, woken, dt / 1000);
    rt_thread_join(t, 0);
    if (err != 0 || woken != 1 || dt >= 5000 * MS) rt_fail("4: expected errno 0, woken 1 before 5 s");

    print("timeout ok\n");
    return 0;
}
