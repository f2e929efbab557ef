#!/usr/bin/env python3
"""Silent-clause audit of the analog pack (issue 10 item 4; stdlib only).

    silent-audit.py CORPUS_DIR [--shinsa BIN] [--pack DIR] [--out FILE.tsv] [--top N] [--examples K]
                    [--exclude KEY.tsv ...]

Lists every sentence of CORPUS_DIR (e-Gov XML, {LawID[:3]}/{LawID}/current.xml; any folder `shinsa check` walks) that
holds a strong trigger of an analog type AND a duty marker (なければならない, ものとする, を要する, 文語 ベシ) but gets
no finding of that type from the shipped analog pack, at any severity. Strong triggers are a short, unambiguous
list per type (TRIGGERS below), deliberately narrower than the pack's lexicons: the audit asks "which canonical
duty wordings does the pack stay quiet on", not "how many keyword hits are there".

How: a throw-away rule pack (written to a temporary folder) reports every (sentence, type) with a strong trigger
and a duty marker; `shinsa check -f ndjson --pack TMP CORPUS_DIR` runs it next to the shipped packs, so both see
exactly the same units and addresses. A (sentence, type) pair is silent when the audit rule reported it and no
analog.<type> finding exists on that unit.

Each silent pair is put in a cluster by its construction, read from the sentence around the first strong trigger
(construction(): penalty, 準用・読替え, definition, amendment text, identity card, witness to a compulsory
measure or lottery, periodic report without inspection, digital route in the sentence, delegated 立入検査, inside
parentheses, prohibition, authority, effort duty, relative clause, condition, a document kept at a place with no viewing
in the sentence, purpose, else other), then by the trigger and what follows it. The
summary (standard output) gives the counts per type and the largest clusters with examples; --out writes every
silent pair (law id, address, type, cluster, trigger, sentence) as TSV.

--pack DIR checks with the analog pack in DIR instead of the shipped packs (e.g. an older commit's rules/analog
taken out with `git archive`, to count before and after a change).

--exclude KEY.tsv (the key of a review round, rules/analog/tests/review/roundN/key.tsv or a sealed round kept
outside the repository) leaves out the sentences of that round: a rule author tuning on the audit while a round
is sealed never reads its items. Only the key's `address` column is read; the summary says how many pairs were
left out.

The output depends only on the corpus, the rules and the exclusions (sorted everywhere).
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from review_lib import finding_key, read_tsv  # noqa: E402  (the key of a round as review-sample.py writes it)

# Strong triggers per analog type (PCRE in the audit rule, Python re in the clustering: kept to the common subset).
TRIGGERS = {
    "visual-inspection": r"目視",
    "on-site-audit": r"実地に(監査|検査|調査)|実地(監査|検査)|臨検|立入検査",
    "periodic-inspection": r"定期(的)?に|定期(自主)?(検査|点検)",
    "resident-exclusive": r"常駐|専任の",
    "in-person-training": r"(講習|研修)を受け|講習を修了",
    "physical-posting": r"掲示(し|す|して)|標識を掲げ",
    "in-person-viewing": r"(縦覧|閲覧)に供|備え置",
    "recording-media": r"フレキシブルディスク|磁気テープ|光ディスク",
    "seal-signature": r"記名押印|押印|署名し",
    "in-person-appearance": r"出頭(し|させ)|対面(により|で)|立ち?会(い|わ|う|つ|っ)",
    "physical-delivery": r"郵送|持参|窓口に",
    "paper-document": r"書面(により|で|をもつて|をもって)|書面を(提出|交付|添付|送付)",
}
DUTY = r"なければならない|ものとする|を要する|ヘシ|ベシ"

RULE = r'''-- audit.trigger: written by scripts/silent-audit.py; reports every (sentence, type) with a strong trigger and a
-- duty marker. Not a shipped rule.
local core = require "shinsa.core"
local TRIGGERS = %s
local DUTY = %s
return rule {
  id = "audit.trigger",
  title = "silent-clause audit: strong trigger and duty marker",
  severity = "info",
  target = "law.sentence",
  check = function(unit, ctx)
    if not core.find(unit.text, DUTY) then return end
    for _, t in ipairs(TRIGGERS) do
      local st, en = core.find(unit.text, t[2])
      if st then ctx:report{ message = t[1], match = { start = st, ["end"] = en } } end
    end
  end,
}
'''

PACK = """name: audit
version: 0.1.0
description: silent-clause audit (temporary)
stdlib: ">=1"
rules:
  - trigger.lua
