;; A library module without _start: running it must say it is not a command.
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
