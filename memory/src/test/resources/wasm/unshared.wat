;; Guest with an unshared imported memory, for the "wait on an unshared memory traps" test.
;; Rebuild: ./build.sh
(module
  (import "env" "memory" (memory 1 16))
  (func (export "wait32") (param $addr i32) (param $expected i32) (param $timeout i64) (result i32)
    (memory.atomic.wait32 (local.get $addr) (local.get $expected) (local.get $timeout)))
  (func (export "notify") (param $addr i32) (param $count i32) (result i32)
    (memory.atomic.notify (local.get $addr) (local.get $count)))
)
