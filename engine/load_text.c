/* load_text.c — plain 条文 text (drafts, 条例, e-Gov's text view) → one `kind: law` document (see load.h).
 *
 * The text is read line by line; each line is classified by how it starts:
 *   題名            the first plain line before any structure that does not end with 「。」 → law.title
 *   法令番号        「（昭和五十八年法律第三十二号）」 or 「令和五年三月三十一日条例第十号」 before the first article → law.num
 *   目次            「目次」 and the division lines after it (「第一章　総則（第一条―第五条）」) are skipped
 *   編章節款目      「第二章　貸金業者」「第七章の三　…」 → {part|chapter|section|subsection|division: "2", title, provisions}
 *   見出し          「（標識の掲示等）」 alone on a line just before an article → the article's caption
 *   条              「第二十三条　…」「第17条の3の3 …」「第２３条」「第三十八条から第八十四条まで　削除」 → {article: "23",
 *                   title, caption?, delete?, paragraphs}; 「削除」 alone gives delete: true
 *   項              「２　…」「2 …」「②…」; an unnumbered line after a blank line (or the first text of an article)
 *                   starts the next paragraph; outside articles paragraphs are 項建て entries {paragraph: N}
 *   号              「一　…」「四の二　…」「一から四まで　…」 (kanji numerals then a space) → items, Num "4_2", "1:4";
 *                   sub-items 「イ　」 (イロハ order → 1, 2, 3…), 「（１）」「(1)」, 「（ｉ）」「(i)」 one level further each
 *   附則            「附　則」「附則」「附　則　（令和五年法律第六十三号）　抄」 → a suppl_provisions entry
 *                   {amend_law_num?, extract?, provisions}
 *   別表            「別表第一（第二条関係）」 and everything after it, up to the next 附則, is skipped (tables have no
 *                   reliable plain-text form; use the XML or YAML form to check them)
 * Any other line continues the text above it (hard-wrapped text is joined without a separator). Text before the
 * first article that is not the title or the 法令番号 (a 前文 or 制定文) becomes 項建て paragraphs, so no text is lost;
 * a text without any article becomes 項建て paragraphs, one per blank-line-separated block.
 *
 * A paragraph's or item's text is split into sentences at 「。」 followed by more text, outside 「」『』（）()【】〔〕［］;
 * when a sentence starts with 「ただし、」 every sentence of that text gets a function (proviso / main), as e-Gov
 * does. An item's text is split into columns at full-width spaces (e-Gov's Column, e.g. 「一　貸金業　金銭の貸付け」).
 * Known differences from the e-Gov tree: old-style laws whose paragraphs have no number (ParagraphNum empty) read
 * as one paragraph unless blank lines separate them; an item whose single Sentence holds a full-width space is
 * split as two columns; 別表 are skipped.
 * Every scalar carries the line and column (code points, 1-based; a leading BOM is not counted) where its text
 * starts, so findings point into the .txt. Line ends may be LF, CRLF or CR; indentation and trailing spaces
 * (half-width, full-width, tabs) are ignored. */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kanji.h"
#include "unit.h"
#include "util.h"

#define MAX_ITEM_LEVELS 4      /* 一 / イ / （１） / （ｉ） */
#define MAX_DIVS 5             /* 編 章 節 款 目 */
#define MAX_TITLE_CPS 100      /* a 題名 longer than this is taken for text */

/* ---- code points ---------------------------------------------------------------------------------------- */

