;; Tight guest loops over one kind of memory access each, for the memory benchmarks.
;; Each function performs $n accesses and returns something derived from them so nothing is dead code.
;; Rebuild: ./build.sh
(module
  (import "env" "memory" (memory 2 65536 shared))

  ;; Word accesses sweep a 64 KiB window (L1/L2 resident): the memory path, not the cache misses, is measured.
  (func (export "load_i32") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc)
          (i32.load (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xFFFC)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  (func (export "store_i32") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xFFFC)) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  (func (export "load_i64") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (local.get $acc)
          (i64.load (i32.and (i32.shl (local.get $i) (i32.const 3)) (i32.const 0xFFF8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; memmove-like: each step loads a word and stores it 4 KiB further.
  (func (export "copy_i32") (param $n i32) (result i32)
    (local $i i32) (local $src i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $src (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xEFFC)))
        (i32.store offset=4096 (local.get $src) (i32.load (local.get $src)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  (func (export "atomic_add") (param $addr i32) (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.atomic.load (local.get $addr)))

  (func (export "atomic_load") (param $addr i32) (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (i32.atomic.load (local.get $addr))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Increment by compare-exchange, as a lock-free update does.
  (func (export "atomic_cas") (param $addr i32) (param $n i32) (result i32)
    (local $i i32) (local $old i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $old (i32.atomic.load (local.get $addr)))
        (drop (i32.atomic.rmw.cmpxchg (local.get $addr) (local.get $old) (i32.add (local.get $old) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.atomic.load (local.get $addr)))
;; Ping-pong player: $rounds times, waits until the word at $addr is $mine, then sets it to $theirs and notifies.
  (func (export "ping_pong") (param $addr i32) (param $mine i32) (param $theirs i32) (param $rounds i32)
    (block $done
      (loop $round
        (br_if $done (i32.eqz (local.get $rounds)))
        (block $ready
          (loop $wait
            (br_if $ready (i32.eq (i32.atomic.load (local.get $addr)) (local.get $mine)))
            (drop (memory.atomic.wait32 (local.get $addr) (local.get $theirs) (i64.const -1)))
            (br $wait)))
        (i32.atomic.store (local.get $addr) (local.get $theirs))
        (drop (memory.atomic.notify (local.get $addr) (i32.const 1)))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (br $round))))
)
