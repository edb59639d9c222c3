;; Loops forever without a syscall: only a time limit or a kill can stop it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $l (br $l))))
