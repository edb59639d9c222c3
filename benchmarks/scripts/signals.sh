#!/usr/bin/env bash
# Signal benchmarks: wasix4j against native Linux signals doing the same, in one run.
#
#   benchmarks/scripts/signals.sh [--runs N]
#
#   raise   proc_raise(SIGUSR1) -> the guest's handler -> back, per call (guests/signals/signals.wasm
#           bench-raise 200000), against raise(SIGUSR1) with a sigaction handler natively
#   alarm   lateness of a one-shot timer (proc_raise_interval / setitimer ITIMER_REAL) interrupting a
#           60 s sleep: at 10 ms (20 runs) and 1 s (3 runs); mean and worst, in microseconds
#
# Each measurement runs --runs times (default 3), wasix4j and native alternating so both see the same
# machine; every line is printed (the machine is shared: look at the spread). The native program is
# built by `make -C guests/signals native` into guests/build/signals/native/ (never committed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "signals.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
make -s -C guests/signals native >/dev/null
NATIVE=guests/build/signals/native/bench
GUEST=guests/signals/signals.wasm
./wasix run "$GUEST" default 17 >/dev/null   # builds wasix4j and its caches before timing anything
for args in "bench-raise 200000" "bench-alarm 10 20" "bench-alarm 1000 3"; do
  for i in $(seq "$RUNS"); do
    printf 'wasix4j  %s\n' "$(./wasix run "$GUEST" $args)"
    printf 'native   %s\n' "$("$NATIVE" $args)"
  done
done
