#!/usr/bin/env bash
# Runs the demo: a full client round trip (start, ping, models, a streamed turn, a tool turn, stop).
# Offline against the built-in fake model by default; set COPILOT_GITHUB_TOKEN to use real Copilot.
# Arguments are prompts to send instead of the default ones.
set -euo pipefail
cd "$(dirname "$0")/.."

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' not found: $2" >&2; exit 1; }
}
require java "install a JDK 17 or newer"
require mvn "install Apache Maven 3.8.7 or newer"
require npm "install Node.js with npm; it fetches the Copilot CLI (@github/copilot)"

mvn -B -q install -DskipTests -pl samples/copilot-client-demo -am
args=""
for prompt in "$@"; do
  args+="\"${prompt//\"/\\\"}\" "   # exec:java splits on spaces outside double quotes
done
exec mvn -B -q -pl samples/copilot-client-demo exec:java -Dexec.args="$args"
