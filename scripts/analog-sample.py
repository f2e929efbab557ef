#!/usr/bin/env python3
"""Draw the labelled development set of the analog pack from the e-Gov corpus (stdlib only).

    analog-sample.py sample CORPUS_DIR [N [EARLIER_TSV...]] > drawN.tsv
        Reads CORPUS_DIR/*/*/current.xml (MainProvision only; sentences of 項, ParagraphSentence), and draws
        sentences with the fixed seed of draw N (default 1; see draw_config), stratified: for every analog type of
        docs/design.md candidate positives (sentences holding that type's trigger words), for every known trap
        (penalties, 準用, definitions, ...) candidate false positives, and random sentences; none of the sentences
        of EARLIER_TSV (the earlier draws). Output TSV columns:
        id, stratum, law_id, law_title, article, paragraph, sentence, caption, text.

    analog-sample.py laws CORPUS_DIR N
        Prints N laws of the corpus drawn at random (fixed seed), one path a line (for the findings sample).

    analog-sample.py findings REPORT.ndjson N OUT.tsv
        Draws N warning-level analog findings at random (fixed seed) from a `shinsa check -f ndjson` report
        into a TSV to read: id, rule, law id, citation, matched text, sentence.

    analog-sample.py build DIR
        DIR holds the labelled draws draw1.tsv, draw2.tsv, ... (the sample columns plus `labels`: space-separated
        analog type ids, or `-`). Writes DIR/tune.yaml from every draw but the newest and DIR/test.yaml from the
        newest: `kind: law` documents, one article per sentence, with `# expect:` for every positive type and
        `# expect-not:` for every negative type whose trigger words occur in the sentence.

The draw is deterministic for a given corpus (files and sentences are visited in sorted order).
"""
import glob
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

SEED = 20261123
PER_TYPE = 22        # candidate positives per trigger group
PER_TRAP = 8         # candidates per trap
RANDOM_N = 70        # plain random sentences

TYPES = [
    "visual-inspection", "on-site-audit", "periodic-inspection", "resident-exclusive", "in-person-training",
    "physical-posting", "in-person-viewing", "recording-media", "paper-document", "seal-signature",
    "in-person-appearance", "physical-delivery",
]

# Trigger words per type (domain notes §4); used for drawing candidates and for `# expect-not:` comments.
TRIGGERS = {
    "physical-posting": ["掲示", "標識", "掲げ"],
    "in-person-viewing": ["閲覧", "縦覧", "備え置", "備置", "備え付", "備付"],
    "on-site-audit": ["実地", "立入", "立ち入"],
    "periodic-inspection": ["定期", "点検", "検査"],
    "resident-exclusive": ["常駐", "専任", "常勤", "常時勤務", "兼ねて"],
    "in-person-training": ["講習", "研修"],
    "recording-media": ["磁気ディスク", "光ディスク", "フレキシブルディスク", "磁気テープ", "ＣＤ－ＲＯＭ"],
    "visual-inspection": ["目視", "巡視", "肉眼"],
    "seal-signature": ["押印", "署名", "印鑑", "記名"],
    "in-person-appearance": ["出頭", "対面", "立会", "立ち会"],
    "physical-delivery": ["郵送", "持参", "窓口", "郵便"],
    "paper-document": ["書面により", "書面で", "書面を", "書面の"],
}

