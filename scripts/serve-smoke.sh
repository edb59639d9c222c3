#!/usr/bin/env bash
# `wasix serve` checked with curl, as a user would: CGI variables, a chunked upload echoed back,
# the Status header, 502 for a trapping guest without its stderr, 413, and a clean stop on SIGTERM.
#   scripts/serve-smoke.sh        (needs curl and python3; builds wasix4j first if needed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TMP="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
fail() { echo "serve-smoke: FAIL: $*" >&2; exit 1; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
./wasix --version >/dev/null

start() { # guest port extra-args...
  local guest=$1 p=$2; shift 2
  ./wasix serve --listen "127.0.0.1:$p" "$@" "guests/cgi/$guest.wasm" >"$TMP/$guest.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$p/" && return 0; sleep 0.5; done
  fail "$guest server never came up"
}

E=$(port); start echo "$E" --max-body 1M
out=$(curl -s -H 'X-Smoke: yes' "http://127.0.0.1:$E/a/b?q=1")
grep -qx 'REQUEST_METHOD=GET' <<<"$out" || fail "REQUEST_METHOD: $out"
grep -qx 'PATH_INFO=/a/b' <<<"$out" || fail "PATH_INFO: $out"
grep -qx 'QUERY_STRING=q=1' <<<"$out" || fail "QUERY_STRING: $out"
grep -qx 'HTTP_X_SMOKE=yes' <<<"$out" || fail "HTTP_X_SMOKE: $out"
head -c 300000 /dev/urandom > "$TMP/up.bin"
curl -s -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/up.bin" "http://127.0.0.1:$E/up" -o "$TMP/down.bin"
python3 - "$TMP/up.bin" "$TMP/down.bin" <<'PY' || fail "chunked upload not echoed back"
import sys
up, down = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
sys.exit(0 if down.endswith(b'--body--\n' + up) else 1)
PY
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$E/?status=201")" = 201 ] || fail "Status: 201"
head -c 2000000 /dev/zero > "$TMP/big.bin"
[ "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$TMP/big.bin" "http://127.0.0.1:$E/")" = 413 ] || fail "413"

T=$(port); start trap "$T"
body=$(curl -s -w ' %{http_code}' "http://127.0.0.1:$T/")
[[ "$body" == *" 502" ]] || fail "trap: $body"
[[ "$body" != *secret* ]] || fail "the guest's stderr reached the client"
grep -q 'secret-stderr-detail' "$TMP/trap.log" || fail "the guest's stderr is not in the server log"

kill -TERM "${PIDS[0]}"
for _ in $(seq 1 60); do kill -0 "${PIDS[0]}" 2>/dev/null || break; sleep 0.5; done
! kill -0 "${PIDS[0]}" 2>/dev/null || fail "the server did not stop on SIGTERM"
grep -q 'shutting down' "$TMP/echo.log" || fail "no drain message"
echo "serve-smoke: all checks passed"
