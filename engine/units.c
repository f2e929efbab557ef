/* units.c — checkable units of `kind: law` and `kind: measures` documents (see unit.h).
 *
 * A law gives, in this order: law.document; for each article of the main provision (divisions walked in
 * order) law.article then its law.sentence units (paragraph sentences, then item sentences depth-first,
 * sub-items after their item); the same for each 附則; then one law.sentence unit per non-empty cell of each
 * 別表. Paragraphs written directly in a provision (項建て laws) give law.sentence units with no article.
 * A 施策集 gives measures.document, then for each measure a measure unit followed by its measure.kpi units
 * (progress, effect, unclassified).
 *
 * Context values are reference-counted strings shared by the units of one list (article_text is the same
 * for every sentence of an article), so memory stays linear in the text. Walking is bounded: divisions nest
 * at most MAX_DIV_DEPTH, items (with sub-items) MAX_ITEM_DEPTH, and the text the units hold (which a DAG of
 * shared aliases could multiply), with the units themselves, at most MAX_TEXT_BYTES per document (or
 * shn_unit_opts.max_text_bytes). */
#include "unit.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kanji.h"
#include "util.h"

#define MAX_DIV_DEPTH 8          /* part > chapter > section > subsection > division, with room to spare */
#define MAX_ITEM_DEPTH 11        /* item and Subitem1..Subitem10 */
#define MAX_TEXT_BYTES ((size_t)256 << 20)
#define MAX_CTX 12

static const char EXAMPLE_FILE[] = "<example>";

/* ---- reference-counted strings for context values --------------------------------------------------- */

typedef struct { atomic_size_t refs; char s[]; } rc_str;

static rc_str *rc_of(char *s) { return (rc_str *)(void *)(s - offsetof(rc_str, s)); }

static char *rc_new(const char *s, size_t n) {
    rc_str *r = malloc(sizeof *r + n + 1);
    if (!r) return NULL;
    atomic_init(&r->refs, 1);
    if (n) memcpy(r->s, s, n);
    r->s[n] = '\0';
    return r->s;
}

static char *rc_ref(char *s) {
    atomic_fetch_add(&rc_of(s)->refs, 1);
    return s;
}

static void rc_unref(char *s) {
    if (!s) return;
    rc_str *r = rc_of(s);
    if (atomic_fetch_sub(&r->refs, 1) == 1) free(r);
}

/* ---- units --------------------------------------------------------------------------------------------- */

void shn__unit_free(shn_unit *u) {
    if (!u) return;
    free(u->text);
    free(u->file);
    free((char *)u->addr.law_id);
    free((char *)u->addr.provision);
    free((char *)u->addr.article);
    free((char *)u->addr.paragraph);
    free((char *)u->addr.item);
    free((char *)u->addr.table);
    free((char *)u->addr.measure);
    free((char *)u->addr.path);
    free(u->address_str);
    free(u->citation);
    for (size_t i = 0; i < u->n_ctx; i++) rc_unref(u->ctx_vals[i]);
    free(u->ctx_keys);
    free(u->ctx_vals);
    free(u->segs);
    shn__doc_free(u->own_doc);
    free(u);
}

void shn__units_free(shn_unit_list *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) shn__unit_free(l->items[i]);
    free(l->items);
    free(l->set);
    l->items = NULL;
    l->set = NULL;
    l->n = l->cap = 0;
}

const char *shn__unit_ctx(const shn_unit *u, const char *key) {
    if (!u || !key) return NULL;
    for (size_t i = 0; i < u->n_ctx; i++)
        if (strcmp(u->ctx_keys[i], key) == 0) return u->ctx_vals[i];
    return NULL;
}

/* ---- the builder --------------------------------------------------------------------------------------- */

typedef struct {
    const char *file;          /* as given, never NULL */
    char *law_id;              /* owned; NULL when none */
    shn_unit_list *out;
    size_t budget;             /* text bytes still allowed */
    size_t limit;              /* the document's text limit */
    shn_status st;
    shn_error *err;
    shn_unit_opts *opt;
    /* law-wide context (rc strings) */
    char *law_title, *law_type, *empty, *fn_main, *fn_proviso;
    char *law_ministry;         /* the ministry that issued the law, from its 法令番号 (rc), or NULL */
    /* measures context (rc strings) */
    char *plan_title, *plan_date, *period_from, *period_to, *plan_level;
    char *lead_ministry;        /* the measure being built: its lead ministry (rc), or NULL */
} builder;

static void b_nomem(builder *b) {
    if (b->st == SHN_OK)
        b->st = shn__err(b->err, SHN_E_NOMEM, b->file, 0, 0, "メモリ不足 (out of memory)");
}

static int b_spend(builder *b, size_t n) {
    if (b->st != SHN_OK) return -1;
    if (n > b->budget) {
        b->st = shn__err(b->err, SHN_E_LIMIT, b->file, 0, 0,
                         "単位の本文が文書あたりの上限 %zu バイトを超えました。入力を分けてください (the units' text "
                         "of this document exceeds the %zu-byte limit, counting each sentence's article and "
                         "paragraph context: split the input into smaller documents, or remove YAML aliases "
                         "that repeat a long text; the limit is --limit unit-text=BYTES)",
                         b->limit, b->limit);
        return -1;
    }
    b->budget -= n;
    return 0;
}

/* A new rc string counted against the budget; NULL (and b->st set) on failure. */
static char *b_rc(builder *b, const char *s) {
    if (!s) s = "";
    size_t n = strlen(s);
    if (b_spend(b, n)) return NULL;
    char *r = rc_new(s, n);
    if (!r) b_nomem(b);
    return r;
}

static char *b_strdup(builder *b, const char *s) {
    if (b->st != SHN_OK || !s) return NULL;
    char *r = shn__strdup(s);
    if (!r) b_nomem(b);
    return r;
}

/* Allocate a unit and append it to the list (the list owns it from then on). */
static shn_unit *b_unit(builder *b, const char *kind, const shn_node *span) {
    /* Each unit's own memory counts against the budget too, so that a DAG cannot multiply units at will. */
    if (b_spend(b, sizeof(shn_unit) + 2 * MAX_CTX * sizeof(char *))) return NULL;
    shn_unit_list *l = b->out;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        shn_unit **items = realloc(l->items, cap * sizeof *items);
        if (!items) { b_nomem(b); return NULL; }
        l->items = items;
        l->cap = cap;
    }
    shn_unit *u = calloc(1, sizeof *u);
    if (!u) { b_nomem(b); return NULL; }
    u->ctx_keys = calloc(MAX_CTX, sizeof *u->ctx_keys);
    u->ctx_vals = calloc(MAX_CTX, sizeof *u->ctx_vals);
    u->file = shn__strdup(b->file);
    l->items[l->n] = u;
    u->index = l->n++;
    if (!u->ctx_keys || !u->ctx_vals || !u->file) { b_nomem(b); return NULL; }
    u->kind = kind;
    if (span) {
        u->start = span->start;
        u->end = span->end;
    }
    return u;
}

/* Add a context value; `val` is an rc string whose reference is taken (a new one is added). */
static void u_ctx(builder *b, shn_unit *u, const char *key, char *val) {
    if (b->st != SHN_OK || !u || !val || u->n_ctx >= MAX_CTX) return;
    u->ctx_keys[u->n_ctx] = (char *)key;
    u->ctx_vals[u->n_ctx] = rc_ref(val);
    u->n_ctx++;
}

