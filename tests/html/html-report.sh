#!/usr/bin/env bash
# ctest entry of the HTML report test (label "html"): tests/html/check-report.cjs in headless Chromium.
# Exit 77 (skipped, and it says why) when Chromium or Node.js is missing; scripts/dev.sh test installs both.
set -uo pipefail
bin=$1
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
node=$(command -v node || command -v nodejs || true)
if [ -z "$chromium" ] || [ -z "$node" ]; then
    echo "SKIPPED: the HTML report test needs chromium and node (Debian: apt-get install chromium nodejs;" \
         "scripts/dev.sh test installs them)${chromium:+; chromium: $chromium}${node:+; node: $node}" >&2
    exit 77
fi
exec "$node" tests/html/check-report.cjs "$bin" "$chromium"
