/*
 * Signal delivery checks for wasix4j (SignalsTest). Built on the freestanding thread runtime of
 * guests/threads/rt, calling the wasix_32v1 signal imports directly; the handler is our own export
 * `on_signal`, registered with callback_signal as wasix-libc registers __wasm_signal.
 *
 *   signals default N     raise N with no handler: the host's default action (exit 128+N, or nothing)
 *   signals abort         thread_signal(self, SIGABRT) with no handler: exit 134
 *   signals raise         the handler runs before proc_raise returns
 *   signals futex|poll|epoll|read|write|sleep
 *                         a one-shot timer (SIGALRM, 50 ms) interrupts a wait that would block forever
 *                         (write: to a pipe filled up first, so one more byte blocks)
 *   signals sigpipe [handled]
 *                         write to a pipe with no reader: exit 141, or EPIPE after the handler
 *   signals pause [handled]
 *                         prints "ready" and sleeps up to 60 s, for a signal sent from outside
 *   signals spin          prints "ready" and computes forever without a host call (a second Ctrl-C ends it)
 *   signals alarm         a repeating 10 ms timer is seen at least 3 times
 *   signals setitimer     proc_raise_interval2 (setitimer, alarm with wasix-libc PR 107): a one-shot
 *                         it_value interrupts a sleep; a repeating timer fires, reports what is left
 *                         when replaced, and stops when disarmed
 *   signals bench-raise N | bench-alarm MS K
 *                         benchmarks/scripts/signals.sh: raise->handler time, timer lateness
 *   signals atomic-wait   pthread_kill to main parked in memory.atomic.wait: the wait returns 0, the handler runs
 *   signals sigkill-wait  kill(getpid(), SIGKILL) from a thread while main is in memory.atomic.wait: exit 137
 *   signals kill-thread   thread_signal to a thread blocked in futex_wait runs the handler on that thread
 */
#include "rt.h"

#define IMPORT(name) __attribute__((import_module("wasix_32v1"), import_name(#name)))
IMPORT(callback_signal) void wasix_callback_signal(const char *name, uint32_t len);
IMPORT(proc_raise) int32_t wasix_proc_raise(int32_t sig);
IMPORT(thread_signal) int32_t wasix_thread_signal(int32_t tid, int32_t sig);
IMPORT(proc_raise_interval) int32_t wasix_proc_raise_interval(int32_t sig, uint64_t ns, int32_t repeat);
/* __wasi_itimerval_t: it_interval then it_value, each {u64 sec, u64 usec} */
typedef struct { uint64_t sec, usec; } wx_timeval_t;
typedef struct { wx_timeval_t interval, value; } wx_itimerval_t;
IMPORT(proc_raise_interval2) int32_t wasix_proc_raise_interval2(int32_t sig, const wx_itimerval_t *now, wx_itimerval_t *old);
IMPORT(proc_signal) int32_t wasix_proc_signal(int32_t pid, int32_t sig);
IMPORT(proc_id) int32_t wasix_proc_id(int32_t *pid);
IMPORT(epoll_create) int32_t wasix_epoll_create(int32_t *fd);
IMPORT(epoll_ctl) int32_t wasix_epoll_ctl(int32_t epfd, int32_t op, int32_t fd, const void *event);
IMPORT(epoll_wait) int32_t wasix_epoll_wait(int32_t epfd, void *events, int32_t max, uint64_t timeout_ns, int32_t *n);
IMPORT(fd_pipe) int32_t wasix_fd_pipe(int32_t *rd, int32_t *wr);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_read")))
int32_t wasi_fd_read(int32_t fd, const void *iovs, uint32_t n, uint32_t *nread);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_close")))
int32_t wasi_fd_close(int32_t fd);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_fdstat_set_flags")))
int32_t wasi_fd_fdstat_set_flags(int32_t fd, uint32_t flags);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("poll_oneoff")))
int32_t wasi_poll_oneoff(const void *in, void *out, uint32_t n, uint32_t *nevents);

#define SIGABRT 6
#define SIGUSR1 10
#define SIGPIPE 13
#define SIGALRM 14
#define EAGAIN 6
#define EINTR 27
#define EPIPE 64
#define FDFLAGS_NONBLOCK 4

static volatile int handled;          /* last signal the handler saw */
static atomic_int handled_count;
static volatile int32_t handler_tid;  /* host thread id the handler ran on */

__attribute__((export_name("on_signal"))) void on_signal(int sig) {
    handled = sig;
    atomic_fetch_add(&handled_count, 1);
    int32_t tid = 0;
    __wasix_thread_id(&tid);
    handler_tid = tid;
}

