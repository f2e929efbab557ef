#!/usr/bin/env bash
# Shards and `shinsa merge` (issue 13 item 9): usage: tests/shard/run.sh SHINSA [CORPUS_DIR]
#
# 1. The bundled examples plus the statutes and 条文 texts of tests/fixtures, split 3 ways (json, sarif, ndjson),
#    merged in a scrambled order: byte-identical to a single run, same exit code.
# 1b. A generated archive of the statute archive's shape (240 laws, ~3,000 findings) split 4 and 7 ways, and the
#    SARIF cuts at GitHub's limits (lowered) made by the merge as by the single run.
# 2. The shares are stable: the same share for the arguments in another order and written another way
#    (./x/, an absolute path), every input in exactly one share (compared by the inputs' sha256).
# 3. More shards than inputs (empty shards), a run that checks nothing, waivers and inline ignores spread over
#    shards, a baseline: merged = single.
# 4. Mismatched reports are refused with exit 2 and a message: other packs, other options, a missing or
#    repeated shard, json with sarif, a report made without --shard, different inputs, a different order.
# 5. scripts/spark-shards.py's RDD.pipe command and report rebuilding, with RDD.pipe emulated (no Spark here).
# 6. With CORPUS_DIR (the e-Gov archive: <LawID[:3]>/<LawID>/current.xml): a slice of 60 laws split 3 ways.
set -uo pipefail
bin=$(realpath "$1")
# No rule may stop on the wall-clock limit: under a sanitizer on a loaded machine a rule call can pass the default
# 10 s, at different places in a shard and in the single run, and the reports would differ for that reason.
export SHINSA_TEST_TIMEOUT=3600000
corpus=${2:-${SHINSA_CORPUS:-}}
root=$(pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# same_as_single NAME FORMAT N -- CHECK-ARGS...: N shards merged (in reverse order) = one run, bytes and exit code
same_as_single() {
    local name=$1 fmt=$2 n=$3; shift 4
    local want got i files=()
    "$bin" check --no-config --rule-timeout $SHINSA_TEST_TIMEOUT -f "$fmt" "$@" >"$t/$name.single" 2>/dev/null; want=$?
    for ((i = n; i >= 1; i--)); do
        "$bin" check --no-config --rule-timeout $SHINSA_TEST_TIMEOUT -f "$fmt" --shard "$i/$n" "$@" >"$t/$name.$i" 2>/dev/null
        files+=("$t/$name.$i")
    done
    "$bin" merge "${files[@]}" >"$t/$name.merged" 2>"$t/$name.err"; got=$?
    if cmp -s "$t/$name.single" "$t/$name.merged" && [ "$want" = "$got" ]; then
        ok "$name: $n shards merged = single run ($(wc -c <"$t/$name.single") bytes, exit $want)"
    else
        bad "$name: merged differs from the single run (exit $want vs $got)"
        diff <(head -c 200000 "$t/$name.single") <(head -c 200000 "$t/$name.merged") | head -20
        cat "$t/$name.err"
    fi
}

inputs="examples tests/fixtures/egov tests/fixtures/text"
# shellcheck disable=SC2086
same_as_single examples-json json 3 -- $inputs
same_as_single examples-sarif sarif 3 -- examples tests/fixtures/text
# ndjson from the json shards
"$bin" check --no-config --rule-timeout $SHINSA_TEST_TIMEOUT -f ndjson $inputs >"$t/nd.single" 2>/dev/null
"$bin" merge -f ndjson "$t/examples-json.2" "$t/examples-json.3" "$t/examples-json.1" >"$t/nd.merged"
if cmp -s "$t/nd.single" "$t/nd.merged"; then ok "ndjson from json shards = single run ($(wc -l <"$t/nd.single") lines)"
else bad "ndjson from json shards differs"; fi
# sarif shards are not cut at 25,000 results and carry no properties once merged
if grep -q '"shinsa_shard"' "$t/examples-sarif.1" && ! grep -q '"shinsa_shard"' "$t/examples-sarif.merged"; then
    ok "sarif shards carry runs[0].properties.shinsa_shard; the merged report does not"
else bad "sarif shard data"; fi

# 1b. a generated archive of the statute archive's shape (tests/shard/gen-archive.py: 240 e-Gov XML laws from the
#     packs' fixture articles, in <LawID[:3]>/<LawID>/current.xml, with 条文 drafts, plans, a skipped file):
#     about 3,000 findings, split 4 and 7 ways; SARIF cut at GitHub's limits (set low with --limit sarif-results
#     and sarif-bytes) is cut by the merge exactly as by the single run, and the cut report fits the limit.
if python3 -c 'import yaml' 2>/dev/null && python3 tests/shard/gen-archive.py "$t/gen" 240; then
    same_as_single gen-json json 4 -- "$t/gen"
    same_as_single gen-sarif-results sarif 4 -- --limit sarif-results=1000 "$t/gen"
    same_as_single gen-sarif-bytes sarif 3 -- --limit sarif-bytes=150000 "$t/gen"
    "$bin" check --no-config -f ndjson "$t/gen" >"$t/gen-nd.single" 2>/dev/null
    for i in 7 6 5 4 3 2 1; do "$bin" check --no-config -f json --shard $i/7 "$t/gen" >"$t/gen7.$i" 2>/dev/null; done
    "$bin" merge -f ndjson "$t"/gen7.* >"$t/gen-nd.merged"
    if cmp -s "$t/gen-nd.single" "$t/gen-nd.merged"; then ok "generated archive: ndjson from 7 json shards = single run ($(wc -l <"$t/gen-nd.single") findings)"
    else bad "generated archive: ndjson from 7 shards differs"; fi
    nres() { grep -c '"ruleId"' "$1"; }
    gz=$(gzip -6 -c "$t/gen-sarif-bytes.merged" | wc -c)
    if [ "$(nres "$t/gen-sarif-results.merged")" = 1000 ] && grep -q 'the [0-9]* least severe' "$t/gen-sarif-results.merged" &&
       [ "$gz" -le 150000 ] && [ "$(nres "$t/gen-sarif-bytes.merged")" -gt 20 ] &&
       grep -q '150000 bytes gzip-compressed' "$t/gen-sarif-bytes.merged"; then
        ok "generated archive: merged SARIF cut at 1000 results and at 150000 gzip bytes ($gz bytes, $(nres "$t/gen-sarif-bytes.merged") results), with the warning"
    else bad "generated archive: SARIF cuts ($(nres "$t/gen-sarif-results.merged") results; $gz gzip bytes)"; fi
    sumj=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["runs"][0]["properties"]))' "$t/gen-sarif-results.merged")
    [ "$sumj" = '{"summary": {"inputs": 268, "inputs_by_status": {"ok": 267, "skipped": 1, "error": 0}}}' ] &&
        ok "generated archive: the merged SARIF counts the inputs by status ($sumj)" || bad "merged SARIF summary: $sumj"
    "$bin" check --no-config -f sarif --limit sarif-results=999 --shard 2/4 "$t/gen" >"$t/gen-other-limit.2" 2>/dev/null
    "$bin" merge "$t/gen-sarif-results.1" "$t/gen-other-limit.2" "$t/gen-sarif-results.3" "$t/gen-sarif-results.4" \
        >/dev/null 2>"$t/gen-refuse.err"
    [ $? = 2 ] && grep -q 'sarif-results' "$t/gen-refuse.err" && ok "refused: shards cut at other SARIF limits" ||
        bad "shards with another --limit sarif-results merged: $(cat "$t/gen-refuse.err")"
