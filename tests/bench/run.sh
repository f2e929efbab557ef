#!/usr/bin/env bash
# tests/bench/run.sh — the benchmark: shinsa against three baselines, side by side in one run.
#
#   tests/bench/run.sh CORPUS_DIR [-j N] [-r REPEATS] [--no-textlint] [--out DIR]
#
# CORPUS_DIR is a folder of e-Gov XML laws (e.g. the shared archive, <LawID[:3]>/<LawID>/current.xml). Each
# repeat runs, in this order and at the same parallelism N (default 2):
#   shinsa     shinsa check -jN -f json with the default packs (and --timing, for the per-rule table)
#   floor      tests/bench/floor.c: expat + one PCRE2 JIT alternation of every trigger term of the loaded packs
#   python     tests/bench/keywords.py scan: xml.etree + one re alternation of the same terms, N processes
#   textlint   textlint + prh (the same terms) over sentences pre-extracted from the XML (not timed),
#              N processes; skipped with a message when npm cannot install it
# then shinsa once on each example measure document (examples/measures/sakushu-2023.yaml, declaration-2020.yaml).
# Prints wall and CPU time, MB/s, units/s, peak RSS, time per phase, pack and rule (top 10) and the ratios
# (tests/bench/ratios.py); raw rows go to OUT/results.tsv (default OUT: $BUILD_DIR/bench).
# Ratios, not absolute times, are what to compare between commits: the machine is shared and noisy. Numbers and method: docs/performance.md.
#
# Environment: BUILD_DIR (default build), BENCH_CACHE (where textlint is installed; default ~/.cache/shinsa-bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

corpus="" jobs=2 reps=3 textlint=1 out=""
while [ $# -gt 0 ]; do
    case "$1" in
    -j) jobs=$2; shift 2 ;;
    -r) reps=$2; shift 2 ;;
    --no-textlint) textlint=0; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) corpus=$1; shift ;;
    esac
done
[ -n "$corpus" ] && [ -d "$corpus" ] || { sed -n '2,18p' "$0" >&2; exit 2; }
build=${BUILD_DIR:-$root/build}
out=${out:-$build/bench}
cache=${BENCH_CACHE:-$HOME/.cache/shinsa-bench}
mkdir -p "$out"
shinsa=$build/shinsa

echo "== building shinsa ($build) and the floor" >&2
if [ -f "$build/build.ninja" ]; then ninja -C "$build" shinsa >&2; else BUILD_DIR=$build "$root/scripts/dev.sh" build; fi
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_GNU_SOURCE -o "$out/floor" "$here/floor.c" $(pkg-config --cflags --libs expat libpcre2-8) -lpthread

find "$corpus" -name '*.xml' -type f | LC_ALL=C sort > "$out/list.txt"
nfiles=$(wc -l < "$out/list.txt")
[ "$nfiles" -gt 0 ] || { echo "run.sh: no .xml file under $corpus" >&2; exit 2; }
bytes=$(xargs -d '\n' cat < "$out/list.txt" | wc -c)
printf '%s\n' "$bytes" > "$out/bytes"   # early, so that ratios.py can read an interrupted run
# every trigger of every loaded rule, once
"$shinsa" rules -f json --no-config | python3 -c '
import json, sys
print("\n".join(sorted({t for r in json.load(sys.stdin) for t in r["triggers"] if t})))' > "$out/terms.txt"
echo "== $nfiles files, $bytes bytes, $(wc -l < "$out/terms.txt") trigger terms, -j $jobs, $reps repeats" >&2

tl=""
if [ "$textlint" = 1 ]; then
    if [ ! -x "$cache/node_modules/.bin/textlint" ]; then
        echo "== installing textlint and textlint-rule-prh into $cache" >&2
        mkdir -p "$cache"
        (cd "$cache" && [ -f package.json ] || npm init -y >/dev/null 2>&1 || true)
        (cd "$cache" && timeout 300 npm install --no-audit --no-fund textlint@15 textlint-rule-prh@6 >&2) ||
            echo "run.sh: npm could not install textlint (registry unreachable?): textlint baseline skipped" >&2
    fi
    if [ -x "$cache/node_modules/.bin/textlint" ]; then
        tl=$cache/node_modules/.bin/textlint
        stamp=$(md5sum < "$out/list.txt" | cut -c1-12)
        if [ ! -f "$out/text/.$stamp" ]; then
            echo "== extracting sentences for textlint (not timed)" >&2
            rm -rf "$out/text" && mkdir -p "$out/text"
            python3 "$here/keywords.py" extract "$out/list.txt" "$out/text"
            touch "$out/text/.$stamp"
        fi
        python3 "$here/keywords.py" prh "$out/terms.txt" "$out/prh.yml"
        printf '{"rules": {"prh": {"rulePaths": ["%s"]}}}\n' "$out/prh.yml" > "$out/textlintrc.json"
        find "$out/text" -name '*.txt' | LC_ALL=C sort > "$out/text-list.txt"
    fi
else
    echo "run.sh: --no-textlint: textlint baseline skipped" >&2
fi

# timed TOOL REP CMD...: run CMD, append "TOOL REP wall user sys maxrss_kb" to results.tsv
timed() {
    local tool=$1 rep=$2; shift 2
    local t="$out/time.$tool"
    /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" > "$out/stdout.$tool" 2> "$out/stderr.$tool" || true
    # GNU time writes "Command exited with non-zero status N" first when the command fails
    printf '%s\t%s\t%s\n' "$tool" "$rep" "$(tail -n 1 "$t" | tr ' ' '\t')" >> "$out/results.tsv"
}

printf 'tool\trep\twall\tuser\tsys\tmaxrss_kb\n' > "$out/results.tsv"
for rep in $(seq 1 "$reps"); do
    echo "== repeat $rep/$reps" >&2
    timed shinsa "$rep" "$shinsa" check --no-config -j "$jobs" -f json -o "$out/shinsa.json" \
        --timing "$out/timing.$rep.tsv" "$corpus"
    timed floor "$rep" "$out/floor" -j "$jobs" "$out/terms.txt" "$out/list.txt"
    timed python "$rep" python3 "$here/keywords.py" scan -j "$jobs" "$out/terms.txt" "$out/list.txt"
    if [ -n "$tl" ]; then
        n=$(wc -l < "$out/text-list.txt")
        timed textlint "$rep" xargs -d '\n' -P "$jobs" -n $(((n + jobs - 1) / jobs)) \
            "$tl" --config "$out/textlintrc.json" -f compact < "$out/text-list.txt"
    fi
done
for m in sakushu-2023 declaration-2020; do
    for rep in $(seq 1 "$reps"); do
        timed "measures:$m" "$rep" "$shinsa" check --no-config -j "$jobs" -f json -o "$out/$m.json" \
            --timing "$out/timing.$m.tsv" "$root/examples/measures/$m.yaml"
    done
done
python3 "$here/ratios.py" "$out"
