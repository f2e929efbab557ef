#!/usr/bin/env python3
"""The legislature's labels: align the sentences the digital-reform acts changed, and write packets to label.

    amend-sample.py AMEND_DIR OUT_DIR [--max 600] [--seed S] [--per-packet 30]

AMEND_DIR is the unpacked digital-reform-amendments folder (manifest.tsv; <act>/<LawID>/{before,after}.xml).
Only laws with both texts are aligned (a law with no before text has nothing to compare).

Alignment, per law (units as shinsa addresses them: review_lib.Law):
1. Units of a 附則 block that exists on one side only (the 附則 of the amending acts, added whole) are left out:
   they are new provisions of the amending act, not changes of the law's text. Units whose text is 「削除」 too.
2. Identical texts are matched first, wherever they sit (a sentence that only moved, e.g. renumbered articles
   or paragraphs, is not a change), as a multiset over the whole law.
3. The rest is paired by the same address (provision, article, paragraph, item, sentence) when the two texts are
   at least 40% similar (difflib ratio), then each remaining before text with its most similar remaining after
   text of the same provision when at least 60% similar. Left over: `deleted` (before only) and `added`
   (after only) units.
4. Dropped mechanically as citation-only: pairs whose texts are equal once every reference is replaced by one
   token (第…条(の…)…(第…項)(第…号), 前条, 次条, 同条, 前項, 次項, 同項, 前各項, 前N項, 前号, 次号, 前各号, 第…章/節/款,
   law numbers in parentheses 「（…年法律第…号）」, 「附則」), small kana folded (っ→つ …) and whitespace removed.

Writes OUT_DIR/pairs.tsv (every aligned change: id, act, law_id, law_title, kind, before_address,
after_address, before_text, after_text, stratum), OUT_DIR/packet-NN.md + labels-NN.tsv for the readers (each
pair with the before and after article), and OUT_DIR/README.md (counts, rule, reader instructions). If there are
more than --max pairs, the packets hold a sample: 80% from the pairs whose before or after text holds a trigger of
review-sample.py's list, 20% from the others, each proportional per act and kind (modified, deleted, added);
documented in README.md; pairs.tsv still lists all, with `in_packet`. Packets hold the pairs in random order (seed + 1),
so the first K packets are a random subsample of the packets.
"""
import argparse
import collections
import difflib
import os
import random
import re
import sys
import importlib.util

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from review_lib import KNUM, Law, clip  # noqa: E402

_spec = importlib.util.spec_from_file_location("review_sample", os.path.join(os.path.dirname(os.path.abspath(__file__)), "review-sample.py"))
review_sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(review_sample)

REFS = re.compile(
    "（[^（）]{0,40}第%s号）|(附則)?第%s(条|章|節|款|目|編)((の%s)*)(第%s項)?(第%s号)?|第%s項(第%s号)?|第%s号"
    "|前条|次条|同条|前各項|前[二三四五六七八九]項|前項|次項|同項|前各号|前号|次号"
    % ((KNUM,) * 8))
SMALL = str.maketrans("っゃゅょぁぃぅぇぉッャュョ", "つやゆよあいうえおツヤユヨ")


def norm_cite(t):
    t = re.sub(r"\s+", "", t).translate(SMALL)
    return REFS.sub("§", t)


def ratio(a, b):
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < 0.4 or m.quick_ratio() < 0.4:
        return 0.0
    return m.ratio()


def addr_str(u):
    if u is None:
        return ""
    return "%s:%s:%s:%s:%s" % (u.provision, u.article or "", u.paragraph or "", u.item or "", u.sentence)


