#!/usr/bin/env python3
"""Generate a statute archive for the shard tests: tests/shard/gen-archive.py OUT [LAWS]

The shared e-Gov archive is not in the repository, so the shard test builds one of the same shape from what is:
the articles of the rule packs' law fixtures (rules/*/tests/*.yaml, real sentences of the statutes, most of them
made to fire a rule) are dealt out, with a fixed seed, into LAWS (default 240) e-Gov XML laws laid out as the
archive is (OUT/laws/<LawID[:3]>/<LawID>/current.xml), some of them ministerial ordinances; beside them a few
plain 条文 texts, the packs' measure fixtures (施策集 YAML), a YAML file that is not a shinsa document (skipped)
and a README (not read). The same seed gives the same bytes on any machine.
"""
import glob
import os
import random
import sys
from xml.sax.saxutils import escape, quoteattr

import yaml

DIGITS = "〇一二三四五六七八九"


def kanji(n):
    """1..9999 as a kanji numeral (第百二十三条)."""
    out = ""
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else DIGITS[q]) + name
    return out + (DIGITS[n] if n else "")


def full_width(n):
    return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def sentences_of(node):
    out = []
    for s in node.get("sentences") or []:
        out.append(s if isinstance(s, str) else s.get("text", ""))
    return [s for s in out if s]


def article_xml(num, art):
    caption = art.get("caption")
    lines = [f'      <Article Num="{num}">']
    if caption:
        lines.append(f"        <ArticleCaption>{escape(caption)}</ArticleCaption>")
    lines.append(f"        <ArticleTitle>第{kanji(num)}条</ArticleTitle>")
    for p_i, para in enumerate(art.get("paragraphs") or [], 1):
        lines.append(f'        <Paragraph Num="{p_i}">')
        lines.append(f"          <ParagraphNum>{full_width(p_i) if p_i > 1 else ''}</ParagraphNum>")
        lines.append("          <ParagraphSentence>")
        for s_i, s in enumerate(sentences_of(para) or ["（略）"], 1):
            lines.append(f'            <Sentence Num="{s_i}" WritingMode="vertical">{escape(s)}</Sentence>')
        lines.append("          </ParagraphSentence>")
        for i_i, item in enumerate(para.get("items") or [], 1):
            lines.append(f'          <Item Num="{i_i}">')
            lines.append(f"            <ItemTitle>{kanji(i_i)}</ItemTitle>")
            lines.append("            <ItemSentence>")
            for s_i, s in enumerate(sentences_of(item) or ["（略）"], 1):
                lines.append(f'              <Sentence Num="{s_i}" WritingMode="vertical">{escape(s)}</Sentence>')
            lines.append("            </ItemSentence>")
            lines.append("          </Item>")
        lines.append("        </Paragraph>")
    lines.append("      </Article>")
    return "\n".join(lines)


MINISTRIES = ["厚生労働省", "国土交通省", "経済産業省", "総務省", "農林水産省", "環境省"]


def law_xml(law_id, title, law_num, law_type, year, num, articles):
    body = "\n".join(article_xml(i, a) for i, a in enumerate(articles, 1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<Law Lang="ja" Era="Reiwa" Year="{year:02d}" Num="{num:03d}" LawType="{law_type}">'
        f"<LawNum>{escape(law_num)}</LawNum>\n  <LawBody>\n"
        f"    <LawTitle Kana={quoteattr('')}>{escape(title)}</LawTitle>\n    <MainProvision>\n{body}\n"
        "    </MainProvision>\n  </LawBody>\n</Law>\n"
    )


def main():
    out = sys.argv[1]
    n_laws = int(sys.argv[2]) if len(sys.argv) > 2 else 240
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    articles, measures = [], []
    for path in sorted(glob.glob(os.path.join(root, "rules", "*", "tests", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, dict):
            continue
        if doc.get("kind") == "law":
            articles += [a for a in doc.get("provisions") or [] if a.get("paragraphs")]
        elif doc.get("kind") == "measures":
            measures.append(path)
    if len(articles) < 100:
        sys.exit(f"gen-archive: only {len(articles)} articles in the fixtures")
    rng = random.Random(20261203)
    laws = os.path.join(out, "laws")
    for k in range(n_laws):
        year, num = 1 + k % 7, 1 + k
        ordinance = k % 5 == 4
        ministry = MINISTRIES[k % len(MINISTRIES)]
        if ordinance:   # a ministerial ordinance: its ministry is in its 法令番号
            law_id = f"50{year}M600{k % 6:02d}000{num:03d}"
            law_num = f"令和{kanji(year)}年{ministry}令第{kanji(num)}号"
            title = f"見本法施行規則第{kanji(num)}号"
            law_type = "MinisterialOrdinance"
        else:
            law_id = f"50{year}AC0000000{num:03d}"
            law_num = f"令和{kanji(year)}年法律第{kanji(num)}号"
            title = f"見本法第{kanji(num)}号"
            law_type = "Act"
        chosen = [rng.choice(articles) for _ in range(rng.randint(4, 30))]
        folder = os.path.join(laws, law_id[:3], law_id)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "current.xml"), "w", encoding="utf-8") as f:
            f.write(law_xml(law_id, title, law_num, law_type, year, num, chosen))
    drafts = os.path.join(out, "drafts")
    os.makedirs(drafts, exist_ok=True)
    for k in range(12):   # plain 条文 drafts
        chosen = [rng.choice(articles) for _ in range(rng.randint(2, 8))]
        lines = []
        for i, a in enumerate(chosen, 1):
            text = "".join(sentences_of((a.get("paragraphs") or [{}])[0]))
            lines.append(f"第{kanji(i)}条　{text}")
        with open(os.path.join(drafts, f"jorei-{k:02d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    plans = os.path.join(out, "plans")
    os.makedirs(plans, exist_ok=True)
    for path in measures:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(plans, os.path.basename(path)), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(plans, "settings.yaml"), "w", encoding="utf-8") as f:
        f.write("name: not a shinsa document\n")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write("generated by tests/shard/gen-archive.py\n")


if __name__ == "__main__":
    main()
