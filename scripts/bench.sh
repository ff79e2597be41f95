#!/usr/bin/env bash
# Benchmarks of the Copilot Java SDK. See docs/benchmarks.md.
#
#   scripts/bench.sh                 full protocol benchmark: our CopilotClient next to a raw JSON-RPC client,
#                                    both against the real Copilot CLI, offline (a few minutes)
#   scripts/bench.sh --quick         smoke run of the same, under a minute
#   scripts/bench.sh --jmh [args]    JMH micro-benchmarks of the in-process event path; args go to JMH
#                                    (e.g. a regex such as HotPath, or -wi 1 -i 3 -f 1 -prof gc)
#   scripts/bench.sh --spring [args] what the Spring Boot auto-configuration adds to an application's start
#                                    (--warmup N, --rounds N)
#   scripts/bench.sh --help          the protocol benchmark's options (rounds, iterations, phases, ...)
#
# Builds what it needs first (mvn package of copilot-bench and the modules it uses; tests are not run);
# --no-build skips that. The Copilot CLI is installed on first use into .cache/copilot-cli (npm).
# BENCH_JAVA_OPTS overrides the benchmark JVM's flags (default -Xmx256m).
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"
jar="copilot-bench/target/copilot-bench.jar"
java_opts="${BENCH_JAVA_OPTS:--Xmx256m}"
cli_version="$(sed -n 's:.*<copilot.cli.version>\(.*\)</copilot.cli.version>.*:\1:p' pom.xml | head -n 1)"

mode=protocol
build=yes
args=()
for arg in "$@"; do
  case "$arg" in
    --jmh) mode=jmh ;;
    --spring) mode=spring ;;
    --no-build) build=no ;;
    *) args+=("$arg") ;;
  esac
done

if [[ "$build" == yes ]]; then
  echo "Building copilot-bench (mvn -pl copilot-bench -am package -DskipTests) ..." >&2
  mvn -q -B -pl copilot-bench -am package -DskipTests
fi
if [[ ! -f "$jar" ]]; then
  echo "missing $jar: run without --no-build" >&2
  exit 1
fi

# shellcheck disable=SC2086 # java_opts is a list of flags
case "$mode" in
  protocol)
    exec java $java_opts \
      -Dcopilot.cli.cache="$root/.cache/copilot-cli" \
      -Dcopilot.cli.version="$cli_version" \
      -cp "$jar" dev.copilotj.bench.ProtocolBenchmark \
      --out copilot-bench/target/bench-results.md \
      ${args[@]+"${args[@]}"}
    ;;
  spring)
    exec java $java_opts -cp "$jar" dev.copilotj.bench.ContextRefreshBenchmark ${args[@]+"${args[@]}"}
    ;;
  jmh)
    exec java $java_opts -jar "$jar" \
      -rf json -rff copilot-bench/target/jmh-results.json \
      ${args[@]+"${args[@]}"}
    ;;
esac
