/* load_yaml.c — YAML and JSON into the document tree (see doc.h), with libyaml's event API.
 *
 * One pass over the event stream builds every document of a file. Positions are converted once, here, from
 * libyaml's 0-based marks to 1-based line/column (libyaml counts columns in characters = code points).
 * Aliases are the anchored node itself, never a copy; to keep walkers bounded we count, per document, the
 * nodes "after expansion" (an alias adds the expanded size of its target) and stop at lim->max_alias_nodes.
 * The expanded size of a node is the running count after it minus the count before it, so it costs one
 * number per anchor. An alias to a node that is still open (a cycle) is refused: the tree stays a DAG. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>
#include "util.h"

#define DEFAULT_MAX_DEPTH 64
#define DEFAULT_MAX_ALIAS_NODES 1000000

/* ---- anchors: open-addressing hash from name to the latest definition -------------------------------- */

typedef struct {
    char *name;
    shn_node *node;
    size_t size;              /* expanded node count, valid once done */
    int done;                 /* 0 while the anchored collection is still open */
} anchor_def;

typedef struct {
    anchor_def *defs;         /* every definition in order (a redefinition adds a new one) */
    size_t ndefs, capdefs;
    size_t *slots;            /* index+1 into defs, 0 = empty */
    size_t nslots, used;
} anchor_table;

static size_t hash_str(const char *s) {
    size_t h = (size_t)1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
    return h;
}

static void anchors_clear(anchor_table *t) {
    for (size_t i = 0; i < t->ndefs; i++) free(t->defs[i].name);
    free(t->defs);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* The slot holding `name`, or the empty slot where it would go. nslots is a power of two, never full. */
static size_t *anchors_slot(const anchor_table *t, const char *name) {
    size_t mask = t->nslots - 1, i = hash_str(name) & mask;
    while (t->slots[i] && strcmp(t->defs[t->slots[i] - 1].name, name) != 0) i = (i + 1) & mask;
    return &t->slots[i];
}

static const anchor_def *anchors_find(const anchor_table *t, const char *name) {
    if (!t->nslots) return NULL;
    size_t *s = anchors_slot(t, name);
    return *s ? &t->defs[*s - 1] : NULL;
}

/* Define `name` -> node; returns the definition's index, or (size_t)-1 when out of memory. */
static size_t anchors_define(anchor_table *t, const char *name, shn_node *node) {
    if (t->used * 2 + 2 > t->nslots) {
        size_t n = t->nslots ? t->nslots * 2 : 64;
        size_t *slots = calloc(n, sizeof *slots);
        if (!slots) return (size_t)-1;
        size_t *old = t->slots, nold = t->nslots;
        t->slots = slots;
        t->nslots = n;
        for (size_t i = 0; i < nold; i++)
            if (old[i]) *anchors_slot(t, t->defs[old[i] - 1].name) = old[i];
        free(old);
    }
    if (t->ndefs == t->capdefs) {
        size_t cap = t->capdefs ? t->capdefs * 2 : 16;
        anchor_def *defs = realloc(t->defs, cap * sizeof *defs);
        if (!defs) return (size_t)-1;
        t->defs = defs;
        t->capdefs = cap;
    }
    char *copy = shn__strdup(name);
    if (!copy) return (size_t)-1;
    t->defs[t->ndefs] = (anchor_def){copy, node, 1, 0};
    size_t *s = anchors_slot(t, name);
    if (!*s) t->used++;
    *s = ++t->ndefs;
    return t->ndefs - 1;
}

/* ---- the builder's state --------------------------------------------------------------------------- */

typedef struct {
    shn_node *node;           /* the open map or sequence */
    shn_node *key;            /* maps: a key waiting for its value */
    size_t count_before;      /* expanded count before this node */
    size_t anchor;            /* definition index, or (size_t)-1 */
} frame;

typedef struct {
    const char *file;
    const char *buf;
    size_t len;
    unsigned max_depth;
    size_t max_nodes;
    int options;               /* the limits come from --limit: messages name the option */
    shn_error *err;
    shn_vec docs;             /* finished shn_doc * */
    shn_doc *doc;             /* the document being built */
    frame *stack;
    size_t depth, cap;
    size_t count;             /* nodes after expansion in the current document */
    anchor_table anchors;
} loader;

static shn_mark mark_of(yaml_mark_t m) {
    shn_mark k = {(unsigned)m.line + 1, (unsigned)m.column + 1, m.index};
    return k;
}

static shn_status fail_at(loader *ld, shn_status code, yaml_mark_t m, const char *fmt, const char *arg) {
    return shn__err(ld->err, code, ld->file, (unsigned)m.line + 1, (unsigned)m.column + 1, fmt, arg);
}

static shn_status nomem(loader *ld) {
    return shn__err(ld->err, SHN_E_NOMEM, ld->file, 0, 0, "メモリ不足 (out of memory)");
}

/* 1-based line and column (code points) of byte `off`, counting as libyaml does: a leading BOM is not a
 * column, "\r\n" and a lone "\r" end a line. */
static void pos_of_byte(const char *buf, size_t len, size_t off, unsigned *line, unsigned *column) {
    size_t i = 0, ln = 1, col = 1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 && off >= 3) i = 3;
    for (; i < off && i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) { ln++; col = 1; }
        else if (c != '\r' && (c & 0xC0) != 0x80) col++;
    }
    *line = (unsigned)ln;
    *column = (unsigned)col;
}

