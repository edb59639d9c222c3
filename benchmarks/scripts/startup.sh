#!/usr/bin/env bash
# Start-up and compile-throughput figures for docs/performance.md.
#
#   benchmarks/scripts/startup.sh [runs]            # ./wasix as it is
#   BEFORE=<commit> benchmarks/scripts/startup.sh   # also that commit's build, side by side, same run
#
# Rows: the same C natively (clang-19 -O2), the JVM alone (java -version), `./wasix run` of
# guests/basic/hello.wasm and of a generated ~1 MB module (guests/bench/gen_big_program.py), each
# a second run (code cache filled) and a first run (cache emptied before every run). Then the
# compilation throughput, cold, read from `--debug` (time inside the JVM, KB of wasm per second).
# Needs hyperfine, clang-19 and Debian's wasi-libc. The code cache used is a private temporary one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/scripts/jdk.sh"
find_jdk
RUNS="${1:-20}"
cd "$ROOT"

make -s -C guests/bench big
HELLO=guests/basic/hello.wasm
BIG=guests/build/bench/big_program.wasm
NATIVE=guests/build/bench/big_program
./wasix run "$HELLO" >/dev/null   # builds wasix4j and its start-up cache if needed

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export WASIX4J_CACHE_DIR="$TMP/cache"

ROWS=(-n "native big_program (clang-19 -O2)" "$NATIVE"
      -n "JVM alone: java -version" "$JAVA_HOME/bin/java -Xshare:auto -version"
      -n "hello.wasm, second run" "./wasix run $HELLO"
      -n "big_program.wasm (1 MB), second run" "./wasix run $BIG")

if [ -n "${BEFORE:-}" ]; then
  # the older build in a scratch checkout, run with the JVM flags its launcher used
  mkdir -p "$TMP/before" && git archive "$BEFORE" | tar -x -C "$TMP/before"
  (cd "$TMP/before" && mvn -q -B -o -DskipTests -pl cli -am package >"$TMP/before.log" 2>&1)
  B="$TMP/before/cli/target"
  BEFORE_CMD="$JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.foreign=ALL-UNNAMED -Xss64m -XX:SharedArchiveFile=$B/wasix4j.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off -cp $B/wasix4j-cli.jar:$B/lib/* dev.wasix4j.cli.WasixCli"
  $BEFORE_CMD run "$HELLO" >/dev/null   # makes its AppCDS archive
  ROWS+=(-n "before ($BEFORE): hello.wasm" "$BEFORE_CMD run $HELLO"
         -n "before ($BEFORE): big_program.wasm" "$BEFORE_CMD run $BIG")
fi

# wall time (median, min) and CPU time (user + system, mean): on a shared machine the CPU time
# is the steadier figure, the minimum wall time the nearest to an idle machine
table() {
  python3 - "$1" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
print("| case | median wall | min wall | CPU (user+sys) |")
print("|---|---:|---:|---:|")
for r in rows:
    print(f"| {r['command']} | {r['median']*1000:.0f} ms | {r['min']*1000:.0f} ms | {(r['user']+r['system'])*1000:.0f} ms |")
PY
}

echo "== second runs (code cache filled by the warm-up runs)"
hyperfine -N -w 3 -r "$RUNS" --export-json "$TMP/warm.json" "${ROWS[@]}" >/dev/null
table "$TMP/warm.json"

echo
echo "== first runs (code cache emptied before each run)"
hyperfine -N -w 1 -r "$(( (RUNS + 1) / 2 ))" --prepare "rm -rf $WASIX4J_CACHE_DIR" --export-json "$TMP/cold.json" \
  -n "hello.wasm, first run" "./wasix run $HELLO" \
  -n "big_program.wasm (1 MB), first run" "./wasix run $BIG" >/dev/null
table "$TMP/cold.json"

echo
echo "== compilation, cold (inside the JVM, from --debug; median of 5)"
for m in "$HELLO" "$BIG"; do
  for i in 1 2 3 4 5; do
    ./wasix run --debug --no-cache "$m" 2>&1 >/dev/null | sed -n 's/.*compiled \([0-9]*\) KB of wasm to \([0-9]*\) KB of classes in \([0-9]*\) ms.*/\1 \2 \3/p'
  done | sort -n -k3 | sed -n 3p | awk -v m="$m" '{printf "%s: %d KB of wasm -> %d KB of classes in %d ms = %.0f KB/s\n", m, $1, $2, $3, $1 * 1000 / $3}'
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (other work on the machine inflates every row)"
