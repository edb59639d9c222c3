#!/bin/sh
# Rebuilds the benchmark guests. The .wasm files are committed; building needs clang-19 (wasm32 target + wasm-ld)
# and wabt's wat2wasm.
set -e
cd "$(dirname "$0")"
for c in sha256 nbody; do
  clang-19 --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=run -Wl,--export=init \
    -Wl,--import-memory -o "$c.wasm" "$c.c"
done
for wat in *.wat; do
  wat2wasm --enable-threads "$wat" -o "${wat%.wat}.wasm"
done