/* Text assembled from scalar nodes, with one segment per piece. */
typedef struct {
    shn_buf buf;
    shn_segment *segs;
    size_t n, cap, cps;
    int failed;
} textb;

static void tb_add(textb *t, const shn_node *node, const char *s) {
    size_t len = strlen(s);
    if (node) {
        if (t->n == t->cap) {
            size_t cap = t->cap ? t->cap * 2 : 4;
            shn_segment *segs = realloc(t->segs, cap * sizeof *segs);
            if (!segs) { t->failed = 1; return; }
            t->segs = segs;
            t->cap = cap;
        }
        size_t cps = shn__utf8_len(s, len);
        t->segs[t->n++] = (shn_segment){t->cps, cps, node};
        t->cps += cps;
    } else {
        t->cps += shn__utf8_len(s, len);
    }
    shn__buf_add(&t->buf, s, len);
}

static void tb_free(textb *t) {
    shn__buf_free(&t->buf);
    free(t->segs);
    memset(t, 0, sizeof *t);
}

/* Move the text and segments into u (t is reset). */
static void tb_give(builder *b, textb *t, shn_unit *u) {
    if (b->st != SHN_OK || !u) { tb_free(t); return; }
    if (t->failed || t->buf.failed) { tb_free(t); b_nomem(b); return; }
    if (b_spend(b, t->buf.len)) { tb_free(t); return; }
    u->text = shn__buf_take(&t->buf);
    if (!u->text) { tb_free(t); b_nomem(b); return; }
    u->text_cps = t->cps;
    u->segs = t->segs;
    u->n_segs = t->n;
    t->segs = NULL;
    tb_free(t);
}

/* Scalar text of a node ("" for anything else or null). */
static const char *scalar_text(const shn_node *n) {
    return n && n->type == SHN_NODE_SCALAR && !shn__scalar_is_null(n) ? n->value : NULL;
}

/* Non-negative decimal number of at most 9 digits, else -1. */
static long parse_uint(const char *s) {
    if (!s || !*s) return -1;
    long v = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] < '0' || s[i] > '9' || i >= 9) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* ---- law -------------------------------------------------------------------------------------------------- */

typedef struct {
    const char *provision;     /* "main" | "suppl" | "suppl:…" */
    const char *prefix;        /* "" | "附則" | "附則（…）" */
    size_t para_pos;           /* 項建て: paragraphs seen so far in this provision */
} prov_ctx;

/* One sentence collected from an article (or a 項建て paragraph). */
typedef struct {
    const shn_node *node;      /* the scalar holding the text */
    const char *function;      /* "main" | "proviso" (static) */
    unsigned num;
    size_t para;               /* index into the paragraph array */
    char *item;                /* "2/1/3" or NULL */
    char *item_cite;           /* "第二号イ(3)" or NULL */
} srec;

typedef struct {
    char *num;                 /* "1" */
    char *cite;                /* "第一項" */
    char *text;                /* rc: all sentences of the paragraph joined */
} prec;

typedef struct {
    srec *s; size_t ns, caps;
    prec *p; size_t np, capp;
} collect;

static void collect_free(collect *c) {
    for (size_t i = 0; i < c->ns; i++) { free(c->s[i].item); free(c->s[i].item_cite); }
    for (size_t i = 0; i < c->np; i++) { free(c->p[i].num); free(c->p[i].cite); rc_unref(c->p[i].text); }
    free(c->s);
    free(c->p);
    memset(c, 0, sizeof *c);
}

static void add_sentence(builder *b, collect *c, const shn_node *s, size_t pos, size_t para, const char *item,
                         const char *item_cite) {
    if (b->st != SHN_OK) return;
    const shn_node *text = s;
    const char *function = "main";
    long num = (long)pos;
    if (s->type == SHN_NODE_MAP) {
        text = shn__map_get(s, "text");
        const char *f = shn__map_get_str(s, "function");
        if (f && strcmp(f, "proviso") == 0) function = "proviso";
        long n = parse_uint(shn__map_get_str(s, "num"));
        if (n > 0) num = n;
    }
    if (!scalar_text(text)) return;
    if (c->ns == c->caps) {
        size_t cap = c->caps ? c->caps * 2 : 16;
        srec *r = realloc(c->s, cap * sizeof *r);
        if (!r) { b_nomem(b); return; }
        c->s = r;
        c->caps = cap;
    }
    srec *r = &c->s[c->ns++];
    memset(r, 0, sizeof *r);
    r->node = text;
    r->function = function;
    r->num = (unsigned)num;
    r->para = para;
    if (item) {
        r->item = b_strdup(b, item);
        r->item_cite = b_strdup(b, item_cite);
    }
}

static void add_sentences(builder *b, collect *c, const shn_node *list, size_t para, const char *item,
                          const char *item_cite) {
    if (!list) return;
    if (list->type != SHN_NODE_SEQ) {       /* a single sentence written without a list */
        if (list->type == SHN_NODE_MAP || scalar_text(list)) add_sentence(b, c, list, 1, para, item, item_cite);
        return;
    }
    for (size_t i = 0; i < list->n && b->st == SHN_OK; i++)
        add_sentence(b, c, list->items[i], i + 1, para, item, item_cite);
}

/* Title written as a numeral ("四の二", "一から四まで") → its Num ("4_2", "1:4"), else NULL. */
static char *title_to_num(const char *title) {
    shn_buf nb = {0};
    const char *p = title;
    const char *kara = strstr(p, "から");
    size_t total = strlen(p);
    const char *stop = p + total;
    int range = 0;
    if (kara) {
        size_t mlen = strlen("まで");
        if (total < mlen || strcmp(p + total - mlen, "まで") != 0) return NULL;
        range = 1;
        stop = kara;
    }
    for (int part = 0; part <= range; part++) {
        if (part == 1) {
            shn__buf_puts(&nb, ":");
            p = kara + strlen("から");
            stop = title + total - strlen("まで");
            if (p > stop) { shn__buf_free(&nb); return NULL; }
        }
        int first = 1;
        while (1) {
            const char *no = strstr(p, "の");
            const char *end = no && no < stop ? no : stop;
            char *piece = shn__strndup(p, (size_t)(end - p));
            long v = piece ? shn__kanji_to_int(piece) : -1;
            free(piece);
            if (v < 0) { shn__buf_free(&nb); return NULL; }
            shn__buf_printf(&nb, first ? "%ld" : "_%ld", v);
            first = 0;
            if (end == stop) break;
            p = end + strlen("の");
        }
    }
    return shn__buf_take(&nb);
}

/* Citation piece of a top-level item: 第二号, 第四号の二, 第一号から第四号まで, else the title as written. */
static char *item_cite_top(const char *title, const char *num) {
    if (title) {
        char *n = title_to_num(title);
        char *c = n ? shn__num_to_kanji_cite(n, "号") : NULL;
        free(n);
        return c ? c : shn__strdup(title);
    }
    char *c = shn__num_to_kanji_cite(num, "号");
    return c ? c : shn__strdup(num);
}

