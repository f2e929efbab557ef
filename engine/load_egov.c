/* load_egov.c — e-Gov 法令標準XML → one `kind: law` document (see load.h).
 *
 * expat, fed the in-memory buffer in chunks; no DTD processing: parameter entities are never parsed,
 * external entities are refused, and a DOCTYPE with an internal subset or any entity declaration stops the
 * parse (e-Gov files have neither), so entity-expansion bombs cannot start. Elements nest at most
 * max(limits.max_depth, 64) deep.
 *
 * The tree has the shape engine/validate.c accepts and engine/units.c walks:
 *   {shinsa: 1, kind: law, law: {id, num, title, type}, provisions, suppl_provisions, appendix_tables}
 * Mapping (element → YAML):
 *   Part/Chapter/Section/Subsection/Division → {part|chapter|…: Num, title: *Title, provisions}
 *   Article → {article: Num, caption, title, delete: true, hide: true, paragraphs}
 *   Paragraph → {num, caption, sentences, items}; directly in a provision list (項建て, 附則) {paragraph: Num, …}
 *   Item / SubitemN → {num, title, sentences, items}
 *   Sentence → {num, function, column, text}: num counts the Sentence elements of the paragraph's (or item's)
 *     own text in order, Columns, Lists and tables included; column is the Column's Num.
 *   TableStruct inside a paragraph or item: each non-empty TableColumn becomes one more sentence of it.
 *   SupplProvision → {amend_law_num, extract, provisions}
 *   AppdxTable → {num, title, related_article, rows: [[cell text, …], …]}; an Item written directly in an
 *     AppdxTable becomes a one-cell row.
 * Text is all character data inside the element except Rt (ruby readings); Ruby base text, Sup, Sub, Line
 * and QuoteStruct text are kept. In table cells, block elements are separated by a newline and a title from
 * its text by an ideographic space. Whitespace-only runs that contain a newline (indentation) are dropped.
 * Skipped: TOC, EnactStatement, Preamble, ParagraphNum, SupplProvisionLabel, SupplNote, Remarks,
 * AmendProvision, FigStruct, StyleStruct, SupplProvisionAppdx*, AppdxNote/Style/Format/Fig and Appdx.
 *
 * Positions: a node's start is its element's start tag (a sentence's text: the first byte after the start
 * tag, its end the end tag), as 1-based line and code-point column, computed from expat's byte index. */
#include "load.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "util.h"

#define MIN_DEPTH 64
#define CHUNK ((size_t)1 << 20)

typedef enum {
    F_LAW,       /* <Law> */
    F_PASS,      /* transparent: children handled by the nearest meaningful frame */
    F_SKIP,      /* ignored with everything inside */
    F_PROVS,     /* MainProvision, SupplProvision, a division: holds provisions */
    F_ARTICLE,
    F_PARA,      /* Paragraph, Item, SubitemN: holds sentences and items */
    F_COLUMN,
    F_APPDX,     /* AppdxTable */
    F_ROW,       /* TableRow of an AppdxTable */
    F_CAPTURE,   /* an element whose text is collected */
    F_INCAP      /* inside a capture */
} fkind;

typedef enum { C_KEY, C_SENTENCE, C_CELL, C_ROW } ckind;

typedef struct {
    fkind kind;
    int is_item;              /* F_PARA: Item/Subitem (children go to `items`) */
    int rt;                   /* F_INCAP: inside Rt */
    shn_node *map;            /* F_PROVS (division/suppl), F_ARTICLE, F_PARA, F_APPDX */
    shn_node *seq;            /* F_PROVS: provisions; F_ARTICLE: paragraphs; F_APPDX: rows; F_ROW: cells */
    shn_node *sentences, *items;
    unsigned nsent, ncol, col, npara;
    const char *seq_key;      /* key under which `seq` is put into `map` when created lazily */
} frame;

typedef struct { size_t byte; shn_mark m; } cursor;

