#!/usr/bin/env bash
# corpus-import.sh — opt-in whole-corpus check of the e-Gov importer.
#
#   scripts/corpus-import.sh [-c] [-j N] DIR
#
# For every current.xml under DIR (e.g. the unpacked egov-laws archive: DIR/{LawID[:3]}/{LawID}/current.xml):
#   1. `shinsa import egov FILE -o TMP/{LawID}.yaml` must succeed;
#   2. `shinsa check -f ndjson` over all the XML files must report no diagnostic for the file;
#   3. with -c, `shinsa check -f ndjson` over the imported YAML must report no diagnostic for it either, and
#      give the same findings (rule and fingerprint, in order) as its XML.
# The checks run as one `shinsa check` over all files (packs load once per worker). Prints failures, then
# "N passed, N failed (T s)"; exits 1 on any failure. The binary is $SHINSA_BIN, else build/shinsa.
set -uo pipefail
compare=0
jobs=$(nproc 2>/dev/null || echo 2)
while getopts "cj:" opt; do
    case $opt in
    c) compare=1 ;;
    j) jobs=$OPTARG ;;
    *) echo "usage: $0 [-c] [-j N] DIR" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: $0 [-c] [-j N] DIR" >&2; exit 2; }
dir=$1
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${SHINSA_BIN:-$here/build/shinsa}
[ -x "$bin" ] || { echo "$0: no shinsa binary at $bin (build first or set SHINSA_BIN)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/yaml"
start=$(date +%s)

find "$dir" -name current.xml | LC_ALL=C sort >"$tmp/xml.list"
total=$(wc -l <"$tmp/xml.list")
[ "$total" -gt 0 ] || { echo "$0: no current.xml under $dir" >&2; exit 2; }

# 1. Import, in parallel. The YAML is named after the law's folder (its 法令ID), so that checking it derives
#    the same law id as checking the XML.
export bin tmp
tr '\n' '\0' <"$tmp/xml.list" | xargs -0 -n 1 -P "$jobs" sh -c '
    id=$(basename "$(dirname "$1")")
    "$bin" import egov "$1" -o "$tmp/yaml/$id.yaml" 2>"$tmp/yaml/$id.err" || echo "$1 import: $(head -c 300 "$tmp/yaml/$id.err")"
    rm -f "$tmp/yaml/$id.err"' _ >"$tmp/fail"

# law id of a path: the YAML's stem, or the XML's folder
lawid() { sed -e 's#/current\.xml$##' -e 's#\.yaml$##' -e 's#.*/##'; }

# 2./3. One check run over a list of files: findings as "lawid rule fingerprint", diagnostics as failures.
check_all() {   # LIST OUT LABEL
    tr '\n' '\0' <"$1" | xargs -0 "$bin" check --no-config -j "$jobs" -f ndjson >"$2.ndjson" 2>"$2.err"
    sed -n 's/^{"rule":"\([^"]*\)".*"file":"\([^"]*\)".*"fingerprint":"\([0-9a-f]*\)"}$/\2 \1 \3/p' "$2.ndjson" |
        awk '{ n = split($1, p, "/"); id = p[n]; if (id == "current.xml") id = p[n-1]; sub(/\.yaml$/, "", id);
               print id, $2, $3 }' >"$2"
    grep -v '^$' "$2.err" | sed "s#^#$3: #" >>"$tmp/fail"
}
check_all "$tmp/xml.list" "$tmp/xml.findings" "check"
if [ "$compare" = 1 ]; then
    find "$tmp/yaml" -name '*.yaml' | LC_ALL=C sort >"$tmp/yaml.list"
    check_all "$tmp/yaml.list" "$tmp/yaml.findings" "check of imported YAML"
    # Per law, the finding lists must be identical.
    LC_ALL=C sort -s -k1,1 "$tmp/xml.findings" >"$tmp/a"
    LC_ALL=C sort -s -k1,1 "$tmp/yaml.findings" >"$tmp/b"
    diff "$tmp/a" "$tmp/b" | sed -n 's/^[<>] \([^ ]*\) .*/\1/p' | sort -u |
        sed 's/$/: findings of XML and imported YAML differ/' >>"$tmp/fail"
fi
end=$(date +%s)

# A failure line names a law id (or a path holding one); a line naming none (e.g. a broken rule pack) fails
# the run as a whole.
cat "$tmp/fail"
bad_ids=$(grep -o '[0-9]\{3\}[A-Z][0-9A-Z]\{11\}' "$tmp/fail" | sort -u | wc -l)
other=$(grep -vc '[0-9]\{3\}[A-Z][0-9A-Z]\{11\}' "$tmp/fail")
findings=$(wc -l <"$tmp/xml.findings")
echo "$((total - bad_ids)) passed, $bad_ids failed ($((end - start)) s; $findings findings)"
[ "$bad_ids" = 0 ] && [ "$other" = 0 ]