static void add_items(builder *b, collect *c, const shn_node *list, size_t para, const char *parent,
                      const char *parent_cite, unsigned depth) {
    if (!list || list->type != SHN_NODE_SEQ || depth >= MAX_ITEM_DEPTH) return;
    for (size_t i = 0; i < list->n && b->st == SHN_OK; i++) {
        const shn_node *it = list->items[i];
        if (it->type != SHN_NODE_MAP) continue;
        char pos[32];
        snprintf(pos, sizeof pos, "%zu", i + 1);
        const char *num = shn__map_get_str(it, "num");
        if (!num) num = pos;
        const char *title = shn__map_get_str(it, "title");
        char *addr = parent ? shn__printf("%s/%s", parent, num) : shn__strdup(num);
        char *piece = depth == 0 ? item_cite_top(title, num) : shn__strdup(title ? title : num);
        char *cite = piece ? shn__printf("%s%s", parent_cite ? parent_cite : "", piece) : NULL;
        free(piece);
        if (!addr || !cite) { free(addr); free(cite); b_nomem(b); return; }
        add_sentences(b, c, shn__map_get(it, "sentences"), para, addr, cite);
        add_items(b, c, shn__map_get(it, "items"), para, addr, cite, depth + 1);
        free(addr);
        free(cite);
    }
}

/* Append a paragraph (map, or a bare sentence) with its number; `num` < 1 means "use pos". */
static void add_paragraph(builder *b, collect *c, const shn_node *pnode, long num, size_t pos) {
    if (b->st != SHN_OK) return;
    if (c->np == c->capp) {
        size_t cap = c->capp ? c->capp * 2 : 8;
        prec *p = realloc(c->p, cap * sizeof *p);
        if (!p) { b_nomem(b); return; }
        c->p = p;
        c->capp = cap;
    }
    size_t para = c->np;
    prec *p = &c->p[c->np++];
    memset(p, 0, sizeof *p);
    p->num = shn__printf("%ld", num > 0 ? num : (long)pos);
    p->cite = p->num ? shn__num_to_kanji_cite(p->num, "項") : NULL;
    if (!p->num || !p->cite) { b_nomem(b); return; }
    if (pnode->type == SHN_NODE_MAP) {
        add_sentences(b, c, shn__map_get(pnode, "sentences"), para, NULL, NULL);
        add_items(b, c, shn__map_get(pnode, "items"), para, NULL, NULL, 0);
    } else {
        add_sentence(b, c, pnode, 1, para, NULL, NULL);
    }
}

/* Concatenate all the sentences collected into an rc string. */
static char *join_rc(builder *b, const collect *c) {
    if (b->st != SHN_OK) return NULL;
    shn_buf t = {0};
    for (size_t i = 0; i < c->ns; i++) shn__buf_puts(&t, c->s[i].node->value);
    if (t.failed) { shn__buf_free(&t); b_nomem(b); return NULL; }
    char *r = b_rc(b, t.data ? t.data : "");
    shn__buf_free(&t);
    return r;
}

static char *law_address(const builder *b, const char *slot, const char *article, const char *para,
                         const char *item, unsigned sentence) {
    char sn[16] = "";
    if (sentence) snprintf(sn, sizeof sn, "%u", sentence);
    return shn__printf("%s#%s:%s:%s:%s:%s", b->law_id ? b->law_id : b->file, slot ? slot : "",
                       article ? article : "", para ? para : "", item ? item : "", sn);
}

static void set_law_addr(builder *b, shn_unit *u, const char *provision, const char *article) {
    if (b->st != SHN_OK || !u) return;
    u->addr.kind = "law";
    u->addr.law_id = b->law_id ? b_strdup(b, b->law_id) : NULL;
    u->addr.provision = provision ? b_strdup(b, provision) : NULL;
    u->addr.article = article ? b_strdup(b, article) : NULL;
}

/* Emit the units of one article (article != NULL) or of one 項建て paragraph (article == NULL). */
static void emit_collected(builder *b, const collect *c, const prov_ctx *pc, const shn_node *art,
                           const char *article, const char *art_cite, const char *caption, char *chapter) {
    if (b->st != SHN_OK) return;
    /* The text is held four times (article text, article_text, paragraph_text, sentences): refuse before
     * building anything when that cannot fit. */
    size_t total = 0;
    for (size_t i = 0; i < c->ns; i++) total += c->s[i].node->len;
    if (total > b->budget / 4) { b_spend(b, SIZE_MAX); return; }
    char *caption_rc = b_rc(b, caption);
    char *all = join_rc(b, c);
    if (article && b->st == SHN_OK) {
        shn_unit *u = b_unit(b, "law.article", art);
        textb t = {0};
        for (size_t i = 0; i < c->ns; i++) tb_add(&t, c->s[i].node, c->s[i].node->value);
        tb_give(b, &t, u);
        set_law_addr(b, u, pc->provision, article);
        if (u && b->st == SHN_OK) {
            u->address_str = law_address(b, pc->provision, article, NULL, NULL, 0);
            u->citation = shn__printf("%s%s", pc->prefix, art_cite);
            if (!u->address_str || !u->citation) b_nomem(b);
        }
        u_ctx(b, u, "law_title", b->law_title);
        u_ctx(b, u, "law_type", b->law_type);
        u_ctx(b, u, "law_ministry", b->law_ministry);
        u_ctx(b, u, "chapter_title", chapter);
        u_ctx(b, u, "article_caption", caption_rc);
        u_ctx(b, u, "article_text", all);
    }
    /* Sentences are collected paragraph by paragraph, so each paragraph's sentences form one run. */
    for (size_t i = 0, j = 0; i < c->np && b->st == SHN_OK; i++) {
        shn_buf t = {0};
        for (; j < c->ns && c->s[j].para == i; j++) shn__buf_puts(&t, c->s[j].node->value);
        if (t.failed) b_nomem(b);
        else c->p[i].text = b_rc(b, t.data ? t.data : "");
        shn__buf_free(&t);
    }
    for (size_t i = 0; i < c->ns && b->st == SHN_OK; i++) {
        const srec *r = &c->s[i];
        if (!r->node->value[0]) continue;
        const prec *p = &c->p[r->para];
        shn_unit *u = b_unit(b, "law.sentence", r->node);
        textb t = {0};
        tb_add(&t, r->node, r->node->value);
        tb_give(b, &t, u);
        set_law_addr(b, u, pc->provision, article);
        if (!u || b->st != SHN_OK) break;
        u->addr.paragraph = b_strdup(b, p->num);
        u->addr.item = r->item ? b_strdup(b, r->item) : NULL;
        u->addr.sentence = r->num;
        u->address_str = law_address(b, pc->provision, article, p->num, r->item, r->num);
        u->citation = shn__printf("%s%s%s%s", pc->prefix, art_cite ? art_cite : "", p->cite,
                                  r->item_cite ? r->item_cite : "");
        if (!u->address_str || !u->citation) b_nomem(b);
        u_ctx(b, u, "law_title", b->law_title);
        u_ctx(b, u, "law_type", b->law_type);
        u_ctx(b, u, "law_ministry", b->law_ministry);
        u_ctx(b, u, "chapter_title", chapter);
        u_ctx(b, u, "article_caption", caption_rc);
        u_ctx(b, u, "function", strcmp(r->function, "proviso") == 0 ? b->fn_proviso : b->fn_main);
        u_ctx(b, u, "paragraph_text", p->text);
        u_ctx(b, u, "article_text", article ? all : p->text);
    }
    rc_unref(caption_rc);
    rc_unref(all);
}

