;; hold_threads N MODE: starts N threads (wasi-threads "thread-spawn") and keeps them busy
;; forever, so a stress test can end the process from outside (kill, time limit) while
;; the threads are in a known state. MODE (first letter of argv[2]):
;;   p  park:  each thread sits in memory.atomic.wait32 on a word nobody changes (default)
;;   s  spin:  each thread loops on i32.atomic.load of a flag nobody sets (no imports)
;;   b  busy:  each thread loops on a plain i32.load/i32.store counter (no atomics, no imports)
;; Main counts the threads in (atomic add + notify), prints "started=N\n" once all N run,
;; then parks forever itself. A failed spawn prints "FAIL: spawn\n" and exits 1.
;; N defaults to 100. Build: wat2wasm --enable-threads hold_threads.wat -o hold_threads.wasm
;; Memory map: 0 iovec, 8 nwritten, 16 argc, 20 argv_buf_size, 64 started counter,
;; 68 never-changing word, 72 spin flag (never set), 76 busy counter, 80 mode,
;; 128 argv pointers (16 max), 256 argv bytes (512 max), 1024 output line.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (data (i32.const 1024) "started=")
  (data (i32.const 1100) "FAIL: spawn\n")

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; parks the calling thread forever (a futex-style wait nobody wakes)
  (func $park
    (loop $again
      (drop (memory.atomic.wait32 (i32.const 68) (i32.const 0) (i64.const -1)))
      (br $again)))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (i32.atomic.rmw.add (i32.const 64) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 64) (i32.const 1)))
    (if (i32.eq (i32.load (i32.const 80)) (i32.const 115)) ;; 's'
      (then (loop $spin (br_if $spin (i32.eqz (i32.atomic.load (i32.const 72)))))))
    (if (i32.eq (i32.load (i32.const 80)) (i32.const 98)) ;; 'b'
      (then (loop $busy
        (i32.store (i32.const 76) (i32.add (i32.load (i32.const 76)) (i32.const 1)))
        (br $busy))))
    (call $park))

  (func (export "_start")
    (local $n i32) (local $i i32) (local $p i32) (local $c i32) (local $v i32) (local $len i32)
    (local.set $n (i32.const 100))
    (i32.store (i32.const 80) (i32.const 112)) ;; 'p'
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (if (i32.and (i32.le_u (i32.load (i32.const 16)) (i32.const 16))
                 (i32.le_u (i32.load (i32.const 20)) (i32.const 512)))
      (then
        (drop (call $args_get (i32.const 128) (i32.const 256)))
        (if (i32.ge_u (i32.load (i32.const 16)) (i32.const 2))
          (then
            (local.set $n (i32.const 0))
            (local.set $p (i32.load (i32.const 132)))
            (block $done
              (loop $digit
                (local.set $c (i32.load8_u (local.get $p)))
                (br_if $done (i32.lt_u (local.get $c) (i32.const 48)))
                (br_if $done (i32.gt_u (local.get $c) (i32.const 57)))
                (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10))
                                       (i32.sub (local.get $c) (i32.const 48))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $digit)))))
        (if (i32.ge_u (i32.load (i32.const 16)) (i32.const 3))
          (then (i32.store (i32.const 80) (i32.load8_u (i32.load (i32.const 136))))))))

    ;; spawn N threads
    (local.set $i (i32.const 0))
    (block $spawned
      (loop $more
        (br_if $spawned (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0))
          (then
            (call $print (i32.const 1100) (i32.const 12))
            (call $proc_exit (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $more)))

    ;; wait until every thread has counted itself in
    (block $all
      (loop $wait
        (local.set $v (i32.atomic.load (i32.const 64)))
        (br_if $all (i32.ge_u (local.get $v) (local.get $n)))
        (drop (memory.atomic.wait32 (i32.const 64) (local.get $v) (i64.const -1)))
        (br $wait)))

    ;; "started=" then N in decimal (written backwards from 1050), then "\n"
    (local.set $p (i32.const 1050))
    (i32.store8 (local.get $p) (i32.const 10))
    (local.set $v (local.get $n))
    (loop $itoa
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $itoa (i32.ne (local.get $v) (i32.const 0))))
    (local.set $len (i32.sub (i32.const 1051) (local.get $p)))
    (memory.copy (i32.sub (local.get $p) (i32.const 8)) (i32.const 1024) (i32.const 8))
    (call $print (i32.sub (local.get $p) (i32.const 8)) (i32.add (local.get $len) (i32.const 8)))
    (call $park))
)
