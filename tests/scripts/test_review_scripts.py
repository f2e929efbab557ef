"""Tests of the measuring scripts' law reading, reference resolution, triggers and amendment alignment.

Run: python3 -m unittest discover -s tests/scripts (ctest: scripts/review). Standard library only.
"""
import importlib.util
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "..", "scripts")
sys.path.insert(0, SCRIPTS)
import review_lib  # noqa: E402


def load(name):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(SCRIPTS, name))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


LAW = """<?xml version="1.0" encoding="UTF-8"?>
<Law Era="Reiwa" Lang="ja" LawType="Act" Num="1" Year="01"><LawNum>令和元年法律第一号</LawNum><LawBody>
<LawTitle>試験法</LawTitle><MainProvision>
<Article Num="1"><ArticleTitle>第一条</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence>
<Sentence Num="1">この法律は、試験のための法律である。</Sentence></ParagraphSentence></Paragraph></Article>
<Article Num="2"><ArticleCaption>（書面の交付）</ArticleCaption><ArticleTitle>第二条</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence Num="1">事業者は、書面を交付しなければならない。</Sentence>
<Sentence Num="2" Function="proviso">ただし、第三条第二項の場合は、この限りでない。</Sentence></ParagraphSentence>
<Item Num="1"><ItemTitle>一</ItemTitle><ItemSentence><Sentence Num="1">氏名</Sentence></ItemSentence>
<Subitem1 Num="2"><Subitem1Title>ロ</Subitem1Title><Subitem1Sentence><Sentence Num="1">住所<Ruby>蹟<Rt>あと</Rt></Ruby></Sentence></Subitem1Sentence></Subitem1></Item>
</Paragraph>
<Paragraph Num="2"><ParagraphNum>２</ParagraphNum><ParagraphSentence><Sentence Num="1">前項の書面は、地方自治法（昭和二十二年法律第六十七号）第九条の規定による。</Sentence></ParagraphSentence></Paragraph>
</Article>
<Article Num="3"><ArticleTitle>第三条</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence>
<Sentence Num="1">前条の規定は、通知について準用する。</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="2"><ParagraphNum>２</ParagraphNum><ParagraphSentence>
<Sentence Num="1">前項の書面の交付に代えて、電磁的方法により提供することができる。</Sentence></ParagraphSentence></Paragraph></Article>
</MainProvision>
<SupplProvision><Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>この法律は、公布の日から施行する。</Sentence></ParagraphSentence></Paragraph></SupplProvision>
<SupplProvision AmendLawNum="令和二年法律第五号"><Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>この法律は、令和三年から施行する。</Sentence></ParagraphSentence></Paragraph></SupplProvision>
</LawBody></Law>
"""


class Tmp:
    def __init__(self, text):
        self.d = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.d.name, "401AC0000000001.xml")
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write(text)