static void do_article(builder *b, const shn_node *a, const prov_ctx *pc, char *chapter) {
    const char *num = shn__map_get_str(a, "article");
    if (!num) num = "";
    const char *title = shn__map_get_str(a, "title");
    const char *caption = shn__map_get_str(a, "caption");
    char *cite = shn__num_to_kanji_cite(num, "条");
    if (!cite) cite = shn__strdup(title ? title : num);
    if (!cite) { b_nomem(b); return; }
    collect c = {0};
    const shn_node *paras = shn__map_get(a, "paragraphs");
    if (paras && paras->type == SHN_NODE_SEQ) {
        for (size_t i = 0; i < paras->n && b->st == SHN_OK; i++) {
            const shn_node *p = paras->items[i];
            long pn = p->type == SHN_NODE_MAP ? parse_uint(shn__map_get_str(p, "num")) : -1;
            add_paragraph(b, &c, p, pn, i + 1);
        }
    } else if (shn__map_get(a, "sentences") || shn__map_get(a, "items")) {
        add_paragraph(b, &c, a, 1, 1);     /* an article written without paragraphs: its first */
    }
    emit_collected(b, &c, pc, a, num, cite, caption, chapter);
    collect_free(&c);
    free(cite);
}

static void do_paragraph(builder *b, const shn_node *p, prov_ctx *pc, char *chapter) {
    pc->para_pos++;
    long pn = parse_uint(shn__map_get_str(p, "paragraph"));
    if (pn < 1) pn = parse_uint(shn__map_get_str(p, "num"));
    const char *caption = shn__map_get_str(p, "caption");
    collect c = {0};
    add_paragraph(b, &c, p, pn, pc->para_pos);
    emit_collected(b, &c, pc, p, NULL, NULL, caption, chapter);
    collect_free(&c);
}

static const struct { const char *key, *unit; } division_keys[] = {
    {"part", "編"}, {"chapter", "章"}, {"section", "節"}, {"subsection", "款"}, {"division", "目"},
};

static void walk_provisions(builder *b, const shn_node *list, prov_ctx *pc, char *chapter, unsigned depth);

static void walk_entry(builder *b, const shn_node *e, prov_ctx *pc, char *chapter, unsigned depth) {
    if (e->type != SHN_NODE_MAP) return;
    if (shn__map_get(e, "article")) { do_article(b, e, pc, chapter); return; }
    for (size_t k = 0; k < SHN__ARRAY_LEN(division_keys); k++) {
        const shn_node *dn = shn__map_get(e, division_keys[k].key);
        if (!dn) continue;
        if (depth >= MAX_DIV_DEPTH) return;    /* deeper divisions are ignored */
        const char *title = shn__map_get_str(e, "title");
        char *made = NULL;
        if (!title) {
            made = shn__num_to_kanji_cite(scalar_text(dn), division_keys[k].unit);
            title = made ? made : "";
        }
        char *t = b_rc(b, title);
        free(made);
        if (t) walk_provisions(b, shn__map_get(e, "provisions"), pc, t, depth + 1);
        rc_unref(t);
        return;
    }
    if (shn__map_get(e, "paragraph")) do_paragraph(b, e, pc, chapter);
}

static void walk_provisions(builder *b, const shn_node *list, prov_ctx *pc, char *chapter, unsigned depth) {
    if (!list) return;
    if (list->type == SHN_NODE_MAP) { walk_entry(b, list, pc, chapter, depth); return; }
    if (list->type != SHN_NODE_SEQ) return;
    for (size_t i = 0; i < list->n && b->st == SHN_OK; i++) walk_entry(b, list->items[i], pc, chapter, depth);
}

/* The scalar nodes of a 別表 cell: a string, {text}, {sentences: […]}, or a list of those. */
static void cell_nodes(const shn_node *cell, const shn_node **out, size_t *n, size_t max) {
    *n = 0;
    if (!cell) return;
    if (cell->type == SHN_NODE_SCALAR) {
        if (scalar_text(cell)) out[(*n)++] = cell;
        return;
    }
    const shn_node *list = cell;
    if (cell->type == SHN_NODE_MAP) {
        const shn_node *t = shn__map_get(cell, "text");
        if (scalar_text(t)) { out[(*n)++] = t; return; }
        list = shn__map_get(cell, "sentences");
        if (!list) return;
        if (list->type == SHN_NODE_SCALAR) { if (scalar_text(list)) out[(*n)++] = list; return; }
    }
    if (list->type != SHN_NODE_SEQ) return;
    for (size_t i = 0; i < list->n && *n < max; i++) {
        const shn_node *s = list->items[i];
        if (s->type == SHN_NODE_MAP) s = shn__map_get(s, "text");
        if (scalar_text(s)) out[(*n)++] = s;
    }
}

#define MAX_CELL_PIECES 64

static void do_table(builder *b, const shn_node *t) {
    if (t->type != SHN_NODE_MAP) return;
    const char *title = shn__map_get_str(t, "title");
    char *made = NULL;
    if (!title) {
        const char *num = shn__map_get_str(t, "num");
        char *c = num ? shn__num_to_kanji_cite(num, "") : NULL;
        made = shn__printf("別表%s", c ? c : num ? num : "");
        free(c);
        if (!made) { b_nomem(b); return; }
        title = made;
    }
    char *table_rc = b_rc(b, title);
    char *related = b_rc(b, shn__map_get_str(t, "related_article"));
    char *fn = b->fn_main;
    const shn_node *rows = shn__map_get(t, "rows");
    unsigned cellno = 0;
    if (rows && rows->type == SHN_NODE_SEQ) {
        for (size_t r = 0; r < rows->n && b->st == SHN_OK; r++) {
            const shn_node *row = rows->items[r];
            if (row->type != SHN_NODE_SEQ) continue;
            /* The row's text, cells separated by tabs, is the paragraph_text of its cells. */
            shn_buf rb = {0};
            for (size_t k = 0; k < row->n; k++) {
                const shn_node *pieces[MAX_CELL_PIECES];
                size_t np;
                cell_nodes(row->items[k], pieces, &np, MAX_CELL_PIECES);
                if (k) shn__buf_puts(&rb, "\t");
                for (size_t j = 0; j < np; j++) shn__buf_puts(&rb, pieces[j]->value);
            }
            if (rb.failed) { shn__buf_free(&rb); b_nomem(b); break; }
            char *row_rc = b_rc(b, rb.data ? rb.data : "");
            shn__buf_free(&rb);
            for (size_t k = 0; k < row->n && b->st == SHN_OK; k++) {
                const shn_node *pieces[MAX_CELL_PIECES];
                size_t np;
                cell_nodes(row->items[k], pieces, &np, MAX_CELL_PIECES);
                textb tb = {0};
                for (size_t j = 0; j < np; j++) tb_add(&tb, pieces[j], pieces[j]->value);
                if (!tb.buf.len && !tb.failed) { tb_free(&tb); continue; }
                shn_unit *u = b_unit(b, "law.sentence", row->items[k]);
                tb_give(b, &tb, u);
                if (!u || b->st != SHN_OK) break;
                u->addr.kind = "law";
                u->addr.law_id = b->law_id ? b_strdup(b, b->law_id) : NULL;
                u->addr.provision = b_strdup(b, "main");   /* 別表 at the top level belong to the main provision */
                u->addr.table = b_strdup(b, title);
                u->addr.sentence = ++cellno;
                u->address_str = law_address(b, title, NULL, NULL, NULL, cellno);
                u->citation = b_strdup(b, title);
                if (!u->address_str) b_nomem(b);
                u_ctx(b, u, "law_title", b->law_title);
                u_ctx(b, u, "law_type", b->law_type);
                u_ctx(b, u, "law_ministry", b->law_ministry);
                u_ctx(b, u, "chapter_title", b->empty);
                u_ctx(b, u, "article_caption", b->empty);
                u_ctx(b, u, "function", fn);
                u_ctx(b, u, "paragraph_text", row_rc);
                u_ctx(b, u, "article_text", b->empty);
                u_ctx(b, u, "table_title", table_rc);
                u_ctx(b, u, "related_article", related);
            }
            rc_unref(row_rc);
        }
    }
    rc_unref(table_rc);
    rc_unref(related);
    free(made);
}