typedef struct {
    const char *file;
    const char *buf;
    size_t len;
    XML_Parser p;
    shn_doc *d;
    shn_status st;
    shn_error *err;
    unsigned max_depth;
    int options;                /* the limit comes from --limit: the message names the option */
    frame *fr;                /* frames[0..depth) */
    size_t depth, cap;
    cursor cur;
    /* the document */
    shn_node *root, *provisions, *suppls, *tables;
    shn_node *law_num, *law_title;
    char *law_type;
    int seen_root;
    /* the capture in progress */
    ckind cap_kind;
    shn_node *cap_map;        /* C_KEY: where to put it */
    const char *cap_key;
    size_t cap_owner;         /* C_SENTENCE/C_CELL/C_ROW: the frame receiving it */
    const char *cap_function;
    unsigned cap_column;
    int cap_cell;             /* C_SENTENCE from a TableColumn */
    shn_mark cap_start;
    shn_buf text, run;
    const char *sep;          /* pending separator in table cells */
} ctx;

/* ---- positions ----------------------------------------------------------------------------------------- */

static shn_mark pos_at(ctx *c, size_t byte) {
    if (byte > c->len) byte = c->len;
    if (byte < c->cur.byte) c->cur = (cursor){0, {1, 1, 0}};
    const unsigned char *s = (const unsigned char *)c->buf;
    cursor k = c->cur;
    for (; k.byte < byte; k.byte++) {
        unsigned char ch = s[k.byte];
        if ((ch & 0xC0) == 0x80) continue;
        k.m.offset++;
        if (ch == '\n' || (ch == '\r' && (k.byte + 1 >= c->len || s[k.byte + 1] != '\n'))) {
            k.m.line++;
            k.m.column = 1;
        } else if (ch != '\r') {
            k.m.column++;
        }
    }
    c->cur = k;
    return k.m;
}

static size_t here(ctx *c) {
    XML_Index i = XML_GetCurrentByteIndex(c->p);
    return i < 0 ? 0 : (size_t)i;
}

static size_t here_end(ctx *c) {
    int n = XML_GetCurrentByteCount(c->p);
    return here(c) + (n > 0 ? (size_t)n : 0);
}

/* ---- errors ---------------------------------------------------------------------------------------------- */

static void fail(ctx *c, shn_status code, size_t byte, const char *fmt, const char *arg) {
    if (c->st != SHN_OK) return;
    shn_mark m = pos_at(c, byte);
    c->st = shn__err(c->err, code, c->file, m.line, m.column, fmt, arg);
    XML_StopParser(c->p, XML_FALSE);
}

static void nomem(ctx *c) {
    if (c->st != SHN_OK) return;
    c->st = shn__err(c->err, SHN_E_NOMEM, c->file, 0, 0, "メモリ不足 (out of memory)");
    XML_StopParser(c->p, XML_FALSE);
}

/* ---- builders -------------------------------------------------------------------------------------------- */

static shn_node *str_node(ctx *c, const char *s, size_t n, shn_scalar_style style, shn_mark a, shn_mark b) {
    shn_node *v = shn__node_scalar(c->d, s, n, style, a, b);
    if (!v) nomem(c);
    return v;
}

static void put(ctx *c, shn_node *map, const char *key, shn_node *v) {
    if (c->st != SHN_OK || !map || !v) return;
    if (shn__map_put_str(c->d, map, key, v)) nomem(c);
}

static void put_str(ctx *c, shn_node *map, const char *key, const char *s, shn_scalar_style style, shn_mark m) {
    if (c->st != SHN_OK || !s) return;
    put(c, map, key, str_node(c, s, strlen(s), style, m, m));
}

static void put_uint(ctx *c, shn_node *map, const char *key, unsigned v, shn_mark m) {
    char b[16];
    snprintf(b, sizeof b, "%u", v);
    put_str(c, map, key, b, SHN_STYLE_PLAIN, m);
}

static void append(ctx *c, shn_node *seq, shn_node *v) {
    if (c->st != SHN_OK || !seq || !v) return;
    if (shn__node_append(c->d, seq, v)) nomem(c);
}