else
    bad "generated archive: python3 with the yaml module is needed (scripts/dev.sh installs python3-yaml)"
fi

# 2. stable shares, a partition of the inputs
shares() {   # shares N ARGS...: one line per share: the sorted sha256 of its inputs
    local n=$1 i; shift
    for ((i = 1; i <= n; i++)); do
        "$bin" check --no-config -f json --shard "$i/$n" "$@" 2>/dev/null |
            grep -o '"sha256": "[0-9a-f]*"' | cut -d'"' -f4 | sort | tr '\n' ' '; echo
    done
}
shares 3 examples tests/fixtures/egov tests/fixtures/text >"$t/shares.a"
shares 3 "$root/tests/fixtures/text/" ./tests/fixtures//egov/ ./examples >"$t/shares.b"
if cmp -s "$t/shares.a" "$t/shares.b"; then ok "shares stable under argument order and path spelling"
else bad "shares depend on argument order or spelling"; diff "$t/shares.a" "$t/shares.b"; fi
all=$(tr ' ' '\n' <"$t/shares.a" | grep -c .)
uniq=$(tr ' ' '\n' <"$t/shares.a" | grep . | sort -u | wc -l)
whole=$("$bin" check --no-config -f json $inputs 2>/dev/null | grep -c '"sha256": "')
sizes=$(awk '{printf "%s ", NF}' "$t/shares.a")
if [ "$all" = "$whole" ] && [ "$uniq" = "$all" ]; then ok "every input in exactly one share ($whole inputs; shares of $sizes)"
else bad "not a partition: $all in shares, $uniq distinct, $whole in the whole run"; fi

