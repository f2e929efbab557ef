"""Tests of scripts/silent-audit.py: the construction labels, and a whole run on a three-sentence law.

Run: python3 -m unittest discover -s tests/scripts (ctest: scripts/review). Standard library only. The whole run
needs the shinsa binary (SHINSA_BIN, else build/shinsa) and is skipped without it.
"""
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
SCRIPT = os.path.join(ROOT, "scripts", "silent-audit.py")


def load():
    spec = importlib.util.spec_from_file_location("silent_audit", SCRIPT)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


# Sentences from the archive: 宅地建物取引業法 第五十条第一項 (a posting duty that fires), a 立入検査 identity-card
# clause (金融商品取引法 第十条第二項 and many others), 消防法 第二十一条第二項 (a marker on a water source: quiet by
# design, construction "other").
LAW = """<?xml version="1.0" encoding="UTF-8"?>
<Law Era="Reiwa" Lang="ja" LawType="Act" Num="1" Year="01"><LawNum>令和元年法律第一号</LawNum><LawBody>
<LawTitle>試験法</LawTitle><MainProvision>
<Article Num="1"><ArticleTitle>第一条</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence>
<Sentence Num="1">宅地建物取引業者は、事務所ごとに、公衆の見やすい場所に、国土交通省令で定める標識を掲げなければならない。</Sentence>
</ParagraphSentence></Paragraph></Article>
<Article Num="2"><ArticleTitle>第二条</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence>
<Sentence Num="1">前項の規定により立入検査をする職員は、その身分を示す証明書を携帯し、関係者に提示しなければならない。</Sentence>
</ParagraphSentence></Paragraph></Article>
<Article Num="3"><ArticleTitle>第三条</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence>
<Sentence Num="1">消防長又は消防署長は、前項の規定により指定をした消防水利には、総務省令で定めるところにより、標識を掲げなければならない。</Sentence>
</ParagraphSentence></Paragraph></Article>
</MainProvision></LawBody></Law>
"""


class Construction(unittest.TestCase):
    def setUp(self):
        self.m = load()

    def label(self, text, trigger, typ):
        i = text.index(trigger)
        return self.m.construction(text, i, i + len(trigger), typ)

    def test_labels(self):
        self.assertEqual(self.label("前項の規定により立入検査をする職員は、その身分を示す証明書を携帯し、関係者に提示しなければ"
                                    "ならない。", "立入検査", "on-site-audit"), "identity card")
        self.assertEqual(self.label("女子の身体について捜索をするときは、成年の女子を立ち会わせなければならない。", "立ち会わ",
                                    "in-person-appearance"), "witness to a compulsory measure or lottery")
        self.assertEqual(self.label("人権擁護委員協議会は、定期的に、又は必要に応じて、その業績を当該都道府県人権擁護委員連合会に"
                                    "報告しなければならない。", "定期的に", "periodic-inspection"),
                         "periodic report or survey, no inspection")
        self.assertEqual(self.label("前項の規定は、第三条の届出について準用する。", "届出", "paper-document"),
                         "application/re-reading")
        self.assertEqual(self.label("会議録が書面をもつて作成されているときは、議長がこれに署名しなければならない。", "書面をもつて",
                                    "paper-document"), "condition")


class WholeRun(unittest.TestCase):
    def test_lists_the_silent_sentences_only(self):
        binary = os.environ.get("SHINSA_BIN") or os.path.join(ROOT, "build", "shinsa")
        if not os.access(binary, os.X_OK):
            self.skipTest("no shinsa binary at " + binary)
        with tempfile.TemporaryDirectory() as d:
            law_dir = os.path.join(d, "laws", "501", "501AC0000000001")
            os.makedirs(law_dir)
            with open(os.path.join(law_dir, "current.xml"), "w", encoding="utf-8") as f:
                f.write(LAW)
            out = os.path.join(d, "silent.tsv")
            proc = subprocess.run([sys.executable, SCRIPT, os.path.join(d, "laws"), "--shinsa", binary, "--out", out],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
            self.assertEqual(proc.returncode, 0, proc.stderr.decode("utf-8", "replace"))
            summary = proc.stdout.decode("utf-8")
            self.assertIn("3 (sentence, type) pairs with a strong trigger and a duty marker; 2 silent", summary)
            with open(out, encoding="utf-8") as f:
                rows = [line.rstrip("\n").split("\t") for line in f][1:]
        got = sorted((r[2], r[3], r[4]) for r in rows)
        self.assertEqual(got, [("on-site-audit", "identity card", "立入検査"),
                               ("physical-posting", "other", "標識を掲げ")])


if __name__ == "__main__":
    unittest.main()