class ReviewLib(unittest.TestCase):
    def setUp(self):
        self.tmp = Tmp(LAW)
        self.addCleanup(self.tmp.d.cleanup)
        self.law = review_lib.Law(self.tmp.path, "401AC0000000001")

    def test_kanji(self):
        self.assertEqual(review_lib.kanji_int("二百三十四"), 234)
        self.assertEqual(review_lib.kanji_int("千九"), 1009)
        self.assertEqual(review_lib.art_num("十七", "の三の三"), "17_3_3")

    def test_addresses_as_shinsa(self):
        keys = [u.key() for u in self.law.units]
        self.assertIn("401AC0000000001#main:2:1::2", keys)          # the proviso is sentence 2
        self.assertIn("401AC0000000001#main:2:1:1/2:1", keys)        # 第一号ロ
        self.assertIn("401AC0000000001#suppl::1::1", keys)
        self.assertIn("401AC0000000001#suppl:令和二年法律第五号::1::1", keys)
        u = self.law.unit_index["401AC0000000001#main:2:1:1/2:1"]
        self.assertEqual(u.text, "住所蹟")                              # ruby reading dropped
        self.assertEqual(self.law.unit_index["401AC0000000001#main:2:1::2"].function, "proviso")

    def test_citation(self):
        self.assertEqual(self.law.citation("main", "2", "1", "1/2"), "第二条第一項第一号ロ")
        self.assertEqual(review_lib.int_kanji(1009), "千九")
        self.assertEqual(review_lib.num_kanji("4_2"), "四の二")

    def test_cited_and_applying(self):
        u = self.law.unit_index["401AC0000000001#main:2:1::1"]
        texts = [t for t, _ in review_lib.own_sentences(self.law.paras[("main", "2", "1")])]
        self.assertEqual(self.law.cited(u, texts), [("main", "3", "2")])
        # 第九条 of another law (after its law number) is not resolved in this law; 前項 is in the article
        u2 = self.law.unit_index["401AC0000000001#main:2:2::1"]
        self.assertEqual(self.law.cited(u2, [u2.text]), [])
        self.assertEqual(self.law.applying(u), [("main", "3", "1")])

    def test_context_block_marks_clause(self):
        u = self.law.unit_index["401AC0000000001#main:2:1::1"]
        md = review_lib.context_block(self.law, u)
        self.assertIn("【事業者は、書面を交付しなければならない。】", md)
        self.assertIn("電磁的方法により提供することができる", md)     # the cited 第三条第二項
        self.assertIn("前条の規定は、通知について準用する", md)         # the applying provision


class Triggers(unittest.TestCase):
    def test_trigger_types(self):
        rs = load("review-sample.py")
        self.assertEqual(rs.trigger_types("三年ごとに、登録検査機関が行う検査を受けなければならない。"),
                         ["periodic-inspection"])
        self.assertIn("resident-exclusive", rs.trigger_types("営業所ごとに、管理者を置かなければならない。"))
        self.assertEqual(rs.trigger_types("この法律は、公布の日から施行する。"), [])

    def test_duty_marker(self):
        rs = load("review-sample.py")
        self.assertTrue(rs.DUTY_RE.search("書面を交付しなければならない。"))
        self.assertTrue(rs.DUTY_RE.search("登録簿は、一般の閲覧に供するものとする。"))
        self.assertFalse(rs.DUTY_RE.search("書面の交付を求めることができる。"))


class Amend(unittest.TestCase):
    def test_alignment_and_citation_only(self):
        am = load("amend-sample.py")
        after_text = LAW.replace("事業者は、書面を交付しなければならない。", "事業者は、書面又は電磁的記録を交付しなければならない。") \
            .replace("前条の規定は、通知について準用する。", "第二条の規定は、通知について準用する。") \
            .replace('<SupplProvision AmendLawNum="令和二年法律第五号">',
                     '<SupplProvision AmendLawNum="令和三年法律第九号"><Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>新しい附則。</Sentence></ParagraphSentence></Paragraph></SupplProvision><SupplProvision AmendLawNum="令和二年法律第五号">')
        b, a = Tmp(LAW), Tmp(after_text)
        self.addCleanup(b.d.cleanup)
        self.addCleanup(a.d.cleanup)
        before = review_lib.Law(b.path, "401AC0000000001")
        after = review_lib.Law(a.path, "401AC0000000001")
        pairs = am.align(before, after)
        self.assertEqual(len(pairs), 2)        # the new 附則 block is left out
        changed = [(p.text, q.text) for p, q in pairs]
        self.assertIn(("事業者は、書面を交付しなければならない。", "事業者は、書面又は電磁的記録を交付しなければならない。"),
                      changed)
        cite = [(p, q) for p, q in pairs if am.norm_cite(p.text) == am.norm_cite(q.text)]
        self.assertEqual([p.text for p, _ in cite], ["前条の規定は、通知について準用する。"])


if __name__ == "__main__":
    unittest.main()
