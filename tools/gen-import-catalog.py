#!/usr/bin/env python3
"""Regenerates core's import catalog from the ABI fact sheets (shared/wasix-abi/*.tsv).

Imports the fact sheets lack but binaries call (found in wasmer's lib/wasix and in wasix-libc
branches) are listed, in the same columns, in tools/abi-additions.tsv and appended after them.
The catalog is the one place the host learns each import's wasm signature and parameter names:
the dispatcher binds handlers against it, tracing prints the names, and docs/syscalls.md lists it.
Usage: tools/gen-import-catalog.py ../shared/wasix-abi > core/src/main/resources/dev/wasix4j/core/abi/imports.tsv
"""
import csv, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/wasix-abi"
print("# module\tname\tgroup\tparams (name:type[:str], ...; :str marks the pointer of a (ptr, len) string)\tresult\tmeaning")
additions = os.path.join(os.path.dirname(os.path.abspath(__file__)), "abi-additions.tsv")
for sheet in (os.path.join(src, "wasi_snapshot_preview1.tsv"), os.path.join(src, "wasix_32v1.tsv"), additions):
    with open(sheet) as f:
        rows = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(rows, delimiter="\t"):
        # C parameters marked "string -> X ptr + X_len" are (ptr, len) strings: tag the ptr ":str"
        strings = {p.split(":")[0].strip() for p in r["params_c"].split(";") if "string ->" in p}
        params = r["params_wasm"].strip()
        if params in ("(none)", "-", ""):
            params = ""
        else:
            params = ",".join(p.strip() + (":str" if p.split(":")[0].strip() in strings else "")
                              for p in params.split(","))
        result = r["result_wasm"].strip()
        if result in ("-", "(none)", ""):
            result = ""
        meaning = " ".join(r["semantics"].split())
        print("\t".join([r["module"], r["name"], r["group"], params, result, meaning]))
