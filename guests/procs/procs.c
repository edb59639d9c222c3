/*
 * procs.c - the process tests' guest: one program, a subcommand per scenario; the children it
 * spawns, execs or forks are this same program (found at $PROCS_SELF, default /bin/procs.wasm).
 * Prints "ok <what>" lines; any failure prints "FAIL <what>" and exits non-zero.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <wasi/api.h>

#include "procs.h"

WX_IMPORT("getcwd") int32_t wx_getcwd(char *buf, uint32_t *len);

static const char *self(void) {
    const char *s = getenv("PROCS_SELF");
    return s ? s : "/bin/procs.wasm";
}

static int failures;

static void check(int cond, const char *what) {
    if (!cond) {
        printf("FAIL %s (errno %d)\n", what, errno);
        failures++;
    }
}

/* dup2 as wasix-libc does it: fd_renumber leaves the source open (wasmer's rule) */
static int dup2_(int from, int to) {
    return __wasi_fd_renumber(from, to) == 0 ? to : -1;
}

static int is_open(int fd) {
    uint16_t flags;
    return wx_fd_fdflags_get(fd, &flags) == 0;
}

static int cloexec_of(int fd) {
    uint16_t flags = 0;
    wx_fd_fdflags_get(fd, &flags);
    return flags & WX_FDFLAGEXT_CLOEXEC;
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    check(fd >= 0, path);
    write(fd, text, strlen(text));
    close(fd);
}

