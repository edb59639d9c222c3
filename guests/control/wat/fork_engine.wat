;; The engine test of core's EntryCallTest (the shape proc_fork will use): "host.fork" unwinds
;; the caller, the host rewinds the same saved stack in this instance and in a second instance on
;; a copy of the memory, and each reports what fork returned plus a local that lived across it.
;; Asyncified by the Makefile (wasm-opt --asyncify, only host.fork may unwind).
(module
  (import "host" "fork" (func $fork (result i32)))
  (import "host" "report" (func $report (param i32 i32)))
  (import "env" "memory" (memory 1))
  (global $sp (export "__stack_pointer") (mut i32) (i32.const 65536))
  (func $inner (param $x i32) (result i32)
    (local $r i32)
    ;; a frame on the shadow stack, as C makes one
    (global.set $sp (i32.sub (global.get $sp) (i32.const 16)))
    (i32.store (global.get $sp) (local.get $x))
    (local.set $r (call $fork))
    (local.set $r (i32.add (local.get $r) (i32.load (global.get $sp))))
    (global.set $sp (i32.add (global.get $sp) (i32.const 16)))
    (local.get $r))
  (func (export "_start")
    (call $report (i32.const 1) (call $inner (i32.const 100)))
    (call $report (i32.const 2) (global.get $sp))))
