#!/usr/bin/env bash
# The whole test suite, from a clean clone: unit tests and integration tests against the real
# Copilot CLI, offline. The build installs the pinned CLI from the npm registry into .cache/ once.
# The chat sample's browser test needs Chromium and its driver (Debian packages chromium and
# chromium-driver); they are installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' not found: $2" >&2; exit 1; }
}
require java "install a JDK 17 or newer"
require mvn "install Apache Maven 3.8.7 or newer"
require npm "install Node.js with npm; it fetches the Copilot CLI (@github/copilot) for the tests"

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  require apt-get "install Chromium and chromedriver as /usr/bin/chromium and /usr/bin/chromedriver"
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    require sudo "run as root, or install the packages chromium and chromium-driver yourself"
    sudo=(sudo)
  fi
  echo "Installing chromium and chromium-driver for the chat sample's browser test..."
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

exec mvn -B verify "$@"