/* Decode the code point at s[*i] (the buffer is valid UTF-8) and advance. */
static long cp_next(const char *s, size_t n, size_t *i) {
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    if (!left) return -1;
    unsigned c = p[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (len > left) { *i = n; return -1; }
    long cp = len == 1 ? (long)c : len == 2 ? (long)(c & 0x1F) : len == 3 ? (long)(c & 0x0F) : (long)(c & 0x07);
    for (size_t k = 1; k < len; k++) cp = (cp << 6) | (p[k] & 0x3F);
    *i += len;
    return cp;
}

static long cp_peek(const char *s, size_t n, size_t i) { return cp_next(s, n, &i); }

static int is_space(long cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

static int is_arabic(long cp) { return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19); }

static int is_kanji_numeral(long cp) {
    switch (cp) {
    case 0x3007: case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94: case 0x516D: case 0x4E03:
    case 0x516B: case 0x4E5D: case 0x5341: case 0x767E: case 0x5343:   /* 〇一二三四五六七八九十百千 */
        return 1;
    default: return 0;
    }
}

/* Does s[i..n) start with the UTF-8 string lit? */
static int starts(const char *s, size_t n, size_t i, const char *lit) {
    size_t k = strlen(lit);
    return n - i >= k && memcmp(s + i, lit, k) == 0;
}

static int ends(const char *s, size_t n, const char *lit) {
    size_t k = strlen(lit);
    return n >= k && memcmp(s + n - k, lit, k) == 0;
}

/* ---- numerals and headings ------------------------------------------------------------------------------ */

/* A run of numerals at s[*i] (kanji, or Arabic when !kanji_only) → its value; *i moves past it. -1 if none. */
static long numeral(const char *s, size_t n, size_t *i, int kanji_only) {
    size_t j = *i, end = *i;
    while (j < n) {
        size_t k = j;
        long cp = cp_next(s, n, &k);
        if (!(is_kanji_numeral(cp) || (!kanji_only && is_arabic(cp)))) break;
        j = end = k;
    }
    if (end == *i || end - *i > 60) return -1;
    char tmp[64];
    memcpy(tmp, s + *i, end - *i);
    tmp[end - *i] = '\0';
    long v = shn__kanji_to_int(tmp);
    if (v < 0) return -1;
    *i = end;
    return v;
}

/* numeral ((の|ノ) numeral)* → "17_3_3" appended to out; *i moves past it. 0 if no numeral. */
static int branch_num(const char *s, size_t n, size_t *i, int kanji_only, shn_buf *out) {
    long v = numeral(s, n, i, kanji_only);
    if (v < 0) return 0;
    shn__buf_printf(out, "%ld", v);
    while (starts(s, n, *i, "の") || starts(s, n, *i, "ノ")) {
        size_t j = *i + strlen("の");
        long w = numeral(s, n, &j, kanji_only);
        if (w < 0) break;
        shn__buf_printf(out, "_%ld", w);
        *i = j;
    }
    return 1;
}

/* 第 numeral unit ((の|ノ) numeral)* → Num "17_3_3"; *i past it. */
static int heading_num(const char *s, size_t n, size_t *i, const char *unit, shn_buf *out) {
    size_t j = *i;
    if (!starts(s, n, j, "第")) return 0;
    j += strlen("第");
    long v = numeral(s, n, &j, 0);
    if (v < 0 || !starts(s, n, j, unit)) return 0;
    j += strlen(unit);
    shn__buf_printf(out, "%ld", v);
    while (starts(s, n, j, "の") || starts(s, n, j, "ノ")) {
        size_t k = j + strlen("の");
        long w = numeral(s, n, &k, 0);
        if (w < 0) break;
        shn__buf_printf(out, "_%ld", w);
        j = k;
    }
    *i = j;
    return 1;
}

/* After a heading: end of line, or spaces then the rest. Returns 1 and sets *rest; 0 if something else follows. */
static int heading_rest(const char *s, size_t n, size_t i, size_t *rest) {
    if (i == n) { *rest = n; return 1; }
    if (!is_space(cp_peek(s, n, i))) return 0;
    while (i < n && is_space(cp_peek(s, n, i))) cp_next(s, n, &i);
    *rest = i;
    return 1;
}

static const char IROHA[] = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";

static long iroha_index(long cp) {
    size_t i = 0, n = sizeof IROHA - 1;
    for (long k = 1; i < n; k++)
        if (cp_next(IROHA, n, &i) == cp) return k;
    return -1;
}

static long roman_value(const char *s, size_t n) {
    long v = 0, prev = 0;
    size_t i = n;
    if (!n) return -1;
    /* walk backwards over code points */
    while (i > 0) {
        size_t st = i - 1;
        while (st > 0 && ((unsigned char)s[st] & 0xC0) == 0x80) st--;
        size_t k = st;
        long cp = cp_next(s, n, &k);
        long d;
        switch (cp) {
        case 'i': case 0xFF49: d = 1; break;
        case 'v': case 0xFF56: d = 5; break;
        case 'x': case 0xFF58: d = 10; break;
        default: return -1;
        }
        v += d < prev ? -d : d;
        if (d > prev) prev = d;
        i = st;
    }
    return v > 0 ? v : -1;
}

/* ---- lines ---------------------------------------------------------------------------------------------- */

typedef struct {
    const char *s;       /* content, past the indentation */
    size_t len;          /* bytes, trailing spaces excluded */
    unsigned line;
    unsigned col;        /* column of s[0] */
    size_t cp_off;       /* code-point offset of s[0] in the file */
} tline;

static shn_mark mark_in(const tline *l, const char *at) {
    size_t cps = shn__utf8_len(l->s, (size_t)(at - l->s));
    shn_mark m = {l->line, l->col + (unsigned)cps, l->cp_off + cps};
    return m;
}

/* Split buf into lines (indentation and trailing spaces removed). */
static int split_lines(const char *buf, size_t len, tline **out, size_t *nout) {
    size_t cap = 64, n = 0, i = 0, cp_off = 0;
    tline *ls = malloc(cap * sizeof *ls);
    if (!ls) return -1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
    unsigned line = 1;
    while (i < len) {
        size_t st = i;
        while (i < len && buf[i] != '\n' && buf[i] != '\r') i++;
        size_t en = i;
        size_t line_cps = shn__utf8_len(buf + st, en - st);
        if (n == cap) {
            tline *g = realloc(ls, cap * 2 * sizeof *ls);
            if (!g) { free(ls); return -1; }
            ls = g;
            cap *= 2;
        }
        size_t a = st, lead = 0;
        while (a < en) {
            size_t k = a;
            if (!is_space(cp_next(buf, en, &k))) break;
            a = k;
            lead++;
        }
        size_t b = en;
        while (b > a) {
            size_t k = b - 1;
            while (k > a && ((unsigned char)buf[k] & 0xC0) == 0x80) k--;
            size_t t = k;
            if (!is_space(cp_next(buf, en, &t))) break;
            b = k;
        }
        ls[n++] = (tline){buf + a, b - a, line, 1 + (unsigned)lead, cp_off + lead};
        cp_off += line_cps;
        if (i < len) {
            if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n') i++, cp_off++;
            i++;
            cp_off++;
            line++;
            if (i == len) break;
        }
    }
    *out = ls;
    *nout = n;
    return 0;
}

/* ---- the builder ---------------------------------------------------------------------------------------- */

typedef struct { size_t off; const tline *line; const char *src; } piece;

typedef struct {
    shn_node *map;       /* paragraph or item receiving `sentences` */
    int columns;         /* split at full-width spaces (items) */
    shn_buf text;
    piece *pc;
    size_t npc, cap;
} holder;

typedef struct {
    shn_doc *d;
    int nomem;
    shn_node *root, *provisions, *suppls, *block;
    struct { int level; shn_node *seq; } div[MAX_DIVS];
    int ndiv;
    shn_node *article, *art_paras;
    long art_npara;
    shn_node *para, *para_items;
    struct { int level; shn_node *map, *kids; } items[MAX_ITEM_LEVELS];
    int nitems;
    long block_para;
    shn_node *caption;   /* pending article caption */
    shn_node *pcaption;  /* pending caption of a 項建て paragraph (附則 「（施行期日）」) */
    holder h;
    /* law */
    shn_node *title, *num;
    int structured;      /* an article, division or 附則 was seen */
} parser;

static shn_node *scalar(parser *p, const char *s, size_t n, shn_scalar_style st, shn_mark a, shn_mark b) {
    shn_node *x = shn__node_scalar(p->d, s, n, st, a, b);
    if (!x) p->nomem = 1;
    return x;
}

static shn_node *text_node(parser *p, const tline *l, const char *s, size_t n) {
    return scalar(p, s, n, SHN_STYLE_QUOTED, mark_in(l, s), mark_in(l, s + n));
}

static shn_node *plain_node(parser *p, const char *s, shn_mark m) {
    return scalar(p, s, strlen(s), SHN_STYLE_PLAIN, m, m);
}

static shn_node *int_node(parser *p, long v, shn_mark m) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%ld", v);
    return plain_node(p, tmp, m);
}