# Trigger groups to draw from (the brief's list); each group is drawn separately.
GROUPS = {
    "posting": ["掲示", "標識"],
    "viewing": ["閲覧", "縦覧", "備え置", "備置"],
    "onsite": ["実地", "立入", "立ち入"],
    "periodic": ["定期", "点検", "検査"],
    "resident": ["常駐", "専任"],
    "training": ["講習", "研修"],
    "media": ["磁気ディスク", "光ディスク", "フレキシブルディスク", "磁気テープ"],
    "visual": ["目視", "巡視"],
    "seal": ["押印", "記名押印", "署名"],
    "appearance": ["出頭", "対面", "立会", "立ち会"],
    "delivery": ["郵送", "持参", "窓口"],
    "paper": ["書面により", "書面を"],
}
# Second draw for the types whose trigger words rarely sit in a duty (few positives in the first draw):
# sentences where the trigger and a duty marker are close. Drawn after the random sentences, so the first
# draw is unchanged.
BOOST_N = 10
BOOST = {
    "boost-training": "(講習|研修)[^。]{0,30}(受けなければ|受講しなければ|修了しなければ)",
    "boost-onsite": "(実地|立入検査|立ち入)[^。]{0,40}(行わなければ|しなければならない|ものとする)",
    "boost-periodic": "(定期|ごとに|毎年|毎月)[^。]{0,40}(検査|点検)[^。]{0,30}(なければならない|ものとする)",
    "boost-media": "(磁気ディスク|光ディスク|フレキシブルディスク|磁気テープ)[^。]{0,60}(提出|添付|提供|届出|報告)",
    "boost-delivery": "(郵送|持参|窓口|郵便により)[^。]{0,60}(なければならない|ものとする)",
    "boost-visual": "(目視|巡視|巡回)[^。]{0,60}(なければならない|ものとする)",
    "boost-posting": "(掲示|標識を掲げ)[^。]{0,40}(なければならない)",
}
DUTY = re.compile("(なければならない|ものとする|を要する|受けなければ)")

TRAPS = {
    "trap-list": lambda s: "次に掲げる" in s and any_trigger(s),
    "trap-penalty": lambda s: re.search("(しなかつた者|しなかった者|せず、又は|違反した者|に処する)", s) and any_trigger(s),
    "trap-junyo": lambda s: "準用" in s and any_trigger(s),
    "trap-definition": lambda s: re.search("この(法律|章|節)において「", s) and any_trigger(s),
    "trap-fukuhonbucho": lambda s: "副本部長" in s,
    "trap-joji-kinmu": lambda s: "常時勤務" in s,
    "trap-teiki-tsumikin": lambda s: "定期積金" in s,
    "trap-koshu-kikan": lambda s: "登録講習機関" in s,
    "trap-yubin-business": lambda s: re.search("郵便(事業|業務|物|局|窓口業務)", s) is not None,
    "trap-honpo-keiyu": lambda s: "本邦を経由して" in s,
    "trap-prohibition": lambda s: "してはならない" in s and any_trigger(s),
    "trap-digital": lambda s: re.search("(電磁的方法|自動公衆送信|電子情報処理組織|インターネット)", s) and any_trigger(s),
}


def any_trigger(s):
    return any(w in s for ws in TRIGGERS.values() for w in ws)


def read_law(path):
    """Yield (law_id, title, article, paragraph, sentence_num, caption, text) for MainProvision sentences."""
    law_id = os.path.basename(os.path.dirname(path))
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return
    title_el = root.find("LawBody/LawTitle")
    title = (title_el.text or "").strip() if title_el is not None else ""
    main = root.find("LawBody/MainProvision")
    if main is None:
        return
    for art in main.iter("Article"):
        cap_el = art.find("ArticleCaption")
        caption = "".join(cap_el.itertext()).strip() if cap_el is not None else ""
        for para in art.findall("Paragraph"):
            ps = para.find("ParagraphSentence")
            if ps is None:
                continue
            for sent in ps.findall("Sentence"):
                text = "".join(sent.itertext()).strip()
                if text:
                    yield (law_id, title, art.get("Num", ""), para.get("Num", ""), sent.get("Num", "1"),
                           caption, text)


# The draws, in order. Each later draw has a new seed, skips every sentence of the earlier draws and is labelled
# before any rule is run on it; the newest draw is the frozen test set, all earlier ones are the tuning set
# (each was the test set once, was measured once, and then used for tuning: docs/accuracy.md has every run).
FIRST_DRAW = dict(seed=SEED, per_type=PER_TYPE, duty_num=2, duty_den=3, per_trap=PER_TRAP, random_n=RANDOM_N,
                  boost_n=BOOST_N, prefix="s")


