/*
 * procs_native.c - the native counterpart of guests/procs/procs.c's benchmarks, for
 * benchmarks/scripts/procs.sh: the same scenarios with posix_spawn, fork and pipes on Linux.
 *   procs_native spawn-bench N         posix_spawn + waitpid of this program exiting at once
 *   procs_native fork-bench N MB       fork + _exit + waitpid with MB megabytes written in the heap
 *   procs_native pipeline-bench MB     emit | relay | count through two pipes (three processes)
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
static const char *self;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static pid_t spawn(char *const argv[], posix_spawn_file_actions_t *fa) {
    pid_t pid;
    if (posix_spawn(&pid, self, fa, NULL, argv, environ) != 0) exit(10);
    return pid;
}

static int spawn_bench(int n) {
    char *argv[] = {"procs", "exit", NULL};
    int st;
    for (int i = 0; i < n / 10 + 1; i++) waitpid(spawn(argv, NULL), &st, 0);
    long long t0 = now_ns();
    for (int i = 0; i < n; i++) {
        pid_t pid = spawn(argv, NULL);
        if (waitpid(pid, &st, 0) != pid || WEXITSTATUS(st) != 0) return 2;
    }
    printf("spawn+wait: %d in %.1f ms: %.1f us each\n", n, (now_ns() - t0) / 1e6, (now_ns() - t0) / 1e3 / n);
    return 0;
}

static int fork_bench(int n, int mb) {
    char *heap = malloc((size_t)mb << 20);
    memset(heap, 1, (size_t)mb << 20);
    int st;
    long long t0 = 0;
    for (int i = -2; i < n; i++) {
        if (i == 0) t0 = now_ns();
        pid_t pid = fork();
        if (pid == 0) _exit(heap[12345]);
        if (waitpid(pid, &st, 0) != pid || WEXITSTATUS(st) != 1) return 2;
    }
    printf("fork+exit+wait with %d MB: %d in %.1f ms: %.2f ms each\n", mb, n, (now_ns() - t0) / 1e6, (now_ns() - t0) / 1e6 / n);
    return 0;
}

static int emit(long left) {
    static char buf[65536];
    memset(buf, 'e', sizeof buf);
    while (left > 0) {
        ssize_t w = write(1, buf, left < (long)sizeof buf ? left : (long)sizeof buf);
        if (w <= 0) return 1;
        left -= w;
    }
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

static int count(void) {
    static char buf[65536];
    long total = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) total += n;
    printf("%ld\n", total);
    return 0;
}

static int pipeline_bench(long mb) {
    int p1[2], p2[2], p3[2];
    if (pipe(p1) || pipe(p2) || pipe(p3)) return 1;
    int all[6] = {p1[0], p1[1], p2[0], p2[1], p3[0], p3[1]};
    long long t0 = now_ns();
    char bytes[32];
    snprintf(bytes, sizeof bytes, "%ld", mb << 20);
    char *a1[] = {"procs", "emit", bytes, NULL}, *a2[] = {"procs", "relay", NULL}, *a3[] = {"procs", "count", NULL};
    pid_t pids[3];
    int in[3] = {-1, p1[0], p2[0]}, out[3] = {p1[1], p2[1], p3[1]};
    char **argvs[3] = {a1, a2, a3};
    for (int k = 0; k < 3; k++) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        if (in[k] >= 0) posix_spawn_file_actions_adddup2(&fa, in[k], 0);
        posix_spawn_file_actions_adddup2(&fa, out[k], 1);
        for (int i = 0; i < 6; i++) posix_spawn_file_actions_addclose(&fa, all[i]);
        pids[k] = spawn(argvs[k], &fa);
        posix_spawn_file_actions_destroy(&fa);
    }
    for (int i = 0; i < 6; i++) if (all[i] != p3[0]) close(all[i]);
    char answer[32] = {0};
    long got = 0;
    ssize_t n;
    while ((n = read(p3[0], answer + got, sizeof answer - 1 - got)) > 0) got += n;
    int st;
    for (int k = 0; k < 3; k++) waitpid(pids[k], &st, 0);
    double s = (now_ns() - t0) / 1e9;
    if (atol(answer) != (mb << 20)) return 4;
    printf("pipeline of 3 processes: %ld MB in %.3f s: %.1f MB/s\n", mb, s, mb / s);
    return 0;
}

int main(int argc, char **argv) {
    self = "/proc/self/exe";
    static char path[4096];
    ssize_t l = readlink("/proc/self/exe", path, sizeof path - 1);
    if (l > 0) path[l] = 0, self = path;
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "exit")) return 0;
    if (!strcmp(cmd, "emit")) return emit(atol(argv[2]));
    if (!strcmp(cmd, "relay")) return relay();
    if (!strcmp(cmd, "count")) return count();
    if (!strcmp(cmd, "spawn-bench")) return spawn_bench(argc > 2 ? atoi(argv[2]) : 100);
    if (!strcmp(cmd, "fork-bench")) return fork_bench(argc > 2 ? atoi(argv[2]) : 20, argc > 3 ? atoi(argv[3]) : 16);
    if (!strcmp(cmd, "pipeline-bench")) return pipeline_bench(argc > 2 ? atol(argv[2]) : 100);
    fprintf(stderr, "procs_native: unknown command '%s'\n", cmd);
    return 2;
}