static shn_node *map_node(parser *p, shn_mark m) {
    shn_node *x = shn__node_map(p->d, m);
    if (!x) p->nomem = 1;
    return x;
}

static shn_node *seq_node(parser *p, shn_mark m) {
    shn_node *x = shn__node_seq(p->d, m);
    if (!x) p->nomem = 1;
    return x;
}

static void put(parser *p, shn_node *map, const char *key, shn_node *val) {
    if (!map || !val || shn__map_put_str(p->d, map, key, val)) p->nomem = 1;
}

static void append(parser *p, shn_node *seq, shn_node *item) {
    if (!seq || !item || shn__node_append(p->d, seq, item)) p->nomem = 1;
}

static shn_node *target_seq(parser *p) { return p->ndiv ? p->div[p->ndiv - 1].seq : p->block; }

/* ---- sentences ---------------------------------------------------------------------------------------- */

/* A cursor over a holder's pieces for offsets that never decrease: the piece found last and the code points
 * counted up to `at` in its line, so that marking every sentence of a paragraph costs one pass over its text
 * (not one pass from the line start per sentence: a paragraph on a single 1 MB line was quadratic). */
typedef struct { size_t k; const char *at; size_t cps; } mark_cursor;

/* The position of text offset `off`: in the last piece starting at or before it (for an end: before it). */
static shn_mark holder_mark(const holder *h, mark_cursor *c, size_t off, int is_end) {
    size_t k = c->k;
    while (k + 1 < h->npc && (is_end ? h->pc[k + 1].off < off : h->pc[k + 1].off <= off)) k++;
    const piece *pc = &h->pc[k];
    const tline *l = pc->line;
    size_t rel = off > pc->off ? off - pc->off : 0;
    const char *at = pc->src + rel;
    if (k != c->k || !c->at || at < c->at) { c->k = k; c->at = l->s; c->cps = 0; }
    c->cps += shn__utf8_len(c->at, (size_t)(at - c->at));
    c->at = at;
    shn_mark m = {l->line, l->col + (unsigned)c->cps, l->cp_off + c->cps};
    return m;
}

static int is_open_bracket(long cp) {
    return cp == 0x300C || cp == 0x300E || cp == 0xFF08 || cp == '(' || cp == 0x3010 || cp == 0x3014 ||
           cp == 0xFF3B;   /* 「 『 （ ( 【 〔 ［ */
}

static int is_close_bracket(long cp) {
    return cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == ')' || cp == 0x3011 || cp == 0x3015 ||
           cp == 0xFF3D;
}

typedef struct { size_t off, len; int column; } sent;

/* Trim spaces from [*a, *b) of s. */
static void trim(const char *s, size_t *a, size_t *b) {
    while (*a < *b) {
        size_t k = *a;
        if (!is_space(cp_next(s, *b, &k))) break;
        *a = k;
    }
    while (*b > *a) {
        size_t k = *b - 1;
        while (k > *a && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        size_t t = k;
        if (!is_space(cp_next(s, *b, &t))) break;
        *b = k;
    }
}

static int add_sent(sent **v, size_t *n, size_t *cap, const char *s, size_t a, size_t b, int column) {
    trim(s, &a, &b);
    if (a >= b) return 0;
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        sent *g = realloc(*v, c * sizeof *g);
        if (!g) return -1;
        *v = g;
        *cap = c;
    }
    (*v)[(*n)++] = (sent){a, b - a, column};
    return 0;
}

static int split_sentences(const char *s, size_t a, size_t b, int column, sent **v, size_t *n, size_t *cap) {
    int depth = 0;
    size_t st = a, i = a;
    while (i < b) {
        long cp = cp_next(s, b, &i);
        if (is_open_bracket(cp)) depth++;
        else if (is_close_bracket(cp) && depth > 0) depth--;
        else if (cp == 0x3002 && depth == 0) {   /* 。 */
            size_t k = i;
            while (k < b) {
                size_t t = k;
                if (!is_space(cp_next(s, b, &t))) break;
                k = t;
            }
            if (k < b) {
                if (add_sent(v, n, cap, s, st, i, column)) return -1;
                st = i;
            }
        }
    }
    return add_sent(v, n, cap, s, st, b, column);
}