/* wasix-libc's handler export: what a thread that never called callback_signal gets, as in wasmer */
__attribute__((export_name("__wasm_signal"))) void wasm_signal(int sig) {
    on_signal(sig);
}

static void install(void) {
    wasix_callback_signal("on_signal", 9);
}

static int streq(const char *a, const char *b) {
    while (*a && *a == *b) { a++; b++; }
    return *a == *b;
}

static void timer(int sig, uint64_t ns, int repeat) {
    RT_CHECK(wasix_proc_raise_interval(sig, ns, repeat) == 0);
}

static int blocked_read(int fd) {
    char c;
    struct { void *buf; uint32_t len; } iov = {&c, 1};
    uint32_t n = 0;
    return wasi_fd_read(fd, &iov, 1, &n);
}

static int blocked_poll(int fd) {
    uint8_t sub[48] = {0}, ev[32];
    sub[8] = 1;                     /* eventtype fd_read */
    *(uint32_t *)(sub + 16) = fd;   /* u.fd_read.file_descriptor */
    uint32_t n = 0;
    return wasi_poll_oneoff(sub, ev, 1, &n);
}

static void *kill_process(void *arg) {
    (void)arg;
    int32_t pid = 0;
    wasix_proc_id(&pid);
    rt_sleep_ns(50 * 1000 * 1000);
    wasix_proc_signal(pid, 9);   /* SIGKILL: kill(getpid(), SIGKILL) */
    return 0;
}

static void *signal_main(void *arg) {
    (void)arg;
    rt_sleep_ns(50 * 1000 * 1000);
    wasix_thread_signal(0x3fffffff, SIGUSR1);   /* pthread_kill(main, SIGUSR1) */
    return 0;
}

static atomic_uint parked;
static atomic_uint child_ready;

static void *wait_forever(void *arg) {
    (void)arg;
    atomic_store(&child_ready, 1);
    while (handled == 0) {
        rt_futex_wait(&parked, 0, -1);   /* a signal reads as a wake-up */
    }
    return 0;
}

