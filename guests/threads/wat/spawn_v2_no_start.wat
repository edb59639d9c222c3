;; spawn_v2_no_start: like spawn_no_start.wat, through wasix_32v1.thread_spawn_v2
;; (args, retptr0) -> errno. Without a wasi_thread_start export the host must return
;; a non-zero errno (wasmer: NOTCAPABLE = 76) and not trap.
;; Optional: only for hosts that implement thread_spawn_v2 (wasix-libc never calls it).
;; Expected: stdout "spawn_v2 refused ok", exit 0; else "FAIL: thread_spawn_v2 succeeded", exit 1.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasix_32v1" "thread_spawn_v2" (func $thread_spawn_v2 (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (data (i32.const 256) "spawn_v2 refused ok\n")              ;; 20 bytes
  (data (i32.const 288) "FAIL: thread_spawn_v2 succeeded\n")  ;; 32 bytes

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $start (export "_start")
    (i32.store (i32.const 1024) (i32.const 60000))   ;; stack
    (i32.store (i32.const 1080) (i32.const 4096))    ;; stack_size (offset 56)
    (if (i32.ne (call $thread_spawn_v2 (i32.const 1024) (i32.const 16)) (i32.const 0))
      (then
        (call $print (i32.const 256) (i32.const 20))
        (return)))
    (call $print (i32.const 288) (i32.const 32))
    (call $proc_exit (i32.const 1)))
)
