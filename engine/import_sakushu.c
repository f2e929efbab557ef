/* import_sakushu.c — 重点計画 施策集 TSV → `kind: measures` document (see import_sakushu.h). */
#include "import_sakushu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The plan this importer was written against (seed 003 has no title line: these are the 2023 plan's). */
#define SAKUSHU_TITLE "デジタル社会の実現に向けた重点計画 施策集"
#define SAKUSHU_DATE "2023-06-09"

/* ---- rows and cells ------------------------------------------------------------------------------------ */

typedef struct {
    char *s;             /* owned, NUL-terminated */
    size_t n;
    unsigned line, col;  /* 1-based; col in code points */
} cell;

typedef struct {
    cell *c;
    size_t n, cap;
    unsigned line;
} row;

typedef struct {
    row *r;
    size_t n, cap;
} table;

static void table_free(table *t) {
    for (size_t i = 0; i < t->n; i++) {
        for (size_t j = 0; j < t->r[i].n; j++) free(t->r[i].c[j].s);
        free(t->r[i].c);
    }
    free(t->r);
    t->r = NULL;
    t->n = t->cap = 0;
}

static int row_push(row *r, char *s, size_t n, unsigned line, unsigned col) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        cell *c = realloc(r->c, cap * sizeof *c);
        if (!c) return -1;
        r->c = c;
        r->cap = cap;
    }
    r->c[r->n++] = (cell){s, n, line, col};
    return 0;
}

static row *table_new_row(table *t, unsigned line) {
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        row *r = realloc(t->r, cap * sizeof *r);
        if (!r) return NULL;
        t->r = r;
        t->cap = cap;
    }
    t->r[t->n] = (row){NULL, 0, 0, line};
    return &t->r[t->n++];
}

/* Split TSV into rows of cells. A cell that begins with '"' is quoted: it runs to the next lone '"', may hold
 * tabs and newlines, and "" stands for one quote. Returns 0, or -1 on memory exhaustion. */
static int parse_tsv(const char *buf, size_t len, table *t) {
    size_t i = 0;
    unsigned line = 1, col = 1;
    while (i < len) {
        row *r = table_new_row(t, line);
        if (!r) return -1;
        for (;;) {                               /* one cell per iteration */
            shn_buf b = {0};
            unsigned cl = line, cc = col;
            if (i < len && buf[i] == '"') {
                i++, col++;
                while (i < len) {
                    if (buf[i] == '"') {
                        if (i + 1 < len && buf[i + 1] == '"') { shn__buf_add(&b, "\"", 1); i += 2; col += 2; continue; }
                        i++, col++;
                        break;
                    }
                    size_t k = shn__utf8_decode((const unsigned char *)buf + i, len - i, NULL);
                    if (!k) k = 1;
                    shn__buf_add(&b, buf + i, k);
                    if (buf[i] == '\n') { line++; col = 1; } else col++;
                    i += k;
                }
                /* anything after the closing quote up to the separator is kept as is */
            }
            while (i < len && buf[i] != '\t' && buf[i] != '\n') {
                size_t k = shn__utf8_decode((const unsigned char *)buf + i, len - i, NULL);
                if (!k) k = 1;
                if (!(k == 1 && buf[i] == '\r' && (i + 1 == len || buf[i + 1] == '\n'))) shn__buf_add(&b, buf + i, k);
                i += k;
                col++;
            }
            if (b.failed) { shn__buf_free(&b); return -1; }
            size_t n = b.len;
            char *s = shn__buf_take(&b);
            if (!s) return -1;
            if (row_push(r, s, n, cl, cc) < 0) { free(s); return -1; }
            if (i < len && buf[i] == '\t') { i++; col++; continue; }
            if (i < len && buf[i] == '\n') { i++; line++; col = 1; }
            break;
        }
    }
    return 0;
}

/* ---- characters ---------------------------------------------------------------------------------------- */

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *k) {
    uint32_t c = 0;
    size_t m = shn__utf8_decode((const unsigned char *)s + i, n - i, &c);
    if (!m) { m = 1; c = (unsigned char)s[i]; }
    if (k) *k = m;
    return c;
}