def align(before, after):
    bprovs = {u.provision for u in before.units}
    aprovs = {u.provision for u in after.units}
    B = [u for u in before.units if u.provision in aprovs and u.text != "削除"]
    A = [u for u in after.units if u.provision in bprovs and u.text != "削除"]
    norm = lambda t: re.sub(r"\s+", "", t)
    acount = collections.Counter(norm(u.text) for u in A)
    bcount = collections.Counter(norm(u.text) for u in B)
    common = acount & bcount
    used = collections.Counter()
    B2 = []
    for u in B:
        t = norm(u.text)
        if used[t] < common[t]:
            used[t] += 1
        else:
            B2.append(u)
    used = collections.Counter()
    A2 = []
    for u in A:
        t = norm(u.text)
        if used[t] < common[t]:
            used[t] += 1
        else:
            A2.append(u)
    pairs = []
    aidx = {u.key().split("#", 1)[1]: u for u in A2}
    left_b, taken = [], set()
    for u in B2:
        k = u.key().split("#", 1)[1]
        v = aidx.get(k)
        if v is not None and id(v) not in taken and ratio(u.text, v.text) >= 0.4:
            pairs.append((u, v))
            taken.add(id(v))
        else:
            left_b.append(u)
    left_a = [v for v in A2 if id(v) not in taken]
    for u in left_b:
        best, br = None, 0.6
        for v in left_a:
            if id(v) in taken or v.provision != u.provision:
                continue
            r = ratio(u.text, v.text)
            if r >= br:
                best, br = v, r
        if best is not None:
            pairs.append((u, best))
            taken.add(id(best))
        else:
            pairs.append((u, None))
    for v in left_a:
        if id(v) not in taken:
            pairs.append((None, v))
    order = {id(u): i for i, u in enumerate(before.units)}
    aorder = {id(u): i for i, u in enumerate(after.units)}
    pairs.sort(key=lambda p: (order.get(id(p[0]), 10 ** 9), aorder.get(id(p[1]), 10 ** 9)))
    return pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("amend_dir")
    ap.add_argument("out")
    ap.add_argument("--max", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--per-packet", type=int, default=30)
    a = ap.parse_args()
    man = os.path.join(a.amend_dir, "manifest.tsv")
    rows = []
    with open(man, encoding="utf-8") as fh:
        hdr = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            rows.append(dict(zip(hdr, line.rstrip("\n").split("\t"))))
    acts = []
    for r in rows:
        if r["act"] not in acts:
            acts.append(r["act"])
    records = []
    stats = collections.Counter()
    for r in rows:
        if r["before"] != "ok" or r["after"] != "ok":
            stats["laws_without_before_or_after"] += 1
            continue
        d = os.path.join(a.amend_dir, r["act"], r["law_id"])
        before = Law(os.path.join(d, "before.xml"), r["law_id"])
        after = Law(os.path.join(d, "after.xml"), r["law_id"])
        stats["laws_aligned"] += 1
        for b, v in align(before, after):
            if b is not None and v is not None and norm_cite(b.text) == norm_cite(v.text):
                stats["dropped_citation_only"] += 1
                continue
            kind = "modified" if b is not None and v is not None else ("deleted" if v is None else "added")
            text = (b.text if b else "") + "\n" + (v.text if v else "")
            trig = bool(review_sample.trigger_types(text))
            records.append(dict(act=r["act"], law_id=r["law_id"], law_title=after.title, kind=kind,
                                before_address=addr_str(b), after_address=addr_str(v),
                                before_text=b.text if b else "", after_text=v.text if v else "",
                                stratum="trigger" if trig else "other", _b=b, _v=v))
            stats[kind] += 1
    n = len(records)
    # Sample when too many: per act, trigger pairs first (all of them if they fit), then the others.
    chosen = set(range(n))
    note = "all %d pairs are in the packets" % n
    if n > a.max:
        # 80% of the room for pairs whose before or after text holds a trigger, 20% for the others (analog
        # changes without a listed trigger word exist, e.g. 送達 by 交付); within each, proportional per
        # (act, kind), at least one per non-empty cell.
        rng = random.Random(a.seed)
        chosen = set()
        parts = []
        for stratum, share in (("trigger", 0.8), ("other", 0.2)):
            idx = [i for i in range(n) if records[i]["stratum"] == stratum]
            room = min(len(idx), round(a.max * share))
            cells = collections.defaultdict(list)
            for i in idx:
                cells[(records[i]["act"], records[i]["kind"])].append(i)
            for cell in sorted(cells):
                v = cells[cell]
                rng.shuffle(v)
                chosen.update(v[:max(1, round(room * len(v) / len(idx)))])
            parts.append("%d of the %d %s pairs" % (sum(1 for i in chosen if records[i]["stratum"] == stratum),
                                                     len(idx), stratum))
        note = ("%d pairs, more than %d: the packets hold a sample (seed %d): %s; %s means the before or after "
                "text holds a trigger of review-sample.py's list; within each stratum proportional per act and "
                "kind. Weight by stratum to estimate over all pairs" % (n, a.max, a.seed, " and ".join(parts),
                                                                      "trigger"))
    os.makedirs(a.out, exist_ok=True)
    for f in os.listdir(a.out):
        if f.startswith(("packet-", "labels-")):
            os.remove(os.path.join(a.out, f))
    for i, rec in enumerate(records, 1):
        rec["id"] = "am-%04d" % i
        rec["in_packet"] = "y" if (i - 1) in chosen else "-"
    cols = ["id", "act", "law_id", "law_title", "kind", "before_address", "after_address", "before_text",
            "after_text", "stratum", "in_packet"]
    with open(os.path.join(a.out, "pairs.tsv"), "w", encoding="utf-8") as fh:
        fh.write("\t".join(cols) + "\n")
        for rec in records:
            fh.write("\t".join(str(rec[c]).replace("\t", " ").replace("\n", " ") for c in cols) + "\n")
    sel = [rec for rec in records if rec["in_packet"] == "y"]
    # Random order, so that the first K packets are themselves a random subsample if readers run short.
    random.Random(a.seed + 1).shuffle(sel)
    npk = (len(sel) + a.per_packet - 1) // a.per_packet
    cache = {}

    def law(act, lid, side):
        k = (act, lid, side)
        if k not in cache:
            if len(cache) > 8:
                cache.clear()
            cache[k] = Law(os.path.join(a.amend_dir, act, lid, side + ".xml"), lid)
        return cache[k]
    for pi in range(npk):
        chunk = sel[pi * a.per_packet:(pi + 1) * a.per_packet]
        with open(os.path.join(a.out, "packet-%02d.md" % (pi + 1)), "w", encoding="utf-8") as fh:
            fh.write("# Amendment pairs, packet %02d of %02d (%d pairs)\n\n" % (pi + 1, npk, len(chunk)))
            fh.write("Label every pair into labels-%02d.tsv with rules/analog/tests/review/RUBRIC.md §8 (analog "
                     "types the amendment removed).\n\n" % (pi + 1))
            for rec in chunk:
                b, v = rec["_b"], rec["_v"]
                fh.write("---\n\n## %s\n\n" % rec["id"])
                fh.write("**改正法 / amending act**: %s　**法令 / law**: %s %s　**kind**: %s\n\n" % (
                    rec["act"], rec["law_title"], rec["law_id"], rec["kind"]))
                lb = law(rec["act"], rec["law_id"], "before")
                la = law(rec["act"], rec["law_id"], "after")
                if b is not None:
                    fh.write("**改正前 / before** (%s):\n\n> %s\n\n" % (lb.citation(b.provision, b.article, b.paragraph, b.item), b.text))
                else:
                    fh.write("**改正前 / before**: (no such sentence: added)\n\n")
                if v is not None:
                    fh.write("**改正後 / after** (%s):\n\n> %s\n\n" % (la.citation(v.provision, v.article, v.paragraph, v.item), v.text))
                else:
                    fh.write("**改正後 / after**: (deleted)\n\n")
                if b is not None:
                    fh.write("**改正前の条 / article before** (【】 = the sentence):\n\n```text\n%s\n```\n\n"
                             % clip(lb.render_article(b.provision, b.article, b), 2500))
                if v is not None:
                    fh.write("**改正後の条 / article after** (【】 = the sentence):\n\n```text\n%s\n```\n\n"
                             % clip(la.render_article(v.provision, v.article, v), 2500))
        with open(os.path.join(a.out, "labels-%02d.tsv" % (pi + 1)), "w", encoding="utf-8") as fh:
            fh.write("id\ttypes_removed\tdebatable\treason\n")
            for rec in chunk:
                fh.write("%s\t\t\t\n" % rec["id"])
    per_act = collections.Counter((rec["act"], rec["kind"]) for rec in records)
    per_act_tbl = "\n".join("| %s | %d | %d | %d | %d |" % (
        act, per_act[(act, "modified")], per_act[(act, "deleted")], per_act[(act, "added")],
        sum(1 for rec in sel if rec["act"] == act)) for act in acts)
    with open(os.path.join(a.out, "README.md"), "w", encoding="utf-8") as fh:
        fh.write(README.format(n=n, note=note, npk=npk, per=a.per_packet, table=per_act_tbl,
                               laws=stats["laws_aligned"], nolaws=stats["laws_without_before_or_after"],
                               cite=stats["dropped_citation_only"], sel=len(sel)))
    print("amend-sample: %d laws aligned, %d pairs (%d modified, %d deleted, %d added), %d citation-only dropped; "
          "%d in %d packets" % (stats["laws_aligned"], n, stats["modified"], stats["deleted"], stats["added"],
                                 stats["dropped_citation_only"], len(sel), npk), file=sys.stderr)


README = """# The legislature's labels: sentences changed by six digital-reform acts

Made by `python3 scripts/amend-sample.py AMEND_DIR rules/analog/tests/review/amend` from
`digital-reform-amendments` (../shared/data/README.md); the alignment rule is in the script's docstring.

- {laws} laws have a before and an after text and were aligned ({nolaws} manifest rows lack one side).
- {cite} changed pairs were dropped as citation-only (renumbering, changed references, law numbers).
- **{n} changed pairs** remain (pairs.tsv); {note}. {sel} pairs in {npk} packets of up to {per}.

| act | modified | deleted | added | in packets |
|---|---|---|---|---|
{table}

## For a blind reader

Read only `rules/analog/tests/review/RUBRIC.md` (§8 is this task; §2-§6 define the types), `../shared/domain/`
and your packet(s) `packet-NN.md`. Do not open `pairs.tsv`, `rules/` (other than RUBRIC.md), `docs/` or any shinsa
output. For each pair fill `labels-NN.tsv`: `types_removed` = the type ids whose analog duty the amendment removed
or gave a digital alternative to (`-` = not an analog change), `debatable` (`y` or `-`), `reason` (one line).

## Scoring (once, with a named commit)

```sh
build/shinsa check -f json --fail-on none AMEND_DIR > /tmp/amend.json
python3 scripts/amend-eval.py rules/analog/tests/review/amend /tmp/amend.json --commit $(git rev-parse --short HEAD)
```
"""

if __name__ == "__main__":
    main()
