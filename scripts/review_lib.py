"""Shared helpers of review-sample.py, review-eval.py and amend-sample.py / amend-eval.py (stdlib only).

Reads e-Gov 法令標準XML into units addressed as shinsa addresses them (docs/design.md, "Law address"):
provision (`main`, `suppl`, `suppl:<AmendLawNum>`), article, paragraph, item (sub-items joined by `/`),
sentence (1-based among the Sentence elements of the paragraph's or item's own text). Renders an article as
plain text for a reader, and resolves the cross-references a clause makes inside its own law (第X条第Y項第Z号,
前条, 次条, 前項, 次項, 前各項, 前N項, 同条, 同項, 第Y項, 前号, 次号, 第Z号, 附則第X条).

Reference resolution is a heuristic over the text, documented here because readers see its result:
- a reference preceded by a law name or number (…法, …令, …規則, 同法, or a closing parenthesis whose
  parenthesis holds a 法律第…号-style number) points into another law and is skipped;
- 第X条 without 附則 resolves in the provision the clause is in when it is a 附則 and that 附則 has the
  article, else in the main provision; 附則第X条 resolves in the original 附則;
- 同条 / 同項 take the article / paragraph last resolved in the same text.
"""
import re
import xml.etree.ElementTree as ET

TYPES = [
    "visual-inspection", "on-site-audit", "periodic-inspection", "resident-exclusive", "in-person-training",
    "physical-posting", "in-person-viewing", "recording-media", "paper-document", "seal-signature",
    "in-person-appearance", "physical-delivery",
]
TYPE_LABELS = {
    "visual-inspection": "目視", "on-site-audit": "実地監査", "periodic-inspection": "定期検査・定期点検",
    "resident-exclusive": "常駐・専任", "in-person-training": "対面講習", "physical-posting": "書面掲示",
    "in-person-viewing": "往訪閲覧・縦覧", "recording-media": "FD等記録媒体", "paper-document": "書面・原本",
    "seal-signature": "押印・署名", "in-person-appearance": "対面・出頭・立会い",
    "physical-delivery": "郵送・持参・窓口",
}

KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
KNUM = "[〇一二三四五六七八九十百千]+"


def kanji_int(s):
    total, cur = 0, 0
    for ch in s:
        if ch in KANJI_DIGITS:
            cur = cur * 10 + KANJI_DIGITS[ch] if cur else KANJI_DIGITS[ch]
        elif ch in KANJI_UNITS:
            total += (cur or 1) * KANJI_UNITS[ch]
            cur = 0
        else:
            raise ValueError(s)
    return total + cur


def int_kanji(n):
    """234 -> '二百三十四' (statute style: 十, not 一十)."""
    n = int(n)
    if n == 0:
        return "〇"
    digits = "〇一二三四五六七八九"
    out = ""
    for unit, ch in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit)
        if q:
            out += ("" if q == 1 else digits[q]) + ch
    return out + (digits[n] if n else "")


def num_kanji(num):
    """e-Gov Num '4_2' -> '四の二'; anything else unchanged."""
    try:
        return "の".join(int_kanji(x) for x in str(num).split("_"))
    except ValueError:
        return str(num)


IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"


def art_num(main, subs):
    """'三十七', 'の二の三' -> '37_2_3' (e-Gov Num)."""
    n = str(kanji_int(main))
    for sub in re.findall(KNUM, subs or ""):
        n += "_" + str(kanji_int(sub))
    return n


def text_of(el):
    """Character data inside el except Rt (ruby readings), as shinsa's loader reads it."""
    out = []

    def walk(e):
        if e.tag == "Rt":
            if e.tail:
                out.append(e.tail)
            return
        if e.text:
            out.append(e.text)
        for c in e:
            walk(c)
        if e is not el and e.tail:
            out.append(e.tail)
    walk(el)
    return "".join(out).strip()


SKIP_TAGS = {"Item", "Subitem1", "Subitem2", "Subitem3", "Subitem4", "Subitem5", "Subitem6", "ParagraphNum",
             "ParagraphCaption", "ItemTitle", "Subitem1Title", "Subitem2Title", "Subitem3Title",
             "Subitem4Title", "Subitem5Title", "Subitem6Title", "AmendProvision", "FigStruct", "StyleStruct"}
ITEM_TAGS = ["Item", "Subitem1", "Subitem2", "Subitem3", "Subitem4", "Subitem5", "Subitem6"]


def own_sentences(el):
    """The texts of the Sentence elements (and table cells) of a paragraph's or item's own text, in order."""
    out = []

    def walk(e):
        for c in e:
            if c.tag in SKIP_TAGS:
                continue
            if c.tag == "Sentence":
                out.append((text_of(c), c.get("Function") or "main"))
            elif c.tag == "TableColumn":
                t = text_of(c)
                if t:
                    out.append((t, "main"))
            else:
                walk(c)
    walk(el)
    return out


