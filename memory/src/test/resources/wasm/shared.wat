;; Guest used by the memory module's tests: imports a shared memory and exposes plain, atomic, wait/notify and
;; grow operations on it. Rebuild: ./build.sh (needs wabt's wat2wasm with --enable-threads).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Active segment: must be written once per memory, not once per instance.
  (data (i32.const 1024) "wasix4j")

  (func (export "load") (param $addr i32) (result i32)
    (i32.load (local.get $addr)))

  (func (export "store") (param $addr i32) (param $value i32)
    (i32.store (local.get $addr) (local.get $value)))

  (func (export "load8") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))

  (func (export "size") (result i32)
    (memory.size))

  (func (export "grow") (param $delta i32) (result i32)
    (memory.grow (local.get $delta)))

  ;; $n times: i32.atomic.rmw.add $addr 1
  (func (export "atomic_add_loop") (param $addr i32) (param $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))

  (func (export "atomic_load") (param $addr i32) (result i32)
    (i32.atomic.load (local.get $addr)))

  (func (export "atomic_store") (param $addr i32) (param $value i32)
    (i32.atomic.store (local.get $addr) (local.get $value)))

  (func (export "atomic_load_at_offset_1") (param $addr i32) (result i32)
    (i32.atomic.load offset=1 (local.get $addr)))

  ;; Busy-waits (no wait instruction) until the word at $addr holds $value, then stores $value + 1 there.
  (func (export "spin_then_pass") (param $addr i32) (param $value i32)
    (loop $spin
      (br_if $spin (i32.ne (i32.atomic.load (local.get $addr)) (local.get $value))))
    (i32.atomic.store (local.get $addr) (i32.add (local.get $value) (i32.const 1))))

  (func (export "wait32") (param $addr i32) (param $expected i32) (param $timeout i64) (result i32)
    (memory.atomic.wait32 (local.get $addr) (local.get $expected) (local.get $timeout)))

  (func (export "notify") (param $addr i32) (param $count i32) (result i32)
    (memory.atomic.notify (local.get $addr) (local.get $count)))

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
