;; spawn_no_start: imports wasi."thread-spawn" but does NOT export wasi_thread_start.
;; The host cannot start a thread in this module, so thread-spawn must fail cleanly:
;; return a negative value to the caller (wasmer: -errno), not trap, hang or kill the
;; process. The start_arg block is a valid-looking __wasi_thread_start_t
;; (stack 60000, stack_size 4096) at address 1024.
;; Expected: stdout "spawn refused ok", exit 0. If the spawn "succeeds":
;; "FAIL: thread-spawn succeeded" and exit 1.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (data (i32.const 256) "spawn refused ok\n")              ;; 17 bytes
  (data (i32.const 288) "FAIL: thread-spawn succeeded\n")  ;; 29 bytes

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $start (export "_start")
    (i32.store (i32.const 1024) (i32.const 60000))   ;; stack
    (i32.store (i32.const 1080) (i32.const 4096))    ;; stack_size (offset 56)
    (if (i32.lt_s (call $thread_spawn (i32.const 1024)) (i32.const 0))
      (then
        (call $print (i32.const 256) (i32.const 17))
        (return)))
    (call $print (i32.const 288) (i32.const 29))
    (call $proc_exit (i32.const 1)))
)