static int is_space(uint32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0; }
static int is_open(uint32_t c) {
    return c == '(' || c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x3010 || c == 0x3014 || c == '[';
}
static int is_close(uint32_t c) {
    return c == ')' || c == 0xFF09 || c == 0x300D || c == 0x300F || c == 0x3011 || c == 0x3015 || c == ']';
}
#define CP_NAKAGURO 0x30FBu   /* ・ */
#define CP_DOUBLE_CIRCLE 0x25CEu  /* ◎ */
#define CP_CIRCLE 0x25CBu     /* ○ */

/* HTML fragment → text: block tags (<p>, <br>, <ul>, <div>, …) become newlines, <li> a newline and 「・」,
 * other tags vanish, the common entities are decoded. A '<' that opens no tag is kept. */
static void html_to_text(const char *s, size_t n, shn_buf *out) {
    static const char *const blocks[] = {"p", "br", "ul", "ol", "div", "tr", "table", NULL};
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') {
            const char *gt = memchr(s + i, '>', n - i);
            size_t j = i + 1;
            if (j < n && s[j] == '/') j++;
            int tag = gt && j < n && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z');
            if (!tag) { shn__buf_add(out, "<", 1); i++; continue; }
            char name[8];
            size_t k = 0;
            while (j + k < n && k < sizeof name - 1 && (((s[j + k] | 0x20) >= 'a' && (s[j + k] | 0x20) <= 'z') ||
                                                        (s[j + k] >= '0' && s[j + k] <= '9'))) {
                name[k] = (char)(s[j + k] | 0x20);
                k++;
            }
            name[k] = 0;
            if (!strcmp(name, "li")) shn__buf_puts(out, s[i + 1] == '/' ? "\n" : "\n・");
            else
                for (size_t b = 0; blocks[b]; b++)
                    if (!strcmp(name, blocks[b])) { shn__buf_add(out, "\n", 1); break; }
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (s[i] == '&') {
            static const struct { const char *ent, *txt; } ents[] = {
                {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
            size_t e;
            for (e = 0; e < SHN__ARRAY_LEN(ents); e++) {
                size_t el = strlen(ents[e].ent);
                if (n - i >= el && !memcmp(s + i, ents[e].ent, el)) {
                    shn__buf_puts(out, ents[e].txt);
                    i += el;
                    break;
                }
            }
            if (e < SHN__ARRAY_LEN(ents)) continue;
        }
        shn__buf_add(out, s + i, 1);
        i++;
    }
}

/* ---- splitting text into items ------------------------------------------------------------------------- */

typedef struct {
    char *text;   /* owned; whitespace runs collapsed to one space, trimmed */
    int bullet;   /* it began with 「・」 or 「- 」 */
} item;

typedef struct {
    item *v;
    size_t n, cap;
    int failed;
} items;

static void items_free(items *it) {
    for (size_t i = 0; i < it->n; i++) free(it->v[i].text);
    free(it->v);
    it->v = NULL;
    it->n = it->cap = 0;
}

/* Close the current item (cur) and append it unless empty. */
static void items_flush(items *it, shn_buf *cur, int *bullet) {
    while (cur->len && cur->data[cur->len - 1] == ' ') cur->data[--cur->len] = 0;
    if (cur->failed) it->failed = 1;
    if (!cur->len || it->failed) { shn__buf_free(cur); *bullet = 0; return; }
    if (it->n == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 8;
        item *v = realloc(it->v, cap * sizeof *v);
        if (!v) { it->failed = 1; shn__buf_free(cur); return; }
        it->v = v;
        it->cap = cap;
    }
    char *t = shn__buf_take(cur);
    if (!t) { it->failed = 1; return; }
    it->v[it->n++] = (item){t, *bullet};
    *bullet = 0;
}

/* Split plain text into items: at newlines, at 「・」 or 「- 」 that start an item (after whitespace or at
 * the start), and — when split_spaces — at a space between two pieces of Japanese text outside brackets
 * (the PDF extraction turned the table's line breaks into spaces; Japanese text has no other spaces). */
static void split_items(const char *s, size_t n, int split_spaces, items *it) {
    shn_buf cur = {0};
    int bullet = 0, depth = 0, at_start = 1;
    uint32_t prev = 0;                        /* last non-space code point of the current item */
    for (size_t i = 0; i < n;) {
        size_t k;
        uint32_t c = cp_at(s, n, i, &k);
        if (c == '\n') { items_flush(it, &cur, &bullet); depth = 0; at_start = 1; prev = 0; i += k; continue; }
        if (is_space(c)) {
            size_t j = i;
            while (j < n) {
                size_t kk;
                uint32_t d = cp_at(s, n, j, &kk);
                if (!is_space(d)) break;
                j += kk;
            }
            if (j >= n) { i = j; continue; }
            uint32_t next = cp_at(s, n, j, NULL);
            if (split_spaces && !at_start && depth == 0 && next != '\n' && prev >= 0x80 && !is_open(prev) &&
                prev != 0x3001 && prev != 0xFF0C && prev != CP_NAKAGURO && !is_open(next) && !is_close(next)) {
                items_flush(it, &cur, &bullet);
                at_start = 1;
                prev = 0;
            } else if (!at_start && !(prev >= 0x80 && next >= 0x80 && is_open(next))) {
                shn__buf_add(&cur, " ", 1);   /* 「数 （2023年度…）」: the space before a bracket is dropped */
            }
            i = j;
            /* a bullet right after whitespace starts an item */
            uint32_t d = cp_at(s, n, i, &k);
            if (d == CP_NAKAGURO || (d == '-' && i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t'))) {
                items_flush(it, &cur, &bullet);
                at_start = 1;
                prev = 0;
            }
            continue;
        }
        if (at_start && (c == CP_NAKAGURO || (c == '-' && i + 1 < n && is_space((unsigned char)s[i + 1])))) {
            if (cur.len) items_flush(it, &cur, &bullet);
            bullet = 1;
            depth = 0;
            i += k;
            continue;
        }
        if (is_open(c)) depth++;
        else if (is_close(c) && depth > 0) depth--;
        shn__buf_add(&cur, s + i, k);
        at_start = 0;
        prev = c;
        i += k;
    }
    items_flush(it, &cur, &bullet);
}

/* Cell → items: HTML to text, then split. */
static int cell_items(const cell *c, int split_spaces, items *it) {
    shn_buf t = {0};
    html_to_text(c->s, c->n, &t);
    if (t.failed) { shn__buf_free(&t); return -1; }
    if (t.len) split_items(t.data, t.len, split_spaces, it);
    shn__buf_free(&t);
    return it->failed ? -1 : 0;
}

/* Cell → one string: items joined by "\n", bullet items prefixed 「・」 (NULL with *nomem on failure; "" if
 * empty). */
static char *cell_text(const cell *c, int keep_lines, int *nomem) {
    items it = {0};
    if (cell_items(c, 0, &it) < 0) { items_free(&it); *nomem = 1; return NULL; }
    shn_buf b = {0};
    for (size_t i = 0; i < it.n; i++) {
        if (i) shn__buf_puts(&b, keep_lines ? "\n" : " ");
        if (it.v[i].bullet && keep_lines) shn__buf_puts(&b, "・");
        shn__buf_puts(&b, it.v[i].text);
    }
    items_free(&it);
    if (b.failed) { shn__buf_free(&b); *nomem = 1; return NULL; }
    char *s = shn__buf_take(&b);
    if (!s) *nomem = 1;
    return s;
}

/* The cell's text without surrounding whitespace is exactly `lit`. */
static int cell_is(const cell *c, const char *lit) {
    const char *s = c->s, *e = c->s + c->n;
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    size_t l = strlen(lit);
    return (size_t)(e - s) == l && !memcmp(s, lit, l);
}

static int cell_blank(const cell *c) {
    for (size_t i = 0; i < c->n;) {
        size_t k;
        if (!is_space(cp_at(c->s, c->n, i, &k))) return 0;
        i += k;
    }
    return 1;
}

/* ---- block headers ------------------------------------------------------------------------------------- */

typedef struct {
    const char *law;          /* static string */
    char article[16];         /* Num string: "11", "11_2" */
    int paras[8];
    size_t nparas;
} label;

typedef struct {
    label lab[64];
    size_t n;
} header;

/* Laws of the group header: how the 施策集 abbreviates them, and the article range of the chapter the
 * columns come from (used to tell where one law's columns end when the group header is misaligned). */
static const struct {
    const char *name, *abbr1, *abbr2;
    int first, last;
} LAWS[] = {
    {"官民データ活用推進基本法", "官デ法", "官法", 10, 19},       /* 第3章 基本的施策 */
    {"デジタル社会形成基本法", "デジタル社会形成基本法", NULL, 20, 39},  /* 第4章 基本方針 */
};

static int law_of_group(const cell *c) {
    for (size_t i = 0; i < SHN__ARRAY_LEN(LAWS); i++) {
        if (strstr(c->s, LAWS[i].name) || strstr(c->s, LAWS[i].abbr1) || (LAWS[i].abbr2 && strstr(c->s, LAWS[i].abbr2)))
            return (int)i;
    }
    return -1;
}

/* Read an integer of ASCII or full-width digits at s[*i]; -1 if none. */
static long read_int(const char *s, size_t n, size_t *i) {
    long v = -1;
    while (*i < n) {
        size_t k;
        uint32_t c = cp_at(s, n, *i, &k);
        int d = c >= '0' && c <= '9' ? (int)(c - '0') : c >= 0xFF10 && c <= 0xFF19 ? (int)(c - 0xFF10) : -1;
        if (d < 0) break;
        v = (v < 0 ? 0 : v) * 10 + d;
        if (v > 100000) return -1;
        *i += k;
    }
    return v;
}

static void skip_spaces(const char *s, size_t n, size_t *i) {
    while (*i < n) {
        size_t k;
        if (!is_space(cp_at(s, n, *i, &k))) break;
        *i += k;
    }
}

/* 「11条 1項 2項」 → article "11", paragraphs {1, 2}; 「11条の2」 → "11_2". 0 if the cell is no label. */
static int parse_label(const cell *c, label *l) {
    const char *s = c->s;
    size_t n = c->n, i = 0;
    skip_spaces(s, n, &i);
    long a = read_int(s, n, &i);
    if (a < 0 || n - i < 3 || memcmp(s + i, "条", 3)) return 0;
    i += 3;
    int w = snprintf(l->article, sizeof l->article, "%ld", a);
    if (n - i >= 3 && !memcmp(s + i, "の", 3)) {
        size_t j = i + 3;
        long b = read_int(s, n, &j);
        if (b >= 0) { snprintf(l->article + w, sizeof l->article - (size_t)w, "_%ld", b); i = j; }
    }
    l->nparas = 0;
    for (;;) {
        skip_spaces(s, n, &i);
        long p = read_int(s, n, &i);
        if (p < 0 || n - i < 3 || memcmp(s + i, "項", 3)) break;
        i += 3;
        if (l->nparas < SHN__ARRAY_LEN(l->paras)) l->paras[l->nparas++] = (int)p;
    }
    return 1;
}

/* Build the block's labels from the group header row (laws) and the article row. */
static void read_header(const row *groups, const row *arts, header *h) {
    int laws[4];
    size_t nlaws = 0;
    for (size_t j = 4; groups && j < groups->n && nlaws < SHN__ARRAY_LEN(laws); j++) {
        int l = law_of_group(&groups->c[j]);
        if (l >= 0 && (!nlaws || laws[nlaws - 1] != l)) laws[nlaws++] = l;
    }
    if (!nlaws) { laws[0] = 0; laws[1] = 1; nlaws = 2; }   /* the 施策集's usual pair */
    h->n = 0;
    size_t li = 0;
    long prev = -1;
    for (size_t j = 4; arts && j < arts->n && h->n < SHN__ARRAY_LEN(h->lab); j++) {
        label l;
        if (!parse_label(&arts->c[j], &l)) continue;
        long a = strtol(l.article, NULL, 10);
        if (li + 1 < nlaws && ((prev >= 0 && a < prev) || a > LAWS[laws[li]].last)) li++;
        prev = a;
        l.law = LAWS[laws[li]].name;
        h->lab[h->n++] = l;
    }
}

/* ---- building the document ----------------------------------------------------------------------------- */

typedef struct {
    shn_doc *d;
    int nomem;
} bld;

static shn_mark mark_of(unsigned line, unsigned col) { return (shn_mark){line, col, 0}; }

static shn_node *scalar(bld *b, const char *s, shn_scalar_style st, shn_mark m) {
    shn_node *n = s ? shn__node_scalar(b->d, s, strlen(s), st, m, m) : NULL;
    if (!n) b->nomem = 1;
    return n;
}

static void put(bld *b, shn_node *map, const char *key, shn_node *v) {
    if (!map || !v || shn__map_put_str(b->d, map, key, v) < 0) b->nomem = 1;
}

static void append(bld *b, shn_node *seq, shn_node *v) {
    if (!seq || !v || shn__node_append(b->d, seq, v) < 0) b->nomem = 1;
}

static shn_node *map_new(bld *b, shn_mark m) {
    shn_node *n = shn__node_map(b->d, m);
    if (!n) b->nomem = 1;
    return n;
}

static shn_node *seq_new(bld *b, shn_mark m) {
    shn_node *n = shn__node_seq(b->d, m);
    if (!n) b->nomem = 1;
    return n;
}

static int is_id(const cell *c) {
    size_t i = 0;
    long a = read_int(c->s, c->n, &i);
    if (a < 0 || i >= c->n) return 0;
    size_t k;
    uint32_t h = cp_at(c->s, c->n, i, &k);
    if (h != '-' && h != 0xFF0D && h != 0x2212) return 0;
    i += k;
    return read_int(c->s, c->n, &i) >= 0;
}

/* Split the ministries cell at 、，・ , and spaces; ◎ marks the lead. lead_before: the cell before it was a
 * lone ◎ (the mark got its own column in some blocks). */
static shn_node *ministries(bld *b, const cell *c, int lead_before) {
    shn_mark m = mark_of(c->line, c->col);
    shn_node *seq = seq_new(b, m);
    shn_buf cur = {0};
    int lead = 0, first = 1;
    for (size_t i = 0; i <= c->n;) {
        size_t k = 1;
        uint32_t ch = i < c->n ? cp_at(c->s, c->n, i, &k) : 0;
        if (i == c->n || ch == 0x3001 || ch == 0xFF0C || ch == ',' || ch == CP_NAKAGURO || is_space(ch)) {
            if (cur.len) {
                char *name = shn__buf_take(&cur);
                shn_node *mm = map_new(b, m);
                put(b, mm, "name", scalar(b, name, SHN_STYLE_QUOTED, m));
                if (lead || (first && lead_before)) put(b, mm, "lead", scalar(b, "true", SHN_STYLE_PLAIN, m));
                append(b, seq, mm);
                free(name);
                first = 0;
            }
            if (cur.failed) b->nomem = 1;
            shn__buf_free(&cur);
            lead = 0;
        } else if (ch == CP_DOUBLE_CIRCLE) {
            lead = 1;
        } else if (ch != CP_CIRCLE) {
            shn__buf_add(&cur, c->s + i, k);
        }
        i += k;
    }
    return seq;
}

static void kpi_of(bld *b, shn_node *measure, const cell *c) {
    items it = {0};
    if (cell_items(c, 1, &it) < 0) { items_free(&it); b->nomem = 1; return; }
    shn_mark m = mark_of(c->line, c->col);
    shn_node *kpi = NULL, *uncl = NULL;
    shn_buf deferred = {0};
    for (size_t i = 0; i < it.n; i++) {
        const char *t = it.v[i].text;
        if (!strcmp(t, "—") || !strcmp(t, "―") || !strcmp(t, "－") || !strcmp(t, "-") || !strcmp(t, "ー")) continue;
        if (!strncmp(t, "KPIの設定時期", strlen("KPIの設定時期"))) {
            if (deferred.len) shn__buf_add(&deferred, "\n", 1);
            shn__buf_puts(&deferred, t);
            continue;
        }
        if (!uncl) uncl = seq_new(b, m);
        append(b, uncl, scalar(b, t, SHN_STYLE_QUOTED, m));
    }
    items_free(&it);
    if (deferred.failed) b->nomem = 1;
    if (uncl || deferred.len) {
        kpi = map_new(b, m);
        if (uncl) put(b, kpi, "unclassified", uncl);
        if (deferred.len) put(b, kpi, "deferred", scalar(b, deferred.data, SHN_STYLE_QUOTED, m));
        put(b, measure, "kpi", kpi);
    }
    shn__buf_free(&deferred);
}

static int is_mark(const cell *c, int *role) {
    if (cell_is(c, "◎")) { *role = 1; return 1; }
    if (cell_is(c, "○")) { *role = 2; return 1; }
    return 0;
}

static void measure_row(bld *b, shn_node *list, const row *r, const header *h) {
    shn_mark m = mark_of(r->line, 1);
    shn_node *meas = map_new(b, m);
    const cell *c = r->c;
    put(b, meas, "id", scalar(b, c[0].s, SHN_STYLE_QUOTED, m));
    char *title = r->n > 1 ? cell_text(&c[1], 0, &b->nomem) : NULL;
    put(b, meas, "title", scalar(b, title ? title : "", SHN_STYLE_QUOTED, mark_of(r->line, r->n > 1 ? c[1].col : 1)));
    free(title);
    if (r->n > 3) {
        char *sum = cell_text(&c[3], 1, &b->nomem);
        if (sum && *sum) put(b, meas, "summary", scalar(b, sum, SHN_STYLE_QUOTED, mark_of(r->line, c[3].col)));
        free(sum);
    }
    /* ministries: the last non-blank cell after the summary that is not a lone mark */
    size_t mi = 0;
    int role;
    for (size_t j = r->n; j-- > 4;)
        if (!cell_blank(&c[j])) {
            if (!is_mark(&c[j], &role)) mi = j;
            break;
        }
    int lead_before = 0;
    size_t end = mi ? mi : r->n;
    if (mi && mi > 4 && cell_is(&c[mi - 1], "◎") && !strstr(c[mi].s, "◎")) {
        lead_before = 1;
        end = mi - 1;
    }
    shn_node *arts = NULL, *notes = NULL;
    for (size_t j = 4; j < end; j++) {
        if (!is_mark(&c[j], &role)) continue;
        shn_mark am = mark_of(c[j].line, c[j].col);
        size_t k = j - 4;
        if (k >= h->n) {
            char *msg = shn__printf("条の印の列が見出しにありません (article mark outside the header's columns): %s "
                                    "(列 column %zu)", role == 1 ? "◎" : "○", j + 1);
            if (!msg) { b->nomem = 1; continue; }
            if (!notes) notes = seq_new(b, am);
            append(b, notes, scalar(b, msg, SHN_STYLE_QUOTED, am));
            free(msg);
            continue;
        }
        const label *l = &h->lab[k];
        shn_node *a = map_new(b, am);
        put(b, a, "law", scalar(b, l->law, SHN_STYLE_QUOTED, am));
        put(b, a, "article", scalar(b, l->article, SHN_STYLE_QUOTED, am));
        if (l->nparas) {
            shn_node *ps = seq_new(b, am);
            for (size_t p = 0; p < l->nparas; p++) {
                char num[16];
                snprintf(num, sizeof num, "%d", l->paras[p]);
                append(b, ps, scalar(b, num, SHN_STYLE_PLAIN, am));
            }
            put(b, a, "paragraphs", ps);
        }
        put(b, a, "role", scalar(b, role == 1 ? "primary" : "related", SHN_STYLE_QUOTED, am));
        if (!arts) arts = seq_new(b, am);
        append(b, arts, a);
    }
    if (mi) {
        shn_node *ms = ministries(b, &c[mi], lead_before);
        if (ms && ms->n) put(b, meas, "ministries", ms);
    }
    if (arts) put(b, meas, "articles", arts);
    if (r->n > 2) kpi_of(b, meas, &c[2]);
    if (notes) put(b, meas, "notes", notes);
    append(b, list, meas);
}

shn_status shn__sakushu_load(const char *file, const char *buf, size_t len, shn_doc ***docs, size_t *ndocs,
                             shn_error *err) {
    if (!docs || !ndocs || (!buf && len)) return shn__err(err, SHN_E_USAGE, file, 0, 0, "引数が不正です (invalid argument)");
    *docs = NULL;
    *ndocs = 0;
    size_t bad;
    if (!shn__utf8_valid(buf, len, &bad)) {
        unsigned line = 1, col = 1;
        for (size_t i = 0; i < bad;) {
            size_t k;
            uint32_t ch = cp_at(buf, len, i, &k);
            if (ch == '\n') { line++; col = 1; } else col++;
            i += k;
        }
        return shn__err(err, SHN_E_PARSE, file, line, col, "UTF-8 として読めません (invalid UTF-8)");
    }
    size_t skip = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;   /* BOM */
    table t = {0};
    if (parse_tsv(buf + skip, len - skip, &t) < 0) {
        table_free(&t);
        return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    }
    bld b = {shn__doc_new(file), 0};
    if (!b.d) { table_free(&t); return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)"); }
    shn_mark m0 = mark_of(1, 1);
    shn_node *root = map_new(&b, m0), *list = seq_new(&b, m0), *src = map_new(&b, m0);
    b.d->root = root;
    put(&b, root, "shinsa", scalar(&b, "1", SHN_STYLE_PLAIN, m0));
    put(&b, root, "kind", scalar(&b, "measures", SHN_STYLE_QUOTED, m0));
    put(&b, src, "title", scalar(&b, SAKUSHU_TITLE, SHN_STYLE_QUOTED, m0));
    put(&b, src, "date", scalar(&b, SAKUSHU_DATE, SHN_STYLE_PLAIN, m0));
    put(&b, root, "source", src);
    put(&b, root, "measures", list);
    header *h = calloc(1, sizeof *h);
    if (!h) b.nomem = 1;
    for (size_t i = 0; i < t.n && !b.nomem; i++) {
        const row *r = &t.r[i];
        if (!r->n) continue;
        if (cell_is(&r->c[0], "施策番号")) {
            read_header(r, i + 1 < t.n ? &t.r[i + 1] : NULL, h);
            continue;
        }
        if (is_id(&r->c[0])) measure_row(&b, list, r, h);
    }
    free(h);
    table_free(&t);
    if (b.nomem) {
        shn__doc_free(b.d);
        return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    }
    if (!list->n) {
        shn__doc_free(b.d);
        return shn__err(err, SHN_E_PARSE, file, 1, 1,
                        "施策の行がありません (no measure rows: expected a first column such as 03-01)");
    }
    shn_doc **out = malloc(sizeof *out);
    if (!out) {
        shn__doc_free(b.d);
        return shn__err(err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    }
    out[0] = b.d;
    *docs = out;
    *ndocs = 1;
    return SHN_OK;
}

shn_status shn__sakushu_import(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                               shn_doc ***docs, size_t *ndocs, shn_error *err) {
    (void)opt;
    return shn__sakushu_load(file, buf, len, docs, ndocs, err);
}
