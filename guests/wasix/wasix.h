// Direct declarations of the wasix_32v1 imports the test guests call. Debian's wasi-libc knows
// only preview1, so these are declared here with the signatures of shared/wasix-abi.
#pragma once
#include <stdint.h>

#define WASIX_IMPORT(name) __attribute__((import_module("wasix_32v1"), import_name(#name)))

WASIX_IMPORT(fd_pipe) int32_t wasix_fd_pipe(int32_t *rd, int32_t *wr);
WASIX_IMPORT(fd_event) int32_t wasix_fd_event(uint64_t initial, int32_t flags, int32_t *fd);
WASIX_IMPORT(fd_dup) int32_t wasix_fd_dup(int32_t fd, int32_t *out);
WASIX_IMPORT(fd_dup2) int32_t wasix_fd_dup2(int32_t fd, int32_t min, int32_t cloexec, int32_t *out);
WASIX_IMPORT(fd_fdflags_get) int32_t wasix_fd_fdflags_get(int32_t fd, uint16_t *flags);
WASIX_IMPORT(fd_fdflags_set) int32_t wasix_fd_fdflags_set(int32_t fd, int32_t flags);
WASIX_IMPORT(tty_get) int32_t wasix_tty_get(void *tty);
WASIX_IMPORT(tty_set) int32_t wasix_tty_set(void *tty);
WASIX_IMPORT(clock_time_set) int32_t wasix_clock_time_set(int32_t id, uint64_t ns);
WASIX_IMPORT(proc_id) int32_t wasix_proc_id(int32_t *pid);
WASIX_IMPORT(proc_parent) int32_t wasix_proc_parent(int32_t pid, int32_t *ppid);
WASIX_IMPORT(thread_id) int32_t wasix_thread_id(int32_t *tid);
WASIX_IMPORT(thread_parallelism) int32_t wasix_thread_parallelism(uint32_t *n);
WASIX_IMPORT(getcwd) int32_t wasix_getcwd(char *buf, uint32_t *len);
WASIX_IMPORT(chdir) int32_t wasix_chdir(const char *path, uint32_t len);
WASIX_IMPORT(proc_exec3) int32_t wasix_proc_exec3(const char *name, uint32_t name_len, const char *args, uint32_t args_len,
                                                  const char *envs, uint32_t envs_len, int32_t search, const char *path, uint32_t path_len);

typedef struct {
    uint32_t cols, rows, width, height;
    uint8_t stdin_tty, stdout_tty, stderr_tty, echo, line_buffered, line_feeds;
    uint8_t pad[2];
} wasix_tty_t;
_Static_assert(sizeof(wasix_tty_t) == 24, "tty_t is 24 bytes");