static const char *read_file(const char *path) {
    static char buf[256];
    memset(buf, 0, sizeof buf);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return "";
    read(fd, buf, sizeof buf - 1);
    close(fd);
    return buf;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* ---- spawn with file actions --------------------------------------------------------------- */

static int spawn_actions(void) {
    write_file("/tmp/in.txt", "hello");
    int keep = open("/tmp/keep.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    check(dup2_(keep, 11) == 11, "dup2 11");
    check(dup2_(keep, 13) == 13, "dup2 13");
    check(wx_fd_fdflags_set(13, WX_FDFLAGEXT_CLOEXEC) == 0, "cloexec 13");
    close(keep);

    wx_fd_op_t ops[4];
    ops[0] = wx_op(WX_OP_OPEN, 10, 0, "out.txt");            /* relative: the parent's cwd /home */
    ops[0].oflags = WX_OFLAGS_CREAT | WX_OFLAGS_TRUNC;
    ops[0].rights_base = ops[0].rights_inheriting = WX_RIGHT_WRITE;
    ops[1] = wx_op(WX_OP_DUP2, 12, 11, 0);
    ops[2] = wx_op(WX_OP_CLOSE, 11, 0, 0);
    ops[3] = wx_op(WX_OP_CHDIR, 0, 0, "/tmp");
    char args[64];
    snprintf(args, sizeof args, "procs\nchild-actions\n%d\n", wx_getpid());
    int32_t pid = 0;
    int e = wx_spawn(self(), args, "GREETING=hi\nPROCS_SELF=/bin/procs.wasm\n", ops, 4, &pid);
    check(e == 0, "spawn");
    check(pid > 0 && pid != wx_getpid(), "child pid");
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid, "waitpid");
    check(st.tag == WX_JOIN_EXIT, "exited");
    if (st.code != 0) printf("FAIL child-actions exit %d\n", st.code), failures++;
    check(strcmp(read_file("/home/out.txt"), "ten") == 0, "open action wrote out.txt");
    check(strcmp(read_file("/tmp/keep.txt"), "twelve") == 0, "dup2 action wrote keep.txt");
    check(wx_wait(pid, 0, &st) == -ECHILD, "reaped once");
    if (!failures) printf("ok spawn-actions\n");
    return failures;
}

static int child_actions(int argc, char **argv) {
    if (argc < 3) return 90;
    if (is_open(11)) return 11;                    /* closed by the action */
    if (is_open(13)) return 13;                    /* close-on-exec */
    if (!is_open(12) || cloexec_of(12)) return 12; /* dup2 clears CLOEXEC */
    if (write(10, "ten", 3) != 3) return 10;
    if (write(12, "twelve", 6) != 6) return 14;
    const char *g = getenv("GREETING");
    if (!g || strcmp(g, "hi") != 0) return 20;
    char cwd[64];
    uint32_t len = sizeof cwd;
    if (wx_getcwd(cwd, &len) != 0 || strcmp(cwd, "/tmp") != 0) return 21;
    int32_t parent = -1;
    wx_proc_parent(wx_getpid(), &parent);
    if (parent != atoi(argv[2])) return 22;
    if (strcmp(argv[0], "procs") != 0) return 23;
    return 0;
}

/* ---- exec ------------------------------------------------------------------------------------ */

static int exec_self(void) {
    int kept = open("/tmp/kept.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    int dropped = open("/tmp/dropped.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    check(wx_fd_fdflags_set(dropped, WX_FDFLAGEXT_CLOEXEC) == 0, "cloexec");
    printf("before exec\n");
    fflush(stdout);
    char args[96];
    snprintf(args, sizeof args, "procs\nexec-after\n%d\n%d\n%d\n", wx_getpid(), kept, dropped);
    int e = wx_exec(self(), args);
    printf("FAIL exec returned %d\n", e);
    return 1;
}

static int exec_after(int argc, char **argv) {
    if (argc < 5) return 90;
    check(wx_getpid() == atoi(argv[2]), "same pid after exec");
    check(is_open(atoi(argv[3])), "descriptor kept");
    check(!is_open(atoi(argv[4])), "close-on-exec descriptor closed");
    check(write(atoi(argv[3]), "x", 1) == 1, "kept descriptor writes");
    if (!failures) printf("ok exec\n");
    return failures;
}

/* ---- waitpid: WNOHANG, any child ------------------------------------------------------------- */

static int wait_any(void) {
    int32_t rd = -1, wr = -1;
    check(wx_fd_pipe(&rd, &wr) == 0, "pipe");
    wx_fd_op_t ops[3] = {wx_op(WX_OP_DUP2, 0, rd, 0), wx_op(WX_OP_CLOSE, rd, 0, 0), wx_op(WX_OP_CLOSE, wr, 0, 0)};
    int32_t slow = -1, fast = -1;
    check(wx_spawn(self(), "procs\ndrain-exit\n3\n", 0, ops, 3, &slow) == 0, "spawn slow");
    check(wx_spawn(self(), "procs\nexit\n5\n", 0, 0, 0, &fast) == 0, "spawn fast");
    close(rd);
    wx_join_status_t st;
    /* the slow child reads its stdin to the end: it cannot exit before this pipe closes */
    check(wx_wait(slow, WX_JOIN_NONBLOCKING, &st) == 0, "WNOHANG while running");
    check(st.tag == WX_JOIN_NOTHING, "nothing yet");
    close(wr);
    int seen3 = 0, seen5 = 0;
    for (int i = 0; i < 2; i++) {
        int32_t pid = wx_wait(-1, 0, &st);
        if (pid == slow && st.code == 3) seen3++;
        else if (pid == fast && st.code == 5) seen5++;
        else printf("FAIL wait any gave pid %d code %d\n", pid, st.code), failures++;
    }
    check(seen3 == 1 && seen5 == 1, "both children reaped");
    check(wx_wait(-1, 0, &st) == -ECHILD, "no children left");
    check(wx_wait(-1, WX_JOIN_NONBLOCKING, &st) == -ECHILD, "no children left, WNOHANG");
    if (!failures) printf("ok wait\n");
    return failures;
}

static int drain_exit(int argc, char **argv) {
    char buf[512];
    while (read(0, buf, sizeof buf) > 0) {
    }
    return argc > 2 ? atoi(argv[2]) : 0;
}

/* ---- pipes between processes ----------------------------------------------------------------- */

static int pipes(void) {
    /* two writers on one pipe: the reader sees EOF only after both have exited */
    int32_t rd = -1, wr = -1;
    check(wx_fd_pipe(&rd, &wr) == 0, "pipe");
    wx_fd_op_t ops[3] = {wx_op(WX_OP_DUP2, 1, wr, 0), wx_op(WX_OP_CLOSE, rd, 0, 0), wx_op(WX_OP_CLOSE, wr, 0, 0)};
    int32_t a = -1, b = -1;
    check(wx_spawn(self(), "procs\nemit\n100000\n", 0, ops, 3, &a) == 0, "spawn writer a");
    check(wx_spawn(self(), "procs\nemit\n50000\n", 0, ops, 3, &b) == 0, "spawn writer b");
    close(wr);
    static char buf[65536];
    long total = 0;
    ssize_t n;
    while ((n = read(rd, buf, sizeof buf)) > 0) total += n;
    check(n == 0, "EOF");
    check(total == 150000, "all bytes of both writers");
    close(rd);
    wx_join_status_t st;
    check(wx_wait(a, 0, &st) == a && st.code == 0, "writer a");
    check(wx_wait(b, 0, &st) == b && st.code == 0, "writer b");

    /* parent -> counting child -> parent: a pipe each way */
    int32_t in_rd = -1, in_wr = -1, out_rd = -1, out_wr = -1;
    check(wx_fd_pipe(&in_rd, &in_wr) == 0 && wx_fd_pipe(&out_rd, &out_wr) == 0, "pipes");
    wx_fd_op_t ops2[6] = {wx_op(WX_OP_DUP2, 0, in_rd, 0), wx_op(WX_OP_DUP2, 1, out_wr, 0),
            wx_op(WX_OP_CLOSE, in_rd, 0, 0), wx_op(WX_OP_CLOSE, in_wr, 0, 0),
            wx_op(WX_OP_CLOSE, out_rd, 0, 0), wx_op(WX_OP_CLOSE, out_wr, 0, 0)};
    int32_t counter;
    check(wx_spawn(self(), "procs\npoll-count\n", 0, ops2, 6, &counter) == 0, "spawn counter");
    close(in_rd);
    close(out_wr);
    memset(buf, 'z', sizeof buf);
    for (int i = 0; i < 4; i++) check(write(in_wr, buf, 25000) == 25000, "write to child");
    close(in_wr);
    char answer[32] = {0};
    long got = 0;
    while ((n = read(out_rd, answer + got, sizeof answer - 1 - got)) > 0) got += n;
    close(out_rd);
    check(strcmp(answer, "100000\n") == 0, "child counted what the parent wrote");
    check(wx_wait(counter, 0, &st) == counter && st.code == 0, "counter exit");
    if (!failures) printf("ok pipes\n");
    return failures;
}

static int emit(int argc, char **argv) {
    long left = argc > 2 ? atol(argv[2]) : 0;
    static char buf[65536];
    memset(buf, 'e', sizeof buf);
    while (left > 0) {
        long n = left < (long)sizeof buf ? left : (long)sizeof buf;
        ssize_t w = write(1, buf, n);
        if (w <= 0) return 1;
        left -= w;
    }
    return 0;
}

static int count(int use_poll) {
    static char buf[65536];
    long total = 0;
    ssize_t n;
    for (;;) {
        if (use_poll) {
            /* wait for the inherited pipe to be readable: the parent's writes must wake this process */
            struct pollfd p = {.fd = 0, .events = POLLIN};
            if (poll(&p, 1, -1) != 1) return 3;
        }
        n = read(0, buf, sizeof buf);
        if (n <= 0) break;
        total += n;
    }
    printf("%ld\n", total);
    return n == 0 ? 0 : 1;
}

/* ---- a trapping child, ENOEXEC, ENOENT, PATH search -------------------------------------------- */

static int trap_child(void) {
    int32_t pid;
    check(wx_spawn(self(), "procs\ntrap\n", 0, 0, 0, &pid) == 0, "spawn");
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid, "waitpid");
    check(st.tag == WX_JOIN_SIGNAL && st.signal == 6, "signalled by SIGABRT");
    if (!failures) printf("ok trap\n");
    return failures;
}

/* kill(pid, sig) between processes: a child blocked in sleep dies of SIGTERM's default action,
   and its parent's waitpid sees it signalled; a reaped pid is ESRCH */
static int kill_child(void) {
    int32_t pid;
    check(wx_spawn(self(), "procs\nsleep-forever\n", 0, 0, 0, &pid) == 0, "spawn");
    check(wx_proc_signal(pid, 0) == 0, "signal 0 finds the live child");
    struct timespec t = {0, 50 * 1000 * 1000};
    nanosleep(&t, 0); /* let it reach its sleep (a signal before that ends it the same way) */
    check(wx_proc_signal(pid, 15) == 0, "kill SIGTERM");
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid, "waitpid");
    check(st.tag == WX_JOIN_SIGNAL && st.signal == 15, "signalled by SIGTERM");
    check(wx_proc_signal(pid, 15) == ESRCH, "a reaped child is ESRCH");
    if (!failures) printf("ok kill\n");
    return failures;
}

