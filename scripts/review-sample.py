#!/usr/bin/env python3
"""Draw a blind review round of the analog pack (rules/analog/tests/review/RUBRIC.md; stdlib only).

    review-sample.py draw --round N CORPUS_DIR OUT_DIR [--shinsa BIN | --findings REPORT.json]
                     [--seed S] [--exclude KEY.tsv ...] [--tuning DIR] [--warnings 100] [--triggers 200]
                     [--per-packet 25] [--commit HASH]

A round has two sets, mixed and shuffled into one series of packets so that a reader cannot tell them apart:

  (a) `--warnings` warning-level findings with an analog type, drawn uniformly from the findings of
      `shinsa check -f json` over CORPUS_DIR (run with --shinsa BIN, or read from --findings); one item per unit
      (a unit with several findings is one item); units in 別表 tables are skipped;
  (b) `--triggers` sentences of the corpus that hold a trigger of the list TRIGGERS below (written from the domain
      notes, ../shared/domain/analog-regulation.md §4.1-§4.10 and §A.2, not from the rules), stratified by type:
      an equal quota per type (the remainder to the first types of the list), a type with fewer candidates than
      its quota gives all it has and the rest is shared among the others. A sentence is a candidate of every type
      whose trigger it holds; it is drawn at most once. shinsa's output is not used for this set.
      With --duty, set (b) takes only sentences that also hold a duty marker of the domain notes
      (analog-regulation.md §3: しなければならない, させなければならない, 受けなければならない, を要する, ものとする,
      努めなければならない): a random trigger sentence is seldom a duty (round 2: 10 of 200), so recall needs
      this stratum to rest on enough duties. The README of the round says which pool was used.

Both sets skip: units of the earlier rounds (--exclude: their key.tsv), units whose text occurs in the tuning
material of the analog pack (--tuning, default rules/analog/tests without its review/ folder: the labelled
draws and fixtures, matched mechanically by text, never read), and each other. Every unit of MainProvision and
of every SupplProvision is a candidate, in sorted file order; the seed of round N is 20261203 + N unless --seed
is given. The same corpus, findings, exclusions and seed give byte-identical packets.

Writes OUT_DIR/README.md (provenance: commit, seed, counts, reader instructions), OUT_DIR/packet-NN.md (the
items with their context, see review_lib.context_block), OUT_DIR/labels-NN.tsv (empty label sheets) and
OUT_DIR/key.tsv (id → set, stratum and address: for scoring, never for readers).
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from review_lib import TYPES, TYPE_LABELS, Law, addr_key, context_block, finding_key  # noqa: E402

BASE_SEED = 20261203

# Trigger list per type, from the domain notes (analog-regulation.md §4.1-§4.10 positive triggers and the §A.2
# concept list), regular expressions over one sentence. A trigger is a reason to look, not a label.
NUM = "[〇一二三四五六七八九十百千0-9０-９]+"
TRIGGERS = {
    "visual-inspection": ["目視", "外観検査", "肉眼", "視認", "巡視", "巡回し", "監視し"],
    "on-site-audit": ["実地", "現地調査", "臨場", "立入検査", "立入り", "立ち入", "臨検", "実査"],
    "periodic-inspection": ["定期に", "定期的に", "定期検査", "定期点検", "定期自主検査", "点検",
                            "(毎日|毎月|毎年|毎年度|%s年(以内)?ごと|%s(か月|箇月|月)(以内)?ごと|年%s回)[^。]{0,30}(検査|点検|測定|検診)"
                            % (NUM, NUM, NUM)],
    "resident-exclusive": ["常駐", "常勤", "常時勤務", "専任", "専属", "兼ねてはならない", "兼務してはならない",
                           "ごとに[^。]{0,30}(置かなければ|選任しなければ|配置しなければ)"],
    "in-person-training": ["講習", "研修を受け", "研修を修了", "受講"],
    "physical-posting": ["掲示", "標識", "見やすい場所", "見やすい箇所", "店頭に表示", "標札", "看板"],
    "in-person-viewing": ["閲覧", "縦覧", "備え置", "備置", "備え付", "備付", "謄写"],
    "recording-media": ["フレキシブルディスク", "フロッピー", "磁気ディスク", "磁気テープ", "光ディスク",
                        "ＣＤ－ＲＯＭ", "CD-ROM", "シー・ディー・ロム", "ＤＶＤ", "電磁的記録媒体"],
    "paper-document": ["書面", "文書により", "文書で", "原本", "正本", "副本", "謄本", "写しを添付",
                       "様式による", "申請書を提出"],
    "seal-signature": ["押印", "署名", "印鑑", "実印", "自署", "捺印"],
    "in-person-appearance": ["出頭", "対面", "面前", "立会", "立ち会", "面接", "参集", "出席"],
    "physical-delivery": ["郵送", "郵便により", "郵便で", "書留", "持参", "窓口", "来庁", "直接提出",
                          "自ら提出"],
}
TRIG_RE = {t: re.compile("|".join(ws)) for t, ws in TRIGGERS.items()}
# Duty markers, from the domain notes (analog-regulation.md §3, severity cues), not from the rules.
DUTY_RE = re.compile("なければならない|を要する|ものとする")


def trigger_types(text):
    return [t for t in TYPES if TRIG_RE[t].search(text)]


def laws_in(corpus):
    paths = sorted(glob.glob(os.path.join(corpus, "*", "*", "current.xml")))
    if not paths:
        sys.exit("review-sample: no */*/current.xml under %s" % corpus)
    return paths


def law_id_of(path):
    return os.path.basename(os.path.dirname(path))


def git_head():
    try:
        h = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True).stdout.strip()
        return h + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def tuning_blob(d):
    parts = []
    for root, dirs, files in os.walk(d):
        dirs[:] = sorted(x for x in dirs if x != "review")
        for f in sorted(files):
            if f.endswith((".yaml", ".yml", ".tsv", ".txt", ".json")):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    parts.append(fh.read())
    return "\n".join(parts)


def read_exclude(paths):
    keys = set()
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            hdr = fh.readline().rstrip("\n").split("\t")
            for line in fh:
                row = dict(zip(hdr, line.rstrip("\n").split("\t")))
                keys.add(row["address"])
    return keys


def run_shinsa(binary, corpus):
    r = subprocess.run([binary, "check", "-f", "json", "--fail-on", "none", corpus], capture_output=True)
    if r.returncode not in (0, 1):
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        sys.exit("review-sample: %s check exited %d" % (binary, r.returncode))
    return json.loads(r.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["draw"])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--round", type=int, required=True)
    ap.add_argument("--seed", type=int)
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--shinsa", help="shinsa binary to run over CORPUS for set (a)")
    src.add_argument("--findings", help="a `shinsa check -f json` report over CORPUS for set (a)")
    ap.add_argument("--exclude", nargs="*", default=[], help="key.tsv of earlier rounds")
    ap.add_argument("--tuning", default=os.path.join("rules", "analog", "tests"))
    ap.add_argument("--warnings", type=int, default=100)
    ap.add_argument("--triggers", type=int, default=200)
    ap.add_argument("--per-packet", type=int, default=25)
    ap.add_argument("--duty", action="store_true", help="set (b) only from sentences with a duty marker")
    ap.add_argument("--commit", help="the commit that produced --findings (default: git HEAD of the cwd)")
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else BASE_SEED + a.round
    commit = a.commit or git_head()

    if a.shinsa:
        report = run_shinsa(a.shinsa, a.corpus)
    elif not a.findings:
        if a.warnings:
            sys.exit("review-sample: set (a) needs --shinsa BIN or --findings REPORT.json (or --warnings 0)")
        report = {}
    else:
        with open(a.findings, encoding="utf-8") as fh:
            report = json.load(fh)
    version = (report.get("tool") or {}).get("version")
    excluded = read_exclude(a.exclude)
    blob = tuning_blob(a.tuning) if os.path.isdir(a.tuning) else ""
    paths = laws_in(a.corpus)
    by_id = {law_id_of(p): p for p in paths}

    # Pass 1: every unit's address, text and trigger types.
    units = {}          # key -> (law_id, text, trigger types)
    order = []
    for p in paths:
        law = Law(p, law_id_of(p))
        for u in law.units:
            k = u.key()
            if k in units:
                continue
            units[k] = (u.law_id, u.text, trigger_types(u.text))
            order.append(k)

    def usable(k, taken):
        if k in taken or k in excluded or k not in units:
            return False
        return not (blob and units[k][1] in blob)

    taken = {}
    # Set (a): warning findings, uniformly, one item per unit.
    warn = [f for f in report.get("findings", []) if f.get("severity") == "warning" and f.get("analog_types")
            and not (f.get("address") or {}).get("table")]
    warn.sort(key=lambda f: (f.get("file") or "", finding_key(f), f.get("rule") or ""))
    rng = random.Random(seed)
    rng.shuffle(warn)
    n_warn_units = len({finding_key(f) for f in warn})
    skipped_a = 0
    for f in warn:
        if sum(1 for v in taken.values() if v[0] == "a") >= a.warnings:
            break
        k = finding_key(f)
        if k in taken:
            continue
        if not usable(k, taken):
            skipped_a += 1
            continue
        taken[k] = ("a", "warning")

    # Set (b): trigger sentences, stratified by type.
    pools = {t: [k for k in order if t in units[k][2] and (not a.duty or DUTY_RE.search(units[k][1]))]
             for t in TYPES}
    rng = random.Random(seed * 7 + 1)
    for t in TYPES:
        rng.shuffle(pools[t])
    quota = {t: a.triggers // len(TYPES) + (1 if i < a.triggers % len(TYPES) else 0) for i, t in enumerate(TYPES)}
    got = {t: 0 for t in TYPES}
    pos = {t: 0 for t in TYPES}

    def take(t):
        while pos[t] < len(pools[t]):
            k = pools[t][pos[t]]
            pos[t] += 1
            if usable(k, taken):
                taken[k] = ("b", t)
                got[t] += 1
                return True
        return False
    for t in TYPES:
        while got[t] < quota[t] and take(t):
            pass
    short = a.triggers - sum(got.values())
    while short > 0:
        moved = False
        for t in TYPES:
            if short > 0 and take(t):
                short -= 1
                moved = True
        if not moved:
            break

    # Items, shuffled together, ids r{round}-NNN.
    keys = sorted(taken, key=lambda k: (taken[k][0], k))
    random.Random(seed * 13 + 5).shuffle(keys)
    os.makedirs(a.out, exist_ok=True)
    for f in glob.glob(os.path.join(a.out, "packet-*.md")) + glob.glob(os.path.join(a.out, "labels-*.tsv")):
        os.remove(f)
    ids = {k: "r%d-%03d" % (a.round, i) for i, k in enumerate(keys, 1)}
    cache = {}

    def law_for(lid):
        if lid not in cache:
            cache.clear()
            cache[lid] = Law(by_id[lid], lid)
        return cache[lid]

    # Render in law order (one parse per law), write in id order.
    blocks = {}
    for k in sorted(keys):
        law = law_for(units[k][0])
        blocks[k] = context_block(law, law.unit_index[k])
    npk = (len(keys) + a.per_packet - 1) // a.per_packet
    for pi in range(npk):
        chunk = keys[pi * a.per_packet:(pi + 1) * a.per_packet]
        with open(os.path.join(a.out, "packet-%02d.md" % (pi + 1)), "w", encoding="utf-8") as fh:
            fh.write("# Review round %d, packet %02d of %02d (%d items)\n\n" % (a.round, pi + 1, npk, len(chunk)))
            fh.write("Label every item with rules/analog/tests/review/RUBRIC.md into labels-%02d.tsv. Judge each "
                     "clause in its article; the items are in random order.\n\n" % (pi + 1))
            for k in chunk:
                fh.write("---\n\n## %s\n\n%s\n" % (ids[k], blocks[k]))
        with open(os.path.join(a.out, "labels-%02d.tsv" % (pi + 1)), "w", encoding="utf-8") as fh:
            fh.write("id\ttypes_warning\ttypes_info\tdebatable\treason\n")
            for k in chunk:
                fh.write("%s\t\t\t\t\n" % ids[k])
    with open(os.path.join(a.out, "key.tsv"), "w", encoding="utf-8") as fh:
        fh.write("id\tset\tstratum\tlaw_id\taddress\ttext_sha1\n")
        for k in keys:
            fh.write("%s\t%s\t%s\t%s\t%s\t%s\n" % (ids[k], taken[k][0], taken[k][1], units[k][0], k,
                                                   hashlib.sha1(units[k][1].encode()).hexdigest()[:12]))
    na = sum(1 for v in taken.values() if v[0] == "a")
    strat = ", ".join("%s %d/%d" % (t, got[t], len(pools[t])) for t in TYPES)
    cmd = "python3 scripts/review-sample.py draw --round %d %s %s %s%s%s" % (
        a.round, "CORPUS_DIR", a.out, "--shinsa BIN" if a.shinsa else ("--findings REPORT.json" if a.findings else ""),
        " --warnings %d --triggers %d%s" % (a.warnings, a.triggers, " --duty" if a.duty else ""),
        "".join(" --exclude " + e for e in a.exclude) if a.exclude else "")
    with open(os.path.join(a.out, "README.md"), "w", encoding="utf-8") as fh:
        fh.write(ROUND_README.format(
            round=a.round, commit=commit, version=version, seed=seed, n=len(keys), na=na, nb=len(keys) - na,
            warn=len(warn), warn_units=n_warn_units, skipped_a=skipped_a, strat=strat, npk=npk,
            per=a.per_packet, cmd=cmd, exclude=", ".join(a.exclude) or "none", laws=len(paths),
            units=len(units), duty=" holding a duty marker (--duty)" if a.duty else ""))
    print("review-sample: round %d: %d items (%d warnings, %d trigger sentences) in %d packets under %s; seed %d, "
          "commit %s" % (a.round, len(keys), na, len(keys) - na, npk, a.out, seed, commit), file=sys.stderr)


ROUND_README = """# Review round {round}

