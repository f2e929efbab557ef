#!/bin/sh
# tests/sandbox/run.sh SHINSA — the escape suite of issue 12. Every rule of tests/sandbox/hostile/ must be stopped
# or refused with a diagnostic naming it, while the good pack reports exactly what it reports alone; a rule
# file that never finishes loading makes the run incomplete (exit 3) and the rest of its pack still runs;
# long related lists are capped with a note; --max-findings drops the rest with a diagnostic. The hostile run must
# end within SANDBOX_MAX_SECONDS (default 120; raised under valgrind).
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
no() { echo "FAIL: $*" >&2; fail=1; }
run() { "$bin" check --no-config --no-default-packs "$@"; }
in=$here/input.yaml
rm -f /tmp/shinsa-escaped

run --pack "$here/good" -f ndjson "$in" >"$t/alone" 2>"$t/alone.err"; rc=$?
[ $rc -eq 0 ] || no "good pack alone: exit $rc, expected 0"
[ -s "$t/alone" ] || no "good pack alone reported nothing"

start=$(date +%s)
run --pack "$here/good" --pack "$here/hostile" --rule-timeout 5000 -f ndjson "$in" >"$t/all" 2>"$t/all.err"; rc=$?
took=$(( $(date +%s) - start ))
[ $rc -eq 3 ] || no "hostile run: exit $rc, expected 3 (incomplete)"
[ $took -le "${SANDBOX_MAX_SECONDS:-120}" ] || no "hostile run took ${took}s"
# ndjson: a finding a line ({"rule":…), then input, diagnostic and summary records ({"record":…})
grep '^{"rule"' "$t/alone" >"$t/alone.findings"
grep '^{"rule":"good\.' "$t/all" | cmp -s - "$t/alone.findings" ||
    no "the good pack's findings changed beside the hostile rules"
if grep '^{"rule"' "$t/all" | grep -v '^{"rule":"good\.' | grep -q .; then
    no "a hostile rule's finding came out: $(grep '^{"rule"' "$t/all" | grep -v '^{"rule":"good\.' | head -c 300)"
fi
tail -n 1 "$t/all" | grep -q '^{"record":"summary","inputs":1,' || no "the ndjson stream does not end with its summary"
for f in "$here"/hostile/*.lua; do
    id=hostile.$(basename "$f" .lua)
    n=$(grep -c "\[$id @" "$t/all.err")
    [ "$n" -ge 1 ] || no "$id: no diagnostic names it"
    grep -q "^{\"record\":\"diagnostic\",.*\"rule\":\"$id\"" "$t/all" || no "$id: no diagnostic record in the ndjson stream"
    if grep "\[$id @" "$t/all.err" | grep -q '上限'; then   # a limit: reported once per input, then not run
        [ "$n" -eq 1 ] || no "$id: $n limit diagnostics for one input, expected 1"
    fi
done
[ ! -e /tmp/shinsa-escaped ] || no "os.execute escaped the sandbox"

run --pack "$here/loadloop" -f ndjson "$in" >"$t/load" 2>"$t/load.err"; rc=$?
[ $rc -eq 3 ] || no "rule file looping at load: exit $rc, expected 3"
[ "$(grep -c '"rule":"loadloop.fine"' "$t/load")" -eq 2 ] || no "loadloop.fine did not run beside the looping file"
grep -q 'spin.lua:1:.*resource limit while loading' "$t/load.err" || no "no load-limit diagnostic naming spin.lua:1"

run --pack "$here/caps" -f json "$in" >"$t/caps" 2>"$t/caps.err"; rc=$?
[ $rc -eq 0 ] || no "caps pack: exit $rc, expected 0"
[ "$(grep -c '"note": "entry ' "$t/caps")" -eq 510 ] || no "related list not capped to 255 entries per finding"
grep -q 'ほか 745 件 (745 more not listed)' "$t/caps" || no "capped related list has no note of the rest"

run --pack "$here/good" --pack "$here/caps" --max-findings 1 -f ndjson "$in" >"$t/max" 2>"$t/max.err"; rc=$?
[ $rc -eq 3 ] || no "--max-findings 1: exit $rc, expected 3"
[ "$(grep -c '^{"rule"' "$t/max")" -eq 1 ] || no "--max-findings 1 kept $(grep -c '^{"rule"' "$t/max") findings"
grep -q 'the last 2 were dropped' "$t/max.err" || no "--max-findings: no diagnostic about the dropped findings"

[ $fail -eq 0 ] && echo "sandbox suite: $(ls "$here"/hostile/*.lua | wc -l) hostile rules contained in ${took}s"
exit $fail
