;; Declares a 64-bit memory: wasix4j must refuse it by name, not as "malformed".
(module
  (memory i64 1)
  (func (export "_start")))
