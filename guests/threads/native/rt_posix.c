/*
 * rt_posix.c - the rt.h API on Linux (pthreads, futex(2), glibc), for the native twins of the
 * benchmark guests: the same benchmark C and the same lock code (../rt/sync.inc) run natively.
 * Only what the benchmark guests use is implemented. Threads are pthreads with the requested
 * stack size; futexes are FUTEX_WAIT_PRIVATE/FUTEX_WAKE_PRIVATE, as musl and glibc use them.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct rt_thread {
    pthread_t pt;
    int32_t tid;
};

static int arg_c;
static char **arg_v;

/* glibc passes argc/argv to ELF constructors: the guests' main(void) reads them with rt_args */
__attribute__((constructor)) static void grab_args(int argc, char **argv) {
    arg_c = argc;
    arg_v = argv;
}

char **rt_args(int *argc) {
    if (argc) *argc = arg_c;
    return arg_v;
}

long rt_arg_long(int i, long dflt) {
    if (i >= arg_c || !arg_v[i] || !arg_v[i][0]) return dflt;
    long v = 0;
    for (const char *s = arg_v[i]; *s; s++) {
        if (*s < '0' || *s > '9') return dflt;
        v = v * 10 + (*s - '0');
    }
    return v;
}

void rt_write(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) return;
        p += n;
        len -= (size_t)n;
    }
}

void print(const char *s) { rt_write(1, s, __builtin_strlen(s)); }
void print_int(int64_t v) { rt_printf("%lld", (long long)v); }
void rt_vfprintf(int fd, const char *fmt, va_list ap) { vdprintf(fd, fmt, ap); }

void rt_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdprintf(1, fmt, ap);
    va_end(ap);
}

void rt_eprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdprintf(2, fmt, ap);
    va_end(ap);
}

_Noreturn void rt_exit(int code) { exit(code); }

_Noreturn void rt_fail(const char *msg) {
    rt_eprintf("FAIL: %s\n", msg);
    exit(1);
}

void *rt_malloc(size_t n) { return aligned_alloc(16, (n + 15) & ~(size_t)15); }
void *rt_calloc(size_t n, size_t size) { return calloc(n, size); }
void rt_free(void *p) { free(p); }

uint64_t rt_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void rt_sleep_ns(uint64_t ns) {
    struct timespec ts = {(time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
    nanosleep(&ts, 0);
}

void rt_yield(void) { sched_yield(); }
uint32_t rt_parallelism(void) { return (uint32_t)sysconf(_SC_NPROCESSORS_ONLN); }

int rt_futex_wait(atomic_uint *addr, uint32_t expected, int64_t timeout_ns) {
    struct timespec ts, *tp = 0;
    if (timeout_ns >= 0) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000);
        ts.tv_nsec = (long)(timeout_ns % 1000000000);
        tp = &ts;
    }
    long r = syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, expected, tp, 0, 0);
    return !(r < 0 && errno == ETIMEDOUT);
}

void rt_futex_wake(atomic_uint *addr, int count) {
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, count < 0 ? 0x7fffffff : count, 0, 0, 0);
}

#include "../rt/sync.inc"

static __thread rt_thread_t *self;
static rt_thread_t main_thread;
static atomic_int next_tid = 2;

typedef struct { rt_thread_t *t; rt_thread_fn fn; void *arg; } start_t;

static void *trampoline(void *p) {
    start_t s = *(start_t *)p;
    free(p);
    self = s.t;
    return s.fn(s.arg);
}

int rt_thread_create(rt_thread_t **out, rt_thread_fn fn, void *arg, size_t stack_size) {
    if (stack_size == 0) stack_size = RT_DEFAULT_STACK;
    if (stack_size < 16384) stack_size = 16384; /* PTHREAD_STACK_MIN */
    rt_thread_t *t = calloc(1, sizeof *t);
    start_t *s = malloc(sizeof *s);
    if (!t || !s) return RT_ENOMEM;
    *s = (start_t){t, fn, arg};
    t->tid = atomic_fetch_add(&next_tid, 1);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack_size);
    int r = pthread_create(&t->pt, &attr, trampoline, s);
    pthread_attr_destroy(&attr);
    if (r) {
        free(t);
        free(s);
        return RT_EAGAIN;
    }
    *out = t;
    return 0;
}

int rt_thread_join(rt_thread_t *t, void **ret) {
    pthread_join(t->pt, ret);
    free(t);
    return 0;
}

int rt_thread_detach(rt_thread_t *t) {
    pthread_detach(t->pt);
    return 0;
}

_Noreturn void rt_thread_exit(void *ret) { pthread_exit(ret); }
rt_thread_t *rt_self(void) { return self ? self : &main_thread; }
int32_t rt_thread_tid(rt_thread_t *t) { return t->tid; }
int32_t rt_host_thread_id(void) { return rt_self()->tid; }