static int is_proviso(const char *s, size_t n) {
    return starts(s, n, 0, "ただし、") || starts(s, n, 0, "ただし，") || starts(s, n, 0, "但し、") ||
           starts(s, n, 0, "ただし,");
}

/* Close the open holder: its text becomes the `sentences` of its map. */
static void flush(parser *p) {
    holder *h = &p->h;
    if (!h->map) return;
    if (h->text.failed) p->nomem = 1;
    const char *s = h->text.data ? h->text.data : "";
    size_t len = h->text.len;
    sent *v = NULL;
    size_t n = 0, cap = 0;
    int ncols = 0, fail = 0;
    if (len && h->columns) {
        size_t i = 0, st = 0;
        while (i < len && !fail) {
            size_t k = i;
            long cp = cp_next(s, len, &k);
            if (cp == 0x3000) {
                size_t before = n;
                fail = split_sentences(s, st, i, ncols + 1, &v, &n, &cap);
                if (n > before) ncols++;
                while (k < len && cp_peek(s, len, k) == 0x3000) cp_next(s, len, &k);
                st = k;
            }
            i = k;
        }
        size_t before = n;
        if (!fail) fail = split_sentences(s, st, len, ncols + 1, &v, &n, &cap);
        if (n > before) ncols++;
    } else if (len) {
        fail = split_sentences(s, 0, len, 1, &v, &n, &cap);
        ncols = 1;
    }
    if (fail) p->nomem = 1;
    int proviso = 0;
    for (size_t i = 0; i < n; i++)
        if (is_proviso(s + v[i].off, v[i].len)) proviso = 1;
    if (n && !p->nomem) {
        mark_cursor cs = {0}, ce = {0};   /* starts and ends: each never decreases */
        shn_node *seq = seq_node(p, holder_mark(h, &cs, v[0].off, 0));
        for (size_t i = 0; i < n && !p->nomem; i++) {
            shn_mark a = holder_mark(h, &cs, v[i].off, 0), b = holder_mark(h, &ce, v[i].off + v[i].len, 1);
            shn_node *t = scalar(p, s + v[i].off, v[i].len, SHN_STYLE_QUOTED, a, b);
            if (!proviso && ncols < 2) { append(p, seq, t); continue; }
            shn_node *m = map_node(p, a);
            put(p, m, "num", int_node(p, (long)i + 1, a));
            if (proviso)
                put(p, m, "function",
                    plain_node(p, is_proviso(s + v[i].off, v[i].len) ? "proviso" : "main", a));
            put(p, m, "text", t);
            if (ncols > 1) put(p, m, "column", int_node(p, v[i].column, a));
            append(p, seq, m);
        }
        put(p, h->map, "sentences", seq);
    }
    free(v);
    shn__buf_free(&h->text);
    free(h->pc);
    memset(h, 0, sizeof *h);
}

static void holder_add(parser *p, const tline *l, const char *s, size_t n) {
    holder *h = &p->h;
    if (!h->map || !n) return;
    if (h->npc == h->cap) {
        size_t c = h->cap ? h->cap * 2 : 4;
        piece *g = realloc(h->pc, c * sizeof *g);
        if (!g) { p->nomem = 1; return; }
        h->pc = g;
        h->cap = c;
    }
    h->pc[h->npc++] = (piece){h->text.len, l, s};
    shn__buf_add(&h->text, s, n);
}

static void holder_open(parser *p, shn_node *map, int columns, const tline *l, const char *s, size_t n) {
    flush(p);
    p->h.map = map;
    p->h.columns = columns;
    holder_add(p, l, s, n);
}

/* ---- structure ------------------------------------------------------------------------------------------ */

static void close_article(parser *p) {
    flush(p);
    p->pcaption = NULL;
    p->article = p->art_paras = NULL;
    p->art_npara = 0;
    p->para = p->para_items = NULL;
    p->nitems = 0;
}

static void new_paragraph(parser *p, const tline *l, long num, const char *text, size_t n) {
    flush(p);
    p->nitems = 0;
    p->para_items = NULL;
    shn_mark m = mark_in(l, l->s);
    shn_node *map = map_node(p, m);
    if (p->article) {
        if (!p->art_paras) {
            p->art_paras = seq_node(p, m);
            put(p, p->article, "paragraphs", p->art_paras);
        }
        put(p, map, "num", int_node(p, num, m));
        append(p, p->art_paras, map);
        p->art_npara = num;
    } else {
        put(p, map, "paragraph", int_node(p, num, m));
        if (p->pcaption) put(p, map, "caption", p->pcaption);
        p->pcaption = NULL;
        append(p, target_seq(p), map);
        p->block_para = num;
    }
    p->para = map;
    holder_open(p, map, 0, l, text, n);
}

static void new_article(parser *p, const tline *l, const char *num, size_t title_end, size_t rest) {
    close_article(p);
    p->structured = 1;
    shn_mark m = mark_in(l, l->s);
    shn_node *a = map_node(p, m);
    put(p, a, "article", scalar(p, num, strlen(num), SHN_STYLE_QUOTED, m, m));
    put(p, a, "title", text_node(p, l, l->s, title_end));
    if (p->caption) put(p, a, "caption", p->caption);
    p->caption = NULL;
    append(p, target_seq(p), a);
    p->article = a;
    const char *r = l->s + rest;
    size_t rn = l->len - rest;
    if (rn == strlen("削除") && memcmp(r, "削除", rn) == 0) {
        put(p, a, "delete", plain_node(p, "true", mark_in(l, r)));   /* and 「削除」 as its text, as e-Gov has */
    }
    if (rn) new_paragraph(p, l, 1, r, rn);
}

