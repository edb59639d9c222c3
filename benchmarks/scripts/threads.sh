#!/usr/bin/env bash
# Thread benchmarks: wasix4j against the native pthread build of the same C program.
#
#   benchmarks/scripts/threads.sh [--runs N] [--no-build] [--profile] [spawn] [futex] [parallel] [memory]
#                                 [sync | mutex fairness cold live storm mandel]
#
#   sync      all six thread_bench.wasm benchmarks below, each beside the same C natively
#             (guests/threads/thread_bench.c; natively on native/rt_posix.c with the same mutex code):
#   mutex     mutex counter, 8 threads lock/increment/unlock for 1 s: Mops/s
#   fairness  8 threads x 20 000 lock/unlock with a little work outside the lock: total time
#   cold      spawn + join of 2 000 threads one at a time in a fresh process (no warm-up): mean, p50, p99
#   live      10 000 threads alive at once, parked on one futex, then released and joined: total time
#   storm     64 threads each creating and joining 50 children one at a time: total time
#   mandel    Mandelbrot 2048x2048 on 1, 2, 4 threads: compute time and speed-up
#   spawn     spawn + join of an empty guest thread (spawn_bench.wasm K): median and p99, K = 1000 and 100000
#   futex     futex ping-pong between two threads (futex_pingpong.wasm R): round trips per second
#             (both also run natively pinned to one CPU: native-1cpu)
#   parallel  Mandelbrot (parallel_sum.wasm THREADS SIZE) at 1, 2, 4 threads: time and speed-up
#   memory    host memory per live idle guest thread at 10 000 threads (ThreadMemory.java), virtual and
#             platform threads, the instance alone, and native pthreads doing the same
#   --profile also records spawn_bench 100000 with JFR (1 ms execution samples) and buckets the samples
#
# Each measurement runs --runs times (default 5), wasix4j and native alternating so both see the same
# machine, and the median is reported: figures are noisy when other work shares the machine.
# Needs: a JDK 25 (found as ./wasix finds it), cc, make, python3 (--profile only).
# The wasm programs are the committed guests/threads/wasm/*.wasm; the native ones are built here by
# `make -C guests/threads native` into guests/build/threads/native/ (never committed).
# --no-build runs the CLI jar directly with ./wasix's JVM flags instead of ./wasix, which first rebuilds
# wasix4j whenever a source is newer than the jar (useful while the tree is being edited).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/jdk.sh"
find_jdk >/dev/null || exit 1

RUNS=5
BUILD=1
PROFILE=0
WHAT=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --profile) PROFILE=1; shift ;;
    spawn|futex|parallel|memory|mutex|fairness|cold|live|storm|mandel) WHAT+=("$1"); shift ;;
    sync) WHAT+=(mutex fairness cold live storm mandel); shift ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "threads.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#WHAT[@]} -gt 0 ] || WHAT=(spawn futex parallel memory)

WASM="$ROOT/guests/threads/wasm"
NATIVE="$ROOT/guests/build/threads/native"
HOLD="$ROOT/stress-tests/src/test/resources/guests/hold_threads.wasm"
CP="$ROOT/cli/target/wasix4j-cli.jar:$ROOT/cli/target/lib/*"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

make -s -C guests/threads native >/dev/null
if [ "$BUILD" = 1 ]; then
  "$ROOT/wasix" run "$WASM/create_join.wasm" >/dev/null   # builds wasix4j if a source changed
fi
wasix() {
  if [ "$BUILD" = 1 ]; then
    "$ROOT/wasix" "$@"
  else
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss64m \
      -XX:SharedArchiveFile="$ROOT/cli/target/wasix4j.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp "$CP" dev.wasix4j.cli.WasixCli "$@"
  fi
}
thread_memory() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" "$ROOT/benchmarks/scripts/ThreadMemory.java" "$@"
}

