/*
 * sigprocs.c - signals between processes (SignalsBetweenProcessesTest), on Debian's wasi-libc with
 * guests/procs/procs.h for spawn and waitpid; the handler is our own export `on_signal`, registered
 * with callback_signal as wasix-libc registers __wasm_signal. The children are this same program
 * (at $SIGPROCS_SELF, default /bin/sigprocs.wasm). Prints "ok <what>", or "FAIL ..." and exits 1.
 *
 *   sigprocs sigchld        a child's end raises SIGCHLD in its parent: the handler runs, and a sleep
 *                           in progress is not broken by it (SIGCHLD is ignored by default)
 *   sigprocs kill-handled   kill(child, SIGUSR1): the child's handler runs and its sleep answers EINTR
 *   sigprocs forward        kill(parent, SIGTERM) while the parent blocks in waitpid: the parent's
 *                           live children take it (as in wasmer), the parent's own handler never runs
 *   sigprocs host-forward   says "ready", then waits for a child that catches SIGINT: the embedder's
 *                           (or Ctrl-C's) SIGINT to this process reaches the child
 *   sigprocs catch SIG      (child) says "r" on stdout, sleeps until a signal; exit 100 + the signal
 *                           when its sleep answered EINTR after the handler saw it, 200 + the signal
 *                           when the handler ran before a sleep began
 *   sigprocs kill-later PID (child) waits 200 ms, then kill(PID, SIGTERM)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../procs/procs.h"

WX_IMPORT("callback_signal") void wx_callback_signal(const char *name, uint32_t len);
/* wasi-libc's nanosleep drops poll_oneoff's EINTR; thread_sleep answers it */
WX_IMPORT("thread_sleep") int32_t wx_thread_sleep(uint64_t ns);

#define SIGUSR1 10
#define SIGTERM 15
#define SIGCHLD 17

static volatile int handled;
static volatile int sigterm_count;

__attribute__((export_name("on_signal"))) void on_signal(int sig) {
    handled = sig;
    if (sig == SIGTERM) sigterm_count++;
}

static void install(void) {
    wx_callback_signal("on_signal", 9);
}

static const char *self(void) {
    const char *s = getenv("SIGPROCS_SELF");
    return s ? s : "/bin/sigprocs.wasm";
}

static int failures;

static void check(int cond, const char *what) {
    if (!cond) {
        printf("FAIL %s (errno %d)\n", what, errno);
        failures++;
    }
}

/* as check, and shows how the child ended */
static void check_status(wx_join_status_t st, int code, const char *what) {
    if (!(st.tag == WX_JOIN_EXIT && st.code == code)) {
        printf("FAIL %s (tag %d code %d signal %d)\n", what, st.tag, st.code, st.signal);
        failures++;
    }
}

static int sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    return nanosleep(&t, 0);
}

/* spawns `args` with its stdout on a pipe and waits for its "r": it is ready for signals */
static int32_t spawn_ready(const char *args) {
    int32_t rd, wr, pid = -1;
    check(wx_fd_pipe(&rd, &wr) == 0, "pipe");
    wx_fd_op_t op = wx_op(WX_OP_DUP2, 1, wr, 0);
    check(wx_spawn(self(), args, 0, &op, 1, &pid) == 0, "spawn");
    close(wr);
    char c = 0;
    check(read(rd, &c, 1) == 1 && c == 'r', "the child is ready");
    close(rd);
    return pid;
}

static int sigchld(void) {
    install();
    int32_t pid;
    check(wx_spawn(self(), "sigprocs\nexit\n", 0, 0, 0, &pid) == 0, "spawn");
    check(wx_thread_sleep(300ull * 1000 * 1000) == 0, "a sleep is not broken by SIGCHLD");
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid, "waitpid is not broken by SIGCHLD");
    check_status(st, 3, "the child exited 3");
    for (int i = 0; i < 500 && handled != SIGCHLD; i++) {
        sleep_ms(20);
    }
    check(handled == SIGCHLD, "the parent's handler saw SIGCHLD");
    if (!failures) printf("ok sigchld\n");
    return failures != 0;
}

static int kill_handled(void) {
    int32_t pid = spawn_ready("sigprocs\ncatch\n10\n");
    sleep_ms(100); /* let it reach its sleep: a signal before that runs the handler but breaks no sleep */
    check(wx_proc_signal(pid, SIGUSR1) == 0, "kill SIGUSR1");
    wx_join_status_t st;
    check(wx_wait(pid, 0, &st) == pid, "waitpid");
    check_status(st, 100 + SIGUSR1, "the child's handler ran and its sleep answered EINTR");
    if (!failures) printf("ok kill-handled\n");
    return failures != 0;
}

static int forward(void) {
    install();
    int32_t catcher = spawn_ready("sigprocs\ncatch\n15\n");
    char args[64];
    snprintf(args, sizeof args, "sigprocs\nkill-later\n%d\n", (int)wx_getpid());
    int32_t killer;
    check(wx_spawn(self(), args, 0, 0, 0, &killer) == 0, "spawn the killer");
    wx_join_status_t st;
    check(wx_wait(catcher, 0, &st) == catcher, "waitpid survives SIGTERM");
    check_status(st, 100 + SIGTERM, "the waiting parent's child took SIGTERM");
    check(wx_wait(killer, 0, &st) == killer, "reap the killer");
    check(sigterm_count == 0, "the waiting parent's own handler never saw SIGTERM");
    if (!failures) printf("ok forward\n");
    return failures != 0;
}

static int host_forward(void) {
    int32_t catcher = spawn_ready("sigprocs\ncatch\n2\n");
    printf("ready\n");
    fflush(stdout);
    wx_join_status_t st;
    check(wx_wait(catcher, 0, &st) == catcher, "waitpid");
    check_status(st, 100 + 2, "the child took the host's SIGINT");
    if (!failures) printf("ok host-forward\n");
    return failures != 0;
}

static int catch_(int sig) {
    install();
    write(1, "r", 1);
    for (int i = 0; i < 60; i++) {
        if (handled) {
            return 200 + handled;
        }
        int r = wx_thread_sleep(1000ull * 1000 * 1000);
        if (r != 0 || handled) {
            return r == EINTR && handled == sig ? 100 + sig : 1;
        }
    }
    return 2;
}

int main(int argc, char **argv) {
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "sigchld")) return sigchld();
    if (!strcmp(cmd, "kill-handled")) return kill_handled();
    if (!strcmp(cmd, "forward")) return forward();
    if (!strcmp(cmd, "host-forward")) return host_forward();
    if (!strcmp(cmd, "exit")) return 3;
    if (!strcmp(cmd, "catch") && argc > 2) return catch_(atoi(argv[2]));
    if (!strcmp(cmd, "kill-later") && argc > 2) {
        sleep_ms(200);
        return wx_proc_signal(atoi(argv[2]), SIGTERM) == 0 ? 0 : 1;
    }
    fprintf(stderr, "usage: sigprocs sigchld|kill-handled|forward|host-forward\n");
    return 2;
}
