#!/usr/bin/env bash
# tests/npm/install.sh DIR — install the report validators (tests/npm/package.json, locked) into DIR/node_modules
# with `npm ci`. Exit 0 when installed (or already there), 1 when npm is missing or the registry is unreachable.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
mkdir -p "$dir"
if [ -f "$dir/node_modules/.shinsa-installed" ] && cmp -s "$here/package-lock.json" "$dir/package-lock.json"; then
    exit 0
fi
command -v npm >/dev/null || { echo "shinsa: npm is not installed" >&2; exit 1; }
cp "$here/package.json" "$here/package-lock.json" "$dir/"
if ! (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2); then
    echo "shinsa: npm ci failed (is the npm registry reachable?)" >&2
    exit 1
fi
touch "$dir/node_modules/.shinsa-installed"
