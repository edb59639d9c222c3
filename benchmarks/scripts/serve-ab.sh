#!/usr/bin/env bash
# Quick A/B of `wasix serve` alone (no lighttpd): the JVM options to compare, and a few wrk runs at one
# connection count after a warm-up. For steps while tuning; the figures to publish come from serve.sh,
# which runs lighttpd + mod_cgi beside it.
#
#   benchmarks/scripts/serve-ab.sh [--runs 3] [--conns 64] [--duration 8s] [--warmup 20s] [--cp DIR] -- [JVM options...]
#
# --cp DIR takes wasix4j-cli.jar and lib/ from DIR (a copy of cli/target of another build) instead of
# cli/target. Prints per run: CPU per request (user + system of the JVM over requests answered),
# requests/s, p50, p90, p99, errors.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/jdk.sh"
find_jdk >/dev/null || exit 1
RUNS=3; CONNS=64; DURATION=8s; WARMUP=20s; CP=cli/target
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --conns) CONNS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --cp) CP="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "serve-ab.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
[ "$CP" = cli/target ] && ./wasix --version >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TMP="$(mktemp -d)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.foreign=ALL-UNNAMED \
  -Xss64m -Xms1g -Xmx1g "$@" -cp "$CP/wasix4j-cli.jar:$CP/lib/*" dev.wasix4j.cli.WasixCli \
  serve --access-log off --queue 8192 --listen "127.0.0.1:$PORT" guests/cgi/hello.wasm 2>"$TMP/serve.err" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/hello" && break; sleep 0.5; done
wrk -t2 -c64 -d"$WARMUP" "http://127.0.0.1:$PORT/hello?warm=1" >/dev/null
echo "serve-ab.sh: JVM options [$*], c=$CONNS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$RUNS"); do
  c0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s --latency "http://127.0.0.1:$PORT/hello?name=bench" >"$TMP/wrk.out"
  c1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  python3 - "$TMP/wrk.out" "$((c1 - c0))" "$(getconf CLK_TCK)" <<'PY'
import re, sys
t = open(sys.argv[1]).read(); ticks, hz = int(sys.argv[2]), int(sys.argv[3])
def lat(p):
    m = re.search(r'^\s*%s%%\s+([\d.]+)(us|ms|s)\b' % p, t, re.M)
    return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)] if m else float('nan')
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
total = int(re.search(r'(\d+) requests in', t).group(1))
err = re.search(r'Socket errors: (.*)', t); non2xx = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', t)
print(f"  CPU/req {ticks / hz * 1e6 / max(total, 1):5.0f} us  {rps:8.0f} req/s  p50 {lat(50):7.2f} ms  "
      f"p90 {lat(90):7.2f} ms  p99 {lat(99):7.2f} ms  errors: {err.group(1) if err else 'none'}  "
      f"non-2xx {non2xx.group(1) if non2xx else 0}")
PY
done