Drawn by `scripts/review-sample.py` (see its docstring) — no labels here until readers return them.

| | |
|---|---|
| shinsa commit (findings for set a, scoring baseline) | `{commit}` (tool version {version}) |
| seed | {seed} |
| corpus | {laws} laws, {units} units (sentences of 項 and 号, 本則 and 附則) |
| set (a): warning findings | {na} items, drawn from {warn} warning findings with an analog type on {warn_units} units; {skipped_a} drawn findings skipped as tuning data or earlier rounds |
| set (b): trigger sentences | {nb} items{duty}; per type drawn/candidates: {strat} |
| excluded | earlier rounds: {exclude}; units whose text occurs in the analog pack's tuning material |
| packets | {npk} packets of up to {per} items: packet-NN.md, label sheets labels-NN.tsv |

Command: `{cmd}`

## For a blind reader

Read only `rules/analog/tests/review/RUBRIC.md`, `../shared/domain/` (the three notes; chiefly
analog-regulation.md §2.2 and §4) and your packet(s) `packet-NN.md`. Do not open `key.tsv`, `rules/`, `docs/`,
any other round's files or shinsa output, and do not run shinsa. Fill `labels-NN.tsv` (one row per item, all
rows, tab-separated, `-` for empty; see RUBRIC.md §7) and return it.

## Scoring (after all sheets are back, once, with a named commit)

```sh
build/shinsa check -f json --fail-on none CORPUS_DIR > /tmp/round{round}.json
python3 scripts/review-eval.py rules/analog/tests/review/round{round} /tmp/round{round}.json --commit $(git rev-parse --short HEAD)
```
"""

if __name__ == "__main__":
    main()
