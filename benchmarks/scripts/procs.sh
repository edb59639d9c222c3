#!/usr/bin/env bash
# Process benchmarks: wasix4j against the same scenarios natively (posix_spawn, fork, pipes on Linux).
#
#   benchmarks/scripts/procs.sh [--runs N] [spawn] [fork] [pipeline]
#
#   spawn     posix_spawn + waitpid of a trivial child, 2000 times after 200 warm-up rounds: microseconds each
#             (wasix4j: procs.wasm spawning itself in the same JVM; native: procs_native spawning itself)
#   fork      fork + _exit + waitpid of a process with 16 MB of heap written, 20 times: milliseconds each
#   pipeline  emit | relay | count: three processes moving 100 MB through two pipes: MB/s
#
# Each measurement runs --runs times (default 3), wasix4j and native alternating so both see the same
# machine, and the median is reported: figures are noisy when other work shares the machine.
# The guest is the committed guests/procs/procs.wasm, served to spawn at /bin/procs.wasm by mounting
# guests/procs at /bin; the native program is built here by `make -C guests/procs native` into
# guests/build/procs/ (never committed). The CLI jar is run directly with ./wasix's JVM flags (build it
# first with ./wasix or ./build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/jdk.sh"
find_jdk >/dev/null || exit 1

RUNS=3
WHAT=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    spawn|fork|pipeline) WHAT+=("$1"); shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "procs.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#WHAT[@]} -gt 0 ] || WHAT=(spawn fork pipeline)

NATIVE="$ROOT/guests/build/procs/procs_native"
CP="$ROOT/cli/target/wasix4j-cli.jar:$ROOT/cli/target/lib/*"
make -s -C guests/procs native >/dev/null
[ -f "$ROOT/cli/target/wasix4j-cli.jar" ] || "$ROOT/wasix" run guests/basic/hello.wasm >/dev/null
wasix() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss64m \
    --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.foreign=ALL-UNNAMED \
    -cp "$CP" dev.wasix4j.cli.WasixCli run --mapdir=/bin:guests/procs guests/procs/procs.wasm "$@"
}
# median of the numbers on stdin, one a line
median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)]}'; }
# the number before $1 in a result line ("... 5717.8 us each")
before() { awk -v unit="$1" '{for (i = 2; i <= NF; i++) if ($i == unit) print $(i - 1)}'; }

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs"
for what in "${WHAT[@]}"; do
  case "$what" in
    spawn) args=(spawn-bench 2000); unit=us; label="spawn+wait of a trivial child (us)" ;;
    fork) args=(fork-bench 20 16); unit=ms; label="fork+exit+wait with 16 MB in use (ms)" ;;
    pipeline) args=(pipeline-bench 100); unit=MB/s; label="3-process pipeline, 100 MB (MB/s)" ;;
  esac
  : >"/tmp/procs.$$.wasix"; : >"/tmp/procs.$$.native"
  for _ in $(seq "$RUNS"); do
    wasix "${args[@]}" | before "$unit" >>"/tmp/procs.$$.wasix"
    "$NATIVE" "${args[@]}" | before "$unit" >>"/tmp/procs.$$.native"
  done
  printf '%-42s wasix4j %10s   native %10s\n' "$label" "$(median <"/tmp/procs.$$.wasix")" "$(median <"/tmp/procs.$$.native")"
  rm -f "/tmp/procs.$$.wasix" "/tmp/procs.$$.native"
done
