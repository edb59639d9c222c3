#!/usr/bin/env bash
# Network benchmarks: the guest HTTP/1.1 servers of guests/sockets/bench under wrk on loopback,
# against the same C built natively with clang-19 -O2, in one run; then host memory per idle
# connection held by one guest.
#
#   benchmarks/scripts/net.sh [--duration 10s] [--connections 50] [--runs 3] [--idle 10000] [--no-build]
#
# For each server (http_epoll: one thread + epoll; http_threads: a thread per connection), the
# native and the guest build run side by side; the guest first gets one unmeasured wrk run of the
# same length (the JIT compiles the module's hot code); then native and guest are measured
# alternately --runs times. Reported: the medians of requests/s and of wrk's p99 latency, and
# guest/native throughput. Then the same for echo_threads (TCP echo, a thread per connection) under
# echo_load (native, 64-byte messages, one per connection in flight): round trips per second.
# Idle: http_epoll.wasm holds --idle connections from benchmarks/scripts/idle_conns.py; the JVM's
# RSS (VmRSS) and used heap (after a full GC) are read before and after; the growth per connection
# is printed. Both ends of each connection live on this machine, so ulimit -n must exceed the count
# in each process (the script raises the soft limit to the hard one).
# Needs: a JDK 25, clang-19, make, wrk, python3, curl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/jdk.sh"
find_jdk >/dev/null || exit 1

DUR=10s
CONNS=50
IDLE=10000
RUNS=3
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DUR=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --idle) IDLE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "net.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
ulimit -n "$(ulimit -H -n)"

make -s -C guests/sockets/bench native
NATIVE=guests/build/sockets/native

