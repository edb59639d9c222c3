;; Paths the guest cannot mean: a NUL byte (EINVAL 28), invalid UTF-8 (EILSEQ 25), a path of
;; PATH_MAX bytes or more (ENAMETOOLONG 37), a pointer outside memory (EFAULT 21). Each must come
;; back as that errno from path_open on the / preopen. Exits with the failing step, 0 when all hold.
(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "tmp\00x")
  (data (i32.const 16) "\ff\fe")
  (func $open (param $ptr i32) (param $len i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 1) (local.get $ptr) (local.get $len) (i32.const 0)
          (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 1024)))
  (func $expect (param $got i32) (param $want i32) (param $step i32)
    (if (i32.ne (local.get $got) (local.get $want)) (then (call $proc_exit (local.get $step)))))
  (func (export "_start")
    (call $expect (call $open (i32.const 0) (i32.const 5)) (i32.const 28) (i32.const 1))
    (call $expect (call $open (i32.const 16) (i32.const 2)) (i32.const 25) (i32.const 2))
    (call $expect (call $open (i32.const 32) (i32.const 5000)) (i32.const 37) (i32.const 3))
    (call $expect (call $open (i32.const 65530) (i32.const 100)) (i32.const 21) (i32.const 4))
    (call $proc_exit (i32.const 0))))