/* The ministries (府省庁, commissions) that issued a law, as its 法令番号 names them: 「令和二年厚生労働省令第三号」 →
 * 厚生労働省, 「平成十二年総理府・大蔵省令第一号」 → 総理府・大蔵省, 「昭和三十五年国家公安委員会規則第三号」 →
 * 国家公安委員会 (as written: the name at the time it was issued). Acts (法律), Cabinet Orders (政令) and others
 * name none: NULL. e-Gov XML carries no 所管 (competent ministry) of its own. Caller frees. */
char *shn__law_num_ministry(const char *num) {
    if (!num) return NULL;
    const char *year = strstr(num, "年");
    if (!year) return NULL;
    const char *from = year + strlen("年");
    const char *end = strstr(from, "令第");
    const char *rule = strstr(from, "規則第");
    if (!end || (rule && rule < end)) end = rule;
    if (!end || end == from) return NULL;
    char *names = shn__strndup(from, (size_t)(end - from));
    if (!names) return NULL;
    /* every name joined by ・ must end as a ministry, an agency or a commission does */
    static const char *const tails[] = {"省", "府", "庁", "委員会", "院"};
    int ok = 1;
    for (char *p = names; ok && *p;) {
        char *dot = strstr(p, "・");
        size_t len = dot ? (size_t)(dot - p) : strlen(p), k = 0;
        for (ok = 0; !ok && k < SHN__ARRAY_LEN(tails); k++) {
            size_t tl = strlen(tails[k]);
            ok = len > tl && memcmp(p + len - tl, tails[k], tl) == 0;
        }
        p = dot ? dot + strlen("・") : p + len;
    }
    if (!ok) { free(names); return NULL; }
    return names;
}

static void build_law(builder *b, const shn_node *root) {
    const shn_node *law = shn__map_get(root, "law");
    const shn_node *title_node = shn__map_get(law, "title");
    const char *title = scalar_text(title_node);
    const char *as_of = shn__map_get_str(law, "as_of");
    if (b->opt && as_of) b->opt->as_of = as_of;
    const char *id = shn__map_get_str(law, "id");
    if (id) b->law_id = b_strdup(b, id);
    else if (b->opt && b->opt->law_id) b->law_id = b_strdup(b, b->opt->law_id);
    else if (b->st == SHN_OK && b->file[0]) b->law_id = shn__law_id_from_path(b->file);
    b->law_title = b_rc(b, title);
    b->law_type = b_rc(b, shn__map_get_str(law, "type"));
    char *issuer = shn__law_num_ministry(shn__map_get_str(law, "num"));
    if (issuer) b->law_ministry = b_rc(b, issuer);
    free(issuer);
    b->empty = b_rc(b, "");
    b->fn_main = b_rc(b, "main");
    b->fn_proviso = b_rc(b, "proviso");
    if (b->st != SHN_OK) return;

    shn_unit *u = b_unit(b, "law.document", root);
    textb t = {0};
    if (title) tb_add(&t, title_node, title);
    tb_give(b, &t, u);
    if (!u || b->st != SHN_OK) return;
    u->data = root;
    u->addr.kind = "law";
    u->addr.law_id = b->law_id ? b_strdup(b, b->law_id) : NULL;
    u->address_str = shn__printf("%s#", b->law_id ? b->law_id : b->file);
    const char *cite = title ? title : shn__map_get_str(law, "num");
    u->citation = b_strdup(b, cite ? cite : b->file);
    if (!u->address_str) b_nomem(b);
    u_ctx(b, u, "law_title", b->law_title);
    u_ctx(b, u, "law_type", b->law_type);
    u_ctx(b, u, "law_ministry", b->law_ministry);

    prov_ctx main_pc = {"main", "", 0};
    walk_provisions(b, shn__map_get(root, "provisions"), &main_pc, b->empty, 0);

    const shn_node *suppl = shn__map_get(root, "suppl_provisions");
    if (suppl && suppl->type == SHN_NODE_SEQ) {
        for (size_t i = 0; i < suppl->n && b->st == SHN_OK; i++) {
            const shn_node *sp = suppl->items[i];
            if (sp->type != SHN_NODE_MAP) continue;
            const char *amend = shn__map_get_str(sp, "amend_law_num");
            char *prov = amend ? shn__printf("suppl:%s", amend) : shn__strdup("suppl");
            char *prefix = amend ? shn__printf("附則（%s）", amend) : shn__strdup("附則");
            if (prov && prefix) {
                prov_ctx pc = {prov, prefix, 0};
                walk_provisions(b, shn__map_get(sp, "provisions"), &pc, b->empty, 0);
            } else {
                b_nomem(b);
            }
            free(prov);
            free(prefix);
        }
    }

    const shn_node *tables = shn__map_get(root, "appendix_tables");
    if (tables && tables->type == SHN_NODE_SEQ)
        for (size_t i = 0; i < tables->n && b->st == SHN_OK; i++) do_table(b, tables->items[i]);
}

/* ---- measures ------------------------------------------------------------------------------------------- */

static const struct { const char *key, *label; } kpi_categories[] = {
    {"progress", "進捗"}, {"effect", "効果"}, {"unclassified", "分類なし"},
};

static void measure_ctx(builder *b, shn_unit *u, char *id, char *title) {
    u_ctx(b, u, "measure_id", id);
    u_ctx(b, u, "measure_title", title);
    u_ctx(b, u, "plan_title", b->plan_title);
    u_ctx(b, u, "plan_date", b->plan_date);
    u_ctx(b, u, "plan_period_from", b->period_from);   /* fiscal years of source.period, when given */
    u_ctx(b, u, "plan_period_to", b->period_to);
    u_ctx(b, u, "plan_level", b->plan_level);          /* source.level: national, ministry, prefecture … */
    u_ctx(b, u, "lead_ministry", b->lead_ministry);    /* ministries: the one with lead: true, else the first */
}

/* The lead ministry of a measure: the entry of `ministries` with lead: true, else the first; NULL when none. */
static const char *lead_ministry(const shn_node *m) {
    const shn_node *list = shn__map_get(m, "ministries");
    if (!list || list->type != SHN_NODE_SEQ) return NULL;
    const char *first = NULL;
    for (size_t i = 0; i < list->n; i++) {
        const shn_node *x = list->items[i];
        const char *name = x->type == SHN_NODE_MAP ? shn__map_get_str(x, "name") : x->value;
        if (!name || !*name) continue;
        const char *lead = x->type == SHN_NODE_MAP ? shn__map_get_str(x, "lead") : NULL;
        if (lead && strcmp(lead, "true") == 0) return name;
        if (!first) first = name;
    }
    return first;
}

