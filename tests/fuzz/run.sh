#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] — build the libFuzzer targets (clang, ASan+UBSan) in build-fuzz/ and run each for
# SECONDS (default 60), seeded from the repository's fixtures plus tests/fuzz/regress/<target>/ (inputs that once
# failed; they are replayed first). The working corpus is kept in build-fuzz/corpus-<target>/, so that runs spread
# over time add up. A crash, leak, sanitizer report or timeout fails the run and leaves the input at
# build-fuzz/fuzz-<target>-*; fix the bug, then keep the input in tests/fuzz/regress/<target>/.
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_TARGETS (default: all).
set -euo pipefail
secs=${1:-60}
cd "$(dirname "$0")/../.."
B=${FUZZ_BUILD_DIR:-build-fuzz}
targets=${FUZZ_TARGETS:-yaml egov text sakushu xref kpi core}
CC=clang cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHN_FUZZ=ON >/dev/null
ninja -C "$B" $(for t in $targets; do printf 'fuzz_%s ' "$t"; done) >&2

seeds() {   # target -> seed files from the fixtures
    case $1 in
    yaml) find examples tests/cli tests/fixtures rules -name '*.yaml' -size -64k; find tests/cli -name '*.json' -size -64k ;;
    egov) find tests/fixtures tests/cli -name '*.xml' -size -256k ;;
    text | xref | core) find tests/fixtures/text tests/cli -name '*.txt' -size -64k ;;
    sakushu) find tests/fixtures tests/cli -name '*.tsv' -size -256k ;;
    kpi) find tests/kpi -name '*.yaml' -size -256k ;;
    esac
}

fail=0
for t in $targets; do
    # the working corpus lives in the build folder, so that runs spread over a day add up (seeds refreshed)
    corpus=$B/corpus-$t
    mkdir -p "$corpus"
    seeds "$t" | head -400 | while read -r f; do cp "$f" "$corpus/$(echo "$f" | tr / _)"; done
    mkdir -p "tests/fuzz/regress/$t"
    echo "fuzz_$t: $(ls "$corpus" | wc -l) seeds, $(ls "tests/fuzz/regress/$t" | wc -l) regression inputs, ${secs}s" >&2
    if ! "$B/tests/fuzz/fuzz_$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2560 -timeout=30 \
            -print_final_stats=1 -artifact_prefix="$B/fuzz-$t-" "$corpus" "tests/fuzz/regress/$t" \
            >"$B/fuzz-$t.log" 2>&1; then
        echo "FAIL fuzz_$t: see $B/fuzz-$t.log and $B/fuzz-$t-*" >&2
        grep -E 'ERROR|SUMMARY|runtime error' "$B/fuzz-$t.log" | head -5 >&2 || true
        fail=1
    else
        grep -E 'stat::number_of_executed_units|cov:' "$B/fuzz-$t.log" | tail -2 | tr '\n' ' ' >&2; echo >&2
    fi
done
exit $fail