static int errors_(void) {
    int32_t pid = 0;
    write_file("/tmp/script.sh", "#!/bin/sh\necho not wasm\n");
    check(wx_spawn("/tmp/script.sh", "script\n", 0, 0, 0, &pid) == ENOEXEC, "not WebAssembly: ENOEXEC");
    check(wx_spawn("/nowhere/prog.wasm", "prog\n", 0, 0, 0, &pid) == ENOENT, "missing: ENOENT");
    check(wx_spawn("/tmp", "tmp\n", 0, 0, 0, &pid) == EACCES, "a directory: EACCES");
    check(wx_spawnp("procs.wasm", "procs\nexit\n9\n", "/nowhere:/bin", &pid) == 0, "PATH search");
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid && st.code == 9, "found on PATH ran");
    check(wx_spawnp("no-such-prog", "x\n", "/bin:/tmp", &pid) == ENOENT, "not on PATH: ENOENT");
    check(wx_exec("/nowhere/prog.wasm", "prog\n") == ENOENT, "exec of a missing file returns ENOENT");
    check(wx_exec("/tmp/script.sh", "script\n") == ENOEXEC, "exec of a script returns ENOEXEC");
    check(wx_wait(-1, 0, &st) == -ECHILD, "failed spawns leave no child");
    if (!failures) printf("ok errors\n");
    return failures;
}

