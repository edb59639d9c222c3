// Descriptor calls of wasix_32v1 and preview1 that work on any resource: pipes, event counters,
// dup, renumber, close-on-exec, poll, tty, and the process-identity calls. One line per check.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>
#include "wasix.h"

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { failures++; printf("FAIL %s:%d ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static int ready(int fd, short events, int timeout_ms) {
    struct pollfd p = {.fd = fd, .events = events};
    int n = poll(&p, 1, timeout_ms);
    return n == 1 ? p.revents : n;
}

int main(void) {
    int32_t rd, wr;
    CHECK(wasix_fd_pipe(&rd, &wr) == 0, "fd_pipe");
    CHECK(ready(rd, POLLIN, 0) == 0, "empty pipe not readable");
    CHECK(ready(wr, POLLOUT, 0) & POLLOUT, "pipe writable");
    CHECK(write(wr, "ping", 4) == 4, "write pipe");
    CHECK(ready(rd, POLLIN, 1000) & POLLIN, "pipe readable after write");
    char buf[16] = {0};
    CHECK(read(rd, buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0, "read pipe: %s", buf);
    CHECK(write(rd, "x", 1) == -1 && errno == EBADF, "write to read end is EBADF");
    fcntl(rd, F_SETFL, O_NONBLOCK);
    CHECK(read(rd, buf, 1) == -1 && errno == EAGAIN, "non-blocking empty read is EAGAIN (%d)", errno);
    close(wr);
    CHECK(read(rd, buf, 1) == 0, "reader sees end of stream once the writer closed");
    CHECK(ready(rd, POLLIN, 0) & (POLLIN | POLLHUP), "closed pipe polls as readable/hung up");
    close(rd);
    printf("pipe ok\n");

    int32_t ev;
    CHECK(wasix_fd_event(3, 0, &ev) == 0, "fd_event");
    uint64_t v = 0;
    CHECK(read(ev, &v, 8) == 8 && v == 3, "event initial value: %llu", (unsigned long long)v);
    v = 5;
    CHECK(write(ev, &v, 8) == 8, "event add");
    v = 0;
    CHECK(read(ev, &v, 8) == 8 && v == 5, "event value after add: %llu", (unsigned long long)v);
    fcntl(ev, F_SETFL, O_NONBLOCK);
    CHECK(read(ev, &v, 8) == -1 && errno == EAGAIN, "zero counter is EAGAIN when non-blocking");
    close(ev);
    CHECK(wasix_fd_event(2, 1, &ev) == 0, "fd_event semaphore");
    CHECK(read(ev, &v, 8) == 8 && v == 1, "semaphore reads 1");
    CHECK(read(ev, &v, 8) == 8 && v == 1, "semaphore reads 1 again");
    close(ev);
    printf("event ok\n");

    int32_t d;
    fflush(stdout); // the lines below bypass stdio's buffer
    CHECK(wasix_fd_dup(1, &d) == 0 && d > 2, "fd_dup gives a new number: %d", d);
    CHECK(write(d, "dup ok\n", 7) == 7, "write through dup");
    int32_t d2;
    CHECK(wasix_fd_dup2(1, 10, 1, &d2) == 0 && d2 == 10, "fd_dup2 min 10 gives 10: %d", d2);
    uint16_t fl = 0;
    CHECK(wasix_fd_fdflags_get(d2, &fl) == 0 && fl == 1, "cloexec set on dup2 copy: %u", fl);
    CHECK(wasix_fd_fdflags_get(d, &fl) == 0 && fl == 0, "cloexec clear on dup: %u", fl);
    CHECK(wasix_fd_fdflags_set(d, 1) == 0 && wasix_fd_fdflags_get(d, &fl) == 0 && fl == 1, "fdflags set");
    CHECK(__wasi_fd_renumber(d, 20) == 0, "fd_renumber");
    CHECK(write(20, "renumber ok\n", 12) == 12, "write renumbered");
    CHECK(write(d, "", 0) == 0, "renumber keeps the source open (wasmer's dup2)");
    CHECK(wasix_fd_fdflags_get(20, &fl) == 0 && fl == 0, "renumber clears cloexec on the target");
    CHECK(close(d) == 0 && close(d2) == 0 && close(20) == 0, "close copies");
    CHECK(close(20) == -1 && errno == EBADF, "double close is EBADF");
    CHECK(wasix_fd_dup(99, &d) == __WASI_ERRNO_BADF, "dup of a bad fd is EBADF");

    wasix_tty_t tty;
    CHECK(wasix_tty_get(&tty) == 0, "tty_get");
    printf("tty cols=%u rows=%u stdin=%u stdout=%u echo=%u\n", tty.cols, tty.rows, tty.stdin_tty, tty.stdout_tty, tty.echo);
    tty.echo = 0;
    tty.cols = 132;
    CHECK(wasix_tty_set(&tty) == 0, "tty_set");
    CHECK(wasix_tty_get(&tty) == 0 && tty.echo == 0 && tty.cols == 132, "tty state reads back");

    CHECK(wasix_clock_time_set(0, 0) == __WASI_ERRNO_PERM, "clock_time_set is EPERM");
    int32_t pid, ppid, tid;
    uint32_t par;
    CHECK(wasix_proc_id(&pid) == 0 && pid > 0, "proc_id");
    CHECK(wasix_proc_parent(pid, &ppid) == 0 && ppid == 0, "proc_parent of self is 0");
    CHECK(wasix_thread_id(&tid) == 0 && tid == 1, "main thread id is 1: %d", tid);
    CHECK(wasix_thread_parallelism(&par) == 0 && par >= 1, "thread_parallelism");
    CHECK(wasix_proc_exec3("x", 1, "", 0, "", 0, 0, "", 0) == __WASI_ERRNO_NOENT, "proc_exec3 of a missing program is ENOENT");

    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK(poll(NULL, 0, 30) == 0, "poll with only a timeout");
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    CHECK(ms >= 29, "poll slept 30 ms, measured %ld", ms);
    struct timespec req = {0, 20 * 1000 * 1000};
    CHECK(nanosleep(&req, NULL) == 0, "nanosleep (poll_oneoff clock)");

    CHECK(write(77, "x", 1) == -1 && errno == EBADF, "write to a closed fd is EBADF");
    printf("%s\n", failures ? "FAILED" : "fd ops ok");
    return failures ? 1 : 0;
}