static void new_item(parser *p, const tline *l, int level, const char *num, size_t title_end, size_t rest) {
    flush(p);
    while (p->nitems && p->items[p->nitems - 1].level >= level) p->nitems--;
    shn_mark m = mark_in(l, l->s);
    shn_node **kids = p->nitems ? &p->items[p->nitems - 1].kids : &p->para_items;
    shn_node *parent = p->nitems ? p->items[p->nitems - 1].map : p->para;
    if (!*kids) {
        *kids = seq_node(p, m);
        put(p, parent, "items", *kids);
    }
    shn_node *it = map_node(p, m);
    put(p, it, "num", scalar(p, num, strlen(num), SHN_STYLE_QUOTED, m, m));
    put(p, it, "title", text_node(p, l, l->s, title_end));
    append(p, *kids, it);
    if (p->nitems < MAX_ITEM_LEVELS) {
        p->items[p->nitems].level = level;
        p->items[p->nitems].map = it;
        p->items[p->nitems].kids = NULL;
        p->nitems++;
    }
    holder_open(p, it, 1, l, l->s + rest, l->len - rest);
}

static const char *const DIV_UNITS[MAX_DIVS] = {"編", "章", "節", "款", "目"};
static const char *const DIV_KEYS[MAX_DIVS] = {"part", "chapter", "section", "subsection", "division"};

static void new_division(parser *p, const tline *l, int level, const char *num) {
    close_article(p);
    p->structured = 1;
    p->caption = NULL;
    while (p->ndiv && p->div[p->ndiv - 1].level >= level) p->ndiv--;
    shn_mark m = mark_in(l, l->s);
    shn_node *dv = map_node(p, m), *seq = seq_node(p, m);
    put(p, dv, DIV_KEYS[level], scalar(p, num, strlen(num), SHN_STYLE_QUOTED, m, m));
    put(p, dv, "title", text_node(p, l, l->s, l->len));
    put(p, dv, "provisions", seq);
    append(p, target_seq(p), dv);
    p->div[p->ndiv].level = level;
    p->div[p->ndiv].seq = seq;
    p->ndiv++;
}

static void new_suppl(parser *p, const tline *l, const char *amend, size_t amend_len, int extract) {
    close_article(p);
    p->structured = 1;
    p->caption = NULL;
    p->ndiv = 0;
    p->block_para = 0;
    shn_mark m = mark_in(l, l->s);
    if (!p->suppls) {
        p->suppls = seq_node(p, m);
        put(p, p->root, "suppl_provisions", p->suppls);
    }
    shn_node *sp = map_node(p, m), *seq = seq_node(p, m);
    if (amend) put(p, sp, "amend_law_num", text_node(p, l, amend, amend_len));
    if (extract) put(p, sp, "extract", plain_node(p, "true", m));
    put(p, sp, "provisions", seq);
    append(p, p->suppls, sp);
    p->block = seq;
}

/* ---- line classification -------------------------------------------------------------------------------- */

/* 「附　則」 etc.: 1 with the amend law number's span (or NULL) and extract flag. */
static int is_suppl(const tline *l, const char **amend, size_t *amend_len, int *extract) {
    const char *s = l->s;
    size_t n = l->len, i = 0;
    *amend = NULL;
    *amend_len = 0;
    *extract = 0;
    if (!starts(s, n, i, "附")) return 0;
    i += strlen("附");
    while (i < n && is_space(cp_peek(s, n, i))) cp_next(s, n, &i);
    if (!starts(s, n, i, "則")) return 0;
    i += strlen("則");
    while (i < n && is_space(cp_peek(s, n, i))) cp_next(s, n, &i);
    if (starts(s, n, i, "（") || starts(s, n, i, "(")) {
        size_t open = starts(s, n, i, "（") ? strlen("（") : 1;
        size_t a = i + open, j = a;
        int depth = 1;
        size_t close_at = n;
        while (j < n) {
            size_t k = j;
            long cp = cp_next(s, n, &k);
            if (is_open_bracket(cp)) depth++;
            else if (is_close_bracket(cp) && --depth == 0) { close_at = j; j = k; break; }
            j = k;
        }
        if (close_at == n) return 0;
        size_t b = close_at;
        trim(s, &a, &b);
        *amend = s + a;
        *amend_len = b - a;
        i = j;
        while (i < n && is_space(cp_peek(s, n, i))) cp_next(s, n, &i);
    }
    if (starts(s, n, i, "抄")) { *extract = 1; i += strlen("抄"); }
    return i == n;
}

static int is_table(const tline *l) {
    if (!starts(l->s, l->len, 0, "別表")) return 0;
    size_t i = strlen("別表");
    if (i == l->len) return 1;
    long cp = cp_peek(l->s, l->len, i);
    return is_space(cp) || cp == 0x7B2C /* 第 */ || cp == 0xFF08 || cp == '(';
}

/* A division heading: level 0..4 and its Num; -1 if none. */
static int division_of(const tline *l, shn_buf *num) {
    for (int lv = 0; lv < MAX_DIVS; lv++) {
        size_t i = 0, rest;
        shn__buf_free(num);
        if (heading_num(l->s, l->len, &i, DIV_UNITS[lv], num) && heading_rest(l->s, l->len, i, &rest)) return lv;
    }
    shn__buf_free(num);
    return -1;
}