class Unit:
    __slots__ = ("law_id", "provision", "article", "paragraph", "item", "sentence", "text", "function",
                 "item_title")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def key(self):
        return addr_key(self.law_id, self.provision, self.article, self.paragraph, self.item, self.sentence)


def addr_key(law_id, provision, article, paragraph, item, sentence):
    f = lambda v: "" if v is None else str(v)
    return "%s#%s:%s:%s:%s:%s" % (f(law_id), f(provision), f(article), f(paragraph), f(item), f(sentence))


def finding_key(fd):
    a = fd.get("address") or {}
    return addr_key(a.get("law_id"), a.get("provision"), a.get("article"), a.get("paragraph"), a.get("item"),
                    a.get("sentence"))


class Law:
    """One law file: units in document order, and indexes to render articles and resolve references."""

    def __init__(self, path, law_id):
        self.path = path
        self.law_id = law_id
        self.root = ET.parse(path).getroot()
        t = self.root.find("LawBody/LawTitle")
        self.title = text_of(t) if t is not None else ""
        n = self.root.find("LawNum")
        self.num = text_of(n) if n is not None else ""
        self.units = []
        self.articles = {}      # (provision, article) -> Article element
        self.art_order = {}     # provision -> [article nums]
        self.paras = {}         # (provision, article, paragraph) -> Paragraph element
        self.unit_index = {}
        body = self.root.find("LawBody")
        if body is None:
            return
        for prov_el in body:
            if prov_el.tag == "MainProvision":
                prov = "main"
            elif prov_el.tag == "SupplProvision":
                aln = prov_el.get("AmendLawNum")
                prov = "suppl:" + aln if aln else "suppl"
            else:
                continue
            if prov in self.art_order:   # repeated label: keep the first, as addresses would collide
                continue
            self.art_order[prov] = []
            self._walk_prov(prov_el, prov)
        for u in self.units:
            self.unit_index[u.key()] = u

    def _walk_prov(self, el, prov):
        for c in el:
            if c.tag == "Article":
                num = c.get("Num")
                self.articles[(prov, num)] = c
                self.art_order[prov].append(num)
                for p in c.findall("Paragraph"):
                    self._para(p, prov, num)
            elif c.tag == "Paragraph":
                self._para(c, prov, None)
            elif c.tag in ("Part", "Chapter", "Section", "Subsection", "Division"):
                self._walk_prov(c, prov)

    def _para(self, p, prov, art):
        pn = p.get("Num")
        self.paras[(prov, art, pn)] = p
        for i, (t, fn) in enumerate(own_sentences(p), 1):
            if t:
                self.units.append(Unit(law_id=self.law_id, provision=prov, article=art, paragraph=pn, item=None,
                                       sentence=i, text=t, function=fn))
        for it in p.findall("Item"):
            self._item(it, prov, art, pn, it.get("Num"), 0)

    def _item(self, it, prov, art, pn, path, depth):
        title_el = it.find(ITEM_TAGS[depth] + "Title")
        title = text_of(title_el) if title_el is not None else ""
        for i, (t, fn) in enumerate(own_sentences(it), 1):
            if t:
                self.units.append(Unit(law_id=self.law_id, provision=prov, article=art, paragraph=pn, item=path,
                                       sentence=i, text=t, function=fn, item_title=title))
        if depth + 1 < len(ITEM_TAGS):
            for sub in it.findall(ITEM_TAGS[depth + 1]):
                self._item(sub, prov, art, pn, path + "/" + (sub.get("Num") or ""), depth + 1)

    # ---- rendering -------------------------------------------------------------------------------------
    def render_para(self, prov, art, pn, mark=None):
        """Plain text of one paragraph with its items; the unit `mark` (a Unit) is wrapped in 【】 and its line
        starts with ▶."""
        p = self.paras.get((prov, art, pn))
        if p is None:
            return ""
        lines = []
        label = "" if pn in (None, "1") else "%s　" % (text_of(p.find("ParagraphNum")) if p.find("ParagraphNum") is not None else pn)
        sents = own_sentences(p)
        body = "".join(self._m(t, mark, prov, art, pn, None, i) for i, (t, _) in enumerate(sents, 1))
        hit = mark is not None and mark.item is None and (mark.provision, mark.article, mark.paragraph) == (prov, art, pn)
        lines.append(("▶ " if hit else "  ") + label + body)
        for it in p.findall("Item"):
            self._render_item(it, prov, art, pn, it.get("Num"), 0, mark, lines)
        return "\n".join(lines)

    def _m(self, t, mark, prov, art, pn, item, i):
        if mark is not None and (mark.provision, mark.article, mark.paragraph, mark.item, mark.sentence) == \
                (prov, art, pn, item, i):
            return "【" + t + "】"
        return t

    def _render_item(self, it, prov, art, pn, path, depth, mark, lines):
        title_el = it.find(ITEM_TAGS[depth] + "Title")
        title = text_of(title_el) if title_el is not None else ""
        sents = own_sentences(it)
        body = "　".join(self._m(t, mark, prov, art, pn, path, i) for i, (t, _) in enumerate(sents, 1))
        hit = mark is not None and (mark.provision, mark.article, mark.paragraph, mark.item) == (prov, art, pn, path)
        lines.append(("▶ " if hit else "  ") + "    " * (depth + 1) + title + "　" + body)
        if depth + 1 < len(ITEM_TAGS):
            for sub in it.findall(ITEM_TAGS[depth + 1]):
                self._render_item(sub, prov, art, pn, path + "/" + (sub.get("Num") or ""), depth + 1, mark, lines)

    def render_article(self, prov, art, mark=None):
        if art is None:   # 項建て: the paragraph alone
            return self.render_para(prov, None, mark.paragraph if mark else "1", mark)
        a = self.articles.get((prov, art))
        if a is None:
            return ""
        cap = a.find("ArticleCaption")
        tit = a.find("ArticleTitle")
        head = (text_of(cap) + "\n" if cap is not None else "") + (text_of(tit) if tit is not None else "")
        paras = [self.render_para(prov, art, p.get("Num"), mark) for p in a.findall("Paragraph")]
        return head + "\n" + "\n".join(paras)

    def citation(self, prov, art, pn=None, item=None):
        s = "" if prov == "main" else ("附則" if prov == "suppl" else "附則（%s）" % prov[6:])
        a = self.articles.get((prov, art)) if art else None
        if a is not None and a.find("ArticleTitle") is not None:
            s += text_of(a.find("ArticleTitle"))
        elif art:
            s += "第%s条" % art
        if pn:
            s += "第%s項" % num_kanji(pn)
        if item:
            parts = item.split("/")
            s += "第%s号" % num_kanji(parts[0])
            if len(parts) > 1:
                try:
                    s += IROHA[int(parts[1]) - 1]
                except (ValueError, IndexError):
                    s += "（%s）" % parts[1]
            for sub in parts[2:]:
                s += "（%s）" % sub
        return s

    # ---- references ------------------------------------------------------------------------------------
    REF = re.compile(
        "(?P<suppl>附則)?第(?P<art>%s)条(?P<artsub>(?:の%s)*)(?:第(?P<p1>%s)項)?(?:第(?P<i1>%s)号)?"
        "|(?P<rel_art>前条|次条|同条)(?:第(?P<p2>%s)項)?(?:第(?P<i2>%s)号)?"
        "|(?P<rel_para>前各項|前(?P<pn_n>[二三四五六七八九])項|前項|次項|同項)(?:第(?P<i3>%s)号)?"
        "|第(?P<p4>%s)項(?:第(?P<i4>%s)号)?"
        "|(?P<rel_item>前号|次号|前各号)"
        "|第(?P<i5>%s)号" % ((KNUM,) * 10))
    EXTERNAL = re.compile("(法|令|規則|同法|条約|協定)$")

    def _is_external(self, text, start):
        pre = text[max(0, start - 40):start]
        if self.EXTERNAL.search(pre):
            return True
        if pre.endswith("）"):
            depth, j = 0, len(pre) - 1
            while j >= 0:
                if pre[j] == "）":
                    depth += 1
                elif pre[j] == "（":
                    depth -= 1
                    if depth == 0:
                        inner = pre[j:]
                        return re.search("第%s号" % KNUM, inner) is not None and re.search("(法律|政令|省令|規則)", inner) is not None
                j -= 1
        return False

    def cited(self, unit, texts):
        """References made in `texts` (the clause's paragraph sentences) resolved in this law, as a list of
        (prov, article, paragraph or None). References into the clause's own article are dropped (the reader
        sees the article)."""
        out = []
        prov, art, pn = unit.provision, unit.article, unit.paragraph
        last_art, last_para = art, pn
        order = self.art_order.get(prov, [])
        for text in texts:
            for m in self.REF.finditer(text):
                if self._is_external(text, m.start()):
                    continue
                g = m.groupdict()
                tgt = None
                try:
                    if g["art"]:
                        n = art_num(g["art"], g["artsub"])
                        p = "suppl" if g["suppl"] else (prov if prov != "main" and (prov, n) in self.articles else "main")
                        tp = str(kanji_int(g["p1"])) if g["p1"] else None
                        tgt = (p, n, tp)
                    elif g["rel_art"]:
                        if art is None or art not in order:
                            continue
                        k = order.index(art)
                        if g["rel_art"] == "前条":
                            n = order[k - 1] if k > 0 else None
                        elif g["rel_art"] == "次条":
                            n = order[k + 1] if k + 1 < len(order) else None
                        else:
                            n = last_art
                        if n is None:
                            continue
                        tgt = (prov, n, str(kanji_int(g["p2"])) if g["p2"] else None)
                    elif g["rel_para"]:
                        rp = g["rel_para"]
                        if rp == "同項":
                            tgt = (prov, last_art, last_para)
                        elif rp in ("前各項",) or g["pn_n"]:
                            continue   # earlier paragraphs of the same article: in the article text
                        elif rp == "前項":
                            tgt = (prov, last_art, str(int(pn) - 1) if pn and pn.isdigit() else None)
                        else:
                            tgt = (prov, last_art, str(int(pn) + 1) if pn and pn.isdigit() else None)
                    elif g["p4"]:
                        tgt = (prov, last_art, str(kanji_int(g["p4"])))
                    else:
                        continue       # items of the same paragraph: in the article text
                except ValueError:
                    continue
                if tgt is None:
                    continue
                last_art = tgt[1]
                if tgt[2]:
                    last_para = tgt[2]
                if tgt[1] == art and tgt[0] == prov:
                    continue
                if (tgt[0], tgt[1]) not in self.articles:
                    continue
                if tgt not in out:
                    out.append(tgt)
        return out

    def applying(self, unit, limit=3):
        """Paragraphs elsewhere in the law that apply (準用) or read-replace (読み替え) the clause's article:
        their text names 第N条 of the clause's article (same provision) together with 準用 or 読み替え."""
        if unit.article is None:
            return []
        out = []
        for u in self.units:
            if u.article == unit.article and u.provision == unit.provision:
                continue
            if "準用" not in u.text and "読み替え" not in u.text:
                continue
            for tgt in self.cited(u, [u.text]):
                if tgt[0] == unit.provision and tgt[1] == unit.article and (tgt[2] in (None, unit.paragraph)):
                    k = (u.provision, u.article, u.paragraph)
                    if k not in out:
                        out.append(k)
                    break
            if len(out) >= limit:
                break
        return out