/* ---- fork -------------------------------------------------------------------------------------- */

static int counter_in_memory = 1;

static int fork_(void) {
    int fd = open("/tmp/forked.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "a", 1);
    int32_t parent = wx_getpid();
    int32_t pid = -1;
    int e = wx_proc_fork(1, &pid);
    check(e == 0, "fork");
    if (pid == 0) {
        /* the child: its own copy of memory, the same open file description */
        counter_in_memory = 2;
        int32_t pp = -1;
        wx_proc_parent(wx_getpid(), &pp);
        write(fd, "b", 1);
        _Exit(pp == parent && wx_getpid() != parent ? 7 : 8);
    }
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid, "waitpid");
    check(st.tag == WX_JOIN_EXIT && st.code == 7, "child exit 7");
    check(counter_in_memory == 1, "the child's writes stay in its copy");
    write(fd, "c", 1);
    close(fd);
    check(strcmp(read_file("/tmp/forked.txt"), "abc") == 0, "fork shares the file offset");
    if (!failures) printf("ok fork\n");
    return failures;
}

/* green contexts across fork: a fork child starts a fresh context environment (a context of the
   parent is unknown there: EINVAL), a vfork child has none (ENOTSUP), as in wasmer */
static uint64_t ctx_id;
static int in_context;

static void context_body(void) {
    for (;;) { /* a context's entry function must never return */
        in_context = 1;
        wx_context_switch(0);
    }
}

static int child_switch_errno(uint32_t copy_memory) {
    int32_t pid = -1;
    check(wx_proc_fork(copy_memory, &pid) == 0, copy_memory ? "fork" : "vfork");
    if (pid == 0) {
        _Exit(wx_context_switch(ctx_id));
    }
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid, "waitpid");
    return st.tag == WX_JOIN_EXIT ? st.code : -1;
}