# median of the numbers on stdin, one a line
median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)]}'; }
# every VALUE of KEY=VALUE on stdin
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "n/a"; else printf "%.2f", a / b}'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# native-1cpu: the native program pinned to one CPU. A thread woken on an idle second CPU pays that
# CPU's wake-up (tens of microseconds in a VM); pinned, the hand-off is a switch on the same CPU.
PIN="taskset -c 0"
command -v taskset >/dev/null || PIN=""

echo "# wasix4j thread benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
echo "# JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# each figure: median of $RUNS runs"

bench_spawn() {
  echo
  echo "## spawn + join of an empty thread (ns)"
  printf '%-8s %-11s %12s %12s\n' K runtime median_ns p99_ns
  local k who
  for k in 1000 100000; do
    rm -f "$TMP"/spawn.*
    for _ in $(seq "$RUNS"); do
      wasix run "$WASM/spawn_bench.wasm" "$k" >>"$TMP/spawn.wasix4j"
      "$NATIVE/spawn_bench" "$k" >>"$TMP/spawn.native"
      $PIN "$NATIVE/spawn_bench" "$k" >>"$TMP/spawn.native-1cpu"
    done
    for who in wasix4j native native-1cpu; do
      printf '%-8s %-11s %12s %12s\n' "$k" "$who" \
        "$(field median_ns <"$TMP/spawn.$who" | median)" "$(field p99_ns <"$TMP/spawn.$who" | median)"
    done
  done
}

bench_futex() {
  echo
  echo "## futex ping-pong between two threads (R = 200000 round trips)"
  printf '%-11s %14s %18s\n' runtime per_sec ns_per_roundtrip
  rm -f "$TMP"/futex.*
  local who
  for _ in $(seq "$RUNS"); do
    wasix run "$WASM/futex_pingpong.wasm" 200000 >>"$TMP/futex.wasix4j"
    "$NATIVE/futex_pingpong" 200000 >>"$TMP/futex.native"
    $PIN "$NATIVE/futex_pingpong" 200000 >>"$TMP/futex.native-1cpu"
  done
  for who in wasix4j native native-1cpu; do
    printf '%-11s %14s %18s\n' "$who" \
      "$(field per_sec <"$TMP/futex.$who" | median)" "$(field ns_per_roundtrip <"$TMP/futex.$who" | median)"
  done
}

bench_parallel() {
  local size=3072 t who t0 base in
  echo
  echo "## Mandelbrot ${size}x${size} (parallel_sum THREADS $size): compute time measured inside the program (ms), process wall time (ms)"
  printf '%-8s %-9s %11s %9s %9s\n' threads runtime compute_ms wall_ms speedup
  rm -f "$TMP"/par.*
  for _ in $(seq "$RUNS"); do
    for t in 1 2 4; do
      for who in wasix4j native; do
        t0=$(now_ms)
        if [ "$who" = wasix4j ]; then
          wasix run "$WASM/parallel_sum.wasm" "$t" "$size" >"$TMP/out" 2>"$TMP/err"
        else
          "$NATIVE/parallel_sum" "$t" "$size" >"$TMP/out" 2>"$TMP/err"
        fi
        echo $(($(now_ms) - t0)) >>"$TMP/par.wall.$who.$t"
        grep -q "sum=" "$TMP/out" || { echo "parallel_sum failed: $(cat "$TMP/out" "$TMP/err")" >&2; exit 1; }
        field elapsed_ms <"$TMP/err" >>"$TMP/par.in.$who.$t"
      done
    done
  done
  for who in wasix4j native; do
    base=$(median <"$TMP/par.in.$who.1")
    for t in 1 2 4; do
      in=$(median <"$TMP/par.in.$who.$t")
      printf '%-8s %-9s %11s %9s %9s\n' "$t" "$who" "$in" "$(median <"$TMP/par.wall.$who.$t")" "$(ratio "$base" "$in")"
    done
  done
}

