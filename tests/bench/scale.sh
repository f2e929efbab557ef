#!/usr/bin/env bash
# tests/bench/scale.sh — is shinsa's time linear in its input?
#
#   tests/bench/scale.sh CORPUS_DIR [-j N] [--max-mb M] [--out DIR]
#
# 1. the archive: shinsa check on the first 25%, 50% and 100% of the laws (sorted by path), at -j N (default 2)
# 2. one plain 条文 text document grown 1, 2, 4 … M MB (default 64; made of real sentences of the archive):
#    a. "paragraphs": one sentence per paragraph (blank-line separated), all default packs
#    b. "one-line": the whole text as one paragraph on a single line, loading and units only (--no-default-packs):
#       the loader must stay linear even then (it was quadratic: the column of each sentence was counted from the
#       start of its line)
# For each series: CPU seconds (user+sys) per size and the slope of log(time) over log(size) (1 = linear,
# 2 = quadratic). Sizes stay below the default 64 MiB input limit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus="" jobs=2 max_mb=64 out=""
while [ $# -gt 0 ]; do
    case "$1" in
    -j) jobs=$2; shift 2 ;;
    --max-mb) max_mb=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "scale.sh: unknown option $1" >&2; exit 2 ;;
    *) corpus=$1; shift ;;
    esac
done
[ -n "$corpus" ] && [ -d "$corpus" ] || { sed -n '2,15p' "$0" >&2; exit 2; }
build=${BUILD_DIR:-$root/build}
out=${out:-$build/bench/scale}
mkdir -p "$out"
shinsa=$build/shinsa
[ -x "$shinsa" ] || BUILD_DIR=$build "$root/scripts/dev.sh" build

# timed LABEL SIZE CMD...: append "LABEL SIZE wall cpu maxrss_kb" to scale.tsv
timed() {
    local label=$1 size=$2; shift 2
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" > /dev/null 2> "$out/stderr" || true
    read -r wall user sys rss < <(tail -n 1 "$out/time")
    printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$size" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >> "$out/scale.tsv"
    printf '%-12s %10s  wall %7.2f s  cpu %7.2f s  rss %6d KB\n' "$label" "$size" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >&2
}

printf 'series\tsize\twall\tcpu\tmaxrss_kb\n' > "$out/scale.tsv"
find "$corpus" -name '*.xml' -type f | LC_ALL=C sort > "$out/list.txt"
n=$(wc -l < "$out/list.txt")
for pct in ${SCALE_PCTS:-25 50 100}; do   # SCALE_PCTS: other shares of the archive
    k=$((n * pct / 100))
    rm -rf "$out/part" && mkdir -p "$out/part"
    head -n "$k" "$out/list.txt" | while read -r f; do ln -s "$(realpath "$f")" "$out/part/$(basename "$(dirname "$f")").xml"; done
    bytes=$(head -n "$k" "$out/list.txt" | xargs -d '\n' cat | wc -c)
    timed archive "$bytes" "$shinsa" check --no-config -j "$jobs" -f json "$out/part"
done
rm -rf "$out/part"

python3 - "$out" "$max_mb" "$out/list.txt" <<'EOF'
import re, sys, xml.etree.ElementTree as ET
out, max_mb, lst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sents = []
for path in open(lst).read().split("\n")[:300]:
    if not path:
        continue
    for s in ET.parse(path).getroot().iter("Sentence"):
        t = "".join(s.itertext()).strip()
        # plain sentences only: a line that starts like a heading, an item or a table would change the structure
        if not t.endswith("。") or re.match(r"^[第附別目一二三四五六七八九十０-９0-9イロハ（(]", t):
            continue
        if t.count("「") != t.count("」") or t.count("（") != t.count("）"):
            continue
        sents.append(t)
mb = 1
while mb <= max_mb:
    limit = mb * 1000 * 1000
    for name, sep in (("paragraphs", "\n\n"), ("one-line", "")):
        parts, n, i = [], 0, 0
        while n < limit:
            s = sents[i % len(sents)]
            n += len(s.encode()) + len(sep)
            parts.append(s)
            i += 1
        with open("%s/%s-%d.txt" % (out, name, mb), "w", encoding="utf-8") as f:
            f.write(sep.join(parts) + "\n")
    mb *= 2
EOF
mb=1
while [ "$mb" -le "$max_mb" ]; do
    f=$out/paragraphs-$mb.txt
    timed paragraphs "$(wc -c < "$f")" "$shinsa" check --no-config -j "$jobs" -f json "$f"
    f=$out/one-line-$mb.txt
    timed one-line "$(wc -c < "$f")" "$shinsa" check --no-config --no-default-packs -j "$jobs" -f json "$f"
    rm -f "$out/paragraphs-$mb.txt" "$out/one-line-$mb.txt"
    mb=$((mb * 2))
done

python3 - "$out/scale.tsv" <<'EOF'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print("series       slope of log(cpu) over log(size) (1 = linear, 2 = quadratic); cpu s by size")
for series in ("archive", "paragraphs", "one-line"):
    pts = [(int(r["size"]), float(r["cpu"])) for r in rows if r["series"] == series and float(r["cpu"]) > 0]
    if len(pts) < 2:
        continue
    xs = [math.log(s) for s, _ in pts]
    ys = [math.log(c) for _, c in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    # the slope over the largest sizes only, where fixed start-up costs no longer dominate
    tail = pts[-3:] if len(pts) >= 3 else pts
    t_slope = math.log(tail[-1][1] / tail[0][1]) / math.log(tail[-1][0] / tail[0][0])
    print("%-12s %.2f (largest three sizes: %.2f)   %s" % (series, slope, t_slope,
          "  ".join("%.1fMB:%.2f" % (s / 1e6, c) for s, c in pts)))
EOF
