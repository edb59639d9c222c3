;; Every guest thread must start with its instance's globals at their initial values, also when the host reuses the
;; instance of a thread that has ended. wasi_thread_start adds the mutable global $g (initially 7) to a counter in
;; memory, then dirties $g (and the stack pointer). _start spawns THREADS threads one at a time, joining each
;; (wasix thread_join returns once the thread is gone, so its instance is idle before the next spawn), then exits
;; with 0 if the counter is 7 x THREADS, else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasix_32v1" "thread_join" (func $join (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (global $g (mut i32) (i32.const 7))
  (global $__stack_pointer (mut i32) (i32.const 4096))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (i32.atomic.rmw.add (i32.const 16) (global.get $g)))
    (global.set $g (i32.const 1000))
    (global.set $__stack_pointer (i32.const 12345)))
  (func (export "_start")
    (local $i i32)
    (local $tid i32)
    (loop $next
      (local.set $tid (call $spawn (i32.const 64)))
      (if (i32.lt_s (local.get $tid) (i32.const 0)) (then (call $proc_exit (i32.const 2))))
      (drop (call $join (local.get $tid)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 50))))
    (call $proc_exit (i32.ne (i32.atomic.load (i32.const 16)) (i32.const 350)))))
