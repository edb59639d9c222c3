#!/usr/bin/env bash
# Control-flow benchmarks: wasix4j against native code doing the same, in one run.
#
#   benchmarks/scripts/control.sh [--runs N] [setjmp] [switch]
#
#   setjmp   setjmp + recursion to depth D + longjmp back (guests/control/bench.wasm setjmp D N)
#            at D = 1, 10, 100, against the same C built natively (glibc setjmp/longjmp)
#   switch   context-switch ping-pong (bench.wasm switch N: main <-> one context, WASIX
#            context_switch) against glibc swapcontext ping-pong
#
# Each program times itself with the monotonic clock after as many untimed warm-up rounds (the JIT
# compiles the host and the guest), so start-up is not counted. Each measurement runs --runs times
# (default 3), wasix4j and native alternating so both see the same machine; the median is printed.
# Needs a JDK 25 (found as ./wasix finds it), cc and make; the native programs are built by
# `make -C guests/control native` into guests/build/control/native/ (never committed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RUNS=3
WHAT=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    setjmp|switch) WHAT+=("$1"); shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "control.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#WHAT[@]} -gt 0 ] || WHAT=(setjmp switch)
make -s -C guests/control native >/dev/null
NATIVE="$ROOT/guests/build/control/native"
WASM="$ROOT/guests/control/bench.wasm"

# value of key=... in a result line
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p"; }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# measure NAME KEY cmd...: runs cmd RUNS times, prints the median of KEY
measure() {
  local key="$1"; shift
  for _ in $(seq "$RUNS"); do "$@" | field "$key"; done | median
}

for w in "${WHAT[@]}"; do
  case "$w" in
    setjmp)
      echo "| depth | rounds | wasix4j µs/round | native µs/round | wasix4j ÷ native |"
      echo "|---:|---:|---:|---:|---:|"
      for d in 1 10 100; do
        n=1000000; [ "$d" = 100 ] && n=200000
        wn=""; nn=""
        for _ in $(seq "$RUNS"); do
          wn+="$("$ROOT/wasix" run "$WASM" setjmp "$d" "$n" | field ns_per_round) "
          nn+="$("$NATIVE/setjmp_bench" setjmp "$d" 10000000 | field ns_per_round) "
        done
        w_ns=$(echo $wn | tr ' ' '\n' | median); n_ns=$(echo $nn | tr ' ' '\n' | median)
        awk -v d="$d" -v n="$n" -v w="$w_ns" -v x="$n_ns" 'BEGIN {printf "| %d | %d | %.2f | %.3f | %.0f |\n", d, n, w/1000, x/1000, (x > 0 ? w/x : 0)}'
      done ;;
    switch)
      echo "| runtime | switches / s | ns per switch |"
      echo "|---|---:|---:|"
      wn=""; nn=""
      for _ in $(seq "$RUNS"); do
        wn+="$("$ROOT/wasix" run "$WASM" switch 2000000 | field ns_per_switch) "
        nn+="$("$NATIVE/switch_bench" switch 10000000 | field ns_per_switch) "
      done
      for pair in "wasix4j (context_switch, virtual threads):$(echo $wn | tr ' ' '\n' | median)" \
                  "native (glibc swapcontext):$(echo $nn | tr ' ' '\n' | median)"; do
        name="${pair%%:*}"; ns="${pair##*:}"
        awk -v n="$name" -v ns="$ns" 'BEGIN {printf "| %s | %.2f M | %d |\n", n, 1000/ns, ns}'
      done ;;
  esac
done
