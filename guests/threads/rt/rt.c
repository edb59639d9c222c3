/*
 * rt.c - implementation of rt.h. Read rt.h first.
 *
 * Built twice: without RT_WASI_THREADS (wasix flavour, rt_wasix.o) and with it
 * (wasi-threads flavour, rt_wasi.o). Only the "host layer" section differs.
 *
 * All shared words are C11 atomics. On wasm every atomic access, whatever the
 * memory_order, compiles to a seq-cst wasm atomic instruction (i32.atomic.load,
 * i32.atomic.rmw.cmpxchg, ...), which the wasix4j host uses as scheduling points.
 */
#include "rt.h"

/* ======================================================================== */
/* host layer: the only place that differs between the two flavours         */
/* ======================================================================== */

#ifndef RT_WASI_THREADS

/* futex_wake's out-parameter (did a waiter exist?) is never needed. It points to a
 * static byte instead of the caller's stack: an exiting thread wakes its joiner and
 * the joiner may free that thread's stack before the host writes the result. */
static uint8_t wake_result_sink;

int rt_futex_wait(atomic_uint *addr, uint32_t expected, int64_t timeout_ns) {
    rt_option_timestamp_t timeout = {0};
    if (timeout_ns >= 0) {
        timeout.tag = 1; /* SOME(relative ns) */
        timeout.ns = (uint64_t)timeout_ns;
    }
    uint8_t woken = 0;
    int32_t err = __wasix_futex_wait((uint32_t *)addr, expected, &timeout, &woken);
    if (err != 0) {
        /* wasix-libc executes `unreachable` here; we say why first */
        rt_eprintf("FAIL: futex_wait returned errno %d\n", err);
        rt_exit(99);
    }
    return woken;
}

void rt_futex_wake(atomic_uint *addr, int count) {
    if (count < 0)
        __wasix_futex_wake_all((uint32_t *)addr, &wake_result_sink);
    else
        while (count-- > 0) __wasix_futex_wake((uint32_t *)addr, &wake_result_sink);
}

_Noreturn void rt_exit(int code) { __wasix_proc_exit2(code); }

void rt_sleep_ns(uint64_t ns) { __wasix_thread_sleep(ns); }

uint32_t rt_parallelism(void) {
    uint32_t n = 0;
    if (__wasix_thread_parallelism(&n) != 0) return 0;
    return n;
}

int32_t rt_host_thread_id(void) {
    int32_t tid = -1;
    __wasix_thread_id(&tid);
    return tid;
}

#else /* RT_WASI_THREADS: plain wasm atomics, preview1 only */

int rt_futex_wait(atomic_uint *addr, uint32_t expected, int64_t timeout_ns) {
    /* memory.atomic.wait32: 0 = woken, 1 = value differed, 2 = timed out.
     * A negative timeout means "forever", as in the wasm spec. */
    int r = __builtin_wasm_memory_atomic_wait32((int *)addr, (int)expected, timeout_ns);
    return r != 2;
}

void rt_futex_wake(atomic_uint *addr, int count) {
    __builtin_wasm_memory_atomic_notify((int *)addr, count < 0 ? UINT32_MAX : (unsigned)count);
}

_Noreturn void rt_exit(int code) { __wasi_proc_exit(code); }

void rt_sleep_ns(uint64_t ns) {
    static atomic_uint never_changes;
    rt_futex_wait(&never_changes, 0, (int64_t)ns);
}

uint32_t rt_parallelism(void) { return 0; }
int32_t rt_host_thread_id(void) { return rt_thread_tid(rt_self()); }

#endif

uint64_t rt_now_ns(void) {
    uint64_t t = 0;
    __wasi_clock_time_get(1 /* MONOTONIC */, 1, &t);
    return t;
}

void rt_yield(void) { __wasi_sched_yield(); }

/* ======================================================================== */
/* memory                                                                    */
/* ======================================================================== */

void *memset(void *d, int c, size_t n) {
    unsigned char *p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n) {
    unsigned char *p = d;
    const unsigned char *q = s;
    if (p < q) return memcpy(d, s, n);
    while (n--) p[n] = q[n];
    return d;
}

/* Every block starts with a 16-byte header so user pointers stay 16-aligned.
 * Freed blocks go on one list; malloc takes the first that fits without wasting more
 * than half of it, else bumps the heap end (growing memory). Thread stacks of one size
 * are recycled, which is all the guests need. One mutex protects everything. */
typedef struct block {
    size_t size;        /* whole block, header included, multiple of 16 */
    struct block *next; /* free list link (only while free) */
    uint32_t pad[2];
} block_t;
_Static_assert(sizeof(block_t) == 16, "header keeps 16-byte alignment");

