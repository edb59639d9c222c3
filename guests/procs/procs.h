/*
 * procs.h - processes for the wasix4j test guests, calling the WASIX imports directly
 * (shared/wasix-abi: wasix_32v1.tsv, types.md). Debian's wasi-libc has no posix_spawn,
 * waitpid, exec or fork; these thin wrappers are what wasix-libc's own ones boil down to.
 */
#ifndef WASIX4J_PROCS_H
#define WASIX4J_PROCS_H

#include <stdint.h>
#include <string.h>

#define WX_IMPORT(name) __attribute__((import_module("wasix_32v1"), import_name(name)))

/* __wasi_proc_spawn_fd_op_t */
typedef struct {
    uint8_t cmd;
    int32_t fd;
    int32_t src_fd;
    const char *path;
    uint32_t path_len;
    uint32_t dirflags;
    uint16_t oflags;
    uint64_t rights_base;
    uint64_t rights_inheriting;
    uint16_t fdflags;
    uint16_t fdflagsext;
} __attribute__((aligned(8))) wx_fd_op_t;
_Static_assert(sizeof(wx_fd_op_t) == 56, "proc_spawn_fd_op_t is 56 bytes");

enum { WX_OP_CLOSE = 0, WX_OP_DUP2 = 1, WX_OP_OPEN = 2, WX_OP_CHDIR = 3, WX_OP_FCHDIR = 4 };
enum { WX_OFLAGS_CREAT = 1, WX_OFLAGS_TRUNC = 8 };
#define WX_RIGHT_READ 0x2ULL
#define WX_RIGHT_WRITE 0x40ULL
#define WX_FDFLAGEXT_CLOEXEC 1

typedef struct { uint8_t tag; int32_t pid; } wx_option_pid_t;
typedef struct { uint8_t tag; uint8_t pad; uint16_t code; uint8_t signal; uint8_t pad2; } wx_join_status_t;
_Static_assert(sizeof(wx_join_status_t) == 6, "join_status_t is 6 bytes");
enum { WX_JOIN_NOTHING = 0, WX_JOIN_EXIT = 1, WX_JOIN_SIGNAL = 2 };
#define WX_JOIN_NONBLOCKING 1

WX_IMPORT("proc_spawn2") int32_t wx_proc_spawn2(const char *name, uint32_t name_len, const char *args, uint32_t args_len,
        const char *envs, uint32_t envs_len, const wx_fd_op_t *ops, uint32_t nops, const void *sigs, uint32_t nsigs,
        uint32_t search, const char *path, uint32_t path_len, int32_t *pid);
WX_IMPORT("proc_join") int32_t wx_proc_join(wx_option_pid_t *pid, uint32_t flags, wx_join_status_t *status);
WX_IMPORT("proc_exec3") int32_t wx_proc_exec3(const char *name, uint32_t name_len, const char *args, uint32_t args_len,
        const char *envs, uint32_t envs_len, uint32_t search, const char *path, uint32_t path_len);
WX_IMPORT("proc_fork") int32_t wx_proc_fork(uint32_t copy_memory, int32_t *pid);
WX_IMPORT("proc_id") int32_t wx_proc_id(int32_t *pid);
WX_IMPORT("proc_signal") int32_t wx_proc_signal(int32_t pid, uint32_t sig);
WX_IMPORT("context_create") int32_t wx_context_create(uint64_t *id, uint32_t entry);
WX_IMPORT("context_switch") int32_t wx_context_switch(uint64_t id);
WX_IMPORT("proc_parent") int32_t wx_proc_parent(int32_t pid, int32_t *parent);
WX_IMPORT("fd_pipe") int32_t wx_fd_pipe(int32_t *rd, int32_t *wr);
WX_IMPORT("fd_fdflags_set") int32_t wx_fd_fdflags_set(int32_t fd, uint32_t flags);
WX_IMPORT("fd_fdflags_get") int32_t wx_fd_fdflags_get(int32_t fd, uint16_t *flags);

/* posix_spawn: args and envs are "a\nb\n" lists (envs NULL = inherit); returns the errno */
static inline int32_t wx_spawn(const char *name, const char *args, const char *envs, const wx_fd_op_t *ops,
        uint32_t nops, int32_t *pid) {
    return wx_proc_spawn2(name, strlen(name), args, strlen(args), envs, envs ? strlen(envs) : 0, ops, nops, 0, 0,
            0, 0, 0, pid);
}

/* posix_spawnp with an explicit PATH */
static inline int32_t wx_spawnp(const char *name, const char *args, const char *path, int32_t *pid) {
    return wx_proc_spawn2(name, strlen(name), args, strlen(args), 0, 0, 0, 0, 0, 0, 1, path, strlen(path), pid);
}

/* waitpid: pid -1 = any child; returns the pid (0 with nonblocking and nothing ended) or -errno */
static inline int32_t wx_wait(int32_t pid, uint32_t flags, wx_join_status_t *st) {
    wx_option_pid_t o = {pid == -1 ? 0 : 1, pid == -1 ? 0 : pid};
    int32_t e = wx_proc_join(&o, flags, st);
    return e ? -e : o.pid;
}

static inline int32_t wx_exec(const char *name, const char *args) {
    return wx_proc_exec3(name, strlen(name), args, strlen(args), 0, 0, 0, 0, 0);
}

static inline int32_t wx_getpid(void) {
    int32_t pid = -1;
    wx_proc_id(&pid);
    return pid;
}

static inline wx_fd_op_t wx_op(uint8_t cmd, int32_t fd, int32_t src, const char *path) {
    wx_fd_op_t op;
    memset(&op, 0, sizeof op);
    op.cmd = cmd;
    op.fd = fd;
    op.src_fd = src;
    op.path = path;
    op.path_len = path ? strlen(path) : 0;
    op.dirflags = 1;
    return op;
}

#endif
