;; Calls fd_write with an iovec array far outside memory: the host must answer EFAULT (21),
;; not trap. The errno becomes the exit code through proc_exit.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (call $fd_write (i32.const 1) (i32.const 0x7ffffff0) (i32.const 4) (i32.const 8)))))
