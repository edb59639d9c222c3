;; Runs the host out of a resource, chosen by the first argument's first letter:
;;   "s": unbounded recursion (the JVM's StackOverflowError: a trap for this guest only)
;;   "t": table.grow by 2^31-1 entries (Chicory 1.7.5 computes the new size in an int and throws
;;        NegativeArraySizeException instead of answering -1: a host failure that must end this
;;        guest only, with a message)
;; Anything else exits 3. Used by stress-tests' ExhaustionStressTest.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $argc (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $argv (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (func $deep (param $n i64) (result i64)
    (i64.add (call $deep (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))
  (func (export "_start") (local $mode i32)
    (drop (call $argc (i32.const 0) (i32.const 4)))
    (if (i32.lt_u (i32.load (i32.const 0)) (i32.const 2)) (then (call $exit (i32.const 2))))
    (drop (call $argv (i32.const 16) (i32.const 64)))
    (local.set $mode (i32.load8_u (i32.load (i32.const 20))))
    (if (i32.eq (local.get $mode) (i32.const 115)) ;; 's'
      (then (drop (call $deep (i64.const 0)))))
    (if (i32.eq (local.get $mode) (i32.const 116)) ;; 't'
      (then
        (drop (table.grow $t (ref.null func) (i32.const 0x7fffffff)))
        (drop (table.grow $t (ref.null func) (i32.const 0x7fffffff)))
        (call $exit (i32.const 4))))
    (call $exit (i32.const 3))))
