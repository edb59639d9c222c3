# Sourced by ./wasix and ./build: finds a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME, then every JDK under /usr/lib/jvm (newest first), then `java` on PATH.
WASIX4J_MIN_JDK=25

jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local home=$1 v
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "${v:-}" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "${v:-}"
}

find_jdk() {
  local c v
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r c; do candidates+=("$c"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##' | sort -rV)
  fi
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$c")
  fi
  for c in "${candidates[@]}"; do
    v=$(jdk_major "$c")
    if [ -n "$v" ] && [ "$v" -ge "$WASIX4J_MIN_JDK" ]; then
      export JAVA_HOME=$c
      return 0
    fi
  done
  echo "wasix4j: no JDK $WASIX4J_MIN_JDK or newer found (looked at \$JAVA_HOME, /usr/lib/jvm and java on PATH); install one, e.g. Temurin 25, and set JAVA_HOME to it" >&2
  return 1
}

need_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "wasix4j: Maven (mvn) is needed to build wasix4j; install Maven 3.8 or newer" >&2
    return 1
  fi
  # Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the flag only silences that.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
}
