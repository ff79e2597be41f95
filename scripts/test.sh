#!/usr/bin/env bash
# The whole test suite, from a clean clone: unit tests and integration tests against the real
# Copilot CLI, offline. The build installs the pinned CLI from the npm registry into .cache/ once.
# The chat sample's browser test needs Chromium and its driver (Debian packages chromium and
# chromium-driver); they are installed here when missing.
#
# Two passes:
#   1. `mvn -B verify` over every module on the default JDK (17).
#   2. The modules whose behaviour depends on the Java version (the core with its real-CLI ITs, where callbacks
#      run on virtual threads from Java 21 on; the auto-configuration; the starter; the Boot 3.5 and 4.1
#      compatibility modules) again, with their test JVMs on JDK 25. The JDK 25 is JAVA25_HOME, else
#      /usr/lib/jvm/temurin-25-jdk-amd64, else a Debian openjdk-25 package (installed when the package index has
#      one). The pass checks from the test reports that the tests really ran on 25.
# SKIP_JDK25=true skips pass 2. Arguments go to both Maven runs.
set -euo pipefail
cd "$(dirname "$0")/.."

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' not found: $2" >&2; exit 1; }
}
require java "install a JDK 17 or newer"
require mvn "install Apache Maven 3.8.7 or newer"
require npm "install Node.js with npm; it fetches the Copilot CLI (@github/copilot) for the tests"

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  sudo=(sudo)
fi
apt_install() {
  require apt-get "install $* yourself"
  if [[ ${#sudo[@]} -gt 0 ]]; then
    require sudo "run as root, or install the packages $* yourself"
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}
apt_updated=false
apt_update() {
  if [[ "$apt_updated" == false ]]; then
    "${sudo[@]}" apt-get update
    apt_updated=true
  fi
}

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "Installing chromium and chromium-driver for the chat sample's browser test..."
  require apt-get "install Chromium and chromedriver as /usr/bin/chromium and /usr/bin/chromedriver"
  apt_update
  apt_install chromium chromium-driver
fi

# The feature version of the JDK at $1 (25 for "25.0.3"), or nothing when $1/bin/java does not run.
feature_version() {
  [[ -x "$1/bin/java" ]] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}

# Prints the home of a JDK 25, installing the Debian package when there is one; exits with an error otherwise.
find_jdk25() {
  if [[ -n "${JAVA25_HOME:-}" ]]; then
    if [[ "$(feature_version "$JAVA25_HOME")" != 25 ]]; then
      echo "error: JAVA25_HOME=$JAVA25_HOME is not a JDK 25 (its bin/java is missing or reports" \
        "'$(feature_version "$JAVA25_HOME")'); point it at a JDK 25, or unset it" >&2
      exit 1
    fi
    echo "$JAVA25_HOME"
    return
  fi
  local home
  for home in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-*; do
    if [[ "$(feature_version "$home")" == 25 ]]; then
      echo "$home"
      return
    fi
  done
  if command -v apt-get >/dev/null 2>&1; then
    echo "No JDK 25 found; looking for the Debian package openjdk-25-jdk-headless..." >&2
    apt_update >&2
    if apt-cache policy openjdk-25-jdk-headless 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      apt_install openjdk-25-jdk-headless >&2
      for home in /usr/lib/jvm/java-25-openjdk-*; do
        if [[ "$(feature_version "$home")" == 25 ]]; then
          echo "$home"
          return
        fi
      done
    fi
  fi
  echo "error: no JDK 25 for the second test pass: JAVA25_HOME is unset, /usr/lib/jvm/temurin-25-jdk-amd64 is" \
    "not there, and no Debian package openjdk-25-jdk-headless could be installed. Install a JDK 25 and set" \
    "JAVA25_HOME to it, or run with SKIP_JDK25=true to test on the default JDK only." >&2
  exit 1
}

# The JDK 25 is looked for before pass 1, so a missing one fails in seconds rather than after the first pass.
jdk25=""
if [[ "${SKIP_JDK25:-false}" != true ]]; then
  jdk25="$(find_jdk25)"
fi

# Pass 1: everything, on the default JDK.
start=$SECONDS
mvn -B verify "$@"
pass1=$((SECONDS - start))
echo "Pass 1 (all modules, $(java -version 2>&1 | head -n 1)): ${pass1} s"

if [[ -z "$jdk25" ]]; then
  echo "SKIP_JDK25=true: the JDK 25 pass did not run."
  exit 0
fi

# Pass 2: the Java-version-sensitive modules, the classes as built by pass 1 (release 17, as published), with the
# surefire and failsafe JVMs on JDK 25; Maven itself stays on the default JDK.
jdk25_modules=(copilot-sdk-core copilot-spring-boot-autoconfigure copilot-spring-boot-starter
  copilot-spring-boot-compat-tests/boot-3.5 copilot-spring-boot-compat-tests/boot-4.1)
# Modules whose tests must show up in pass 2's reports (the starter has none of its own).
jdk25_tested=(copilot-sdk-core copilot-test copilot-spring-boot-autoconfigure
  copilot-spring-boot-compat-tests/boot-3.5 copilot-spring-boot-compat-tests/boot-4.1)
marker="$(mktemp)"
trap 'rm -f "$marker"' EXIT
sleep 1 # report files of pass 2 must be strictly newer than the marker
start=$SECONDS
# LoadIT's full size (200 sessions x 5 tool turns, 100 start/stop cycles) ran in pass 1; here a quarter of it
# keeps the load on the virtual-thread path while bounding the time (VirtualThreadLoadIT runs at full size).
mvn -B verify -pl "$(IFS=,; echo "${jdk25_modules[*]}")" -am -Djvm="$jdk25/bin/java" \
  -Dcopilot.load.sessions=50 -Dcopilot.load.cycles=25 "$@"
pass2=$((SECONDS - start))

# Every test report that pass 2 wrote must come from a Java 25 test JVM, and every module must have some.
wrong=0
for module in "${jdk25_tested[@]}"; do
  reports=$(find "$module/target" -path '*-reports/TEST-*.xml' -newer "$marker" 2>/dev/null | sort)
  if [[ -z "$reports" ]]; then
    echo "error: pass 2 wrote no test report in $module/target; its tests did not run on JDK 25" >&2
    wrong=1
    continue
  fi
  count=0
  while IFS= read -r report; do
    count=$((count + 1))
    version=$(grep -o '<property name="java.version" value="[^"]*"' "$report" | head -n 1 | sed 's/.*value="//;s/"$//')
    if [[ "$version" != 25 && "$version" != 25.* ]]; then
      echo "error: $report: the test JVM was Java '${version:-unknown}', not 25" >&2
      wrong=1
    fi
  done <<<"$reports"
  echo "JDK 25 check: $module: $count test reports, all from java.version 25"
done
if [[ "$wrong" -ne 0 ]]; then
  exit 1
fi
echo "Pass 1 (all modules, default JDK): ${pass1} s"
echo "Pass 2 (${#jdk25_modules[@]} modules and what they need, test JVMs on $("$jdk25/bin/java" -version 2>&1 | head -n 1)): ${pass2} s"
echo "Both passes: $((pass1 + pass2)) s"