extern unsigned char __heap_base; /* linker-provided: first byte after data (and stack) */
static uintptr_t heap_end;        /* bump pointer, 0 until first use */
static block_t *free_list;
static rt_mutex_t heap_lock = RT_MUTEX_INIT;

#define PAGE 65536u

void *rt_malloc(size_t n) {
    if (n > 0x7fff0000u) return 0;
    size_t need = ((n + 15) & ~(size_t)15) + sizeof(block_t);
    rt_mutex_lock(&heap_lock);
    for (block_t **pp = &free_list; *pp; pp = &(*pp)->next) {
        block_t *b = *pp;
        if (b->size >= need && b->size / 2 <= need) {
            *pp = b->next;
            rt_mutex_unlock(&heap_lock);
            return b + 1;
        }
    }
    if (heap_end == 0) heap_end = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15;
    /* 64-bit arithmetic: a full 4 GiB memory is 2^32 bytes, which wraps in a uintptr_t */
    uint64_t start = heap_end, end = start + need;
    if (end >= 0x100000000ull) goto oom;
    uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) * PAGE;
    if (end > have) {
        size_t pages = (size_t)((end - have + PAGE - 1) / PAGE);
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) goto oom;
    }
    heap_end = (uintptr_t)end;
    rt_mutex_unlock(&heap_lock);
    block_t *b = (block_t *)(uintptr_t)start;
    b->size = need;
    return b + 1;
oom:
    rt_mutex_unlock(&heap_lock);
    return 0;
}

void *rt_calloc(size_t n, size_t size) {
    if (size && n > 0x7fff0000u / size) return 0;
    void *p = rt_malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void rt_free(void *p) {
    if (!p) return;
    block_t *b = (block_t *)p - 1;
    rt_mutex_lock(&heap_lock);
    b->next = free_list;
    free_list = b;
    rt_mutex_unlock(&heap_lock);
}

/* ======================================================================== */
/* output                                                                    */
/* ======================================================================== */

void rt_write(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        struct { const void *ptr; size_t len; } iov = {p, len}; /* __wasi_ciovec_t, 8 bytes */
        size_t written = 0;
        if (__wasi_fd_write(fd, &iov, 1, &written) != 0 || written == 0) return;
        p += written;
        len -= written;
    }
}

static size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

void print(const char *s) { rt_write(1, s, str_len(s)); }

void print_int(int64_t v) { rt_printf("%lld", (long long)v); }

/* Output buffer for the mini printf: flushed with one fd_write when full or at the end. */
typedef struct { int fd; size_t n; char b[512]; } out_t;

static void out_c(out_t *o, char c) {
    if (o->n == sizeof o->b) {
        rt_write(o->fd, o->b, o->n);
        o->n = 0;
    }
    o->b[o->n++] = c;
}

static void out_num(out_t *o, uint64_t v, unsigned base, bool neg, int width, char pad) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (pad == '0') out_c(o, '-');
        width--;
    }
    for (int i = n; i < width; i++) out_c(o, pad);
    if (neg && pad != '0') out_c(o, '-');
    while (n) out_c(o, tmp[--n]);
}

void rt_vfprintf(int fd, const char *fmt, va_list ap) {
    out_t o;
    o.fd = fd;
    o.n = 0;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            out_c(&o, *f);
            continue;
        }
        f++;
        char pad = ' ';
        int width = 0, longs = 0;
        if (*f == '0') pad = '0', f++;
        while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
        while (*f == 'l') longs++, f++;
        if (*f == 'z') f++;        /* size_t is 32-bit on wasm32, like int */
        bool big = longs >= 2;     /* long is 32-bit on wasm32 too; only ll is 64-bit */
        switch (*f) {
        case 'd':
        case 'i': {
            int64_t v = big ? va_arg(ap, long long) : va_arg(ap, int);
            out_num(&o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v = big ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            out_num(&o, v, *f == 'u' ? 10 : 16, false, width, pad);
            break;
        }
        case 'p':
            out_c(&o, '0'), out_c(&o, 'x');
            out_num(&o, (uintptr_t)va_arg(ap, void *), 16, false, 8, '0');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            for (int i = (int)str_len(s); i < width; i++) out_c(&o, ' ');
            while (*s) out_c(&o, *s++);
            break;
        }
        case 'c': out_c(&o, (char)va_arg(ap, int)); break;
        case '%': out_c(&o, '%'); break;
        case 0: f--; break; /* lone '%' at the end */
        default: out_c(&o, '%'), out_c(&o, *f); break;
        }
    }
    if (o.n) rt_write(fd, o.b, o.n);
}

void rt_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    rt_vfprintf(1, fmt, ap);
    va_end(ap);
}