/* An article line: Num in num, *title_end (bytes of 「第二十三条」), *rest (start of the text). */
static int is_article(const tline *l, shn_buf *num, size_t *title_end, size_t *rest) {
    size_t i = 0;
    shn__buf_free(num);
    if (!heading_num(l->s, l->len, &i, "条", num)) return 0;
    int kara = starts(l->s, l->len, i, "から"), oyobi = starts(l->s, l->len, i, "及び");
    if (kara || oyobi || starts(l->s, l->len, i, "及")) {   /* 「第三十八条から第八十四条まで」「第十八条及び第十九条」
                                                            「第四条及第四条ノ二」 */
        size_t j = i + (kara || oyobi ? strlen("から") : strlen("及"));
        shn__buf_puts(num, ":");
        if (!heading_num(l->s, l->len, &j, "条", num) || (kara && !starts(l->s, l->len, j, "まで"))) {
            shn__buf_free(num);
            return 0;
        }
        i = kara ? j + strlen("まで") : j;
    }
    *title_end = i;
    if (!heading_rest(l->s, l->len, i, rest)) { shn__buf_free(num); return 0; }
    return !num->failed;
}

/* 「２　」「2 」「②」: the paragraph number, *rest at the text; -1 if none. */
static long para_num(const tline *l, size_t *rest) {
    const char *s = l->s;
    size_t n = l->len, i = 0;
    long cp = cp_peek(s, n, 0);
    if ((cp >= 0x2460 && cp <= 0x2473) || (cp >= 0x3251 && cp <= 0x325F)) {
        cp_next(s, n, &i);
        while (i < n && is_space(cp_peek(s, n, i))) cp_next(s, n, &i);
        *rest = i;
        return cp <= 0x2473 ? cp - 0x2460 + 1 : cp - 0x3251 + 21;
    }
    size_t j = 0;
    while (j < n && is_arabic(cp_peek(s, n, j))) cp_next(s, n, &j);
    if (!j || j - i > 12 || j == n || !is_space(cp_peek(s, n, j))) return -1;
    char tmp[16];
    memcpy(tmp, s, j);
    tmp[j] = '\0';
    long v = shn__kanji_to_int(tmp);
    if (v < 1) return -1;
    if (!heading_rest(s, n, j, rest)) return -1;
    return v;
}

/* An item or sub-item line: level 0..3, Num in num, *title_end, *rest; -1 if none. */
static int item_of(const tline *l, shn_buf *num, size_t *title_end, size_t *rest) {
    const char *s = l->s;
    size_t n = l->len, i = 0;
    shn__buf_free(num);
    long cp = cp_peek(s, n, 0);
    if (is_kanji_numeral(cp)) {
        if (!branch_num(s, n, &i, 1, num)) return -1;
        int kara = starts(s, n, i, "から");
        if (kara || starts(s, n, i, "及び")) {    /* 「一から四まで」「二及び三」 */
            size_t j = i + strlen("から");
            shn__buf_puts(num, ":");
            if (!branch_num(s, n, &j, 1, num) || (kara && !starts(s, n, j, "まで"))) { shn__buf_free(num); return -1; }
            i = kara ? j + strlen("まで") : j;
        }
        if (i == n || !is_space(cp_peek(s, n, i)) || !heading_rest(s, n, i, rest)) { shn__buf_free(num); return -1; }
        *title_end = i;
        return num->failed ? -1 : 0;
    }
    long k = iroha_index(cp);
    if (k > 0) {
        cp_next(s, n, &i);
        shn__buf_printf(num, "%ld", k);
        int kara = starts(s, n, i, "から");
        if (kara || starts(s, n, i, "及び")) {    /* 「イからハまで」「イ及びロ」 */
            size_t j = i + strlen("から");
            long k2 = iroha_index(cp_next(s, n, &j));
            if (k2 < 0 || (kara && !starts(s, n, j, "まで"))) { shn__buf_free(num); return -1; }
            shn__buf_printf(num, ":%ld", k2);
            i = kara ? j + strlen("まで") : j;
        }
        if (i == n || !is_space(cp_peek(s, n, i)) || !heading_rest(s, n, i, rest)) { shn__buf_free(num); return -1; }
        *title_end = i;
        return num->failed ? -1 : 1;
    }
    if (cp == 0xFF08 || cp == '(') {
        cp_next(s, n, &i);
        size_t a = i;
        while (i < n) {
            long c = cp_peek(s, n, i);
            if (c == 0xFF09 || c == ')') break;
            cp_next(s, n, &i);
        }
        if (i == n || i == a || i - a > 24) return -1;
        size_t b = i;
        cp_next(s, n, &i);
        *title_end = i;
        while (i < n && is_space(cp_peek(s, n, i))) cp_next(s, n, &i);
        *rest = i;
        size_t j = a;
        long v = numeral(s, b, &j, 0);
        if (v >= 0 && j == b) { shn__buf_printf(num, "%ld", v); return num->failed ? -1 : 2; }
        v = roman_value(s + a, b - a);
        if (v > 0) { shn__buf_printf(num, "%ld", v); return num->failed ? -1 : 3; }
    }
    return -1;
}