static void do_kpi_entry(builder *b, const shn_node *m, const shn_node *e, const char *id, char *id_rc,
                         char *title_rc, size_t cat, size_t idx, char *cat_rc) {
    const shn_node *text = e;
    if (e->type == SHN_NODE_MAP) {
        text = shn__map_get(e, "text");
        if (!scalar_text(text)) text = shn__map_get(e, "indicator");
    }
    shn_unit *u = b_unit(b, "measure.kpi", e);
    textb t = {0};
    if (scalar_text(text)) tb_add(&t, text, text->value);
    tb_give(b, &t, u);
    if (!u || b->st != SHN_OK) return;
    u->data = e;
    u->parent = m;
    u->addr.kind = "measure";
    u->addr.measure = b_strdup(b, id);
    u->addr.path = shn__printf("kpi.%s[%zu]", kpi_categories[cat].key, idx);
    u->address_str = shn__printf("%s#%s:kpi.%s[%zu]", b->file, id, kpi_categories[cat].key, idx);
    u->citation = shn__printf("施策 %s KPI（%s）%zu", id, kpi_categories[cat].label, idx + 1);
    if (!u->addr.path || !u->address_str || !u->citation) b_nomem(b);
    measure_ctx(b, u, id_rc, title_rc);
    u_ctx(b, u, "kpi_category", cat_rc);
}

static void do_measure(builder *b, const shn_node *m, size_t index) {
    if (m->type != SHN_NODE_MAP) return;
    char fallback[48];
    snprintf(fallback, sizeof fallback, "measures[%zu]", index);
    const char *id = shn__map_get_str(m, "id");
    if (!id) id = fallback;
    const shn_node *title = shn__map_get(m, "title");
    const shn_node *summary = shn__map_get(m, "summary");
    char *id_rc = b_rc(b, id);
    const char *lead = lead_ministry(m);
    b->lead_ministry = lead ? b_rc(b, lead) : NULL;
    char *title_rc = b_rc(b, scalar_text(title));
    char *summary_rc = b_rc(b, scalar_text(summary));

    shn_unit *u = b_unit(b, "measure", m);
    textb t = {0};
    if (scalar_text(title)) tb_add(&t, title, title->value);
    if (scalar_text(summary)) {
        if (t.buf.len) tb_add(&t, NULL, "\n");
        tb_add(&t, summary, summary->value);
    }
    tb_give(b, &t, u);
    if (u && b->st == SHN_OK) {
        u->data = m;
        u->addr.kind = "measure";
        u->addr.measure = b_strdup(b, id);
        u->address_str = shn__printf("%s#%s", b->file, id);
        u->citation = shn__printf("施策 %s", id);
        if (!u->address_str || !u->citation) b_nomem(b);
        measure_ctx(b, u, id_rc, title_rc);
        u_ctx(b, u, "measure_summary", summary_rc);
    }

    const shn_node *kpi = shn__map_get(m, "kpi");
    for (size_t c = 0; c < SHN__ARRAY_LEN(kpi_categories) && b->st == SHN_OK; c++) {
        const shn_node *list = shn__map_get(kpi, kpi_categories[c].key);
        if (!list || shn__scalar_is_null(list)) continue;
        char *cat_rc = b_rc(b, kpi_categories[c].key);
        if (list->type == SHN_NODE_SEQ) {
            for (size_t i = 0; i < list->n && b->st == SHN_OK; i++)
                do_kpi_entry(b, m, list->items[i], id, id_rc, title_rc, c, i, cat_rc);
        } else {
            do_kpi_entry(b, m, list, id, id_rc, title_rc, c, 0, cat_rc);   /* one entry without a list */
        }
        rc_unref(cat_rc);
    }
    rc_unref(id_rc);
    rc_unref(title_rc);
    rc_unref(summary_rc);
    rc_unref(b->lead_ministry);
    b->lead_ministry = NULL;
}

static void build_measures(builder *b, const shn_node *root) {
    const shn_node *source = shn__map_get(root, "source");
    const shn_node *title_node = shn__map_get(source, "title");
    const char *title = scalar_text(title_node);
    const char *date = shn__map_get_str(source, "date");
    if (b->opt && date) b->opt->as_of = date;
    b->plan_title = b_rc(b, title);
    b->plan_date = b_rc(b, date);
    const shn_node *period = shn__map_get(source, "period");
    b->period_from = b_rc(b, shn__map_get_str(period, "from"));
    b->period_to = b_rc(b, shn__map_get_str(period, "to"));
    b->plan_level = b_rc(b, shn__map_get_str(source, "level"));
    if (b->st != SHN_OK) return;

    shn_unit *u = b_unit(b, "measures.document", root);
    textb t = {0};
    if (title) tb_add(&t, title_node, title);
    tb_give(b, &t, u);
    if (!u || b->st != SHN_OK) return;
    u->data = root;
    u->addr.kind = "measure";   /* the plan as a whole: measure and path null (issue 12: kind was null too) */
    u->address_str = shn__printf("%s#", b->file);
    u->citation = b_strdup(b, title ? title : b->file);
    if (!u->address_str) b_nomem(b);
    u_ctx(b, u, "plan_title", b->plan_title);
    u_ctx(b, u, "plan_date", b->plan_date);
    u_ctx(b, u, "plan_level", b->plan_level);

    const shn_node *ms = shn__map_get(root, "measures");
    if (ms && ms->type == SHN_NODE_SEQ)
        for (size_t i = 0; i < ms->n && b->st == SHN_OK; i++) do_measure(b, ms->items[i], i);
}

/* ---- entry points --------------------------------------------------------------------------------------- */

typedef enum { BUILD_LAW, BUILD_MEASURES } build_kind;

static shn_status build(const shn_node *root, build_kind kind, const char *file, shn_unit_opts *opt,
                        shn_unit_list *out, shn_error *err) {
    builder b = {0};
    b.file = file ? file : "";
    b.out = out;
    b.budget = b.limit = opt && opt->max_text_bytes ? opt->max_text_bytes : MAX_TEXT_BYTES;
    b.err = err;
    b.opt = opt;
    if (kind == BUILD_LAW) build_law(&b, root);
    else build_measures(&b, root);
    free(b.law_id);
    rc_unref(b.law_title);
    rc_unref(b.law_type);
    rc_unref(b.law_ministry);
    rc_unref(b.empty);
    rc_unref(b.fn_main);
    rc_unref(b.fn_proviso);
    rc_unref(b.plan_title);
    rc_unref(b.plan_date);
    rc_unref(b.period_from);
    rc_unref(b.period_to);
    rc_unref(b.plan_level);
    if (b.st == SHN_OK && kind == BUILD_LAW) {
        /* every law unit can reach its siblings (the host's document-wide view, unit.article, xref) */
        static atomic_ulong serial;
        if (!(out->set = malloc(sizeof *out->set))) {
            b_nomem(&b);
        } else {
            out->set->items = out->items;
            out->set->n = out->n;
            out->set->serial = atomic_fetch_add(&serial, 1) + 1;
            for (size_t i = 0; i < out->n; i++) out->items[i]->set = out->set;
        }
    }
    if (b.st != SHN_OK) shn__units_free(out);
    return b.st;
}