/* Refuse what libyaml would misread or report poorly: bytes that are not UTF-8 (a Shift_JIS or EUC-JP file,
 * UTF-16) and NUL bytes. */
static shn_status check_encoding(loader *ld) {
    size_t bad = ld->len, nul;
    int valid = shn__utf8_valid(ld->buf, ld->len, &bad);
    const char *z = ld->len ? memchr(ld->buf, '\0', ld->len) : NULL;
    nul = z ? (size_t)(z - ld->buf) : ld->len;
    if (valid && !z) return SHN_OK;
    unsigned line, column;
    if (!valid && bad < nul) {
        pos_of_byte(ld->buf, ld->len, bad, &line, &column);
        return shn__err(ld->err, SHN_E_PARSE, ld->file, line, column,
                        "ファイルがUTF-8ではありません。Shift_JIS等の場合はUTF-8に変換してください "
                        "(file is not UTF-8: invalid byte 0x%02X; convert it from Shift_JIS or other "
                        "encodings to UTF-8)",
                        (unsigned char)ld->buf[bad]);
    }
    pos_of_byte(ld->buf, ld->len, nul, &line, &column);
    return shn__err(ld->err, SHN_E_PARSE, ld->file, line, column,
                    "NULバイトが含まれています。テキストファイルではない可能性があります "
                    "(file contains a NUL byte; it is not a UTF-8 text file)");
}

/* JSON is read as YAML (flow style keeps positions), but a broken .json file is reported as JSON. */
static int looks_json(const loader *ld) {
    size_t n = ld->file ? strlen(ld->file) : 0;
    if (n > 5 && strcasecmp(ld->file + n - 5, ".json") == 0) return 1;
    if ((n > 5 && strcasecmp(ld->file + n - 5, ".yaml") == 0) || (n > 4 && strcasecmp(ld->file + n - 4, ".yml") == 0))
        return 0;
    size_t i = 0;
    while (i < ld->len && (ld->buf[i] == ' ' || ld->buf[i] == '\t' || ld->buf[i] == '\r' || ld->buf[i] == '\n')) i++;
    return i < ld->len && ld->buf[i] == '{';
}

static shn_status syntax_error(loader *ld, const yaml_parser_t *p) {
    if (p->error == YAML_MEMORY_ERROR) return nomem(ld);
    const char *problem = p->problem ? p->problem : "unknown error";
    const char *what = looks_json(ld) ? "JSONの構文エラー (JSON syntax error)" : "YAMLの構文エラー (YAML syntax error)";
    unsigned line, column;
    if (p->error == YAML_READER_ERROR) {
        pos_of_byte(ld->buf, ld->len, p->problem_offset, &line, &column);
    } else {
        line = (unsigned)p->problem_mark.line + 1;
        column = (unsigned)p->problem_mark.column + 1;
    }
    if (p->context && p->error != YAML_READER_ERROR)
        return shn__err(ld->err, SHN_E_PARSE, ld->file, line, column, "%s: %s (%s at line %u, column %u)", what,
                        problem, p->context, (unsigned)p->context_mark.line + 1,
                        (unsigned)p->context_mark.column + 1);
    return shn__err(ld->err, SHN_E_PARSE, ld->file, line, column, "%s: %s", what, problem);
}

