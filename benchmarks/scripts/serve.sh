#!/usr/bin/env bash
# HTTP benchmark: `wasix serve` against lighttpd + mod_cgi serving the SAME C CGI program
# (guests/cgi/hello.c: compiled to wasm for wasix4j, natively with clang-19 -O2 for lighttpd).
#
#   benchmarks/scripts/serve.sh [--duration 10s] [--conns "64 1024"] [--warmup 30s] [--heap 1g] [--profile]
#
# For each connection count, wrk (2 threads, --latency, bounded by --duration) runs against each
# server in turn, both on loopback, so both see the same (shared, noisy) machine. Reported per
# run: requests/s, p50, p99, non-2xx answers and socket errors, and host memory per in-flight
# request = (peak RSS while loaded - RSS idle before) / connections, where the RSS is the server's
# processes (lighttpd plus its CGI children; the JVM of `wasix serve`, its heap fixed and touched at
# start, -Xms = -Xmx with AlwaysPreTouch, so the heap growing is not counted), sampled every 100 ms, and
# CPU time per request (user + system of the server and its reaped children, from /proc/PID/stat,
# over the run / requests answered): the figure least moved by other load on the machine.
# --profile records `wasix serve` with JFR (1 ms samples) into $TMPDIR/serve.jfr.
# Needs: a JDK 25, clang-19, lighttpd, wrk, python3. Everything runs in a temp dir removed at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/jdk.sh"
find_jdk >/dev/null || exit 1

DURATION=10s
CONNS="64 1024"
HEAP=1g
WARMUP=30s
PROFILE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --conns) CONNS="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "serve.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in wrk lighttpd clang-19 python3; do
  command -v "$tool" >/dev/null || { echo "serve.sh: needs $tool" >&2; exit 1; }
done
ulimit -n 65536 2>/dev/null || ulimit -n 8192

TMP="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "serve.sh: $1 never came up" >&2; exit 1; }

# RSS in KiB of a process and all its descendants
tree_rss() {
  python3 - "$1" <<'PY'
import os, sys
root = int(sys.argv[1]); kids = {}
for p in os.listdir('/proc'):
    if not p.isdigit(): continue
    try:
        f = open(f'/proc/{p}/stat').read(); ppid = int(f.rsplit(')', 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(p))
    except Exception: pass
total, todo = 0, [root]
while todo:
    p = todo.pop()
    try:
        for line in open(f'/proc/{p}/status'):
            if line.startswith('VmRSS:'): total += int(line.split()[1])
    except Exception: pass
    todo += kids.get(p, [])
print(total)
PY
}

# ---- lighttpd + mod_cgi with the native build
mkdir -p "$TMP/www"
clang-19 -O2 -o "$TMP/www/hello.cgi" guests/cgi/hello.c
LPORT=$(free_port)
cat > "$TMP/lighttpd.conf" <<CONF
server.document-root = "$TMP/www"
server.bind = "127.0.0.1"
server.port = $LPORT
server.modules = ("mod_cgi")
cgi.assign = (".cgi" => "")
server.max-connections = 4096
server.max-fds = 16384
server.errorlog = "$TMP/lighttpd-error.log"
server.pid-file = "$TMP/lighttpd.pid"
CONF
lighttpd -D -f "$TMP/lighttpd.conf" &
LPID=$!; PIDS+=("$LPID")
wait_up "http://127.0.0.1:$LPORT/hello.cgi"

# ---- wasix serve with the wasm build
WPORT=$(free_port)
./wasix --version >/dev/null   # builds wasix4j first if the sources changed
JFR=""
if [ "$PROFILE" = 1 ]; then JFR="-XX:StartFlightRecording=filename=$TMP/serve.jfr,settings=profile"; fi
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.foreign=ALL-UNNAMED \
  -Xss64m -Xms"$HEAP" -Xmx"$HEAP" -XX:+AlwaysPreTouch $JFR \
  -cp "cli/target/wasix4j-cli.jar:cli/target/lib/*" dev.wasix4j.cli.WasixCli \
  serve --access-log off --queue 8192 --listen "127.0.0.1:$WPORT" guests/cgi/hello.wasm 2>"$TMP/serve.err" &
WPID=$!; PIDS+=("$WPID")
wait_up "http://127.0.0.1:$WPORT/hello"
# JIT warm-up (C2 needs thousands of requests through Netty, Chicory and the dispatcher), not measured
wrk -t2 -c64 -d"$WARMUP" "http://127.0.0.1:$WPORT/hello?warm=1" >/dev/null

# CPU ticks (utime + stime + cutime + cstime) of a process, its reaped children included
cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }

run() { # name pid url conns
  local name=$1 pid=$2 url=$3 c=$4 idle peak out cpu0 cpu1
  idle=$(tree_rss "$pid"); peak=$idle
  cpu0=$(cpu_ticks "$pid")
  wrk -t2 -c"$c" -d"$DURATION" --timeout 10s --latency "$url" >"$TMP/wrk.out" 2>&1 &
  local w=$!
  while kill -0 "$w" 2>/dev/null; do
    local r; r=$(tree_rss "$pid"); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1
  done
  wait "$w" || true
  cpu1=$(cpu_ticks "$pid")
  python3 - "$name" "$c" "$idle" "$peak" "$TMP/wrk.out" "$((cpu1 - cpu0))" "$(getconf CLK_TCK)" <<'PY'
import re, sys
name, c, idle, peak, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
ticks, hz = int(sys.argv[6]), int(sys.argv[7])
t = open(path).read()
def lat(p):
    m = re.search(r'^\s*%s%%\s+([\d.]+)(us|ms|s)\b' % p, t, re.M)
    if not m: return float('nan')
    return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)]
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
total = int(re.search(r'(\d+) requests in', t).group(1))
cpu_us = ticks / hz * 1e6 / max(total, 1)
non2xx = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', t)
sock = re.search(r'Socket errors: (.*)', t)
print(f"{name:14s} c={c:<5d} {rps:10.0f} req/s   p50 {lat(50):8.2f} ms   p99 {lat(99):8.2f} ms   "
      f"CPU/req {cpu_us:7.0f} us   non-2xx {non2xx.group(1) if non2xx else 0}   socket errors: {sock.group(1) if sock else 'none'}   "
      f"mem/in-flight {(peak - idle) / c:8.1f} KiB (idle {idle // 1024} MiB, peak {peak // 1024} MiB)")
PY
}

echo "serve.sh: wrk -t2 --latency -d$DURATION on loopback; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $CONNS; do
  run "lighttpd+cgi" "$LPID" "http://127.0.0.1:$LPORT/hello.cgi?name=bench" "$c"
  run "wasix serve" "$WPID" "http://127.0.0.1:$WPORT/hello?name=bench" "$c"
done
if [ "$PROFILE" = 1 ]; then
  kill -TERM "$WPID"; wait "$WPID" 2>/dev/null || true
  cp "$TMP/serve.jfr" "${TMPDIR:-/tmp}/serve.jfr" && echo "serve.sh: JFR recording in ${TMPDIR:-/tmp}/serve.jfr"
fi
tail -1 "$TMP/serve.err" 2>/dev/null || true