shn_status shn__units_build(const shn_doc *d, const char *file, shn_unit_opts *opt, shn_unit_list *out,
                            shn_error *err) {
    if (!out) return shn__err(err, SHN_E_USAGE, file, 0, 0, "引数が不正です (invalid argument): out");
    memset(out, 0, sizeof *out);
    const shn_node *root = d ? d->root : NULL;
    const char *kind = shn__map_get_str(root, "kind");
    if (kind && strcmp(kind, "law") == 0) return build(root, BUILD_LAW, file, opt, out, err);
    if (kind && strcmp(kind, "measures") == 0) return build(root, BUILD_MEASURES, file, opt, out, err);
    return shn__err(err, SHN_E_USAGE, file, 0, 0,
                    "文書の種類が不明です (unknown document kind; expected kind: law or kind: measures): %s",
                    kind ? kind : "(none)");
}

/* ---- locating matches ----------------------------------------------------------------------------------- */

/* Nonzero when positions inside n's value map one to one onto its source columns; *shift is the opening
 * quote. Plain and quoted single-line scalars whose source span is exactly their value (no escapes, no
 * folding) qualify. */
/* The same holds for the sentences of the XML and text loaders (a scalar's value only ever loses source
 * characters: markup, entity references, quotes, escapes), so a span exactly as long as the value, or as the
 * value and its two quotes, is the value written verbatim. */
static int exact_scalar(const shn_node *n, unsigned *shift) {
    if (!n || n->type != SHN_NODE_SCALAR || n->style == SHN_STYLE_BLOCK) return 0;
    if (n->start.line != n->end.line || n->end.offset < n->start.offset) return 0;
    size_t span = n->end.offset - n->start.offset, cps = shn__utf8_len(n->value, n->len);
    if (span == cps) { *shift = 0; return 1; }
    if (n->style == SHN_STYLE_QUOTED && span == cps + 2) { *shift = 1; return 1; }
    return 0;
}

/* The segment holding code point k; in a gap, the next segment; past the end, the last. */
static const shn_segment *seg_at(const shn_unit *u, size_t k, size_t *within) {
    for (size_t i = 0; i < u->n_segs; i++) {
        const shn_segment *s = &u->segs[i];
        if (k < s->cp_offset) { *within = 0; return s; }
        if (k < s->cp_offset + s->cp_len) { *within = k - s->cp_offset; return s; }
    }
    const shn_segment *last = &u->segs[u->n_segs - 1];
    *within = last->cp_len;
    return last;
}

void shn__unit_locate(const shn_unit *u, long start, long end, unsigned *line, unsigned *column,
                      unsigned *end_line, unsigned *end_column) {
    unsigned l = 0, c = 0, el = 0, ec = 0;
    if (u) {
        l = u->start.line; c = u->start.column;
        el = u->end.line; ec = u->end.column;
    }
    if (u && u->n_segs) {
        size_t total = u->text_cps;
        size_t s = start < 0 ? 0 : (size_t)start > total ? total : (size_t)start;
        size_t e = end < 0 ? 0 : (size_t)end > total ? total : (size_t)end;
        if (e < s) e = s;
        size_t within;
        unsigned shift;
        const shn_segment *sg = seg_at(u, s, &within);
        const shn_node *n = sg->node;
        if (exact_scalar(n, &shift)) {
            l = n->start.line;
            c = n->start.column + shift + (unsigned)within;
        } else {
            l = n->start.line;
            c = n->start.column;
        }
        if (e == s) {
            el = l;
            ec = c;
        } else {
            sg = seg_at(u, e - 1, &within);
            n = sg->node;
            if (exact_scalar(n, &shift)) {
                el = n->start.line;
                ec = n->start.column + shift + (unsigned)within + 1;
            } else {
                el = n->end.line;
                ec = n->end.column;
            }
        }
    }
    if (line) *line = l;
    if (column) *column = c;
    if (end_line) *end_line = el;
    if (end_column) *end_column = ec;
}

/* ---- law ids from paths --------------------------------------------------------------------------------- */

/* ^[0-9]{3}[A-Z][0-9A-Z]{11}$: the Contracts' ^[0-9]{3}[A-Z]{2}[0-9A-Z]{10}$ widened by one character so that
 * ministerial ordinances (428M60000800066: "M" + a ministry code that starts with a digit) are ids too. */
static int is_law_id(const char *s, size_t n) {
    if (n != 15) return 0;
    for (size_t i = 0; i < 15; i++) {
        char ch = s[i];
        int digit = ch >= '0' && ch <= '9', upper = ch >= 'A' && ch <= 'Z';
        if (i < 3 ? !digit : i < 4 ? !upper : !(digit || upper)) return 0;
    }
    return 1;
}

int shn__is_law_id(const char *s) { return s && is_law_id(s, strlen(s)); }

char *shn__law_id_from_path(const char *path) {
    if (!path) return NULL;
    size_t len = strlen(path);
    const char *slash = NULL;
    for (size_t i = len; i > 0; i--)
        if (path[i - 1] == '/') { slash = path + i - 1; break; }
    const char *base = slash ? slash + 1 : path;
    size_t blen = (size_t)(path + len - base);
    const char *dot = NULL;
    for (size_t i = blen; i > 0; i--)
        if (base[i - 1] == '.') { dot = base + i - 1; break; }
    size_t stem = dot ? (size_t)(dot - base) : blen;
    const char *us = memchr(base, '_', stem);
    size_t field = us ? (size_t)(us - base) : stem;
    if (is_law_id(base, field)) return shn__strndup(base, field);
    if (slash) {
        const char *p = slash;
        while (p > path && p[-1] != '/') p--;
        if (is_law_id(p, (size_t)(slash - p))) return shn__strndup(p, (size_t)(slash - p));
    }
    return NULL;
}

/* ---- example units -------------------------------------------------------------------------------------- */

/* End mark of `text` as if it started at line 1, column 1, offset 0. */
static shn_mark text_end(const char *text) {
    shn_mark m = {1, 1, 0};
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        m.offset++;
        if (*p == '\n') { m.line++; m.column = 1; }
        else m.column++;
    }
    return m;
}

static shn_node *put(shn_doc *d, shn_node *map, const char *key, shn_node *v) {
    if (!map || !v || shn__map_put_str(d, map, key, v)) return NULL;
    return v;
}

static shn_node *str_node(shn_doc *d, const char *s) {
    shn_mark m = {1, 1, 0};
    return shn__node_scalar(d, s, strlen(s), SHN_STYLE_QUOTED, m, m);
}

/* The example text as a scalar spanning line 1, column 1 onwards (plain style, so locate is exact). */
static shn_node *text_node(shn_doc *d, const char *text) {
    shn_mark s = {1, 1, 0};
    return shn__node_scalar(d, text, strlen(text), SHN_STYLE_PLAIN, s, text_end(text));
}

static shn_node *seq_of(shn_doc *d, shn_node *item) {
    shn_mark m = {1, 1, 0};
    shn_node *s = shn__node_seq(d, m);
    if (!s || !item || shn__node_append(d, s, item)) return NULL;
    return s;
}

