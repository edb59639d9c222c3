/*
 * rt.h - a tiny freestanding thread runtime for the wasix4j thread guests.
 *
 * Why it exists: the only libc on the build machine is Debian's single-threaded
 * wasi-libc, which cannot be linked into a shared-memory module. This runtime
 * talks to the host the same way wasix-libc does (see
 * /work/shared/wasix-abi/startup.md sections 4 and 5), so the guests exercise the
 * same host paths as real WASIX programs:
 *   - threads: wasi."thread-spawn"(start_arg) + export wasi_thread_start(tid, arg),
 *     with the 64-byte __wasi_thread_start_t block,
 *   - join: musl's detach_state protocol (store 0, futex_wake, thread_exit),
 *   - locks: CAS fast path, spin ~100 atomic loads, then futex_wait,
 *   - exit: _start returns when main returns 0, else proc_exit2(code).
 *
 * Two flavours are built from rt.c:
 *   rt_wasix.o  (default)          wasix_32v1 futexes, thread_exit, proc_exit2.
 *   rt_wasi.o   (-DRT_WASI_THREADS) "wasm32-wasip1-threads" style: only preview1
 *               imports + wasi."thread-spawn"; futexes are memory.atomic.wait32 /
 *               memory.atomic.notify, a thread ends by returning from
 *               wasi_thread_start, exit is preview1 proc_exit.
 *
 * Guests define `int main(void)` (not main(argc, argv): clang renames that one to
 * __main_argc_argv on wasm); arguments are read on demand with rt_args().
 */
#ifndef WASIX4J_RT_H
#define WASIX4J_RT_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* errno values, WASIX numbering (types.md) */
#define RT_EAGAIN 6
#define RT_EINVAL 28
#define RT_ENOMEM 48
#define RT_ETIMEDOUT 73

/* ---- output: each call is ONE fd_write, so lines from different threads do not interleave */
void rt_write(int fd, const void *buf, size_t len);
void print(const char *s);              /* to stdout */
void print_int(int64_t v);              /* decimal, to stdout, no newline */
/* Mini printf: %d %i %u %x %s %c %p %%, with l/ll/z length modifiers and a field width
 * (e.g. %08x). Output is buffered and written with a single fd_write when <= 512 bytes. */
void rt_printf(const char *fmt, ...);
void rt_eprintf(const char *fmt, ...);  /* same, to stderr */
void rt_vfprintf(int fd, const char *fmt, va_list ap);

/* ---- process */
_Noreturn void rt_exit(int code);       /* wasix: proc_exit2(code); wasi flavour: proc_exit */
_Noreturn void rt_fail(const char *msg); /* "FAIL: msg" on stderr, exit 1 */
#define RT_CHECK(cond)                                                                   \
    do {                                                                                 \
        if (!(cond)) rt_fail(__FILE__ ": check failed: " #cond);                         \
    } while (0)

/* ---- arguments (preview1 args_sizes_get/args_get, read once, lazily).
 * argv[0] is the program name as the host passes it. */
char **rt_args(int *argc);
/* argv[i] parsed as a decimal number, or dflt when absent/unparsable */
long rt_arg_long(int i, long dflt);

/* ---- memory: thread-safe first-fit free list over a bump heap (memory.grow) */
void *rt_malloc(size_t n);              /* 16-byte aligned; NULL when memory cannot grow */
void *rt_calloc(size_t n, size_t size); /* zeroed */
void rt_free(void *p);
void *memset(void *d, int c, size_t n);  /* the compiler may emit calls to these */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);

/* ---- time and scheduling */
uint64_t rt_now_ns(void);               /* clock_time_get(MONOTONIC) */
void rt_sleep_ns(uint64_t ns);          /* wasix thread_sleep; wasi flavour: atomic.wait32 timeout */
void rt_yield(void);                    /* sched_yield */
uint32_t rt_parallelism(void);          /* wasix thread_parallelism; wasi flavour: 0 (unknown) */

/* ---- futexes on a 32-bit word in shared linear memory.
 * timeout_ns < 0 waits forever. Returns 1 when woken or when *addr != expected,
 * 0 when the timeout elapsed (exactly the woken flag of wasix futex_wait).
 * A non-zero errno from the host is reported and exits with code 99 (wasix-libc traps). */
int rt_futex_wait(atomic_uint *addr, uint32_t expected, int64_t timeout_ns);
#define RT_WAKE_ALL (-1)
void rt_futex_wake(atomic_uint *addr, int count); /* count 1 -> futex_wake, RT_WAKE_ALL -> futex_wake_all */

/* ---- threads */
typedef struct rt_thread rt_thread_t;
typedef void *(*rt_thread_fn)(void *arg);
#define RT_DEFAULT_STACK (128 * 1024)   /* like wasix-libc's default pthread stack */

/* stack_size 0 = RT_DEFAULT_STACK. Returns 0, RT_ENOMEM (no memory) or RT_EAGAIN
 * (thread-spawn returned a negative value, as pthread_create does). */
