/* CGI guest with threads (freestanding runtime of guests/threads/rt, wasix flavour): starts 8
 * threads that all stay alive until the last is started, and answers how many the host let it
 * start. Under a thread limit of N (main included) it says "started N-1 of 8". */
#include "rt.h"

#define WANTED 8

static atomic_uint release_flag;

static void *worker(void *arg) {
    (void)arg;
    while (atomic_load(&release_flag) == 0) {
        rt_futex_wait(&release_flag, 0, -1);
    }
    return 0;
}

int main(void) {
    rt_thread_t *t[WANTED];
    int started = 0;
    for (int i = 0; i < WANTED; i++) {
        if (rt_thread_create(&t[started], worker, 0, 16 * 1024) == 0) {
            started++;
        }
    }
    atomic_store(&release_flag, 1);
    rt_futex_wake(&release_flag, RT_WAKE_ALL);
    for (int i = 0; i < started; i++) {
        rt_thread_join(t[i], 0);
    }
    rt_printf("Content-Type: text/plain\r\n\r\nstarted %d of %d threads\n", started, WANTED);
    return 0;
}
