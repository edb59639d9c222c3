;; Imports a function no WASI/WASIX host provides: loading must fail with one clear line.
(module
  (import "env" "launch_missiles" (func $launch (param i32)))
  (func (export "_start") (call $launch (i32.const 1))))