bench_memory() {
  echo
  echo "## host memory per live idle thread, 10 000 threads parked in a wait"
  # native: 10 000 pthreads (default attributes) parked in futex_wait; VmRSS growth per thread
  cat >"$TMP/hold_native.c" <<'EOF'
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
static atomic_uint started, never;
static long rss(void) {
    FILE *f = fopen("/proc/self/status", "r"); char l[256]; long kb = -1;
    while (fgets(l, sizeof l, f)) if (!strncmp(l, "VmRSS:", 6)) kb = atol(l + 6);
    fclose(f); return kb * 1024;
}
static void *park(void *a) {
    (void)a; atomic_fetch_add(&started, 1);
    for (;;) syscall(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
    return 0;
}
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10000, r0 = rss();
    pthread_t t;
    for (long i = 0; i < n; i++) if (pthread_create(&t, 0, park, 0)) { perror("pthread_create"); return 1; }
    while (atomic_load(&started) < n) usleep(1000);
    usleep(200000);
    printf("thread_memory mode=native threads=%ld rss_per_thread_bytes=%ld\n", n, (rss() - r0) / n);
    return 0;
}
EOF
  cc -O2 -pthread "$TMP/hold_native.c" -o "$TMP/hold_native"
  printf '%-26s %22s %21s %13s\n' runtime heap_per_thread_bytes rss_per_thread_bytes start_10k_ms
  local who label heap start
  rm -f "$TMP"/mem.*
  for _ in $(seq "$RUNS"); do
    for who in virtual platform; do
      thread_memory "$HOLD" 10000 "$who" | head -1 >>"$TMP/mem.$who"
    done
    "$TMP/hold_native" 10000 >>"$TMP/mem.native"
  done
  for who in virtual platform native; do
    label="wasix4j $who threads"; [ "$who" = native ] && label="native pthreads"
    heap=$(field heap_per_thread_bytes <"$TMP/mem.$who" | median); [ "$heap" = n/a ] && heap="-"
    start=$(field start_ms <"$TMP/mem.$who" | median); [ "$start" = n/a ] && start="-"
    printf '%-26s %22s %21s %13s\n' "$label" "$heap" "$(field rss_per_thread_bytes <"$TMP/mem.$who" | median)" "$start"
  done
  echo "the instance alone (no thread): heap per instance; mean time to instantiate (import values +"
  echo "Instance.build) and to start + join an empty virtual thread from a virtual thread:"
  thread_memory "$HOLD" 10000 instances
  thread_memory "$WASM/spawn_bench.wasm" 10000 instances
  echo "what the heap holds per idle virtual guest thread (classes that grew most):"
  thread_memory "$HOLD" 10000 virtual | tail -n +2 | head -8
}

