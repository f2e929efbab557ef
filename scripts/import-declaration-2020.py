#!/usr/bin/env python3
"""Extract the measures of the 2020 declaration (世界最先端デジタル国家創造宣言・官民データ活用推進基本計画,
閣議決定 2020-07-17, 第2部 II 施策集) from its Markdown text into a `kind: measures` YAML document.

Usage: scripts/import-declaration-2020.py SOURCE.md [-o OUT.yaml]

Each measure opens with a header 「○[No. X-Y] 題名」 (variants: 【No. X-Y】, full-width dash, `**…**` with the
分野 on the same line), then the 分野 line, the bullets (→ summary, one 「・」 line each) and the two KPI slots
「KPI（進捗）：」「KPI（効果）：」 (half-width variants too) → kpi.progress / kpi.effect, one entry per line; a
line whose brackets are still open continues the previous entry (page breaks split 「（令和2年」/「度930TB)」).
A bare 「-」 slot is empty; 「未設定（…）」 is kept as written. 「（KPIについては…）」 goes to notes.
Python 3 standard library only; the output is deterministic.
"""
import argparse
import json
import re
import sys
from collections import Counter

TITLE = "世界最先端デジタル国家創造宣言・官民データ活用推進基本計画"
DATE = "2020-07-17"  # 〔令和2年7月17日 閣議決定〕, stated at the top of the source

HEADER = re.compile(r"^(?:#+\s*)?(?:\*\*)?○\s*[\[【]\s*No\.\s*(\d+)\s*[-－]\s*(\d+)\s*[\]】]\s*(.*)$")
KPI = re.compile(r"^(?:-\s*)?KPI\s*[（(]\s*(進捗|効果)\s*[）)]\s*[：:]\s*(.*)$")
END = re.compile(r"^#+\s*索引")
TAG = re.compile(r"<[^>]+>")
SUP = re.compile(r"<sup>.*?</sup>")


def clean(s):
    s = SUP.sub("", s)
    s = TAG.sub("", s)
    s = s.replace("**", "")
    return re.sub(r"[ \t\u3000]+", " ", s).strip()


def strip_bullet(s):
    s = s.strip()
    while True:
        t = re.sub(r"^(?:-\s+|・\s*)", "", s)
        if t == s:
            return s
        s = t


def open_brackets(s):
    return (s.count("（") + s.count("(")) - (s.count("）") + s.count(")"))


def read_blocks(lines):
    """Split the source into measure blocks: (line number, header match, following lines)."""
    blocks, cur = [], None
    for i, line in enumerate(lines, 1):
        if END.match(line):
            break
        m = HEADER.match(line.strip())
        if m:
            cur = (i, m, [])
            blocks.append(cur)
        elif cur is not None:
            cur[2].append(line.rstrip("\n"))
    return blocks


def first_text_line(body):
    for line in body:
        s = clean(line)
        if s and s != "---" and not line.lstrip().startswith("#"):
            return s
    return None


def parse_measure(m, body, fields):
    group, num, rest = m.group(1), m.group(2), m.group(3)
    title, tags = rest, []
    if rest.count("**") >= 1 and "**" in rest:
        head, _, after = rest.partition("**")
        title = head
        if clean(after):
            tags.append(clean(after))
    title = clean(title)
    bullets, kpi, notes = [], {"progress": [], "effect": []}, []
    slot = None
    seen_bullet = False
    for raw in body:
        line = raw.strip()
        if not line or line == "---":
            continue
        if line.startswith("#"):
            # a heading before the bullets continues a title split by the layout (「…の」/「#### 実現」);
            # after them it opens the next section (「## II-(2) …」, 「これまでの主な取組等」): the measure ends
            if not seen_bullet and slot is None:
                title += clean(line.lstrip("#"))
                continue
            break
        k = KPI.match(line)
        if k:
            slot = "progress" if k.group(1) == "進捗" else "effect"
            first = clean(k.group(2))
            if first:
                kpi[slot].append([first])
            else:
                kpi[slot].append([])
            continue
        text = clean(line)
        if not text:
            continue
        if slot is not None:
            if kpi[slot]:
                kpi[slot][-1].append(text)
            else:
                kpi[slot].append([text])
            continue
        if line.startswith("-"):
            bullets.append(strip_bullet(text))
            seen_bullet = True
        elif not seen_bullet and not tags and text in fields:
            tags.append(text)
        elif not seen_bullet:
            title += text
        elif bullets:
            bullets[-1] += text        # a sentence split by a page break
    out = {"id": f"{group}-{num}", "title": title}
    if bullets:
        out["summary"] = "\n".join("・" + b for b in bullets if b)
    if tags:
        out["tags"] = tags
    kpis = {}
    for name in ("progress", "effect"):
        entries = []
        for chunk in kpi[name]:
            cur = None
            for piece in chunk:
                piece = strip_bullet(piece)
                if not piece:
                    continue
                if piece.startswith("（KPIについては") or piece.startswith("(KPIについては"):
                    notes.append(piece)
                    continue
                if cur is not None and open_brackets(cur) > 0:
                    cur += piece
                else:
                    if cur is not None:
                        entries.append(cur)
                    cur = piece
            if cur is not None:
                entries.append(cur)
        entries = [e for e in entries if e not in ("-", "－", "—", "―")]
        if entries:
            kpis[name] = entries
    if kpis:
        out["kpi"] = kpis
    if notes:
        out["notes"] = notes
    return out


def q(s):
    return json.dumps(s, ensure_ascii=False)


def emit(measures, src):
    w = [
        "# 世界最先端デジタル国家創造宣言・官民データ活用推進基本計画 (2020), 第2部 II 施策集.",
        f"# Generated by scripts/import-declaration-2020.py from {src}; do not edit by hand.",
        "shinsa: 1",
        "kind: measures",
        "source:",
        f"  title: {q(TITLE)}",
        f"  date: {DATE}",
        "measures:",
    ]
    for m in measures:
        w.append(f"- id: {q(m['id'])}")
        w.append(f"  title: {q(m['title'])}")
        if "summary" in m:
            w.append(f"  summary: {q(m['summary'])}")
        if "tags" in m:
            w.append("  tags: [" + ", ".join(q(t) for t in m["tags"]) + "]")
        if "kpi" in m:
            w.append("  kpi:")
            for name in ("progress", "effect"):
                if name in m["kpi"]:
                    w.append(f"    {name}:")
                    w.extend(f"    - {q(e)}" for e in m["kpi"][name])
        if "notes" in m:
            w.append("  notes:")
            w.extend(f"  - {q(n)}" for n in m["notes"])
    return "\n".join(w) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("-o", "--output")
    ap.add_argument("--name", help="source name written in the header comment (default: the file name)")
    a = ap.parse_args()
    with open(a.source, encoding="utf-8") as f:
        lines = f.readlines()
    blocks = read_blocks(lines)
    # 分野 values: the first text line after a header, when it recurs (電子行政, 分野横断, インフラ, …)
    firsts = Counter(first_text_line(b) for _, _, b in blocks)
    fields = {t for t, n in firsts.items() if t and n >= 2 and len(t) <= 15 and "。" not in t}
    measures = [parse_measure(m, body, fields) for _, m, body in blocks]
    text = emit(measures, a.name or a.source.replace("\\", "/").split("/")[-1])
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(f"{len(measures)} measures", file=sys.stderr)


if __name__ == "__main__":
    main()
