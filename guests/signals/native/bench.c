/* Native baseline for benchmarks/scripts/signals.sh: the same measurements as signals.wasm's
 * bench-raise and bench-alarm, with Linux signals (raise, setitimer ITIMER_REAL). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t handled;
static volatile long handled_count;
static void on_signal(int sig) { handled = sig; handled_count++; }

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

int main(int argc, char **argv) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, 0);
    sigaction(SIGALRM, &sa, 0);
    if (argc > 1 && !strcmp(argv[1], "bench-raise")) {
        long n = argc > 2 ? atol(argv[2]) : 100000;
        for (long i = 0; i < n / 10; i++) raise(SIGUSR1);
        uint64_t t0 = now_ns();
        for (long i = 0; i < n; i++) raise(SIGUSR1);
        uint64_t t1 = now_ns();
        printf("raise->handler %d ns per raise (%ld raises)\n", (int)((t1 - t0) / n), n);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "bench-alarm")) {
        long ms = argc > 2 ? atol(argv[2]) : 10, k = argc > 3 ? atol(argv[3]) : 20;
        uint64_t sum = 0, worst = 0;
        for (long i = 0; i < k; i++) {
            handled = 0;
            uint64_t t0 = now_ns();
            struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
            setitimer(ITIMER_REAL, &it, 0);
            while (!handled) {
                struct timespec forever = {60, 0};
                nanosleep(&forever, 0);      /* EINTR when the alarm's handler ran */
            }
            uint64_t late = now_ns() - t0 - (uint64_t)ms * 1000000;
            sum += late;
            if (late > worst) worst = late;
        }
        printf("alarm %ld ms: mean late %d us, worst %d us (%ld runs)\n", ms, (int)(sum / k / 1000),
               (int)(worst / 1000), k);
        return 0;
    }
    fprintf(stderr, "usage: bench bench-raise N | bench-alarm MS K\n");
    return 2;
}
