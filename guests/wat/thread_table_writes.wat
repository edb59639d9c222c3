;; Every thread calls table slot 0 (which the element segment fills with $answer, 42), adds the result to a counter,
;; then points slot 0 at $wrong (13). 50 threads one at a time: each must start from the element segment's table, so
;; the counter ends at 50 * 42. A host that hands a later thread an earlier thread's instance (and so its changed
;; table) ends with less: exit 1. Run twice with a code cache, this also checks a cache hit still sees table.set.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasix_32v1" "thread_join" (func $join (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (type $answer_t (func (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $answer)
  (elem declare func $wrong)
  (func $answer (type $answer_t) (i32.const 42))
  (func $wrong (type $answer_t) (i32.const 13))
  (global $__stack_pointer (mut i32) (i32.const 4096))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (i32.atomic.rmw.add (i32.const 16) (call_indirect (type $answer_t) (i32.const 0))))
    (table.set 0 (i32.const 0) (ref.func $wrong)))
  (func (export "_start")
    (local $i i32)
    (local $tid i32)
    (loop $next
      (local.set $tid (call $spawn (i32.const 64)))
      (if (i32.lt_s (local.get $tid) (i32.const 0)) (then (call $proc_exit (i32.const 2))))
      (drop (call $join (local.get $tid)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 50))))
    (call $proc_exit (i32.ne (i32.atomic.load (i32.const 16)) (i32.const 2100)))))
