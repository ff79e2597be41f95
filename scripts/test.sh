#!/usr/bin/env bash
# The whole test suite, from a clean clone: unit tests and integration tests against the real
# Copilot CLI, offline. The build installs the pinned CLI from the npm registry into .cache/ once.
set -euo pipefail
cd "$(dirname "$0")/.."

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' not found: $2" >&2; exit 1; }
}
require java "install a JDK 17 or newer"
require mvn "install Apache Maven 3.8.7 or newer"
require npm "install Node.js with npm; it fetches the Copilot CLI (@github/copilot) for the tests"

exec mvn -B verify "$@"
