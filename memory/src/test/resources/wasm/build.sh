#!/bin/sh
# Rebuilds the test guests; the .wasm files are committed so the tests need no wabt at run time.
set -e
cd "$(dirname "$0")"
for wat in *.wat; do
  wat2wasm --enable-threads "$wat" -o "${wat%.wat}.wasm"
done