static size_t add_sat(size_t a, size_t b) { return a > (size_t)-1 - b ? (size_t)-1 : a + b; }

static shn_status limit_nodes(loader *ld, yaml_mark_t m) {
    if (ld->options)
        return shn__err(ld->err, SHN_E_LIMIT, ld->file, (unsigned)m.line + 1, (unsigned)m.column + 1,
                        "エイリアスの展開が上限 %zu ノードを超えました。上限は --limit alias-nodes=N で変えられます "
                        "(too many nodes after alias expansion: more than %zu; the limit is --limit alias-nodes=N)",
                        ld->max_nodes, ld->max_nodes);
    return shn__err(ld->err, SHN_E_LIMIT, ld->file, (unsigned)m.line + 1, (unsigned)m.column + 1,
                    "エイリアスの展開が大きすぎます (too many nodes after alias expansion: more than %zu)",
                    ld->max_nodes);
}

/* Sort helper for the duplicate-key check: keys ordered by text, then by position in the mapping. */
typedef struct { const shn_node *key; size_t index; } key_ref;

static int key_ref_cmp(const void *a, const void *b) {
    const key_ref *x = a, *y = b;
    size_t n = x->key->len < y->key->len ? x->key->len : y->key->len;
    int c = memcmp(x->key->value, y->key->value, n);
    if (c) return c;
    if (x->key->len != y->key->len) return x->key->len < y->key->len ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int same_key(const shn_node *a, const shn_node *b) {
    return a->len == b->len && memcmp(a->value, b->value, a->len) == 0;
}

/* A mapping is complete: report the duplicate whose second occurrence comes first. */
static shn_status check_duplicates(loader *ld, const shn_node *map) {
    const shn_node *first = NULL, *second = NULL;
    size_t best = (size_t)-1;
    if (map->n <= 16) {
        for (size_t j = 1; j < map->n && best == (size_t)-1; j++)
            for (size_t i = 0; i < j; i++)
                if (same_key(map->items[2 * i], map->items[2 * j])) {
                    first = map->items[2 * i], second = map->items[2 * j], best = j;
                    break;
                }
    } else {
        key_ref *refs = malloc(map->n * sizeof *refs);
        if (!refs) return nomem(ld);
        for (size_t i = 0; i < map->n; i++) refs[i] = (key_ref){map->items[2 * i], i};
        qsort(refs, map->n, sizeof *refs, key_ref_cmp);
        for (size_t i = 1; i < map->n; i++)
            if (same_key(refs[i - 1].key, refs[i].key) && refs[i].index < best) {
                size_t g = i - 1;   /* first of this group of equal keys */
                while (g > 0 && same_key(refs[g - 1].key, refs[i].key)) g--;
                if (g + 1 == i) first = refs[g].key, second = refs[i].key, best = refs[i].index;
            }
        free(refs);
    }
    if (!second) return SHN_OK;
    return shn__err(ld->err, SHN_E_PARSE, ld->file, second->start.line, second->start.column,
                    "キーが重複しています (duplicate key): \"%s\" at line %u, column %u and line %u, column %u",
                    second->value, first->start.line, first->start.column, second->start.line,
                    second->start.column);
}

/* Attach a finished node (new or aliased) to the open collection, or make it the document root. */
static shn_status attach(loader *ld, shn_node *node, yaml_mark_t m) {
    if (!ld->depth) {
        ld->doc->root = node;
        return SHN_OK;
    }
    frame *f = &ld->stack[ld->depth - 1];
    if (f->node->type == SHN_NODE_SEQ)
        return shn__node_append(ld->doc, f->node, node) ? nomem(ld) : SHN_OK;
    if (!f->key) {
        if (node->type != SHN_NODE_SCALAR)
            return fail_at(ld, SHN_E_PARSE, m, "%s",
                           "キーは文字列でなければなりません (mapping keys must be scalars, not mappings or "
                           "sequences)");
        f->key = node;
        return SHN_OK;
    }
    if (shn__map_put(ld->doc, f->node, f->key, node)) return nomem(ld);
    f->key = NULL;
    return SHN_OK;
}

/* The next node starts: would it be a collection as a mapping key? */
static int in_key_position(const loader *ld) {
    if (!ld->depth) return 0;
    const frame *f = &ld->stack[ld->depth - 1];
    return f->node->type == SHN_NODE_MAP && !f->key;
}

static shn_status define_anchor(loader *ld, const yaml_char_t *anchor, shn_node *node, size_t *index) {
    *index = (size_t)-1;
    if (!anchor) return SHN_OK;
    *index = anchors_define(&ld->anchors, (const char *)anchor, node);
    return *index == (size_t)-1 ? nomem(ld) : SHN_OK;
}

static shn_status on_scalar(loader *ld, const yaml_event_t *ev) {
    const char *tag = (const char *)ev->data.scalar.tag;
    shn_scalar_style style;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = SHN_STYLE_QUOTED; break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE: style = SHN_STYLE_BLOCK; break;
    default: style = SHN_STYLE_PLAIN; break;
    }
    /* `!!str 1` is a string, as if it were quoted. */
    if (style == SHN_STYLE_PLAIN && tag && strcmp(tag, YAML_STR_TAG) == 0) style = SHN_STYLE_QUOTED;
    /* An empty document (`---` and nothing else) has no root. */
    if (!ld->depth && style == SHN_STYLE_PLAIN && ev->data.scalar.length == 0 && !tag &&
        !ev->data.scalar.anchor)
        return SHN_OK;
    /* An escaped NUL ("\0" in YAML, "\u0000" in JSON) would silently cut the text where C strings end. */
    const char *nul = memchr(ev->data.scalar.value, '\0', ev->data.scalar.length);
    if (nul) {
        size_t cp = 0;
        for (const unsigned char *p = ev->data.scalar.value; p < (const unsigned char *)nul; p++) cp += (*p & 0xC0) != 0x80;
        return shn__err(ld->err, SHN_E_PARSE, ld->file, (unsigned)ev->start_mark.line + 1,
                        (unsigned)ev->start_mark.column + 1,
                        "スカラーに NUL 文字 (U+0000) があります: 値の %zu 文字目 (a NUL character (U+0000) inside a "
                        "scalar, at character %zu of its value; it would cut the text)", cp + 1, cp + 1);
    }
    ld->count = add_sat(ld->count, 1);
    shn_node *n = shn__node_scalar(ld->doc, (const char *)ev->data.scalar.value, ev->data.scalar.length, style,
                                   mark_of(ev->start_mark), mark_of(ev->end_mark));
    if (!n) return nomem(ld);
    size_t a;
    shn_status st = define_anchor(ld, ev->data.scalar.anchor, n, &a);
    if (st != SHN_OK) return st;
    if (a != (size_t)-1) ld->anchors.defs[a].done = 1;
    return attach(ld, n, ev->start_mark);
}

