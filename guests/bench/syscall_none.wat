;; The same 1 000 000-iteration loop with no call: the baseline subtracted from the syscall loops.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32)
    (loop $l
      (i64.store (i32.const 8) (i64.extend_i32_u (local.get $i)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000000))))))
