/* prod_cons: 2 producers and 2 consumers share a bounded ring buffer (8 slots)
 * guarded by one mutex and two condition variables (not_full, not_empty).
 * Producer p sends items p*1000000 + i for i in 1..5000; each consumer takes
 * exactly 5000 items. The consumed items are summed (order-independent checksum).
 * Expected: stdout "consumed=10000 checksum=15025005000", exit 0. */
#include "rt.h"

#define PRODUCERS 2
#define CONSUMERS 2
#define PER_PRODUCER 5000
#define CAPACITY 8
#define TOTAL (PRODUCERS * PER_PRODUCER)

static rt_mutex_t lock = RT_MUTEX_INIT;
static rt_cond_t not_full = RT_COND_INIT, not_empty = RT_COND_INIT;
static uint64_t ring[CAPACITY];
static unsigned head, tail, count; /* protected by lock */

static void *producer(void *arg) {
    uint64_t p = (uintptr_t)arg;
    for (uint64_t i = 1; i <= PER_PRODUCER; i++) {
        rt_mutex_lock(&lock);
        while (count == CAPACITY) rt_cond_wait(&not_full, &lock);
        ring[tail] = p * 1000000 + i;
        tail = (tail + 1) % CAPACITY;
        count++;
        rt_cond_signal(&not_empty);
        rt_mutex_unlock(&lock);
    }
    return 0;
}

static uint64_t consumer_sum[CONSUMERS];
static unsigned consumer_count[CONSUMERS];

static void *consumer(void *arg) {
    unsigned c = (unsigned)(uintptr_t)arg;
    for (int i = 0; i < TOTAL / CONSUMERS; i++) {
        rt_mutex_lock(&lock);
        while (count == 0) rt_cond_wait(&not_empty, &lock);
        uint64_t v = ring[head];
        head = (head + 1) % CAPACITY;
        count--;
        rt_cond_signal(&not_full);
        rt_mutex_unlock(&lock);
        consumer_sum[c] += v;
        consumer_count[c]++;
    }
    return 0;
}

int main(void) {
    rt_thread_t *t[PRODUCERS + CONSUMERS];
    int n = 0;
    for (int c = 0; c < CONSUMERS; c++)
        if (rt_thread_create(&t[n++], consumer, (void *)(uintptr_t)c, 0)) rt_fail("create consumer");
    for (int p = 1; p <= PRODUCERS; p++)
        if (rt_thread_create(&t[n++], producer, (void *)(uintptr_t)p, 0)) rt_fail("create producer");
    for (int i = 0; i < n; i++) rt_thread_join(t[i], 0);

    uint64_t sum = 0, expect = 0;
    unsigned consumed = 0;
    for (int c = 0; c < CONSUMERS; c++) sum += consumer_sum[c], consumed += consumer_count[c];
    for (uint64_t p = 1; p <= PRODUCERS; p++)
        for (uint64_t i = 1; i <= PER_PRODUCER; i++) expect += p * 1000000 + i;
    if (sum != expect || consumed != TOTAL || count != 0) {
        rt_eprintf("FAIL: consumed=%u checksum=%llu, expected %u / %llu\n", consumed,
                   (unsigned long long)sum, TOTAL, (unsigned long long)expect);
        return 1;
    }
    rt_printf("consumed=%u checksum=%llu\n", consumed, (unsigned long long)sum);
    return 0;
}