static shn_status on_start(loader *ld, const yaml_event_t *ev, int is_map) {
    if (in_key_position(ld))
        return fail_at(ld, SHN_E_PARSE, ev->start_mark, "%s",
                       "キーは文字列でなければなりません (mapping keys must be scalars, not mappings or "
                       "sequences)");
    if (ld->depth >= ld->max_depth && ld->options)
        return shn__err(ld->err, SHN_E_LIMIT, ld->file, (unsigned)ev->start_mark.line + 1,
                        (unsigned)ev->start_mark.column + 1,
                        "入れ子が上限 %u 段を超えました。上限は --limit depth=N で変えられます (nesting too deep: "
                        "more than %u levels; the limit is --limit depth=N)", ld->max_depth, ld->max_depth);
    if (ld->depth >= ld->max_depth)
        return shn__err(ld->err, SHN_E_LIMIT, ld->file, (unsigned)ev->start_mark.line + 1,
                        (unsigned)ev->start_mark.column + 1,
                        "入れ子が深すぎます (nesting too deep: more than %u levels)", ld->max_depth);
    if (ld->depth == ld->cap) {
        size_t cap = ld->cap ? ld->cap * 2 : 16;
        frame *s = realloc(ld->stack, cap * sizeof *s);
        if (!s) return nomem(ld);
        ld->stack = s;
        ld->cap = cap;
    }
    shn_mark m = mark_of(ev->start_mark);
    shn_node *n = is_map ? shn__node_map(ld->doc, m) : shn__node_seq(ld->doc, m);
    if (!n) return nomem(ld);
    const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    frame f = {n, NULL, ld->count, (size_t)-1};
    shn_status st = define_anchor(ld, anchor, n, &f.anchor);
    if (st != SHN_OK) return st;
    ld->count = add_sat(ld->count, 1);
    ld->stack[ld->depth++] = f;
    return SHN_OK;
}