"""


def lua_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_pack(folder):
    items = ",\n  ".join("{ %s, %s }" % (lua_str(k), lua_str(v)) for k, v in sorted(TRIGGERS.items()))
    with open(os.path.join(folder, "trigger.lua"), "w", encoding="utf-8") as f:
        f.write(RULE % ("{\n  " + items + "\n}", lua_str(DUTY)))
    with open(os.path.join(folder, "pack.yaml"), "w", encoding="utf-8") as f:
        f.write(PACK)


def unit_key(f):
    a = f["address"]
    return (f["file"], a.get("provision"), a.get("article"), a.get("paragraph"), a.get("item"), a.get("sentence"),
            str(a.get("table")))


def address_of(a):
    """The unit address of the --out table: provision:article:paragraph:item:sentence."""
    return "%s:%s:%s:%s:%s" % (a.get("provision"), a.get("article"), a.get("paragraph"), a.get("item") or "",
                               a.get("sentence"))


def outside_parens(s, pos):
    """Whether code point pos of s is outside every （…）."""
    depth = 0
    for ch in s[:pos]:
        if ch == "（":
            depth += 1
        elif ch == "）" and depth > 0:
            depth -= 1
    return depth == 0


def construction(text, start, end, typ):
    """The construction a silent trigger sits in (a coarse, documented label; first match wins)."""
    rest = text[end:]
    own = re.split(r"[、。]", rest, maxsplit=1)[0]
    if re.search(r"(罰金|懲役|拘禁刑|過料)に処する|違反した者", text):
        return "penalty"
    if re.search(r"準用する。$|読み替え|とあるのは「", text):
        return "application/re-reading"
    if re.search(r"をいう。$|をいう。）", text):
        return "definition"
    if re.search(r"を「[^」]*」に改め|を加える。$|を削る。$", text):
        return "amendment text"
    if re.search(r"身分を(示|証明|証)す|身分証明書|証票を携帯", text):
        return "identity card"
    if typ == "in-person-appearance" and re.search(r"臨検|捜索|差押|傍受|くじ|抽籤|抽せん|立ち会わせることができない", text):
        return "witness to a compulsory measure or lottery"
    if typ == "periodic-inspection" and not re.search(r"検査|点検|監査", text):
        return "periodic report or survey, no inspection"
    if re.search(r"自動公衆送信|電子情報処理組織|電磁的方法|電磁的記録|インターネット", text):
        return "digital route in the sentence"
    if re.search(r"行わせ|させる場合", text) and typ == "on-site-audit":
        return "delegated to a body / authority's own act"
    if not outside_parens(text, start):
        return "inside parentheses"
    if re.search(r"(て|で)はならない", rest):
        return "prohibition"
    if re.search(r"ことができる(?!者|場合|もの|とき)", rest) and not re.search(DUTY, rest):
        return "authority"
    if re.search(r"努め", rest):
        return "effort duty"
    if re.match(r"^[^、。をにでがはの]{0,4}(なければならない|べき|た|る)[\u4e00-\u9fff]", own):
        return "relative clause"
    if re.search(r"場合|とき|際", own):
        return "condition"
    if typ == "in-person-viewing" and re.match(r"備え置", text[start:end]) and not re.search(r"閲覧|縦覧|謄写|見やすい", text):
        return "kept at a place, no viewing in the sentence"
    if re.search(r"ため", own):
        return "purpose"
    if re.search(r"ことができる", text):
        return "authority elsewhere"
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--shinsa", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build",
                                                     "shinsa"))
    ap.add_argument("--pack", help="an analog pack folder to use instead of the shipped packs")
    ap.add_argument("--out")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--exclude", nargs="*", default=[], help="key.tsv of review rounds whose units are left out")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        write_pack(tmp)
        packs = ["--no-default-packs", "--pack", args.pack] if args.pack else []
        proc = subprocess.run([args.shinsa, "check", "--no-config", "-f", "ndjson", "--fail-on", "none"] + packs
                              + ["--pack", tmp, args.corpus], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              check=False)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        sys.exit("silent-audit: shinsa check failed (exit %d)" % proc.returncode)

    audit = {}                                   # (unit, type) -> finding
    found = set()                                # (unit, type) with an analog finding
    for line in proc.stdout.decode("utf-8").splitlines():
        if not line.startswith("{"):
            continue
        f = json.loads(line)
        rule = f.get("rule", "")
        if rule == "audit.trigger":
            audit[(unit_key(f), f["message"])] = f
        elif rule.startswith("analog."):
            found.add((unit_key(f), rule[len("analog."):]))

    sealed = {r["address"] for path in args.exclude for _, r in read_tsv(path)}
    left_out = 0
    for key in list(audit):
        if finding_key(audit[key]) in sealed:
            del audit[key]
            left_out += 1

    silent = []
    for key in sorted(audit, key=lambda k: tuple(str(x) for x in k[0]) + (k[1],)):
        if key in found:
            continue
        f = audit[key]
        text = f["snippet"]
        m = f["match"]
        cons = construction(text, m["start"], m["end"], key[1])
        follow = text[m["end"]:m["end"] + 2]
        silent.append((key[1], cons, m["text"], follow, f))

    per_type = collections.Counter()
    for key in audit:
        per_type[key[1]] += 1
    silent_type = collections.Counter(s[0] for s in silent)
    print("# silent-clause audit: %d (sentence, type) pairs with a strong trigger and a duty marker; %d silent"
          % (len(audit), len(silent)))
    if args.exclude:
        print("(%d pairs of the units of %d review round key(s) left out)" % (left_out, len(args.exclude)))
    print("\n| type | audited | silent |\n|---|---:|---:|")
    for t in sorted(per_type):
        print("| %s | %d | %d |" % (t, per_type[t], silent_type[t]))

    by_cons = collections.Counter((s[0], s[1]) for s in silent)
    print("\n| type | construction | silent |\n|---|---|---:|")
    for (t, c), n in sorted(by_cons.items(), key=lambda x: (-x[1], x[0])):
        print("| %s | %s | %d |" % (t, c, n))

    clusters = collections.defaultdict(list)
    for s in silent:
        clusters[(s[0], s[1], s[2], s[3])].append(s[4])
    print("\n## largest clusters (type / construction / trigger+next two characters)\n")
    for (t, c, trig, follow), fs in sorted(clusters.items(), key=lambda x: (-len(x[1]), x[0]))[:args.top]:
        print("- %d  %s / %s / 「%s|%s」" % (len(fs), t, c, trig, follow))
        for f in fs[:args.examples]:
            print("    - %s %s: %s" % (f["address"]["law_id"], f.get("citation") or "", f["snippet"][:160]))

    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write("law_id\taddress\ttype\tconstruction\ttrigger\tsentence\n")
            for t, c, trig, _follow, f in silent:
                a = f["address"]
                out.write("\t".join([a["law_id"], address_of(a), t, c, trig, f["snippet"].replace("\t", " ").replace("\n", " ")]) + "\n")


if __name__ == "__main__":
    main()
