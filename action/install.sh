#!/usr/bin/env bash
# Puts promptcost on the job's PATH: a version from npm when the `version` input names one, else this
# action's own source, packed as `npm pack` packs it (building the production bundles) and installed
# from the tarball: the route README.md documents while promptcost is not on npm.
set -euo pipefail
if [ -n "${INPUT_VERSION:-}" ]; then
  npm install --global --no-audit --no-fund "promptcost@${INPUT_VERSION}"
else
  destination="${RUNNER_TEMP:-/tmp}/promptcost-package"
  mkdir -p "$destination"
  (cd "$GITHUB_ACTION_PATH" && npm ci --no-audit --no-fund && npm pack --pack-destination "$destination" >/dev/null)
  npm install --global --no-audit --no-fund "$destination"/promptcost-*.tgz
fi
echo "bin=$(command -v promptcost)" >> "$GITHUB_OUTPUT"