# thread_bench: run MODE ARGS under both runtimes RUNS times, alternating; every output line is kept
# in $TMP/tb.MODE.{wasix4j,native}
thread_bench() {
  local mode="$1"; shift
  rm -f "$TMP/tb.$mode".*
  for _ in $(seq "$RUNS"); do
    wasix run "$WASM/thread_bench.wasm" "$mode" "$@" >>"$TMP/tb.$mode.wasix4j" \
      || { echo "thread_bench $mode failed under wasix4j" >&2; exit 1; }
    "$NATIVE/thread_bench" "$mode" "$@" >>"$TMP/tb.$mode.native" \
      || { echo "thread_bench $mode failed natively" >&2; exit 1; }
  done
}
tb() { field "$2" <"$TMP/tb.$1.$3" | median; }   # tb MODE KEY RUNTIME: median of KEY
# one table row: what, wasix4j figure, native figure, wasix4j/native
row() { printf '%-34s %14s %14s %9s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
sync_header() {
  echo
  echo "## $1 (thread_bench.wasm $2; median of $RUNS runs each, alternating with native)"
  printf '%-34s %14s %14s %9s\n' figure wasix4j native ratio
}

bench_mutex() {
  thread_bench mutex 8 1000
  sync_header "mutex counter, 8 threads for 1 s" "mutex 8 1000"
  row "Mops/s (higher is better)" "$(tb mutex mops wasix4j)" "$(tb mutex mops native)"
  row "elapsed us" "$(tb mutex elapsed_us wasix4j)" "$(tb mutex elapsed_us native)"
}

bench_fairness() {
  thread_bench fairness 8 20000
  sync_header "lock/unlock fairness, 8 threads x 20 000" "fairness 8 20000"
  row "elapsed us" "$(tb fairness elapsed_us wasix4j)" "$(tb fairness elapsed_us native)"
  row "first thread done us" "$(tb fairness first_done_us wasix4j)" "$(tb fairness first_done_us native)"
  row "lock hand-offs" "$(tb fairness handoffs wasix4j)" "$(tb fairness handoffs native)"
}

bench_cold() {
  thread_bench spawn 2000 0
  sync_header "spawn + join, 2 000 one at a time, cold (fresh process)" "spawn 2000 0"
  row "mean ns" "$(tb spawn mean_ns wasix4j)" "$(tb spawn mean_ns native)"
  row "p50 ns" "$(tb spawn median_ns wasix4j)" "$(tb spawn median_ns native)"
  row "p99 ns" "$(tb spawn p99_ns wasix4j)" "$(tb spawn p99_ns native)"
  row "mean of the first 100 ns" "$(tb spawn first100_mean_ns wasix4j)" "$(tb spawn first100_mean_ns native)"
}

bench_live() {
  thread_bench live 10000
  sync_header "10 000 live threads" "live 10000"
  row "total ms" "$(tb live elapsed_ms wasix4j)" "$(tb live elapsed_ms native)"
  row "all started ms" "$(tb live start_ms wasix4j)" "$(tb live start_ms native)"
  row "release + join ms" "$(tb live release_join_ms wasix4j)" "$(tb live release_join_ms native)"
}

bench_storm() {
  thread_bench storm 64 50
  sync_header "nested spawn storm, 64 x 50" "storm 64 50"
  row "total ms" "$(tb storm elapsed_ms wasix4j)" "$(tb storm elapsed_ms native)"
}

bench_mandel() {
  local t who
  rm -f "$TMP"/tb.mandel*
  for _ in $(seq "$RUNS"); do
    for t in 1 2 4; do
      wasix run "$WASM/thread_bench.wasm" mandel "$t" 2048 >>"$TMP/tb.mandel$t.wasix4j"
      "$NATIVE/thread_bench" mandel "$t" 2048 >>"$TMP/tb.mandel$t.native"
    done
  done
  sync_header "parallel Mandelbrot 2048x2048" "mandel T 2048"
  for t in 1 2 4; do
    row "$t threads: compute ms" "$(tb mandel$t elapsed_ms wasix4j)" "$(tb mandel$t elapsed_ms native)"
  done
  for t in 2 4; do
    local sw sn
    sw=$(ratio "$(tb mandel1 elapsed_ms wasix4j)" "$(tb mandel$t elapsed_ms wasix4j)")
    sn=$(ratio "$(tb mandel1 elapsed_ms native)" "$(tb mandel$t elapsed_ms native)")
    row "$t threads: speed-up over 1" "$sw" "$sn"
  done
  for who in wasix4j native; do
    [ "$(sort -u <(field sum <"$TMP/tb.mandel1.$who") <(field sum <"$TMP/tb.mandel4.$who") | wc -l)" = 1 ] \
      || { echo "mandel: $who sums differ" >&2; exit 1; }
  done
}

profile_spawn() {
  echo
  echo "## where spawn_bench 100000 spends its CPU (JFR execution samples every 1 ms, all threads)"
  cat >"$TMP/sample.jfc" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
</configuration>
EOF
  JDK_JAVA_OPTIONS="-XX:StartFlightRecording=filename=$TMP/spawn.jfr,settings=$TMP/sample.jfc -Xlog:jfr+startup=off" \
    wasix run "$WASM/spawn_bench.wasm" 100000 2> >(grep -v '^NOTE: Picked up' >&2)
  "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 200 "$TMP/spawn.jfr" \
    | python3 "$ROOT/benchmarks/scripts/jfr_buckets.py"
}

for what in "${WHAT[@]}"; do
  "bench_$what"
done
[ "$PROFILE" = 0 ] || profile_spawn