/* The whole line is one bracketed group: 「（定義）」. */
static int is_caption(const tline *l) {
    const char *s = l->s;
    size_t n = l->len, i = 0;
    long cp = cp_next(s, n, &i);
    if (cp != 0xFF08 && cp != '(') return 0;
    int depth = 1;
    while (i < n) {
        long c = cp_next(s, n, &i);
        if (c == 0xFF08 || c == '(') depth++;
        else if ((c == 0xFF09 || c == ')') && --depth == 0) return i == n;
    }
    return 0;
}

/* 法令番号: era … 年 … 第 … 号, optionally in brackets. */
static int is_law_num(const tline *l, size_t *a, size_t *b) {
    *a = 0;
    *b = l->len;
    if (is_caption(l)) {
        size_t i = 0;
        cp_next(l->s, l->len, &i);
        *a = i;
        size_t e = l->len - 1;
        while (e > 0 && ((unsigned char)l->s[e] & 0xC0) == 0x80) e--;
        *b = e;
    }
    const char *s = l->s + *a;
    size_t n = *b - *a;
    static const char *const eras[] = {"明治", "大正", "昭和", "平成", "令和"};
    int era = 0;
    for (size_t k = 0; k < SHN__ARRAY_LEN(eras); k++)
        if (starts(s, n, 0, eras[k])) era = 1;
    if (!era || !ends(s, n, "号")) return 0;
    size_t i = 0, y = n;
    while (i < n) {
        if (y == n && starts(s, n, i, "年")) y = i;
        else if (y < n && starts(s, n, i, "第")) return 1;
        cp_next(s, n, &i);
    }
    return 0;
}

static int is_toc_head(const tline *l) {
    if (!starts(l->s, l->len, 0, "目")) return 0;
    size_t i = strlen("目");
    while (i < l->len && is_space(cp_peek(l->s, l->len, i))) cp_next(l->s, l->len, &i);
    return starts(l->s, l->len, i, "次") && i + strlen("次") == l->len;
}

/* Is the next non-blank line an article? */
static int article_follows(const tline *ls, size_t nl, size_t k, shn_buf *tmp) {
    while (k < nl && !ls[k].len) k++;
    size_t te, re;
    return k < nl && is_article(&ls[k], tmp, &te, &re);
}

/* Is the next non-blank line the start of a paragraph (numbered, or plain text)? */
static int paragraph_follows(const tline *ls, size_t nl, size_t k, shn_buf *tmp) {
    while (k < nl && !ls[k].len) k++;
    if (k >= nl) return 0;
    const tline *l = &ls[k];
    const char *am;
    size_t an, te, re;
    int ex;
    if (is_suppl(l, &am, &an, &ex) || is_table(l) || is_caption(l) || division_of(l, tmp) >= 0 ||
        is_article(l, tmp, &te, &re))
        return 0;
    return para_num(l, &re) > 0 || item_of(l, tmp, &te, &re) < 0;
}

/* The first line after a 目次 starting at `k`: after its 「附則」 entry, else the division headings right before the
 * first article (the entries may be wrapped, so they are not parsed one by one). */
static size_t toc_end(const tline *ls, size_t nl, size_t k, shn_buf *tmp) {
    for (size_t i = k; i < nl; i++) {
        const tline *l = &ls[i];
        const char *am;
        size_t an, te, re;
        int ex;
        if (is_suppl(l, &am, &an, &ex)) return i + 1;
        if (is_article(l, tmp, &te, &re) || (is_caption(l) && article_follows(ls, nl, i + 1, tmp))) {
            size_t j = i;
            while (j > k && (!ls[j - 1].len || (division_of(&ls[j - 1], tmp) >= 0 &&
                                                !ends(ls[j - 1].s, ls[j - 1].len, "）") &&
                                                !ends(ls[j - 1].s, ls[j - 1].len, ")"))))
                j--;
            return j;
        }
    }
    return nl;
}

/* ---- the walk ----------------------------------------------------------------------------------------- */

static void fix_ends(shn_node *n) {
    if (!n || n->type == SHN_NODE_SCALAR) return;
    for (size_t i = 0; i < (n->type == SHN_NODE_MAP ? 2 * n->n : n->n); i++) {
        shn_node *c = n->items[i];
        fix_ends(c);
        if (c->end.offset > n->end.offset) n->end = c->end;
    }
}

static void parse(parser *p, const tline *ls, size_t nl) {
    shn_buf num = {0};
    int blank = 1, skipping = 0;
    for (size_t li = 0; li < nl && !p->nomem; li++) {
        const tline *l = &ls[li];
        if (!l->len) { blank = 1; continue; }
        const char *am;
        size_t an, title_end, rest;
        int ex, lv;
        long pn;
        if (is_suppl(l, &am, &an, &ex)) {
            new_suppl(p, l, am, an, ex);
            skipping = 0;
        } else if (skipping) {
            continue;
        } else if (is_table(l)) {
            close_article(p);
            skipping = 1;
        } else if (!p->structured && !p->h.map && is_toc_head(l)) {
            li = toc_end(ls, nl, li + 1, &num) - 1;
            blank = 1;
            continue;
        } else if ((lv = division_of(l, &num)) >= 0) {
            new_division(p, l, lv, num.data ? num.data : "");
        } else if (is_article(l, &num, &title_end, &rest)) {
            new_article(p, l, num.data ? num.data : "", title_end, rest);
        } else if (!p->structured && !p->num && !p->article && !p->h.map && is_law_num(l, &title_end, &rest)) {
            p->num = text_node(p, l, l->s + title_end, rest - title_end);
        } else if (is_caption(l) && article_follows(ls, nl, li + 1, &num)) {
            close_article(p);
            p->caption = text_node(p, l, l->s, l->len);
        } else if (is_caption(l) && !p->article && paragraph_follows(ls, nl, li + 1, &num)) {
            flush(p);
            p->para = p->para_items = NULL;
            p->nitems = 0;
            p->pcaption = text_node(p, l, l->s, l->len);
        } else if ((pn = para_num(l, &rest)) > 0) {
            p->structured |= p->article != NULL;
            new_paragraph(p, l, pn, l->s + rest, l->len - rest);
        } else if (p->para && (lv = item_of(l, &num, &title_end, &rest)) >= 0) {
            new_item(p, l, lv, num.data ? num.data : "", title_end, rest);
        } else if (!p->structured && !p->title && !p->h.map && !ends(l->s, l->len, "。") &&
                   shn__utf8_len(l->s, l->len) <= MAX_TITLE_CPS) {
            p->title = text_node(p, l, l->s, l->len);
        } else if (p->h.map && (!blank || !p->h.text.len)) {
            holder_add(p, l, l->s, l->len);
        } else {
            new_paragraph(p, l, p->article ? p->art_npara + 1 : p->block_para + 1, l->s, l->len);
        }
        blank = 0;
    }
    flush(p);
    shn__buf_free(&num);
}