int main(void) {
    int argc;
    char **argv = rt_args(&argc);
    const char *mode = argc > 1 ? argv[1] : "";

    if (streq(mode, "default")) {
        int sig = (int)rt_arg_long(2, SIGUSR1);
        wasix_proc_raise(sig);
        rt_printf("survived %d\n", sig);
        return 0;
    }
    if (streq(mode, "abort")) {
        wasix_thread_signal(0x3fffffff, SIGABRT);   /* what wasix-libc's abort() does */
        print("abort returned\n");
        return 127;
    }
    if (streq(mode, "raise")) {
        install();
        wasix_proc_raise(SIGUSR1);
        rt_printf("handled %d before return\n", handled);
        return 0;
    }
    if (streq(mode, "futex")) {
        install();
        timer(SIGALRM, 50 * 1000 * 1000, 0);
        static atomic_uint word;
        uint8_t woken = 0;
        int32_t err = __wasix_futex_wait((uint32_t *)&word, 0, 0, &woken);
        rt_printf("futex errno %d woken %d handled %d\n", err, woken, handled);
        return 0;
    }
    if (streq(mode, "poll") || streq(mode, "read")) {
        install();
        int32_t rd, wr;
        RT_CHECK(wasix_fd_pipe(&rd, &wr) == 0);
        timer(SIGALRM, 50 * 1000 * 1000, 0);
        int err = streq(mode, "poll") ? blocked_poll(rd) : blocked_read(rd);
        rt_printf("%s errno %d handled %d\n", mode, err, handled);
        return err == EINTR ? 0 : 1;
    }
    if (streq(mode, "epoll")) {
        install();
        int32_t rd, wr, ep, n = 0;
        RT_CHECK(wasix_fd_pipe(&rd, &wr) == 0);
        RT_CHECK(wasix_epoll_create(&ep) == 0);
        uint8_t ev[32] = {0};
        ev[0] = 1;                                        /* EPOLLIN */
        RT_CHECK(wasix_epoll_ctl(ep, 1, rd, ev) == 0);    /* EPOLL_CTL_ADD */
        timer(SIGALRM, 50 * 1000 * 1000, 0);
        int err = wasix_epoll_wait(ep, ev, 1, ~0ull, &n); /* nothing will be written: forever */
        rt_printf("epoll errno %d handled %d\n", err, handled);
        return err == EINTR ? 0 : 1;
    }
    if (streq(mode, "write")) {
        install();
        int32_t rd, wr;
        RT_CHECK(wasix_fd_pipe(&rd, &wr) == 0);
        static char chunk[4096];
        struct { const void *buf; uint32_t len; } iov = {chunk, sizeof chunk};
        size_t n = 0;
        RT_CHECK(wasi_fd_fdstat_set_flags(wr, FDFLAGS_NONBLOCK) == 0);
        int err;
        while ((err = __wasi_fd_write(wr, &iov, 1, &n)) == 0) {
        }
        RT_CHECK(err == EAGAIN);
        RT_CHECK(wasi_fd_fdstat_set_flags(wr, 0) == 0);
        timer(SIGALRM, 50 * 1000 * 1000, 0);
        iov.len = 1;
        err = __wasi_fd_write(wr, &iov, 1, &n);   /* full, nobody reads: blocks until the signal */
        rt_printf("write errno %d handled %d\n", err, handled);
        return err == EINTR ? 0 : 1;
    }
    if (streq(mode, "setitimer")) {
        install();
        wx_itimerval_t once = {{0, 0}, {0, 50 * 1000}}, old = {{9, 9}, {9, 9}};
        RT_CHECK(wasix_proc_raise_interval2(SIGALRM, &once, &old) == 0);
        rt_printf("first old %d %d\n", (int)(old.value.sec + old.value.usec), (int)(old.interval.sec + old.interval.usec));
        int err = __wasix_thread_sleep(60ull * 1000 * 1000 * 1000);
        rt_printf("one-shot: sleep errno %d handled %d\n", err, handled);
        wx_itimerval_t every = {{0, 10 * 1000}, {0, 10 * 1000}};
        RT_CHECK(wasix_proc_raise_interval2(SIGALRM, &every, 0) == 0);
        uint64_t start = rt_now_ns();
        while (atomic_load(&handled_count) < 4 && rt_now_ns() - start < 20ull * 1000 * 1000 * 1000) {
            __wasix_thread_sleep(1000 * 1000);
        }
        rt_printf("repeating: %s\n", atomic_load(&handled_count) >= 4 ? "at least 3 more" : "missing");
        wx_itimerval_t off = {{0, 0}, {0, 0}};
        RT_CHECK(wasix_proc_raise_interval2(SIGALRM, &off, &old) == 0);
        rt_printf("disarmed: old interval %d us, old value %s\n", (int)(old.interval.sec * 1000000 + old.interval.usec),
                  old.value.sec == 0 && old.value.usec > 0 && old.value.usec <= 10 * 1000 ? "within it" : "wrong");
        int after = atomic_load(&handled_count);
        __wasix_thread_sleep(100 * 1000 * 1000);
        rt_printf("after disarm: %s\n", atomic_load(&handled_count) == after ? "quiet" : "still firing");
        wx_itimerval_t bad = {{0, 0}, {0, 1000000}};
        rt_printf("usec 1000000: errno %d\n", wasix_proc_raise_interval2(SIGALRM, &bad, 0));
        return 0;
    }
    if (streq(mode, "sleep")) {
        install();
        timer(SIGALRM, 50 * 1000 * 1000, 0);
        int err = __wasix_thread_sleep(60ull * 1000 * 1000 * 1000);
        rt_printf("sleep errno %d handled %d\n", err, handled);
        return 0;
    }
    if (streq(mode, "pause")) {      /* waits for a signal from outside (WasixProcess.signal, Ctrl-C) */
        if (argc > 2) {
            install();
        }
        print("ready\n");
        int err = __wasix_thread_sleep(60ull * 1000 * 1000 * 1000);
        rt_printf("sleep errno %d handled %d\n", err, handled);
        return 0;
    }
    if (streq(mode, "spin")) {       /* computes without calling the host: sees no signal */
        install();
        print("ready\n");
        for (volatile uint64_t i = 0;; i++) {
        }
    }
    if (streq(mode, "sigpipe")) {
        if (argc > 2) {
            install();
        }
        int32_t rd, wr;
        RT_CHECK(wasix_fd_pipe(&rd, &wr) == 0);
        wasi_fd_close(rd);
        size_t n = 0;
        struct { const void *buf; uint32_t len; } iov = {"x", 1};
        int err = __wasi_fd_write(wr, &iov, 1, &n);
        rt_printf("write errno %d handled %d\n", err, handled);
        return 0;
    }
    if (streq(mode, "alarm")) {
        install();
        timer(SIGALRM, 10 * 1000 * 1000, 1);
        uint64_t start = rt_now_ns();
        while (atomic_load(&handled_count) < 3 && rt_now_ns() - start < 20ull * 1000 * 1000 * 1000) {
            __wasix_thread_sleep(1000 * 1000);
        }
        timer(SIGALRM, 0, 0);
        rt_printf("alarms %s\n", atomic_load(&handled_count) >= 3 ? "at least 3" : "missing");
        return 0;
    }
    if (streq(mode, "atomic-wait")) {   /* a signal wakes memory.atomic.wait; the handler runs at the next call */
        install();
        rt_thread_t *t;
        RT_CHECK(rt_thread_create(&t, signal_main, 0, 0) == 0);
        static int word;
        int r = __builtin_wasm_memory_atomic_wait32(&word, 0, -1);
        rt_printf("atomic wait returned %d\n", r);
        rt_printf("handled %d\n", handled);
        rt_thread_join(t, 0);
        return 0;
    }
    if (streq(mode, "sigkill-wait")) {  /* SIGKILL ends a process whose main thread is in memory.atomic.wait */
        rt_thread_t *t;
        RT_CHECK(rt_thread_create(&t, kill_process, 0, 0) == 0);
        print("waiting\n");
        static int word;
        __builtin_wasm_memory_atomic_wait32(&word, 0, -1);
        print("woken\n");
        return 1;
    }
    if (streq(mode, "kill-thread")) {
        install();
        rt_thread_t *t;
        RT_CHECK(rt_thread_create(&t, wait_forever, 0, 0) == 0);
        while (!atomic_load(&child_ready)) {
            rt_yield();
        }
        int32_t tid = rt_thread_tid(t);
        RT_CHECK(wasix_thread_signal(tid, SIGUSR1) == 0);
        rt_thread_join(t, 0);
        rt_printf("handled %d on %s\n", handled, handler_tid == tid ? "the target thread" : "another thread");
        return 0;
    }
    if (streq(mode, "kill-thread-libc")) {
        /* wasix-libc's start-up order: "blocked" (a name it never exports) first, then __wasm_signal;
           its threads never register a name of their own */
        wasix_callback_signal("__wasm_signal_blocked", 21);
        wasix_callback_signal("__wasm_signal", 13);
        rt_thread_t *t;
        RT_CHECK(rt_thread_create(&t, wait_forever, 0, 0) == 0);
        while (!atomic_load(&child_ready)) {
            rt_yield();
        }
        int32_t tid = rt_thread_tid(t);
        RT_CHECK(wasix_thread_signal(tid, SIGUSR1) == 0);
        rt_thread_join(t, 0);
        rt_printf("handled %d on %s\n", handled, handler_tid == tid ? "the target thread" : "another thread");
        return 0;
    }
    if (streq(mode, "bench-raise")) {   /* benchmarks/scripts/signals.sh: raise -> handler, per call */
        install();
        long n = rt_arg_long(2, 100000);
        for (long i = 0; i < n / 10; i++) {
            wasix_proc_raise(SIGUSR1);      /* warm-up: compiled paths, caches */
        }
        uint64_t t0 = rt_now_ns();
        for (long i = 0; i < n; i++) {
            wasix_proc_raise(SIGUSR1);
        }
        uint64_t t1 = rt_now_ns();
        RT_CHECK(atomic_load(&handled_count) == n + n / 10);
        rt_printf("raise->handler %d ns per raise (%d raises)\n", (int)((t1 - t0) / n), (int)n);
        return 0;
    }
    if (streq(mode, "bench-alarm")) {   /* lateness of a one-shot timer of M ms, K times */
        install();
        long ms = rt_arg_long(2, 10), k = rt_arg_long(3, 20);
        uint64_t sum = 0, worst = 0;
        for (long i = 0; i < k; i++) {
            handled = 0;
            uint64_t t0 = rt_now_ns();
            timer(SIGALRM, (uint64_t)ms * 1000000, 0);
            while (handled == 0) {
                __wasix_thread_sleep(60ull * 1000 * 1000 * 1000);   /* interrupted by the alarm */
            }
            uint64_t late = rt_now_ns() - t0 - (uint64_t)ms * 1000000;
            sum += late;
            if (late > worst) worst = late;
        }
        rt_printf("alarm %d ms: mean late %d us, worst %d us (%d runs)\n", (int)ms, (int)(sum / k / 1000),
                  (int)(worst / 1000), (int)k);
        return 0;
    }
    rt_eprintf("usage: signals default N|abort|raise|futex|poll|read|write|sleep|sigpipe [handled]|pause [handled]|spin|alarm|setitimer|kill-thread\n");
    return 2;
}
