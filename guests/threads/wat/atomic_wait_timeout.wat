;; atomic_wait_timeout: raw wasm atomics on an imported SHARED memory, no runtime,
;; single thread. Each step checks the result the threads proposal specifies:
;;   1. memory.atomic.wait32 with a value mismatch           -> 1 ("not-equal"), no blocking
;;   2. wait32 on an unchanged value, timeout 20 ms          -> 2 ("timed-out"), >= 20 ms elapsed
;;   3. wait32, timeout 0                                    -> 2 at once
;;   4. memory.atomic.notify with no waiter                  -> 0
;;   5. memory.atomic.wait64 on an unchanged value, 10 ms    -> 2, >= 10 ms elapsed
;;   6. wait64 with a value mismatch                         -> 1
;; Expected: stdout "atomic wait ok", exit 0.
;; On failure: "FAIL: atomic wait step N" and proc_exit(N).
;; Memory map: 0 iovec, 8 nwritten, 16 clock result, 64 wait32 word, 80 wait64 word,
;; 256.. message text.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (data (i32.const 256) "atomic wait ok\n")               ;; 15 bytes
  (data (i32.const 288) "FAIL: atomic wait step 0\n")     ;; 25 bytes, digit at 311

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $now (result i64)
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 16)))
    (i64.load (i32.const 16)))

  (func $fail (param $step i32)
    (i32.store8 (i32.const 311) (i32.add (i32.const 48) (local.get $step)))
    (call $print (i32.const 288) (i32.const 25))
    (call $proc_exit (local.get $step)))

  (func $start (export "_start")
    (local $t0 i64)
    (i32.atomic.store (i32.const 64) (i32.const 0))
    (i64.atomic.store (i32.const 80) (i64.const 0))

    ;; 1: mismatch (memory holds 0, we expect 1) -> 1
    (if (i32.ne (memory.atomic.wait32 (i32.const 64) (i32.const 1) (i64.const -1)) (i32.const 1))
      (then (call $fail (i32.const 1))))

    ;; 2: timeout 20 ms -> 2 after >= 20 ms
    (local.set $t0 (call $now))
    (if (i32.ne (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const 20000000)) (i32.const 2))
      (then (call $fail (i32.const 2))))
    (if (i64.lt_u (i64.sub (call $now) (local.get $t0)) (i64.const 20000000))
      (then (call $fail (i32.const 2))))

    ;; 3: timeout 0 -> 2
    (if (i32.ne (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const 0)) (i32.const 2))
      (then (call $fail (i32.const 3))))

    ;; 4: notify without waiters -> 0
    (if (i32.ne (memory.atomic.notify (i32.const 64) (i32.const 1)) (i32.const 0))
      (then (call $fail (i32.const 4))))

    ;; 5: wait64, timeout 10 ms -> 2 after >= 10 ms
    (local.set $t0 (call $now))
    (if (i32.ne (memory.atomic.wait64 (i32.const 80) (i64.const 0) (i64.const 10000000)) (i32.const 2))
      (then (call $fail (i32.const 5))))
    (if (i64.lt_u (i64.sub (call $now) (local.get $t0)) (i64.const 10000000))
      (then (call $fail (i32.const 5))))

    ;; 6: wait64 mismatch -> 1
    (if (i32.ne (memory.atomic.wait64 (i32.const 80) (i64.const 7) (i64.const -1)) (i32.const 1))
      (then (call $fail (i32.const 6))))

    (call $print (i32.const 256) (i32.const 15)))
)