int rt_thread_create(rt_thread_t **out, rt_thread_fn fn, void *arg, size_t stack_size);
/* Waits with futex_wait on the thread's detach_state until it is 0 (DT_EXITED),
 * stores the thread's return value in *ret (if ret) and frees the thread's memory. */
int rt_thread_join(rt_thread_t *t, void **ret);
/* After detach the thread frees itself (lazily: its block is reclaimed by a later
 * rt_thread_create). Detaching a thread that already exited joins it. */
int rt_thread_detach(rt_thread_t *t);
/* Ends the calling thread (wasix thread_exit; never returns). Not available in the
 * wasi flavour, where threads end by returning from their function. */
_Noreturn void rt_thread_exit(void *ret);
rt_thread_t *rt_self(void);             /* the main thread has a static block */
int32_t rt_thread_tid(rt_thread_t *t);  /* tid the host gave (0 for the main thread) */
int32_t rt_host_thread_id(void);        /* wasix thread_id() of the caller (wasix flavour) */

/* ---- mutex (musl/Drepper style: 0 unlocked, 1 locked, 2 locked with waiters) */
typedef struct { atomic_uint state; } rt_mutex_t;
#define RT_MUTEX_INIT {0}
void rt_mutex_lock(rt_mutex_t *m);
bool rt_mutex_trylock(rt_mutex_t *m);
void rt_mutex_unlock(rt_mutex_t *m);

/* ---- condition variable: a sequence word; waiters futex_wait on a snapshot of it */
typedef struct { atomic_uint seq; } rt_cond_t;
#define RT_COND_INIT {0}
void rt_cond_wait(rt_cond_t *c, rt_mutex_t *m);
/* returns 0 when signalled (or spuriously woken), RT_ETIMEDOUT when timeout_ns elapsed */
int rt_cond_timedwait(rt_cond_t *c, rt_mutex_t *m, int64_t timeout_ns);
void rt_cond_signal(rt_cond_t *c);
void rt_cond_broadcast(rt_cond_t *c);

/* ---- barrier for n participants (reusable) */
typedef struct { atomic_uint arrived; atomic_uint generation; uint32_t n; } rt_barrier_t;
void rt_barrier_init(rt_barrier_t *b, uint32_t n);
bool rt_barrier_wait(rt_barrier_t *b);  /* true in exactly one participant (the last) */

#ifdef __wasm__ /* the native build (native/rt_posix.c) implements the API above on Linux */
/* ---- raw host imports, for guests that test the ABI itself */
#define RT_IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
#ifndef RT_WASI_THREADS
RT_IMPORT("wasix_32v1", "futex_wait")
int32_t __wasix_futex_wait(uint32_t *addr, uint32_t expected, const void *timeout, uint8_t *woken);
RT_IMPORT("wasix_32v1", "futex_wake") int32_t __wasix_futex_wake(uint32_t *addr, uint8_t *woken);
RT_IMPORT("wasix_32v1", "futex_wake_all") int32_t __wasix_futex_wake_all(uint32_t *addr, uint8_t *woken);
RT_IMPORT("wasix_32v1", "proc_exit2") _Noreturn void __wasix_proc_exit2(int32_t code);
RT_IMPORT("wasix_32v1", "thread_exit") _Noreturn void __wasix_thread_exit(int32_t rval);
RT_IMPORT("wasix_32v1", "thread_id") int32_t __wasix_thread_id(int32_t *tid);
RT_IMPORT("wasix_32v1", "thread_sleep") int32_t __wasix_thread_sleep(uint64_t ns);
RT_IMPORT("wasix_32v1", "thread_parallelism") int32_t __wasix_thread_parallelism(uint32_t *n);
#endif
RT_IMPORT("wasi", "thread-spawn") int32_t __wasi_thread_spawn(void *start_arg);
RT_IMPORT("wasi_snapshot_preview1", "proc_exit") _Noreturn void __wasi_proc_exit(int32_t code);
RT_IMPORT("wasi_snapshot_preview1", "fd_write")
int32_t __wasi_fd_write(int32_t fd, const void *iovs, size_t iovs_len, size_t *written);
RT_IMPORT("wasi_snapshot_preview1", "clock_time_get")
int32_t __wasi_clock_time_get(uint32_t id, uint64_t precision, uint64_t *time);
RT_IMPORT("wasi_snapshot_preview1", "sched_yield") int32_t __wasi_sched_yield(void);
RT_IMPORT("wasi_snapshot_preview1", "args_sizes_get") int32_t __wasi_args_sizes_get(size_t *argc, size_t *bufsize);
RT_IMPORT("wasi_snapshot_preview1", "args_get") int32_t __wasi_args_get(char **argv, char *buf);

#endif /* __wasm__ */

/* __wasi_option_timestamp_t (types.md): tag u8 at 0 (0 NONE, 1 SOME), u64 at 8 */
typedef struct { uint8_t tag; uint64_t ns; } rt_option_timestamp_t;
_Static_assert(sizeof(rt_option_timestamp_t) == 16, "option_timestamp is 16 bytes");

#endif
