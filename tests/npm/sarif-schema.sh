#!/usr/bin/env bash
# tests/npm/sarif-schema.sh SHINSA NPM_DIR — SARIF reports of several kinds of run, validated against the
# official SARIF 2.1.0 JSON schema with Ajv (not by a checker of our own). The validators are installed into
# NPM_DIR by tests/npm/install.sh (scripts/dev.sh does it first); when they cannot be installed because the npm
# registry is unreachable, the test is skipped (exit 77) with a message saying so.
set -uo pipefail
bin=$(realpath "$1"); mkdir -p "$2"; npm_dir=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
if ! "$here/install.sh" "$npm_dir"; then
    echo "SKIPPED: the SARIF validators could not be installed from the npm registry (unreachable?)"
    exit 77
fi
mods=$npm_dir/node_modules
schema=$mods/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
[ -f "$schema" ] || { echo "no SARIF schema at $schema"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
cd "$here/../.."
run() { local name=$1; shift; "$bin" check --no-config -f sarif "$@" > "$t/$name.sarif" 2>/dev/null; echo "$name: exit $?"; }
run examples --rules-url https://example.org/shinsa/docs/rules/ examples/laws examples/measures
run explain --explain examples/laws
mkdir -p "$t/in" && printf 'shinsa: 1\nkind: law\nprovisions: [\n' > "$t/in/broken.yaml"
printf 'a: 1\n' > "$t/in/other.yaml"
cp tests/cli/missing-file/good.yaml "$t/in/"
run errors "$t/in" "$t/in/does-not-exist.yaml"
mkdir -p "$t/empty"
run nothing "$t/empty"
printf '第一条　申請者は、申請書を窓口に持参して提出しなければならない。\n' > "$t/in/draft.txt"
run text "$t/in/draft.txt"
node "$here/validate-sarif.cjs" "$mods" "$schema" "$t"/*.sarif
rc=$?
# cut at GitHub's limits (lowered): still valid, and within the limits as Node's zlib (the upload action's) counts
mkdir -p "$t/cut"
"$bin" check --no-config -f sarif --limit sarif-bytes=40000 examples >"$t/cut/bytes.sarif" 2>"$t/cut/err"; echo "cut-bytes: exit $?"
grep -q 'least severe result(s) left out' "$t/cut/err" || { echo "no warning on stderr for the cut SARIF"; rc=1; }
SARIF_MAX_BYTES=40000 node "$here/validate-sarif.cjs" "$mods" "$schema" "$t/cut/bytes.sarif" || rc=1
"$bin" check --no-config -f sarif --limit sarif-results=30 examples >"$t/cut/results.sarif" 2>/dev/null; echo "cut-results: exit $?"
SARIF_MAX_RESULTS=30 node "$here/validate-sarif.cjs" "$mods" "$schema" "$t/cut/results.sarif" || rc=1
# the limits check must be able to fail: the uncut examples are more than 40000 bytes gzip-compressed
if SARIF_MAX_BYTES=40000 node "$here/validate-sarif.cjs" "$mods" "$schema" "$t/examples.sarif" >/dev/null; then
    echo "the limits check accepted a file over the byte limit"; exit 1
fi
echo "control: a file over the byte limit is refused"
# the validator must be able to fail: a report with a level SARIF does not know is refused
sed 's/"level": "warning"/"level": "severe"/' "$t/examples.sarif" > "$t/control.json"
if node "$here/validate-sarif.cjs" "$mods" "$schema" "$t/control.json" >/dev/null; then
    echo "the validator accepted an invalid SARIF file"; exit 1
fi
echo "control: an invalid level is refused"
exit $rc
