;; Fails validation: adds an i64 to an i32. Built with --no-check so the bytes exist.
(module
  (func (export "_start")
    (drop (i32.add (i32.const 1) (i64.const 2)))))
