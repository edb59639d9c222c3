;; 1 000 000 calls of clock_time_get(MONOTONIC): a syscall that only writes 8 bytes back. Exits 0.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32)
    (loop $l
      (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 8)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000000))))))