/* Title from the file name when the text has none: its base name without the extension. */
static shn_node *title_from_file(parser *p, const char *file) {
    shn_mark m = {1, 1, 0};
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : file;
    if (!base || !*base || strcmp(base, "-") == 0) return plain_node(p, "（題名なし）", m);
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return scalar(p, base, n, SHN_STYLE_QUOTED, m, m);
}

static int law_id_ok(const char *s) { return shn__is_law_id(s); }

/* 1-based line and column of byte `off` (a leading BOM not counted). */
static void pos_of_byte(const char *buf, size_t len, size_t off, unsigned *line, unsigned *col) {
    size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 && off >= 3 ? 3 : 0;
    *line = 1;
    *col = 1;
    for (; i < off && i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n' || (c == '\r' && !(i + 1 < len && buf[i + 1] == '\n'))) { (*line)++; *col = 1; }
        else if (c != '\r' && (c & 0xC0) != 0x80) (*col)++;
    }
}

shn_status shn__text_load(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                          shn_doc ***docs, size_t *ndocs, shn_error *err) {
    if (docs) *docs = NULL;
    if (ndocs) *ndocs = 0;
    if (!docs || !ndocs || (!buf && len))
        return shn__err(err, SHN_E_USAGE, file, 0, 0, "引数が不正です (invalid arguments)");
    if (!buf) buf = "";
    size_t bad = len;
    int valid = shn__utf8_valid(buf, len, &bad);
    const char *z = len ? memchr(buf, '\0', len) : NULL;
    if (!valid || z) {
        size_t at = !valid && (!z || bad < (size_t)(z - buf)) ? bad : (size_t)(z - buf);
        unsigned line, col;
        pos_of_byte(buf, len, at, &line, &col);
        if (at == bad && !valid)
            return shn__err(err, SHN_E_PARSE, file, line, col,
                            "ファイルがUTF-8ではありません。Shift_JIS等の場合はUTF-8に変換してください "
                            "(file is not UTF-8: invalid byte 0x%02X; convert it from Shift_JIS or other "
                            "encodings to UTF-8)",
                            (unsigned char)buf[at]);
        return shn__err(err, SHN_E_PARSE, file, line, col,
                        "NUL文字が含まれています。テキストファイルではありません (NUL byte: not a text file)");
    }
    tline *ls = NULL;
    size_t nl = 0;
    if (split_lines(buf, len, &ls, &nl)) return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");

    parser p;
    memset(&p, 0, sizeof p);
    p.d = shn__doc_new(file);
    shn_mark m0 = {1, 1, 0};
    char *id = NULL;
    if (p.d) {
        p.root = map_node(&p, m0);
        p.provisions = seq_node(&p, m0);
        p.block = p.provisions;
        put(&p, p.root, "shinsa", plain_node(&p, "1", m0));
        put(&p, p.root, "kind", plain_node(&p, "law", m0));
        shn_node *law = map_node(&p, m0);
        put(&p, p.root, "law", law);
        put(&p, p.root, "provisions", p.provisions);
        if (!p.nomem) parse(&p, ls, nl);
        if (!p.title) p.title = title_from_file(&p, file);
        const char *given = opt && opt->law_id ? opt->law_id : NULL;
        if (!given) given = id = shn__law_id_from_path(file);
        if (law_id_ok(given)) put(&p, law, "id", plain_node(&p, given, m0));
        if (p.num) put(&p, law, "num", p.num);
        put(&p, law, "title", p.title);
        if (p.num) {
            const char *t = p.num->value;
            const char *type = strstr(t, "法律") ? "Act" : strstr(t, "政令") ? "CabinetOrder"
                             : strstr(t, "省令") || strstr(t, "府令") ? "MinisterialOrdinance" : NULL;
            if (type) put(&p, law, "type", plain_node(&p, type, p.num->start));
        }
        fix_ends(p.root);
    }
    free(ls);
    free(id);
    shn__buf_free(&p.h.text);
    free(p.h.pc);
    shn_doc **arr = p.d && !p.nomem ? malloc(sizeof *arr) : NULL;
    if (!arr) {
        shn__doc_free(p.d);
        return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    }
    p.d->root = p.root;
    arr[0] = p.d;
    *docs = arr;
    *ndocs = 1;
    return SHN_OK;
}
