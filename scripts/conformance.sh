#!/usr/bin/env bash
# Runs directories laid out like wasmer's tests/wasix against wasix4j and prints a pass/fail table:
#   scripts/conformance.sh DIR...      (or ./wasix test DIR...)
# A DIR holding test directories (each with a run.sh) is expanded to them. Each test runs in a
# fresh copy of its directory (so the tree is left as it was) with WASMER and WASMER_RUN set as
# wasmer's tests/wasix/test.sh sets them: WASMER is the wasix launcher, WASMER_RUN="$WASMER run -q".
# A test passes when run.sh exits 0. The reason shown for a failure is the last line wasix4j (or
# the script) printed on stderr, else run.sh's exit code and the first line of its `output` file.
# Options: --timeout SECONDS per test (default 120), --filter REGEX on test names.
# Exit status: 0 when every test passed, 1 otherwise.
set -uo pipefail
SELF="${BASH_SOURCE[0]}"
while [ -L "$SELF" ]; do
  LINK="$(readlink "$SELF")"
  case "$LINK" in /*) SELF="$LINK" ;; *) SELF="$(dirname "$SELF")/$LINK" ;; esac
done
ROOT="$(cd -P "$(dirname "$SELF")/.." && pwd)"
LIMIT=120
FILTER=""
DIRS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) LIMIT="$2"; shift 2 ;;
    --filter) FILTER="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$SELF" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) DIRS+=("$1"); shift ;;
  esac
done
if [ ${#DIRS[@]} -eq 0 ]; then
  echo "usage: wasix test [--timeout S] [--filter REGEX] DIR..." >&2
  exit 2
fi

TESTS=()
for d in "${DIRS[@]}"; do
  if [ ! -d "$d" ]; then echo "wasix test: $d is not a directory" >&2; exit 2; fi
  d="$(cd "$d" && pwd)"
  if [ -f "$d/run.sh" ]; then
    TESTS+=("$d")
  else
    before=${#TESTS[@]}
    while IFS= read -r t; do TESTS+=("$(dirname "$t")"); done \
      < <(find "$d" -mindepth 2 -maxdepth 2 -name run.sh | sort)
    # a directory with no run.sh at all (some upstream tests have none) must not read as a pass
    if [ ${#TESTS[@]} -eq "$before" ]; then echo "wasix test: $d has no run.sh (nor test directories with one)" >&2; exit 2; fi
  fi
done

export WASMER="$ROOT/wasix"
export WASMER_RUN="$WASMER run -q"
# build once up front, so the first test's time limit is not spent compiling wasix4j
"$WASMER" run --help >/dev/null 2>&1 || { echo "wasix test: the wasix launcher does not start" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/wasix-conformance.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
pass=0; fail=0
printf '%-52s %-4s %s\n' TEST RESULT REASON
for t in "${TESTS[@]}"; do
  name="$(basename "$t")"
  if [ -n "$FILTER" ] && ! [[ "$name" =~ $FILTER ]]; then continue; fi
  copy="$WORK/$name"
  cp -a "$t" "$copy"
  if [ ! -e "$copy/main.wasm" ] && [ ! -e "$copy/.no-build" ] && [ ! -e "$copy/wasmer.toml" ]; then
    printf '%-52s %-4s %s\n' "$name" FAIL "not built: no main.wasm"
    fail=$((fail + 1)); continue
  fi
  (cd "$copy" && timeout -k 10 "$LIMIT" bash ./run.sh >"$WORK/$name.stdout" 2>"$WORK/$name.stderr" </dev/null)
  rc=$?
  if [ $rc -eq 0 ]; then
    printf '%-52s %-4s\n' "$name" PASS
    pass=$((pass + 1))
  else
    if [ $rc -eq 124 ]; then
      reason="timed out after ${LIMIT}s"
    else
      reason="$(grep -v '^[[:space:]]*$' "$WORK/$name.stderr" | tail -n 1 | cut -c1-160)"
      if [ -z "$reason" ]; then
        first=""
        [ -f "$copy/output" ] && first="$(head -c 200 "$copy/output" | head -n 1 | cut -c1-100)"
        reason="run.sh exit $rc; output: ${first:-(empty)}"
      fi
    fi
    printf '%-52s %-4s %s\n' "$name" FAIL "$reason"
    fail=$((fail + 1))
  fi
  rm -rf "$copy"
done
printf '\n%d passed, %d failed, %d in all\n' "$pass" "$fail" $((pass + fail))
[ "$fail" -eq 0 ]