static shn_status on_end(loader *ld, const yaml_event_t *ev) {
    frame f = ld->stack[--ld->depth];
    f.node->end = mark_of(ev->end_mark);
    if (f.node->type == SHN_NODE_MAP) {
        shn_status st = check_duplicates(ld, f.node);
        if (st != SHN_OK) return st;
    }
    if (f.anchor != (size_t)-1) {
        anchor_def *d = &ld->anchors.defs[f.anchor];
        d->size = ld->count - f.count_before;
        d->done = 1;
    }
    return attach(ld, f.node, ev->start_mark);
}

static shn_status on_alias(loader *ld, const yaml_event_t *ev) {
    const char *name = (const char *)ev->data.alias.anchor;
    const anchor_def *d = anchors_find(&ld->anchors, name);
    if (!d)
        return fail_at(ld, SHN_E_PARSE, ev->start_mark, "未定義のエイリアスです (undefined alias): *%s", name);
    if (!d->done)
        return fail_at(ld, SHN_E_PARSE, ev->start_mark,
                       "エイリアスが自分自身を含んでいます (recursive alias): *%s", name);
    ld->count = add_sat(ld->count, d->size);
    if (ld->count > ld->max_nodes) return limit_nodes(ld, ev->start_mark);
    return attach(ld, d->node, ev->start_mark);
}

static void loader_reset_document(loader *ld) {
    shn__doc_free(ld->doc);
    ld->doc = NULL;
    ld->depth = 0;
    ld->count = 0;
    anchors_clear(&ld->anchors);
}

static shn_status on_event(loader *ld, const yaml_event_t *ev) {
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        loader_reset_document(ld);
        ld->doc = shn__doc_new(ld->file);
        if (!ld->doc) return nomem(ld);
        ld->doc->index = (unsigned)ld->docs.n;
        return SHN_OK;
    case YAML_DOCUMENT_END_EVENT:
        if (shn__vec_push(&ld->docs, ld->doc)) return nomem(ld);
        ld->doc = NULL;
        loader_reset_document(ld);
        return SHN_OK;
    case YAML_SCALAR_EVENT: return on_scalar(ld, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(ld, ev, 0);
    case YAML_MAPPING_START_EVENT: return on_start(ld, ev, 1);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_end(ld, ev);
    case YAML_ALIAS_EVENT: return on_alias(ld, ev);
    default: return SHN_OK;
    }
}

shn_status shn__yaml_load(const char *file, const char *buf, size_t len, const shn_load_limits *lim,
                          shn_doc ***docs, size_t *ndocs, shn_error *err) {
    *docs = NULL;
    *ndocs = 0;
    if (!buf && len) return shn__err(err, SHN_E_USAGE, file, 0, 0, "引数が不正です (invalid argument): buf");
    loader ld = {0};
    ld.file = file;
    ld.buf = buf ? buf : "";
    ld.len = len;
    ld.err = err;
    ld.max_depth = lim && lim->max_depth ? lim->max_depth : DEFAULT_MAX_DEPTH;
    ld.max_nodes = lim && lim->max_alias_nodes ? lim->max_alias_nodes : DEFAULT_MAX_ALIAS_NODES;
    ld.options = lim && lim->from_options;

    shn_status st = check_encoding(&ld);
    if (st != SHN_OK) return st;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return nomem(&ld);
    yaml_parser_set_input_string(&parser, (const unsigned char *)ld.buf, len);
    for (int done = 0; !done && st == SHN_OK;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            st = syntax_error(&ld, &parser);
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        st = on_event(&ld, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    loader_reset_document(&ld);
    free(ld.stack);
    if (st != SHN_OK) {
        for (size_t i = 0; i < ld.docs.n; i++) shn__doc_free(ld.docs.items[i]);
        shn__vec_free(&ld.docs);
        return st;
    }
    *docs = (shn_doc **)ld.docs.items;
    *ndocs = ld.docs.n;
    return SHN_OK;
}
