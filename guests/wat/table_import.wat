;; Imports its function table, as modules linked with --import-table do, fills it from an element
;; segment and calls through it: the host must supply a matching table per instance.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "__indirect_function_table" (table 4 16 funcref))
  (type $answer (func (result i32)))
  (func $forty_two (result i32) (i32.const 42))
  (func $seven (result i32) (i32.const 7))
  (elem (i32.const 1) $seven $forty_two)
  (memory (export "memory") 1)
  (func (export "_start")
    ;; exits with table[2]() - table[1]() = 35
    (call $proc_exit (i32.sub (call_indirect (type $answer) (i32.const 2))
                              (call_indirect (type $answer) (i32.const 1))))))