# 3. edge cases
same_as_single more-shards-than-inputs json 5 -- examples/laws
mkdir -p "$t/nothing/sub"
printf 'a: 1\n' >"$t/nothing/a.yaml"; printf 'b: 2\n' >"$t/nothing/sub/b.yaml"; printf 'x\n' >"$t/nothing/notes.md"
same_as_single nothing-checked-json json 2 -- "$t/nothing"
same_as_single nothing-checked-sarif sarif 2 -- "$t/nothing"
grep -q 'no document was checked' "$t/nothing-checked-json.merged" && ok "nothing checked: the merged report says so (exit 2)" ||
    bad "nothing checked: no diagnostic in the merged report"
mkdir -p "$t/w"
for f in a b c; do cp tests/cli/baseline-waivers/law.yaml "$t/w/$f.yaml"; done
sed -i 's|^        sentences: \["申請者|        # shinsa-ignore: analog.physical-delivery 経過措置\n        sentences: ["申請者|' "$t/w/c.yaml"
cat >"$t/w/waivers.yaml" <<'W'
waivers:
  - {rule: analog.physical-posting, where: "a.yaml#main:1:1::1", reason: 掲示は改める予定, expires: 2027-03-31}
  - {rule: analog.physical-delivery, where: "b.yaml#main:1:2::1", reason: 経過措置, expires: 2026-01-31}
  - {rule: analog.physical-delivery, where: "a.yaml#main:1:2::1", reason: 経過措置, expires: 2026-01-31}
  - {rule: analog.seal-signature, where: "a.yaml#main:9:1::1", reason: 使われない免除}
W
(cd "$t/w" && "$bin" check --no-config --baseline-write base.json b.yaml >/dev/null 2>&1)
(cd "$t/w" && same_as_single waivers-json json 3 -- --as-of 2026-12-03 --waivers waivers.yaml --baseline base.json a.yaml b.yaml c.yaml)
(cd "$t/w" && same_as_single waivers-sarif sarif 2 -- --as-of 2026-12-03 --waivers waivers.yaml --baseline base.json c.yaml b.yaml a.yaml)
grep -c 'unused waiver' "$t/waivers-json.merged" | grep -qx 1 && grep -c 'waiver expired' "$t/waivers-json.merged" | grep -qx 2 &&
    ok "waivers over shards: one unused, two expired notes, as in the single run" || bad "waiver notes"

