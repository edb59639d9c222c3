;; Calls wasix_32v1.proc_snapshot, an import the ABI lists but no handler serves: it must still bind,
;; and answer ENOSYS (52), which becomes the exit code through proc_exit.
(module
  (import "wasix_32v1" "proc_snapshot" (func $proc_snapshot (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (call $proc_snapshot))))