def clip(s, n):
    return s if len(s) <= n else s[:n] + "\n  …（以下略: %d 字省略 / %d chars omitted）" % (len(s) - n, len(s) - n)


def context_block(law, unit, art_cap=6000, cite_cap=2500, max_cited=6, max_applying=3):
    """Markdown for one item: the clause, its article, the provisions it cites and those that apply it."""
    out = []
    cit = law.citation(unit.provision, unit.article, unit.paragraph, unit.item)
    out.append("**法令 / law**: %s（%s） %s  " % (law.title, law.num, law.law_id))
    out.append("**条項 / clause**: %s（文 / sentence %s%s）\n" % (
        cit, unit.sentence, "、ただし書 / proviso" if unit.function == "proviso" else ""))
    out.append("**対象の文 / the clause**:\n\n> " + unit.text + "\n")
    out.append("**条全体 / whole article** (▶ = the clause's paragraph or item, 【】 = the clause):\n\n```text\n"
               + clip(law.render_article(unit.provision, unit.article, unit), art_cap) + "\n```\n")
    para_texts = [t for t, _ in own_sentences(law.paras[(unit.provision, unit.article, unit.paragraph)])] \
        if (unit.provision, unit.article, unit.paragraph) in law.paras else [unit.text]
    if unit.item is not None:
        para_texts = para_texts + [unit.text]
    cited = law.cited(unit, para_texts)
    if cited:
        out.append("**引用される規定 / provisions this paragraph cites (same law)**:\n")
        for prov, art, pn in cited[:max_cited]:
            body = law.render_para(prov, art, pn) if pn and (prov, art, pn) in law.paras else \
                law.render_article(prov, art)
            out.append("- %s\n\n```text\n%s\n```\n" % (law.citation(prov, art, pn), clip(body, cite_cap)))
        if len(cited) > max_cited:
            out.append("- （ほか %d 件略 / %d more omitted）\n" % (len(cited) - max_cited, len(cited) - max_cited))
    app = law.applying(unit, max_applying)
    if app:
        out.append("**この条を準用・読替えする規定 / provisions that apply this article (準用, 読替え)**:\n")
        for prov, art, pn in app:
            out.append("- %s\n\n```text\n%s\n```\n" % (law.citation(prov, art, pn), clip(law.render_para(prov, art, pn), cite_cap)))
    return "\n".join(out)


def read_tsv(path):
    """A label sheet or key (tab-separated, header first) as [(line number, {column: value})], blank lines
    skipped; shared by review-eval.py and amend-eval.py."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    hdr = lines[0].split("\t")
    return [(n, dict(zip(hdr, line.split("\t")))) for n, line in enumerate(lines[1:], 2) if line.strip()]


def pct(a, b):
    return "%5.1f%%" % (100.0 * a / b) if b else "    -"