static shn_node *new_map(ctx *c, shn_mark m) {
    shn_node *n = shn__node_map(c->d, m);
    if (!n) nomem(c);
    return n;
}

static shn_node *new_seq(ctx *c, shn_mark m) {
    shn_node *n = shn__node_seq(c->d, m);
    if (!n) nomem(c);
    return n;
}

/* The sequence under `key` of a frame's map, created on first use. */
static shn_node *lazy_seq(ctx *c, shn_node **slot, shn_node *map, const char *key, shn_mark m) {
    if (!*slot && c->st == SHN_OK) {
        *slot = new_seq(c, m);
        if (map) put(c, map, key, *slot);
    }
    return *slot;
}

static const char *attr(const XML_Char **atts, const char *name) {
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0) return atts[i + 1];
    return NULL;
}

static int is_uint(const char *s) {
    if (!s || !*s || strlen(s) > 9) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* ---- element classes ------------------------------------------------------------------------------------ */

static const struct { const char *el, *key; } divisions[] = {
    {"Part", "part"}, {"Chapter", "chapter"}, {"Section", "section"}, {"Subsection", "subsection"},
    {"Division", "division"},
};

static int is_division_title(const char *n) {
    return strcmp(n, "PartTitle") == 0 || strcmp(n, "ChapterTitle") == 0 || strcmp(n, "SectionTitle") == 0 ||
           strcmp(n, "SubsectionTitle") == 0 || strcmp(n, "DivisionTitle") == 0;
}

/* Subitem1 … Subitem10 (suffix "" ), their Title / Sentence (suffix given). */
static int is_subitem(const char *n, const char *suffix) {
    if (strncmp(n, "Subitem", 7) != 0) return 0;
    const char *p = n + 7;
    if (*p < '1' || *p > '9') return 0;
    while (*p >= '0' && *p <= '9') p++;
    return strcmp(p, suffix) == 0;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Nearest frame of one of the given kinds below index `from`; (size_t)-1 when none or when a frame of kind
 * `stop` comes first. */
static size_t nearest(const ctx *c, size_t from, fkind a, fkind b, fkind stop) {
    for (size_t i = from; i > 0; i--) {
        fkind k = c->fr[i - 1].kind;
        if (k == a || k == b) return i - 1;
        if (k == stop) return (size_t)-1;
    }
    return (size_t)-1;
}

/* ---- capture --------------------------------------------------------------------------------------------- */

static int all_space_with_newline(const char *s, size_t n) {
    int nl = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') nl = 1;
        else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    }
    return nl;
}

/* Move the pending character data into the captured text. */
static void flush_run(ctx *c) {
    if (!c->run.len) return;
    if (!all_space_with_newline(c->run.data, c->run.len)) {
        if (c->sep && c->text.len) shn__buf_puts(&c->text, c->sep);
        c->sep = NULL;
        shn__buf_add(&c->text, c->run.data, c->run.len);
    }
    c->run.len = 0;
    if (c->run.data) c->run.data[0] = '\0';
    if (c->text.failed || c->run.failed) nomem(c);
}

static void begin_capture(ctx *c, ckind kind, size_t owner, shn_node *map, const char *key) {
    c->cap_kind = kind;
    c->cap_owner = owner;
    c->cap_map = map;
    c->cap_key = key;
    c->cap_start = pos_at(c, here_end(c));
    c->text.len = 0;
    c->run.len = 0;
    c->sep = NULL;
    c->fr[c->depth - 1].kind = F_CAPTURE;
}

static void end_capture(ctx *c) {
    flush_run(c);
    if (c->st != SHN_OK) return;
    size_t at = here(c);
    shn_mark end = pos_at(c, at);
    shn_mark start = c->cap_start;
    if (end.offset < start.offset) end = start;
    const char *s = c->text.data ? c->text.data : "";
    shn_node *v = str_node(c, s, c->text.len, SHN_STYLE_QUOTED, start, end);
    if (!v) return;
    frame *o = c->cap_kind == C_KEY ? NULL : &c->fr[c->cap_owner];
    switch (c->cap_kind) {
    case C_KEY: put(c, c->cap_map, c->cap_key, v); break;
    case C_CELL: append(c, o->seq, v); break;
    case C_ROW: {
        shn_node *row = new_seq(c, start);
        append(c, row, v);
        append(c, lazy_seq(c, &o->seq, o->map, "rows", start), row);
        break;
    }
    case C_SENTENCE: {
        if (c->cap_cell && !c->text.len) break;      /* an empty table cell adds no sentence */
        shn_node *m = new_map(c, start);
        put_uint(c, m, "num", ++o->nsent, start);
        put_str(c, m, "function", c->cap_function, SHN_STYLE_QUOTED, start);
        if (c->cap_column) put_uint(c, m, "column", c->cap_column, start);
        put(c, m, "text", v);
        append(c, lazy_seq(c, &o->sentences, o->map, "sentences", start), m);
        break;
    }
    }
}

/* ---- handlers -------------------------------------------------------------------------------------------- */

static frame *push(ctx *c, fkind kind) {
    if (c->depth == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        frame *f = realloc(c->fr, cap * sizeof *f);
        if (!f) { nomem(c); return NULL; }
        c->fr = f;
        c->cap = cap;
    }
    frame *f = &c->fr[c->depth++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    return f;
}

/* A paragraph, item or sub-item frame, appended to its parent. */
static void open_para(ctx *c, frame *f, const char *name, const XML_Char **atts, shn_mark m) {
    frame *up = &c->fr[c->depth - 2];
    const char *num = attr(atts, "Num");
    shn_node *map = new_map(c, m);
    f->kind = F_PARA;
    f->map = map;
    if (strcmp(name, "Paragraph") == 0) {
        unsigned pos = ++up->npara;
        const char *key = up->kind == F_PROVS ? "paragraph" : "num";
        if (is_uint(num)) put_str(c, map, key, num, SHN_STYLE_PLAIN, m);
        else put_uint(c, map, key, pos, m);
        if (up->kind == F_PROVS) append(c, lazy_seq(c, &up->seq, up->map, up->seq_key, m), map);
        else if (up->kind == F_ARTICLE) append(c, lazy_seq(c, &up->seq, up->map, "paragraphs", m), map);
        else if (up->kind == F_PARA) append(c, lazy_seq(c, &up->items, up->map, "items", m), map);
    } else {
        f->is_item = 1;
        char pos[16];
        snprintf(pos, sizeof pos, "%u", up->kind == F_PARA ? (unsigned)(up->items ? up->items->n + 1 : 1) : 1u);
        put_str(c, map, "num", num ? num : pos, SHN_STYLE_QUOTED, m);
        append(c, lazy_seq(c, &up->items, up->map, "items", m), map);
    }
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts) {
    ctx *c = ud;
    if (c->st != SHN_OK) return;
    size_t at = here(c);
    if (c->depth >= c->max_depth) {
        char b[32];
        snprintf(b, sizeof b, "%u", c->max_depth);
        if (c->options) {
            char msg[400];
            snprintf(msg, sizeof msg, "要素の入れ子が上限 %u 段を超えました。上限は --limit depth=N で変えられます "
                     "(elements nested deeper than %u levels; the limit is --limit depth=N, at least %u for e-Gov XML)",
                     c->max_depth, c->max_depth, (unsigned)MIN_DEPTH);
            fail(c, SHN_E_LIMIT, at, "%s", msg);
        } else {
            fail(c, SHN_E_LIMIT, at, "要素の入れ子が深すぎます (elements nested deeper than %s levels)", b);
        }
        return;
    }
    shn_mark m = pos_at(c, at);
    if (!c->depth) {
        if (strcmp(name, "Law") != 0) {
            fail(c, SHN_E_PARSE, at,
                 "e-Gov法令XMLではありません (not an e-Gov law XML: root element is <%s>)", name);
            return;
        }
        if (!push(c, F_LAW)) return;
        c->seen_root = 1;
        shn_mark one = {1, 1, 0};
        c->root = new_map(c, one);
        c->provisions = new_seq(c, m);
        c->suppls = new_seq(c, m);
        c->tables = new_seq(c, m);
        put_str(c, c->root, "shinsa", "1", SHN_STYLE_PLAIN, one);
        put_str(c, c->root, "kind", "law", SHN_STYLE_QUOTED, one);
        const char *t = attr(atts, "LawType");
        if (t && !(c->law_type = shn__strdup(t))) nomem(c);
        return;
    }
    frame *up = &c->fr[c->depth - 1];
    fkind uk = up->kind;
    if (uk == F_SKIP || uk == F_CAPTURE || uk == F_INCAP) {
        flush_run(c);
        int rt = (uk == F_INCAP && up->rt) || strcmp(name, "Rt") == 0;
        frame *f = push(c, uk == F_SKIP ? F_SKIP : F_INCAP);
        if (f) f->rt = rt;
        return;
    }
    frame *f = push(c, F_SKIP);
    if (!f) return;
    up = &c->fr[c->depth - 2];
    switch (uk) {
    case F_LAW:
        if (strcmp(name, "LawNum") == 0) begin_capture(c, C_KEY, 0, NULL, "num");
        else if (strcmp(name, "LawBody") == 0 && c->depth == 2) f->kind = F_LAW;
        else if (strcmp(name, "LawTitle") == 0) begin_capture(c, C_KEY, 0, NULL, "title");
        else if (strcmp(name, "MainProvision") == 0) {
            f->kind = F_PROVS;
            f->seq = c->provisions;
        } else if (strcmp(name, "SupplProvision") == 0) {
            f->kind = F_PROVS;
            f->map = new_map(c, m);
            f->seq_key = "provisions";
            const char *amend = attr(atts, "AmendLawNum");
            const char *extract = attr(atts, "Extract");
            put_str(c, f->map, "amend_law_num", amend, SHN_STYLE_QUOTED, m);
            if (extract && (strcmp(extract, "true") == 0 || strcmp(extract, "false") == 0))
                put_str(c, f->map, "extract", extract, SHN_STYLE_PLAIN, m);
            append(c, c->suppls, f->map);
        } else if (strcmp(name, "AppdxTable") == 0) {
            f->kind = F_APPDX;
            f->map = new_map(c, m);
            put_str(c, f->map, "num", attr(atts, "Num"), SHN_STYLE_QUOTED, m);
            append(c, c->tables, f->map);
        }
        return;
    case F_PROVS:
        for (size_t i = 0; i < SHN__ARRAY_LEN(divisions); i++) {
            if (strcmp(name, divisions[i].el) != 0) continue;
            f->kind = F_PROVS;
            f->map = new_map(c, m);
            f->seq_key = "provisions";
            const char *num = attr(atts, "Num");
            put_str(c, f->map, divisions[i].key, num ? num : "", SHN_STYLE_QUOTED, m);
            append(c, lazy_seq(c, &up->seq, up->map, up->seq_key, m), f->map);
            return;
        }
        if (strcmp(name, "Article") == 0) {
            f->kind = F_ARTICLE;
            f->map = new_map(c, m);
            const char *num = attr(atts, "Num");
            put_str(c, f->map, "article", num ? num : "", SHN_STYLE_QUOTED, m);
            const char *del = attr(atts, "Delete"), *hide = attr(atts, "Hide");
            if (del && strcmp(del, "true") == 0) put_str(c, f->map, "delete", "true", SHN_STYLE_PLAIN, m);
            if (hide && strcmp(hide, "true") == 0) put_str(c, f->map, "hide", "true", SHN_STYLE_PLAIN, m);
            append(c, lazy_seq(c, &up->seq, up->map, up->seq_key, m), f->map);
        } else if (strcmp(name, "Paragraph") == 0) {
            open_para(c, f, name, atts, m);
        } else if (up->map && is_division_title(name)) {
            begin_capture(c, C_KEY, 0, up->map, "title");
        }
        return;
    case F_ARTICLE:
        if (strcmp(name, "ArticleCaption") == 0) begin_capture(c, C_KEY, 0, up->map, "caption");
        else if (strcmp(name, "ArticleTitle") == 0) begin_capture(c, C_KEY, 0, up->map, "title");
        else if (strcmp(name, "Paragraph") == 0) open_para(c, f, name, atts, m);
        return;
    case F_APPDX:
        if (strcmp(name, "AppdxTableTitle") == 0) begin_capture(c, C_KEY, 0, up->map, "title");
        else if (strcmp(name, "RelatedArticleNum") == 0) begin_capture(c, C_KEY, 0, up->map, "related_article");
        else if (strcmp(name, "TableStruct") == 0) f->kind = F_PASS;
        else if (strcmp(name, "Item") == 0 || strcmp(name, "Paragraph") == 0)
            begin_capture(c, C_ROW, c->depth - 2, NULL, NULL);
        return;
    case F_ROW:
        if (strcmp(name, "TableColumn") == 0 || strcmp(name, "TableHeaderColumn") == 0)
            begin_capture(c, C_CELL, c->depth - 2, NULL, NULL);
        return;
    case F_PARA:
    case F_COLUMN:
    case F_PASS:
        break;
    default:
        return;
    }
    /* Inside a paragraph or item (possibly through transparent elements), or a table of an AppdxTable. */
    size_t owner = nearest(c, c->depth - 1, F_PARA, F_APPDX, F_PROVS);
    if (owner == (size_t)-1) {
        if (strcmp(name, "Table") == 0 || strcmp(name, "TableStruct") == 0) f->kind = F_PASS;
        return;
    }
    frame *o = &c->fr[owner];
    if (o->kind == F_APPDX) {
        if (strcmp(name, "Table") == 0) f->kind = F_PASS;
        else if (strcmp(name, "TableRow") == 0 || strcmp(name, "TableHeaderRow") == 0) {
            f->kind = F_ROW;
            f->seq = new_seq(c, m);
            append(c, lazy_seq(c, &o->seq, o->map, "rows", m), f->seq);
        }
        return;
    }
    if (strcmp(name, "Sentence") == 0) {
        size_t col = nearest(c, c->depth - 1, F_COLUMN, F_COLUMN, F_PARA);
        const char *fn = attr(atts, "Function");   /* attribute strings live only during this callback */
        c->cap_function = !fn ? NULL : strcmp(fn, "main") == 0 ? "main" : strcmp(fn, "proviso") == 0 ? "proviso"
                                                                                                      : NULL;
        c->cap_column = col == (size_t)-1 ? 0 : c->fr[col].col;
        c->cap_cell = 0;
        begin_capture(c, C_SENTENCE, owner, NULL, NULL);
    } else if (strcmp(name, "TableColumn") == 0 || strcmp(name, "TableHeaderColumn") == 0) {
        c->cap_function = NULL;
        c->cap_column = 0;
        c->cap_cell = 1;
        begin_capture(c, C_SENTENCE, owner, NULL, NULL);
    } else if (strcmp(name, "Item") == 0 || is_subitem(name, "")) {
        if (uk == F_PARA) open_para(c, f, name, atts, m);
    } else if (uk == F_PARA && strcmp(name, "ParagraphCaption") == 0) {
        begin_capture(c, C_KEY, 0, up->map, "caption");
    } else if (uk == F_PARA && (strcmp(name, "ItemTitle") == 0 || is_subitem(name, "Title"))) {
        begin_capture(c, C_KEY, 0, up->map, "title");
    } else if (strcmp(name, "Column") == 0) {
        f->kind = F_COLUMN;
        const char *num = attr(atts, "Num");
        o->ncol++;
        f->col = is_uint(num) ? (unsigned)atoi(num) : o->ncol;
    } else if (strcmp(name, "ParagraphSentence") == 0 || strcmp(name, "ItemSentence") == 0 ||
               is_subitem(name, "Sentence") || strcmp(name, "List") == 0 || strcmp(name, "ListSentence") == 0 ||
               strncmp(name, "Sublist", 7) == 0 || strcmp(name, "TableStruct") == 0 ||
               strcmp(name, "Table") == 0 || strcmp(name, "TableRow") == 0 ||
               strcmp(name, "TableHeaderRow") == 0) {
        f->kind = F_PASS;
    }
}

/* Separator a closing element leaves between the pieces of a table cell. */
static const char *cell_sep(const char *name) {
    static const char *const inline_els[] = {"Ruby", "Rt", "Sup", "Sub", "Line", "QuoteStruct", "ArithFormula",
                                             "ArithFormulaNum"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(inline_els); i++)
        if (strcmp(name, inline_els[i]) == 0) return NULL;
    return ends_with(name, "Title") ? "\xE3\x80\x80" : "\n";
}

static void on_end(void *ud, const XML_Char *name) {
    ctx *c = ud;
    if (c->st != SHN_OK || !c->depth) return;
    frame *f = &c->fr[c->depth - 1];
    if (f->kind == F_INCAP) {
        flush_run(c);
        if (c->cap_kind != C_KEY) {
            const char *s = cell_sep(name);
            if (s && (!c->sep || s[0] == '\n')) c->sep = s;
        }
    } else if (f->kind == F_CAPTURE) {
        if (c->cap_kind == C_KEY && !c->cap_map) {           /* LawNum, LawTitle */
            flush_run(c);
            shn_mark end = pos_at(c, here(c));
            if (end.offset < c->cap_start.offset) end = c->cap_start;
            shn_node *v = str_node(c, c->text.data ? c->text.data : "", c->text.len, SHN_STYLE_QUOTED,
                                   c->cap_start, end);
            if (strcmp(c->cap_key, "num") == 0) c->law_num = v;
            else c->law_title = v;
        } else {
            end_capture(c);
        }
    } else if (f->map) {
        f->map->end = pos_at(c, here_end(c));
    }
    c->depth--;
}

static void on_text(void *ud, const XML_Char *s, int len) {
    ctx *c = ud;
    if (c->st != SHN_OK || !c->depth || len <= 0) return;
    frame *f = &c->fr[c->depth - 1];
    if (f->kind != F_CAPTURE && !(f->kind == F_INCAP && !f->rt)) return;
    shn__buf_add(&c->run, s, (size_t)len);
    if (c->run.failed) nomem(c);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int has_internal_subset) {
    ctx *c = ud;
    (void)name; (void)sysid; (void)pubid;
    if (has_internal_subset)
        fail(c, SHN_E_PARSE, here(c),
             "DOCTYPEの内部サブセットは受け付けません (a DOCTYPE internal subset is not accepted)%s", "");
}

static void on_entity_decl(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int value_len,
                           const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                           const XML_Char *notation) {
    ctx *c = ud;
    (void)is_param; (void)value; (void)value_len; (void)base; (void)sysid; (void)pubid; (void)notation;
    fail(c, SHN_E_PARSE, here(c), "実体宣言は受け付けません (entity declarations are not accepted): %s", name);
}

static int on_external(XML_Parser p, const XML_Char *context, const XML_Char *base, const XML_Char *sysid,
                       const XML_Char *pubid) {
    (void)p; (void)context; (void)base; (void)sysid; (void)pubid;
    return XML_STATUS_ERROR;     /* never loaded */
}

static void on_skipped(void *ud, const XML_Char *name, int is_param) {
    ctx *c = ud;
    (void)is_param;
    fail(c, SHN_E_PARSE, here(c), "未定義の実体参照です (undefined entity reference): %s", name);
}

/* ---- entry point ------------------------------------------------------------------------------------------ */

static int is_law_id(const char *s) {
    if (!s || strlen(s) != 15) return 0;
    for (int i = 0; i < 15; i++) {
        char ch = s[i];
        int digit = ch >= '0' && ch <= '9', upper = ch >= 'A' && ch <= 'Z';
        if (i < 3 ? !digit : i < 5 ? !upper : !(digit || upper)) return 0;
    }
    return 1;
}

/* The law map, in the order id, num, title, type. */
static void finish_law(ctx *c, const shn_load_opts *opt) {
    shn_mark one = {1, 1, 0};
    shn_node *law = new_map(c, c->root ? c->root->start : one);
    char *id = opt && opt->law_id ? shn__strdup(opt->law_id) : shn__law_id_from_path(c->file);
    /* Only ids the schema accepts go into law.id; units derive any other id from the path again. */
    if (is_law_id(id)) put_str(c, law, "id", id, SHN_STYLE_QUOTED, one);
    free(id);
    put(c, law, "num", c->law_num);
    put(c, law, "title", c->law_title);
    put_str(c, law, "type", c->law_type, SHN_STYLE_QUOTED, one);
    put(c, c->root, "law", law);
    put(c, c->root, "provisions", c->provisions);
    if (c->suppls && c->suppls->n) put(c, c->root, "suppl_provisions", c->suppls);
    if (c->tables && c->tables->n) put(c, c->root, "appendix_tables", c->tables);
}

shn_status shn__egov_load(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                          shn_doc ***docs, size_t *ndocs, shn_error *err) {
    if (!docs || !ndocs || (!buf && len))
        return shn__err(err, SHN_E_USAGE, file, 0, 0, "引数が不正です (invalid argument)");
    *docs = NULL;
    *ndocs = 0;
    if (!file) file = "";
    ctx c;
    memset(&c, 0, sizeof c);
    c.file = file;
    c.buf = buf;
    c.len = len;
    c.err = err;
    c.cur = (cursor){0, {1, 1, 0}};
    unsigned lim = opt ? opt->limits.max_depth : 0;
    c.max_depth = lim > MIN_DEPTH ? lim : MIN_DEPTH;
    c.options = opt && opt->limits.from_options;
    c.d = shn__doc_new(file);
    c.p = XML_ParserCreate("UTF-8");
    if (!c.d || !c.p) {
        shn__doc_free(c.d);
        if (c.p) XML_ParserFree(c.p);
        return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    }
    XML_SetUserData(c.p, &c);
    XML_SetParamEntityParsing(c.p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetExternalEntityRefHandler(c.p, on_external);
    XML_SetEntityDeclHandler(c.p, on_entity_decl);
    XML_SetStartDoctypeDeclHandler(c.p, on_doctype);
    XML_SetSkippedEntityHandler(c.p, on_skipped);
    XML_SetElementHandler(c.p, on_start, on_end);
    XML_SetCharacterDataHandler(c.p, on_text);

    size_t off = 0;
    int done = 0;
    while (!done && c.st == SHN_OK) {
        size_t n = len - off > CHUNK ? CHUNK : len - off;
        done = off + n == len;
        if (XML_Parse(c.p, n ? buf + off : "", (int)n, done) == XML_STATUS_ERROR && c.st == SHN_OK) {
            enum XML_Error code = XML_GetErrorCode(c.p);
            XML_Index bi = XML_GetCurrentByteIndex(c.p);
            shn_mark m = pos_at(&c, bi < 0 ? 0 : (size_t)bi);
            shn_status st = code == XML_ERROR_NO_MEMORY ? SHN_E_NOMEM : SHN_E_PARSE;
            c.st = shn__err(err, st, file, m.line, m.column, "XMLの構文エラーです (XML syntax error): %s",
                            XML_ErrorString(code));
        }
        off += n;
    }
    if (c.st == SHN_OK && !c.seen_root)
        c.st = shn__err(err, SHN_E_PARSE, file, 1, 1, "XMLの要素がありません (no XML element)");
    if (c.st == SHN_OK) finish_law(&c, opt);
    XML_ParserFree(c.p);
    free(c.fr);
    free(c.law_type);
    shn__buf_free(&c.text);
    shn__buf_free(&c.run);
    if (c.st != SHN_OK) {
        shn__doc_free(c.d);
        return c.st;
    }
    c.d->root = c.root;
    shn_doc **arr = malloc(sizeof *arr);
    if (!arr) {
        shn__doc_free(c.d);
        return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    }
    arr[0] = c.d;
    *docs = arr;
    *ndocs = 1;
    return SHN_OK;
}