static int fork_contexts(void) {
    check(wx_context_create(&ctx_id, (uint32_t)(uintptr_t)context_body) == 0, "context_create");
    check(wx_context_switch(ctx_id) == 0 && in_context, "switch to a context and back");
    check(child_switch_errno(1) == 28, "a fork child does not know its parent's contexts (EINVAL)");
    check(child_switch_errno(0) == 58, "a vfork child has no contexts (ENOTSUP)");
    in_context = 0;
    check(wx_context_switch(ctx_id) == 0 && in_context, "the parent's context still runs");
    if (!failures) printf("ok fork-contexts\n");
    return failures;
}

static int fork_refused(void) {
    int32_t pid = -1;
    int e = wx_proc_fork(1, &pid);
    printf("fork answered %d\n", e);
    return e == 0 ? 1 : 0;
}

/* past the embedder's process limit spawn answers EAGAIN */
static int limit(void) {
    int32_t pid;
    int e = wx_spawn(self(), "procs\nexit\n0\n", 0, 0, 0, &pid);
    printf("spawn answered %d\n", e);
    return 0;
}

/* the top-level process exits while its child still waits on a pipe nobody will close */
static int orphan(void) {
    int32_t rd = -1, wr = -1;
    wx_fd_pipe(&rd, &wr);
    wx_fd_op_t ops[1] = {wx_op(WX_OP_DUP2, 0, rd, 0)};
    int32_t pid;
    check(wx_spawn(self(), "procs\ndrain-exit\n0\n", 0, ops, 1, &pid) == 0, "spawn");
    printf("leaving child %d behind\n", pid);
    return 0;
}

/* ---- benchmarks ---------------------------------------------------------------------------------- */

static int spawn_bench(int argc, char **argv) {
    int n = argc > 2 ? atoi(argv[2]) : 100;
    wx_join_status_t st;
    for (int i = 0; i < n / 10 + 1; i++) {          /* warm-up */
        int32_t pid;
        wx_spawn(self(), "procs\nexit\n0\n", 0, 0, 0, &pid);
        wx_wait(pid, 0, &st);
    }
    long long t0 = now_ns();
    for (int i = 0; i < n; i++) {
        int32_t pid;
        if (wx_spawn(self(), "procs\nexit\n0\n", 0, 0, 0, &pid) != 0) return 1;
        if (wx_wait(pid, 0, &st) != pid || st.code != 0) return 2;
    }
    printf("spawn+wait: %d in %.1f ms: %.1f us each\n", n, (now_ns() - t0) / 1e6, (now_ns() - t0) / 1e3 / n);
    return 0;
}

static int fork_bench(int argc, char **argv) {
    int n = argc > 2 ? atoi(argv[2]) : 20;
    int mb = argc > 3 ? atoi(argv[3]) : 16;
    char *heap = malloc((size_t)mb << 20);
    memset(heap, 1, (size_t)mb << 20);
    wx_join_status_t st;
    long long t0 = 0;
    for (int i = -2; i < n; i++) {                  /* two warm-up rounds */
        if (i == 0) t0 = now_ns();
        int32_t pid;
        if (wx_proc_fork(1, &pid) != 0) return 1;
        if (pid == 0) _Exit(heap[12345]);
        if (wx_wait(pid, 0, &st) != pid || st.code != 1) return 2;
    }
    printf("fork+exit+wait with %d MB: %d in %.1f ms: %.2f ms each\n", mb, n, (now_ns() - t0) / 1e6, (now_ns() - t0) / 1e6 / n);
    return 0;
}

static int relay(void) {
    static char buf[65536];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(1, buf + off, n - off);
            if (w <= 0) return 1;
            off += w;
        }
    }
    return 0;
}