void rt_eprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    rt_vfprintf(2, fmt, ap);
    va_end(ap);
}

_Noreturn void rt_fail(const char *msg) {
    rt_eprintf("FAIL: %s\n", msg);
    rt_exit(1);
}

/* ======================================================================== */
/* arguments                                                                 */
/* ======================================================================== */

static char **arg_v;
static int arg_c = -1;
static rt_mutex_t arg_lock = RT_MUTEX_INIT;

char **rt_args(int *argc) {
    rt_mutex_lock(&arg_lock);
    if (arg_c < 0) {
        size_t n = 0, bytes = 0;
        char **v = 0;
        if (__wasi_args_sizes_get(&n, &bytes) == 0) {
            v = rt_malloc((n + 1) * sizeof(char *));
            char *buf = rt_malloc(bytes + 1);
            if (!v || !buf || __wasi_args_get(v, buf) != 0) n = 0;
            if (v) v[n] = 0;
        }
        arg_v = v;
        arg_c = (int)n;
    }
    rt_mutex_unlock(&arg_lock);
    if (argc) *argc = arg_c;
    return arg_v;
}

long rt_arg_long(int i, long dflt) {
    int argc;
    char **argv = rt_args(&argc);
    if (i >= argc || !argv[i] || !argv[i][0]) return dflt;
    long v = 0;
    for (const char *s = argv[i]; *s; s++) {
        if (*s < '0' || *s > '9') return dflt;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* ======================================================================== */
/* mutex, condition variable, barrier                                        */
/* ======================================================================== */

#include "sync.inc"

/* ======================================================================== */
/* threads                                                                   */
/* ======================================================================== */

/* __wasi_thread_start_t (types.md): the block whose address goes to thread-spawn.
 * The host may read stack/stack_size/guard_size/tls_base; wasi_thread_start
 * (thread_start.s) reads stack and tls_base before any C code runs. */
typedef struct {
    uint32_t stack;       /* 0: initial __stack_pointer, 16-aligned, stack grows down */
    uint32_t tls_base;    /* 4: this thread's TLS block, passed to __wasm_init_tls */
    uint32_t start_funct; /* 8: table index of the thread function */
    uint32_t start_arg;   /* 12: its argument */
    uint32_t self;        /* 16: reserved0 = thread block pointer (pthread_self in libc) */
    uint32_t reserved[9]; /* 20..52 */
    uint32_t stack_size;  /* 56: bytes below `stack` that belong to this thread */
    uint32_t guard_size;  /* 60: no guard pages in wasm; 0 */
} rt_start_t;
_Static_assert(sizeof(rt_start_t) == 64, "__wasi_thread_start_t is 64 bytes");

/* musl's detach states */
enum { DT_EXITED = 0, DT_EXITING = 1, DT_JOINABLE = 2, DT_DETACHED = 3 };

struct rt_thread {
    rt_start_t start;          /* must stay first: &t->start == t */
    atomic_uint detach_state;  /* join/detach protocol word, futex-waited on by join */
    atomic_int tid;            /* host tid, stored by both sides (whoever is first) */
    void *result;
    void *mem;                 /* rt_malloc'd block holding stack + TLS + this struct */
    struct rt_thread *next_dead; /* link in the list of exited detached threads */
};

static _Thread_local rt_thread_t *tls_self; /* TLS also checks the host's __wasm_init_tls path */
static rt_thread_t main_thread = {.detach_state = DT_JOINABLE};
static _Atomic(rt_thread_t *) dead_detached; /* exited detached threads, freed lazily */

rt_thread_t *rt_self(void) { return tls_self; }
int32_t rt_thread_tid(rt_thread_t *t) { return atomic_load(&t->tid); }

/* Free the blocks of detached threads that have exited. Taking the whole list with one
 * exchange avoids ABA; a pushed thread touches no linear memory after its push. */
static void reap_detached(void) {
    rt_thread_t *t = atomic_exchange(&dead_detached, (rt_thread_t *)0);
    while (t) {
        rt_thread_t *next = t->next_dead;
        rt_free(t->mem);
        t = next;
    }
}

int rt_thread_create(rt_thread_t **out, rt_thread_fn fn, void *arg, size_t stack_size) {
    reap_detached();
    if (stack_size == 0) stack_size = RT_DEFAULT_STACK;
    stack_size = (stack_size + 15) & ~(size_t)15;
    size_t tls_size = __builtin_wasm_tls_size();
    size_t tls_align = __builtin_wasm_tls_align();
    if (tls_align < 16) tls_align = 16;

    /* Layout (low -> high): [stack | TLS | thread block]. The stack is lowest, so an
     * overflowing thread scribbles on the heap below, not on its own thread block. */
    size_t tls_off = (stack_size + tls_align - 1) & ~(tls_align - 1);
    size_t self_off = (tls_off + tls_size + 15) & ~(size_t)15;
    size_t total = self_off + sizeof(rt_thread_t) + tls_align; /* slack for aligning mem */
    unsigned char *mem = rt_malloc(total);
    if (!mem) return RT_ENOMEM;
    uintptr_t base = ((uintptr_t)mem + tls_align - 1) & ~(uintptr_t)(tls_align - 1);

    rt_thread_t *t = (rt_thread_t *)(base + self_off);
    memset(t, 0, sizeof *t);
    t->mem = mem;
    atomic_store(&t->detach_state, DT_JOINABLE);
    t->start.stack = (uint32_t)(base + stack_size);
    t->start.tls_base = (uint32_t)(base + tls_off);
    t->start.start_funct = (uint32_t)(uintptr_t)fn; /* a function pointer is a table index */
    t->start.start_arg = (uint32_t)(uintptr_t)arg;
    t->start.self = (uint32_t)(uintptr_t)t;
    t->start.stack_size = (uint32_t)stack_size;
    t->start.guard_size = 0;

    int32_t tid = __wasi_thread_spawn(&t->start);
    if (tid < 0) {
        rt_free(mem);
        return RT_EAGAIN;
    }
    /* The new thread stores the same tid; either store may come first. */
    atomic_store(&t->tid, tid);
    *out = t;
    return 0;
}

int rt_thread_join(rt_thread_t *t, void **ret) {
    /* musl's pthread_join: wait until the exiting thread stored DT_EXITED (0). */
    unsigned s;
    while ((s = atomic_load(&t->detach_state)) != DT_EXITED) rt_futex_wait(&t->detach_state, s, -1);
    if (ret) *ret = t->result;
    if (t != &main_thread) rt_free(t->mem);
    return 0;
}

int rt_thread_detach(rt_thread_t *t) {
    unsigned expected = DT_JOINABLE;
    if (atomic_compare_exchange_strong(&t->detach_state, &expected, DT_DETACHED)) return 0;
    return rt_thread_join(t, 0); /* already exiting: reclaim it now, as musl does */
}

/* Last steps of every thread. After the final store (joinable) or push (detached)
 * another thread may free this thread's stack and block, so from there on nothing
 * may touch linear memory: the wake uses only the address as a key and writes its
 * result to a static byte, and thread_exit takes its argument by value. */
static void finish_thread(rt_thread_t *t, void *result) {
    t->result = result;
    unsigned expected = DT_JOINABLE;
    if (atomic_compare_exchange_strong(&t->detach_state, &expected, DT_EXITING)) {
        atomic_store(&t->detach_state, DT_EXITED);
        rt_futex_wake(&t->detach_state, 1);
    } else { /* DT_DETACHED: nobody will join; hand the block to the reaper */
        rt_thread_t *head = atomic_load(&dead_detached);
        do t->next_dead = head;
        while (!atomic_compare_exchange_weak(&dead_detached, &head, t));
    }
}

#ifndef RT_WASI_THREADS
_Noreturn void rt_thread_exit(void *ret) {
    finish_thread(rt_self(), ret);
    for (;;) __wasix_thread_exit(0); /* never returns; the loop mirrors wasix-libc */
}
#else
_Noreturn void rt_thread_exit(void *ret) {
    (void)ret;
    rt_fail("rt_thread_exit is not available with wasi-threads: return from the thread function");
}
#endif

/* Called by wasi_thread_start (thread_start.s) once __stack_pointer and the TLS base
 * are set up for this thread. */
void __wasi_thread_start_C(int32_t tid, rt_start_t *start) {
    rt_thread_t *t = (rt_thread_t *)(uintptr_t)start->self;
    atomic_store(&t->tid, tid);
    tls_self = t;
    rt_thread_fn fn = (rt_thread_fn)(uintptr_t)start->start_funct;
    void *result = fn((void *)(uintptr_t)start->start_arg);
#ifndef RT_WASI_THREADS
    rt_thread_exit(result); /* like musl: finish, then the host's thread_exit */
#else
    finish_thread(t, result); /* wasi-threads: returning from wasi_thread_start ends the thread */
#endif
}

/* ======================================================================== */
/* program entry                                                             */
/* ======================================================================== */

int main(void);

/* Like wasix-libc's crt1-command.c: a zero result just returns (the host treats a
 * normal return from _start as exit status 0), anything else is proc_exit2(code). */
void _start(void) {
    tls_self = &main_thread; /* main's TLS block was placed by __wasm_init_memory */
    int code = main();
    if (code != 0) rt_exit(code);
}
