;; Prints, then sleeps in a futex wait that nobody wakes: stopping it must interrupt the wait.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasix_32v1" "futex_wait" (func $futex_wait (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (data (i32.const 16) "waiting\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; *64 == 0 forever, no timeout (pointer 0 = NONE)
    (drop (call $futex_wait (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 72)))))