def draw_config(n):
    """The parameters of draw n: draw 1 as above; every later draw larger strata, its own seed (SEED + 100 × (n-1))
    and its own id prefix ("t" for draw 2, "u" for 3, ...)."""
    if n == 1:
        return FIRST_DRAW
    if not 2 <= n <= 8:
        sys.exit("抽出番号は 1 から 8 です (draw number must be 1..8): %d" % n)
    return dict(seed=SEED + 100 * (n - 1), per_type=34, duty_num=3, duty_den=4, per_trap=6, random_n=80, boost_n=8,
                prefix=chr(ord("s") + n - 1))


def read_ids(tsv):
    """(law_id, article, paragraph, sentence) of every row of a sample TSV: sentences a new draw must skip."""
    keys = set()
    with open(tsv, encoding="utf-8") as fh:
        head = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if line.strip():
                r = dict(zip(head, line.rstrip("\n").split("\t")))
                keys.add((r["law_id"], r["article"], r["paragraph"], r["sentence"]))
    return keys


def sample(corpus, draw=1, exclude=()):
    cfg = draw_config(draw)
    files = sorted(glob.glob(os.path.join(corpus, "*", "*", "current.xml")))
    if not files:
        sys.exit("コーパスがありません (no corpus laws under %s)" % corpus)
    pool = []
    for f in files:
        pool.extend(read_law(f))
    rng = random.Random(cfg["seed"])
    chosen = []
    seen = set()
    for x in exclude:
        seen |= read_ids(x)

    def take(stratum, cands, n):
        cands = [c for c in cands if (c[0], c[2], c[3], c[4]) not in seen and len(c[6]) <= 400]
        for c in rng.sample(cands, min(n, len(cands))):
            seen.add((c[0], c[2], c[3], c[4]))
            chosen.append((stratum,) + c)

    per, num, den = cfg["per_type"], cfg["duty_num"], cfg["duty_den"]
    for g, words in GROUPS.items():
        cands = [c for c in pool if any(w in c[6] for w in words)]
        # most with a duty marker (likely positives), the rest any occurrence
        duty = [c for c in cands if DUTY.search(c[6])]
        take("type-" + g, duty, per * num // den)
        take("type-" + g, cands, per - per * num // den)
    for t, pred in TRAPS.items():
        take(t, [c for c in pool if pred(c[6])], cfg["per_trap"])
    take("random", pool, cfg["random_n"])
    for b, pat in BOOST.items():
        rx = re.compile(pat)
        take(b, [c for c in pool if rx.search(c[6])], cfg["boost_n"])
    out = sys.stdout
    out.write("id\tstratum\tlaw_id\tlaw_title\tarticle\tparagraph\tsentence\tcaption\ttext\n")
    for i, c in enumerate(chosen, 1):
        out.write("\t".join([cfg["prefix"] + "%03d" % i] + [x.replace("\t", " ") for x in c]) + "\n")


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_labelled(tsv):
    """Rows of a labelled sample TSV (the sample columns plus `labels`), with `labs` = the sorted positive types."""
    rows = []
    with open(tsv, encoding="utf-8") as fh:
        head = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if line.strip():
                rows.append(dict(zip(head, line.rstrip("\n").split("\t"))))
    for r in rows:
        labs = [x for x in r.get("labels", "-").split() if x != "-"]
        bad = [x for x in labs if x not in TYPES]
        if bad:
            sys.exit("不明な類型です (unknown type) %s: %s" % (r["id"], bad))
        r["labs"] = sorted(labs)
    return rows


def write_fixture(rows, path, name, frozen):
    """One `kind: law` document, one article per sentence, with `# expect:` per positive type and
    `# expect-not:` per negative type whose trigger words occur in the sentence."""
    rows = sorted(rows, key=lambda r: r["id"])
    lines = [
        "# Labelled development set of the analog pack, %s set (see README.md in this folder)." % name,
        "# Generated by scripts/analog-sample.py build; labels by reading (docs/accuracy.md, labelling guide).",
    ]
    if frozen:
        lines.append("# FROZEN: never tune rules against this file; measure on it only.")
    lines += ["shinsa: 1", "kind: law",
              "law: {title: アナログ規制ラベル付き開発セット（%s）, type: Act}" % name, "provisions:"]
    for n, r in enumerate(rows, 1):
        t = r["text"]
        exp = ["# expect: analog.%s@warning" % x for x in r["labs"]]
        exp += ["# expect-not: analog.%s" % x for x in TYPES
                if x not in r["labs"] and any(w in t for w in TRIGGERS[x])]
        parts = r["article"].split("_")
        art = "第%s条%s" % (parts[0], "".join("の" + x for x in parts[1:]))
        lines.append("  # %s %s %s %s第%s項 文%s [%s]" % (r["id"], r["law_id"], r["law_title"], art,
                                                         r["paragraph"], r["sentence"], r["stratum"]))
        lines.append('  - article: "%d"' % n)
        if r["caption"]:
            lines.append("    caption: %s" % yq(r["caption"]))
        lines.append("    paragraphs:")
        lines.append("      - num: 1")
        lines.append("        sentences:")
        lines.append("          - %s%s" % (yq(t), ("  " + " ".join(exp)) if exp else ""))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("%s: %d sentences, %d positive labels" % (name, len(rows), sum(len(r["labs"]) for r in rows)))


def build(outdir):
    """tune.yaml from every draw but the newest (OUT_DIR/draw<N>.tsv), test.yaml from the newest (frozen)."""
    draws = sorted(glob.glob(os.path.join(outdir, "draw[0-9]*.tsv")),
                   key=lambda p: int(re.sub(r"\D", "", os.path.basename(p))))
    if len(draws) < 2:
        sys.exit("ラベル付きの抽出が二つ以上必要です (need at least two labelled draws) in %s" % outdir)
    tune = [r for p in draws[:-1] for r in read_labelled(p)]
    write_fixture(tune, os.path.join(outdir, "tune.yaml"), "tune", False)
    write_fixture(read_labelled(draws[-1]), os.path.join(outdir, "test.yaml"), "test", True)


def main(argv):
    if len(argv) >= 4 and argv[1] == "sample" and argv[3].isdigit():
        sample(argv[2], int(argv[3]), argv[4:])
    elif len(argv) == 3 and argv[1] == "sample":
        sample(argv[2])
    elif len(argv) == 4 and argv[1] == "laws":
        files = sorted(glob.glob(os.path.join(argv[2], "*", "*", "current.xml")))
        for f in sorted(random.Random(SEED + 2).sample(files, min(int(argv[3]), len(files)))):
            print(f)
    elif len(argv) == 5 and argv[1] == "findings":
        # a fixed-seed random sample of N warning-level analog findings from an ndjson report
        with open(argv[2], encoding="utf-8") as fh:
            import json
            rows = [json.loads(x) for x in fh if x.strip()]
        warn = [f for f in rows if f.get("rule", "").startswith("analog.") and f.get("severity") == "warning"]
        pick = random.Random(SEED + 3).sample(warn, min(int(argv[3]), len(warn)))
        with open(argv[4], "w", encoding="utf-8") as out:
            for i, f in enumerate(pick, 1):
                out.write("f%03d\t%s\t%s\t%s\t%s\t%s\n" % (i, f["rule"], os.path.basename(os.path.dirname(f["file"])),
                                                       f.get("citation", ""), (f.get("match") or {}).get("text", ""),
                                                       f.get("snippet", "")))
        print("%d warning-level analog findings, %d sampled" % (len(warn), len(pick)))
    elif len(argv) == 3 and argv[1] == "build":
        build(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
