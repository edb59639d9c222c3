# Sourced by ./wasix and ./build: finds a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME, then every JDK under /usr/lib/jvm (newest first), then `java` on PATH.
WASIX4J_MIN_JDK=25

# Sets JDK_MAJOR to the feature version of the JDK at $1, or to nothing. Bash built-ins only on the
# usual path (the release file): the launcher runs this on every start.
jdk_major() {
  local home=$1 line
  JDK_MAJOR=
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) line=${line#JAVA_VERSION=}; line=${line#\"}; JDK_MAJOR=${line%%[!0-9]*}; break ;;
      esac
    done < "$home/release"
  fi
  if [ -z "$JDK_MAJOR" ]; then
    JDK_MAJOR=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
  fi
}

find_jdk() {
  local c best= best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    jdk_major "$JAVA_HOME"
    if [ -n "$JDK_MAJOR" ] && [ "$JDK_MAJOR" -ge "$WASIX4J_MIN_JDK" ]; then
      return 0
    fi
  fi
  # the newest JDK under /usr/lib/jvm
  for c in /usr/lib/jvm/*/; do
    c=${c%/}
    jdk_major "$c"
    if [ -n "$JDK_MAJOR" ] && [ "$JDK_MAJOR" -ge "$best_major" ]; then
      best=$c best_major=$JDK_MAJOR
    fi
  done
  if [ -z "$best" ] || [ "$best_major" -lt "$WASIX4J_MIN_JDK" ]; then
    if command -v java >/dev/null 2>&1; then
      c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
      jdk_major "$c"
      if [ -n "$JDK_MAJOR" ] && [ "$JDK_MAJOR" -ge "$WASIX4J_MIN_JDK" ]; then
        best=$c best_major=$JDK_MAJOR
      fi
    fi
  fi
  if [ -n "$best" ] && [ "$best_major" -ge "$WASIX4J_MIN_JDK" ]; then
    export JAVA_HOME=$best
    return 0
  fi
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