# 4. mismatches: exit 2 and a message naming the difference
refuse() {   # refuse NAME PATTERN REPORT...
    local name=$1 pat=$2; shift 2
    "$bin" merge "$@" >/dev/null 2>"$t/refuse.err"
    local rc=$?
    if [ $rc = 2 ] && grep -q -- "$pat" "$t/refuse.err"; then ok "refused: $name — $(head -1 "$t/refuse.err")"
    else bad "$name: exit $rc, stderr: $(cat "$t/refuse.err")"; fi
}
small="examples/laws tests/fixtures/text"
# shellcheck disable=SC2086
same_as_single small-json json 3 -- $small
j="$t/small-json"
inputs=$small
"$bin" check --no-config -f json --shard 2/3 --disable analog.seal-signature $inputs >"$t/other-packs.2" 2>/dev/null
refuse "other rules" "different rules" "$j.1" "$t/other-packs.2" "$j.3"
"$bin" check --no-config -f json --shard 2/3 --fail-on error $inputs >"$t/other-opt.2" 2>/dev/null
refuse "other --fail-on" "fail_on" "$j.1" "$t/other-opt.2" "$j.3"
"$bin" check --no-config -f json --shard 2/3 --as-of 2020-01-01 $inputs >"$t/other-asof.2" 2>/dev/null
refuse "other --as-of" "as_of" "$j.1" "$t/other-asof.2" "$j.3"
refuse "missing shard" "shard 2/3 is missing" "$j.1" "$j.3"
refuse "repeated shard" "given twice" "$j.1" "$j.2" "$j.2" "$j.3"
refuse "json with sarif" "one is json" "$j.1" "$t/examples-sarif.2" "$j.3"
refuse "not a shard" "without --shard" "$t/small-json.single"
"$bin" check --no-config -f json --shard 2/3 examples/laws >"$t/other-inputs.2" 2>/dev/null
refuse "other inputs" "different inputs\|number of inputs" "$j.1" "$t/other-inputs.2" "$j.3"
"$bin" check --no-config -f json --shard 2/3 tests/fixtures/text examples/laws >"$t/other-order.2" 2>/dev/null
refuse "other order" "different order" "$j.1" "$t/other-order.2" "$j.3"
"$bin" check --no-config -f json --shard 2/4 $inputs >"$t/other-n.2" 2>/dev/null
refuse "other N" "shard count" "$j.1" "$t/other-n.2" "$j.3"
printf '{"broken": \n' >"$t/broken.json"
refuse "not JSON" "not JSON" "$t/broken.json"
"$bin" check --no-config --shard 0/3 examples >/dev/null 2>"$t/usage.err"
[ $? = 2 ] && grep -q 'needs I/N' "$t/usage.err" && ok "--shard 0/3 is a usage error" || bad "--shard 0/3 accepted"

# the Spark recipe (scripts/spark-shards.py) with PySpark's RDD.pipe emulated (Spark is not installed here)
if command -v python3 >/dev/null; then
    if out=$(python3 tests/shard/spark_emulated.py "$bin" examples tests/fixtures/egov); then ok "${out#ok   }"
    else bad "$out"; fi
fi

# 5. a slice of the statute corpus
if [ -n "$corpus" ] && [ -d "$corpus" ]; then
    mkdir -p "$t/slice"
    find "$corpus" -name current.xml | sort | awk 'NR % 35 == 1' | head -60 | while read -r f; do
        d=$(basename "$(dirname "$f")"); mkdir -p "$t/slice/${d:0:3}/$d"; ln -s "$f" "$t/slice/${d:0:3}/$d/current.xml"
    done
    same_as_single corpus-slice-json json 3 -- "$t/slice"
    same_as_single corpus-slice-sarif sarif 3 -- "$t/slice"
else
    echo "skip corpus slice (no CORPUS_DIR / SHINSA_CORPUS)"
fi

[ $fails = 0 ] && echo "all shard tests passed" || echo "$fails shard test(s) failed"
exit $((fails > 0))
