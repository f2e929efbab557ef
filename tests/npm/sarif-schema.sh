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
# the validator must be able to fail: a report with a level SARIF does not know is refused
sed 's/"level": "warning"/"level": "severe"/' "$t/examples.sarif" > "$t/control.json"
if node "$here/validate-sarif.cjs" "$mods" "$schema" "$t/control.json" >/dev/null; then
    echo "the validator accepted an invalid SARIF file"; exit 1
fi
echo "control: an invalid level is refused"
exit $rc
