#!/usr/bin/env bash
# Runs the chat sample (samples/copilot-chat): a Spring Boot page at http://localhost:8080 where you chat with
# Copilot. Offline against the built-in fake model by default; set COPILOT_GITHUB_TOKEN to use real Copilot.
# PORT chooses another port; other arguments go to Spring Boot (e.g. --logging.level.dev.copilotj=DEBUG).
# Ctrl-C stops the application and the Copilot CLI process it started.
#
#   ./scripts/run.sh --demo [prompts...]   runs the command-line client demo (samples/copilot-client-demo) instead
set -euo pipefail
cd "$(dirname "$0")/.."

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' not found: $2" >&2; exit 1; }
}
require java "install a JDK 17 or newer"
require mvn "install Apache Maven 3.8.7 or newer"
if [[ -z "${COPILOT_CLI_PATH:-}" ]]; then
  require npm "install Node.js with npm; it fetches the Copilot CLI (@github/copilot) once"
fi

# No colours from Maven: with -q, Maven 3.8's console library still writes colour resets (ESC[0m) at its start and
# end, before the application's first log line; jansi.noreset (read by the JVM Maven runs in) stops them.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"
maven=(mvn -B -q -Dstyle.color=never)

if [[ "${1:-}" == "--demo" ]]; then
  shift
  # One Maven call builds the demo and the modules it needs and writes its class path; the JVM then gets the
  # prompts as they are, with no quoting through exec:java.
  demo=samples/copilot-client-demo
  "${maven[@]}" package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt \
    -Dmdep.includeScope=runtime -pl "$demo" -am
  exec java -Dcopilot.cli.cache="$PWD/.cache/copilot-cli" \
    -cp "$demo/target/classes:$(cat "$demo/target/classpath.txt")" dev.copilotj.samples.demo.ClientDemo "$@"
fi

# Build the sample and the modules it needs, unless its jar is newer than all their poms and main sources.
jar=samples/copilot-chat/target/copilot-chat.jar
modules=(samples/copilot-chat copilot-sdk-core copilot-test copilot-spring-boot-autoconfigure
  copilot-spring-boot-starter copilot-spring-boot-starter-test)
inputs=(pom.xml samples/pom.xml)
for module in "${modules[@]}"; do
  inputs+=("$module/pom.xml")
  [[ -d "$module/src/main" ]] && inputs+=("$module/src/main")
done
if [[ ! -f "$jar" ]] || [[ -n "$(find "${inputs[@]}" -type f -newer "$jar" -print -quit)" ]]; then
  echo "Building the chat sample and the modules it needs..."
  "${maven[@]}" package -DskipTests -pl samples/copilot-chat -am
  touch "$jar"   # Maven leaves a jar whose content did not change alone
fi

port="${PORT:-8080}"
if [[ -n "${COPILOT_GITHUB_TOKEN:-}" ]]; then
  echo "Starting the chat sample on http://localhost:$port with real GitHub Copilot (token from COPILOT_GITHUB_TOKEN)."
else
  echo "Starting the chat sample on http://localhost:$port in OFFLINE mode: a built-in fake model answers."
  echo "(Set COPILOT_GITHUB_TOKEN to a GitHub token with Copilot access to talk to real Copilot.)"
fi
echo "Ctrl-C stops it."

# The application runs in a session of its own, so that Ctrl-C reaches only this script: it then asks the JVM to
# shut down (SIGTERM), which stops the Copilot CLI through the client before the JVM exits. Were the CLI in the
# terminal's process group, Ctrl-C would kill it under the running client.
java_command=(java -XX:TieredStopAtLevel=1 -Dcopilot.cli.cache="$PWD/.cache/copilot-cli" -jar "$jar"
  --server.port="$port" "$@")
if command -v setsid >/dev/null 2>&1; then
  setsid "${java_command[@]}" &
else
  set -m   # no setsid (macOS): job control gives the background job a process group of its own
  "${java_command[@]}" &
  set +m
fi
app=$!
stopping=0
stop() {
  if [[ $stopping -eq 0 ]]; then
    stopping=1
    echo
    echo "Stopping the chat sample..."
  fi
  kill -TERM "$app" 2>/dev/null || true
}
trap stop INT TERM HUP
status=0
while kill -0 "$app" 2>/dev/null; do
  wait "$app" && status=0 || status=$?
done
if [[ $stopping -eq 1 ]]; then
  echo "Stopped."
  exit 0
fi
exit "$status"