guest() { # guest WASM ARGS...: runs a guest with the network, as ./wasix does
  if [ "$BUILD" = 1 ]; then
    exec ./wasix run --net "$@"
  fi
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss64m \
    -cp "cli/target/wasix4j-cli.jar:cli/target/lib/*" dev.wasix4j.cli.WasixCli run --net "$@"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() { # wait_port PORT: until an HTTP request is answered (at most 60 s)
  for _ in $(seq 300); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.2
  done
  echo "net.sh: nothing answers on port $1" >&2
  return 1
}

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

measure() { # measure PORT: "requests/s p99" of one wrk run
  wrk -t2 -c"$CONNS" -d"$DUR" --latency "http://127.0.0.1:$1/" > /tmp/net_wrk.$$ 2>&1
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' /tmp/net_wrk.$$)
  p99=$(awk '$1 == "99%" {print $2}' /tmp/net_wrk.$$)
  rm -f /tmp/net_wrk.$$
  echo "$rps $p99"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "wrk -t2 -c$CONNS -d$DUR on 127.0.0.1, $(nproc) CPUs shared with the load generator; median of $RUNS alternating runs"
printf '%-14s %14s %10s %14s %10s %8s\n' server native_req/s p99 wasix4j_req/s p99 ratio
for server in http_epoll http_threads; do
  nport=$(free_port)
  "$NATIVE/$server" "$nport" 2>/dev/null & PIDS+=($!)
  npid=${PIDS[-1]}
  gport=$(free_port)
  (guest "guests/sockets/bench/$server.wasm" "$gport" 2>/dev/null) & PIDS+=($!)
  gpid=${PIDS[-1]}
  wait_port "$nport"
  wait_port "$gport"
  measure "$gport" >/dev/null  # warm-up: the JIT compiles the guest's hot code
  : > /tmp/net_runs.$$
  for _ in $(seq "$RUNS"); do
    read -r nrps np99 < <(measure "$nport")
    read -r grps gp99 < <(measure "$gport")
    echo "$nrps $np99 $grps $gp99" >> /tmp/net_runs.$$
  done
  kill "$npid" "$gpid"; wait "$npid" "$gpid" 2>/dev/null || true
  nrps=$(awk '{print $1}' /tmp/net_runs.$$ | median)
  grps=$(awk '{print $3}' /tmp/net_runs.$$ | median)
  np99=$(awk '{v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) sub("ms","",v); else if (v ~ /s$/) {sub("s","",v); v*=1000}; print v}' /tmp/net_runs.$$ | median)
  gp99=$(awk '{v=$4; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) sub("ms","",v); else if (v ~ /s$/) {sub("s","",v); v*=1000}; print v}' /tmp/net_runs.$$ | median)
  rm -f /tmp/net_runs.$$
  printf '%-14s %14.0f %8.2fms %14.0f %8.2fms %7.0f%%\n' "$server" "$nrps" "$np99" "$grps" "$gp99" \
    "$(echo "$grps $nrps" | awk '{print 100 * $1 / $2}')"
done

# TCP echo (a thread per connection): echo_load, our native epoll client, since wrk speaks only HTTP
wait_tcp() { for _ in $(seq 300); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $1)).close()" 2>/dev/null && return 0; sleep 0.2; done; return 1; }
secs=${DUR%s}
nport=$(free_port)
"$NATIVE/echo_threads" "$nport" 2>/dev/null & PIDS+=($!)
npid=${PIDS[-1]}
gport=$(free_port)
(guest guests/sockets/bench/echo_threads.wasm "$gport" 2>/dev/null) & PIDS+=($!)
gpid=${PIDS[-1]}
wait_tcp "$nport"
wait_tcp "$gport"
"$NATIVE/echo_load" "$gport" "$CONNS" "$secs" >/dev/null  # warm-up
: > /tmp/net_runs.$$
for _ in $(seq "$RUNS"); do
  echo "$("$NATIVE/echo_load" "$nport" "$CONNS" "$secs") $("$NATIVE/echo_load" "$gport" "$CONNS" "$secs")" >> /tmp/net_runs.$$
done
kill "$npid" "$gpid"; wait "$npid" "$gpid" 2>/dev/null || true
nrps=$(awk '{print $1}' /tmp/net_runs.$$ | median); np99=$(awk '{print $2 / 1000}' /tmp/net_runs.$$ | median)
grps=$(awk '{print $3}' /tmp/net_runs.$$ | median); gp99=$(awk '{print $4 / 1000}' /tmp/net_runs.$$ | median)
rm -f /tmp/net_runs.$$
printf '%-14s %14.0f %8.2fms %14.0f %8.2fms %7.0f%%   (64-byte round trips/s, echo_load -c%s)\n' echo_threads "$nrps" "$np99" \
  "$grps" "$gp99" "$(echo "$grps $nrps" | awk '{print 100 * $1 / $2}')" "$CONNS"

# host memory per idle connection
port=$(free_port)
(guest guests/sockets/bench/http_epoll.wasm "$port" 2>/dev/null) & PIDS+=($!)
gpid=${PIDS[-1]}
wait_port "$port"
jpid=$(pgrep -P "$gpid" java || echo "$gpid")
[ -d "/proc/$jpid" ] || jpid=$gpid
snapshot() { # prints "rss_kib heap_kib" of the guest's JVM after a full GC
  "$JAVA_HOME/bin/jcmd" "$jpid" GC.run >/dev/null
  local rss heap
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$jpid/status")
  heap=$("$JAVA_HOME/bin/jcmd" "$jpid" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); print v; exit}}')
  echo "$rss $heap"
}
read -r rss0 heap0 < <(snapshot)
fifo=$(mktemp -u); mkfifo "$fifo"
python3 benchmarks/scripts/idle_conns.py "$port" "$IDLE" < "$fifo" > /tmp/net_idle.$$ & PIDS+=($!)
exec 9>"$fifo"
for _ in $(seq 600); do grep -q held /tmp/net_idle.$$ 2>/dev/null && break; sleep 0.2; done
sleep 2  # the server has accepted and registered every connection
read -r rss1 heap1 < <(snapshot)
held=$(awk '{print $2}' /tmp/net_idle.$$)
exec 9>&-; rm -f "$fifo" /tmp/net_idle.$$
echo
echo "idle connections held by http_epoll.wasm: $held (ulimit -n $(ulimit -n))"
echo "  JVM RSS:       $rss0 KiB -> $rss1 KiB, $(( (rss1 - rss0) * 1024 / held )) bytes per connection"
echo "  JVM used heap: $heap0 KiB -> $heap1 KiB, $(( (heap1 - heap0) * 1024 / held )) bytes per connection"
