/*
 * control.h - setjmp/longjmp and green contexts for the wasix4j control-flow guests,
 * calling the WASIX imports directly (shared/wasix-abi: wasix_32v1.tsv, types.md).
 *
 * setjmp is wasix-libc's non-exception one: stack_checkpoint stores a 24-byte
 * __wasi_stack_snapshot_t (the jmp_buf) and returns 0, and later - when stack_restore
 * is called with that jmp_buf - returns again with the value given to longjmp. The
 * module must be asyncified (wasm-opt --asyncify), which the Makefile does.
 */
#ifndef WASIX4J_CONTROL_H
#define WASIX4J_CONTROL_H

#include <stdint.h>
#include "rt.h"

typedef struct {
    uint64_t user;
    uint64_t hash[2];
} __attribute__((aligned(8))) ctl_snapshot_t;
_Static_assert(sizeof(ctl_snapshot_t) == 24, "__wasi_stack_snapshot_t is 24 bytes");

typedef ctl_snapshot_t ctl_jmp_buf[1];

RT_IMPORT("wasix_32v1", "stack_checkpoint") int32_t __wasix_stack_checkpoint(ctl_snapshot_t *snap, uint64_t *ret);
RT_IMPORT("wasix_32v1", "stack_restore") _Noreturn void __wasix_stack_restore(const ctl_snapshot_t *snap, uint64_t val);
RT_IMPORT("wasix_32v1", "context_create") int32_t __wasix_context_create(uint64_t *id, uint32_t entry);
RT_IMPORT("wasix_32v1", "context_switch") int32_t __wasix_context_switch(uint64_t id);
RT_IMPORT("wasix_32v1", "context_destroy") int32_t __wasix_context_destroy(uint64_t id);

/* Like wasix-libc's __wasilibc_setjmp: a real function (not inlined), so its frame is one
 * of those the host rebuilds when it rewinds. libc traps when the errno is not 0. */
__attribute__((noinline, returns_twice, unused)) static int ctl_setjmp(ctl_jmp_buf env) {
    uint64_t ret;
    if (__wasix_stack_checkpoint(env, &ret) != 0) __builtin_trap();
    return (int)ret;
}

/* longjmp(env, 0) makes setjmp return 1, as C requires */
_Noreturn static inline void ctl_longjmp(ctl_jmp_buf env, int val) {
    __wasix_stack_restore(env, (uint64_t)(val == 0 ? 1 : val));
}

#define CTL_MAIN_CONTEXT 0ULL

/* entry is a plain C function pointer: its table index is what context_create takes */
static inline int32_t ctl_context_create(uint64_t *id, void (*entry)(void)) {
    return __wasix_context_create(id, (uint32_t)(uintptr_t)entry);
}

#endif