/* kind: law with one article, one paragraph, one sentence. */
static shn_node *example_law(shn_doc *d, const char *kind, const char *text) {
    shn_mark m = {1, 1, 0};
    shn_node *root = shn__node_map(d, m), *law = shn__node_map(d, m), *art = shn__node_map(d, m),
             *para = shn__node_map(d, m);
    if (!root || !law || !art || !para) return NULL;
    int is_doc = strcmp(kind, "law.document") == 0;
    if (!put(d, root, "kind", str_node(d, "law")) ||
        !put(d, law, "title", is_doc ? text_node(d, text) : str_node(d, "例")) || !put(d, root, "law", law) ||
        !put(d, art, "article", str_node(d, "1")) || !put(d, para, "num", str_node(d, "1")) ||
        !put(d, para, "sentences", seq_of(d, text_node(d, text))) ||
        !put(d, art, "paragraphs", seq_of(d, para)) || !put(d, root, "provisions", seq_of(d, art)))
        return NULL;
    return root;
}

/* kind: measures around plain text: the plan title, a measure's summary or a KPI entry. */
static shn_node *example_measures_text(shn_doc *d, const char *kind, const char *text) {
    shn_mark m = {1, 1, 0};
    shn_node *root = shn__node_map(d, m);
    if (!root || !put(d, root, "kind", str_node(d, "measures"))) return NULL;
    if (strcmp(kind, "measures.document") == 0) {
        shn_node *src = shn__node_map(d, m);
        return put(d, src, "title", text_node(d, text)) && put(d, root, "source", src) ? root : NULL;
    }
    shn_node *me = shn__node_map(d, m);
    if (!put(d, me, "id", str_node(d, "例"))) return NULL;
    if (strcmp(kind, "measure") == 0) {
        if (!put(d, me, "summary", text_node(d, text))) return NULL;
    } else {
        shn_node *kpi = shn__node_map(d, m);
        if (!put(d, kpi, "unclassified", seq_of(d, text_node(d, text))) || !put(d, me, "kpi", kpi)) return NULL;
    }
    return put(d, root, "measures", seq_of(d, me)) ? root : NULL;
}

static int has_any_key(const shn_node *map, const char *const *keys, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (shn__map_get(map, keys[i])) return 1;
    return 0;
}

static const char *const measure_keys[] = {"id", "title", "summary", "kpi", "ministries", "articles"};
static const char *const kpi_keys[] = {"text", "indicator", "unit", "baseline", "target", "direction", "source",
                                       "category"};

/* kind: measures around a parsed mapping, built in the parsed doc; NULL when the mapping does not look like
 * a measure (or KPI entry) so that the text is taken as plain text instead. *nomem set on allocation failure. */
static shn_node *example_measures_map(shn_doc *d, const char *kind, shn_node *map, int *nomem) {
    shn_mark m = map->start;
    if (shn__map_get(map, "measures")) return map;      /* a whole 施策集 */
    int is_kpi = strcmp(kind, "measure.kpi") == 0;
    shn_node *measure = NULL;
    if (has_any_key(map, measure_keys, SHN__ARRAY_LEN(measure_keys))) {
        measure = map;
    } else if (is_kpi && has_any_key(map, kpi_keys, SHN__ARRAY_LEN(kpi_keys))) {
        const char *cat = shn__map_get_str(map, "category");
        if (!cat || (strcmp(cat, "progress") != 0 && strcmp(cat, "effect") != 0)) cat = "unclassified";
        measure = shn__node_map(d, m);
        shn_node *kpi = shn__node_map(d, m);
        if (!put(d, measure, "id", str_node(d, "例")) || !put(d, kpi, cat, seq_of(d, map)) ||
            !put(d, measure, "kpi", kpi)) {
            *nomem = 1;
            return NULL;
        }
    } else {
        return NULL;
    }
    shn_node *root = shn__node_map(d, m);
    if (!put(d, root, "kind", str_node(d, "measures")) || !put(d, root, "measures", seq_of(d, measure))) {
        *nomem = 1;
        return NULL;
    }
    return root;
}

shn_unit *shn__unit_example(const char *kind, const char *text, shn_error *err) {
    if (!kind || !text) {
        shn__err(err, SHN_E_USAGE, EXAMPLE_FILE, 0, 0, "引数が不正です (invalid argument): kind/text");
        return NULL;
    }
    build_kind bk;
    if (strcmp(kind, "law.sentence") == 0 || strcmp(kind, "law.article") == 0 ||
        strcmp(kind, "law.document") == 0)
        bk = BUILD_LAW;
    else if (strcmp(kind, "measure") == 0 || strcmp(kind, "measure.kpi") == 0 ||
             strcmp(kind, "measures.document") == 0)
        bk = BUILD_MEASURES;
    else {
        shn__err(err, SHN_E_USAGE, EXAMPLE_FILE, 0, 0, "不明な単位の種類です (unknown unit kind): %s", kind);
        return NULL;
    }

    shn_doc *doc = NULL;
    shn_node *root = NULL;
    int nomem = 0;
    if (bk == BUILD_MEASURES) {
        shn_doc **docs = NULL;
        size_t nd = 0;
        shn_error perr;
        shn_status st = shn__yaml_load(EXAMPLE_FILE, text, strlen(text), NULL, &docs, &nd, &perr);
        if (st == SHN_E_NOMEM) nomem = 1;
        if (st == SHN_OK) {
            if (nd == 1 && docs[0]->root && docs[0]->root->type == SHN_NODE_MAP) {
                root = example_measures_map(docs[0], kind, docs[0]->root, &nomem);
                if (root) { doc = docs[0]; docs[0] = NULL; }
            }
            for (size_t i = 0; i < nd; i++) shn__doc_free(docs[i]);
            free(docs);
        }
    }
    if (!root && !nomem) {
        doc = shn__doc_new(EXAMPLE_FILE);
        if (doc) root = bk == BUILD_LAW ? example_law(doc, kind, text) : example_measures_text(doc, kind, text);
    }
    if (!root) {
        shn__doc_free(doc);
        shn__err(err, SHN_E_NOMEM, EXAMPLE_FILE, 0, 0, "メモリ不足 (out of memory)");
        return NULL;
    }
    doc->root = root;

    shn_unit_list l = {0};
    if (build(root, bk, EXAMPLE_FILE, NULL, &l, err) != SHN_OK) {
        shn__doc_free(doc);
        return NULL;
    }
    shn_unit *pick = NULL;
    for (size_t i = 0; i < l.n; i++) {
        if (!pick && strcmp(l.items[i]->kind, kind) == 0) pick = l.items[i];
        else shn__unit_free(l.items[i]);
    }
    free(l.items);
    free(l.set);            /* an example unit stands alone: it has no siblings to view */
    if (pick) pick->set = NULL;
    if (!pick) {
        shn__doc_free(doc);
        shn__err(err, SHN_E_USAGE, EXAMPLE_FILE, 0, 0,
                 "例から %s の単位を作れません (the example yields no unit of kind %s)", kind, kind);
        return NULL;
    }
    char *cite = shn__strdup("例");
    if (!cite) {
        shn__unit_free(pick);
        shn__doc_free(doc);
        shn__err(err, SHN_E_NOMEM, EXAMPLE_FILE, 0, 0, "メモリ不足 (out of memory)");
        return NULL;
    }
    free(pick->citation);
    pick->citation = cite;
    pick->index = 0;
    pick->own_doc = doc;
    return pick;
}