/* producer | relay | counter, 100 MB by default */
static int pipeline_bench(int argc, char **argv) {
    long mb = argc > 2 ? atol(argv[2]) : 100;
    int32_t p1r, p1w, p2r, p2w, p3r, p3w;
    wx_fd_pipe(&p1r, &p1w);
    wx_fd_pipe(&p2r, &p2w);
    wx_fd_pipe(&p3r, &p3w);
    long long t0 = now_ns();
    char args[64];
    snprintf(args, sizeof args, "procs\nemit\n%ld\n", mb << 20);
    int32_t all[6] = {p1r, p1w, p2r, p2w, p3r, p3w};
    wx_fd_op_t ops[8];
    int32_t a, b, c;
    ops[0] = wx_op(WX_OP_DUP2, 1, p1w, 0);
    for (int i = 0; i < 6; i++) ops[1 + i] = wx_op(WX_OP_CLOSE, all[i], 0, 0);
    if (wx_spawn(self(), args, 0, ops, 7, &a)) return 1;
    ops[0] = wx_op(WX_OP_DUP2, 0, p1r, 0);
    ops[1] = wx_op(WX_OP_DUP2, 1, p2w, 0);
    for (int i = 0; i < 6; i++) ops[2 + i] = wx_op(WX_OP_CLOSE, all[i], 0, 0);
    if (wx_spawn(self(), "procs\nrelay\n", 0, ops, 8, &b)) return 2;
    ops[0] = wx_op(WX_OP_DUP2, 0, p2r, 0);
    ops[1] = wx_op(WX_OP_DUP2, 1, p3w, 0);
    if (wx_spawn(self(), "procs\ncount\n", 0, ops, 8, &c)) return 3;
    for (int i = 0; i < 6; i++) {
        if (all[i] != p3r) close(all[i]);
    }
    char answer[32] = {0};
    long got = 0;
    ssize_t n;
    while ((n = read(p3r, answer + got, sizeof answer - 1 - got)) > 0) got += n;
    wx_join_status_t st;
    wx_wait(a, 0, &st);
    wx_wait(b, 0, &st);
    wx_wait(c, 0, &st);
    double s = (now_ns() - t0) / 1e9;
    if (atol(answer) != (mb << 20)) {
        printf("FAIL pipeline moved %s bytes\n", answer);
        return 4;
    }
    printf("pipeline of 3 processes: %ld MB in %.3f s: %.1f MB/s\n", mb, s, mb / s);
    return 0;
}

int main(int argc, char **argv) {
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "spawn-actions")) return spawn_actions();
    if (!strcmp(cmd, "child-actions")) return child_actions(argc, argv);
    if (!strcmp(cmd, "exec")) return exec_self();
    if (!strcmp(cmd, "exec-after")) return exec_after(argc, argv);
    if (!strcmp(cmd, "wait")) return wait_any();
    if (!strcmp(cmd, "drain-exit")) return drain_exit(argc, argv);
    if (!strcmp(cmd, "exit")) return argc > 2 ? atoi(argv[2]) : 0;
    if (!strcmp(cmd, "pipes")) return pipes();
    if (!strcmp(cmd, "emit")) return emit(argc, argv);
    if (!strcmp(cmd, "count")) return count(0);
    if (!strcmp(cmd, "poll-count")) return count(1);
    if (!strcmp(cmd, "relay")) return relay();
    if (!strcmp(cmd, "trap")) __builtin_trap();
    if (!strcmp(cmd, "trap-child")) return trap_child();
    if (!strcmp(cmd, "kill-child")) return kill_child();
    if (!strcmp(cmd, "sleep-forever")) for (;;) sleep(1);
    if (!strcmp(cmd, "errors")) return errors_();
    if (!strcmp(cmd, "fork")) return fork_();
    if (!strcmp(cmd, "fork-refused")) return fork_refused();
    if (!strcmp(cmd, "fork-contexts")) return fork_contexts();
    if (!strcmp(cmd, "limit")) return limit();
    if (!strcmp(cmd, "orphan")) return orphan();
    if (!strcmp(cmd, "spawn-bench")) return spawn_bench(argc, argv);
    if (!strcmp(cmd, "fork-bench")) return fork_bench(argc, argv);
    if (!strcmp(cmd, "pipeline-bench")) return pipeline_bench(argc, argv);
    fprintf(stderr, "procs: unknown command '%s'\n", cmd);
    return 2;
}
