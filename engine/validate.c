/* validate.c — check `kind: measures` and `kind: law` documents against their shapes (see validate.h).
 *
 * The shapes are data: one `shape` per kind of node, maps list their fields in a table, and a small walker
 * interprets them. The tables follow DESIGN.md's Contracts and must agree with engine/schema/
 * measures.schema.json and law.schema.json; change both together.
 *
 * Conventions shared with the JSON Schemas:
 *   - an optional field whose value is null counts as absent; a required one that is null is missing;
 *   - text fields accept any non-null, non-boolean scalar (a plain `title: 2024` is text in YAML terms);
 *   - ids and Num values (measure id, article, item num) accept strings and integers, kept verbatim;
 *   - integers must be plain (unquoted) YAML integers, booleans plain true/false;
 *   - unknown keys are warnings (the schemas say additionalProperties: false, which editors show). */
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stop adding diagnostics for one document after this many (aliases can repeat one problem many times). */
#define MAX_DIAGS 200

typedef enum {
    V_TEXT,      /* a string (or number) */
    V_ID,        /* an id or Num: a string or an integer */
    V_INT,       /* a plain integer */
    V_BOOL,      /* plain true / false */
    V_DATE,      /* YYYY-MM-DD */
    V_LAW_ID,    /* ^[0-9]{3}[A-Z][0-9A-Z]{11}$ */
    V_ENUM,      /* one of `values` */
    V_VERSION,   /* the integer 1 */
    V_MAP,       /* a mapping with known `fields` (or any keys when `open`) */
    V_SEQ,       /* a sequence of `item` */
    V_EITHER,    /* by node type: scalar -> `item`, mapping -> `map`, sequence -> `seq` */
    V_SWITCH     /* a mapping whose kind is picked by which `variants` key it has */
} vkind;

typedef struct shape shape;

enum { REQ = 1 };

typedef struct {
    const char *key;
    const shape *shape;
    unsigned flags;          /* REQ */
    const char *unless;      /* REQ is waived when this key is present */
} field;

typedef struct {
    const char *key;
    const shape *shape;
} variant;

struct shape {
    vkind kind;
    const char *expected;    /* for "expected ..." */
    const field *fields;     /* V_MAP, terminated by {NULL} */
    const shape *item;       /* V_SEQ entries; V_EITHER scalar form */
    const shape *map;        /* V_EITHER mapping form */
    const shape *seq;        /* V_EITHER sequence form */
    const char *const *values;  /* V_ENUM, NULL-terminated */
    const variant *variants; /* V_SWITCH, terminated by {NULL} */
    unsigned max_nest;       /* V_MAP: how many times it may nest in itself (0 = no limit) */
    const char *label;       /* V_MAP with max_nest: what nests, for the message */
    int open;                /* V_MAP: any key allowed */
    int nullable;            /* null is accepted where the shape stands (e.g. an empty table cell) */
};

/* ---- scalar shapes ------------------------------------------------------------------------------------ */

static const shape TEXT = {.kind = V_TEXT, .expected = "a string"};
static const shape CELL = {.kind = V_TEXT, .expected = "a string", .nullable = 1};
static const shape ID = {.kind = V_ID, .expected = "a string or an integer"};
static const shape INT = {.kind = V_INT, .expected = "an integer"};
static const shape BOOL = {.kind = V_BOOL, .expected = "a boolean (true or false)"};
static const shape DATE = {.kind = V_DATE, .expected = "a date (YYYY-MM-DD)"};
static const shape LAW_ID = {.kind = V_LAW_ID, .expected = "a law id"};
static const shape VERSION = {.kind = V_VERSION, .expected = "the integer 1"};

static const char *const kind_measures_values[] = {"measures", NULL};
static const char *const kind_law_values[] = {"law", NULL};
static const char *const role_values[] = {"primary", "related", NULL};
static const char *const function_values[] = {"main", "proviso", NULL};
/* Who made the plan: national (the 重点計画 and other plans of the Cabinet), ministry (a ministry's own plan),
 * prefecture (都道府県), municipality (市区町村). Structure rules that hold only for the national plan (links to
 * the two basic laws, 施策番号 formats) read it (unit context plan_level). */
static const char *const level_values[] = {"national", "ministry", "prefecture", "municipality", NULL};
static const shape KIND_MEASURES = {.kind = V_ENUM, .expected = "a string", .values = kind_measures_values};
static const shape KIND_LAW = {.kind = V_ENUM, .expected = "a string", .values = kind_law_values};
static const shape ROLE = {.kind = V_ENUM, .expected = "a string", .values = role_values};
static const shape FUNCTION = {.kind = V_ENUM, .expected = "a string", .values = function_values};
static const shape LEVEL = {.kind = V_ENUM, .expected = "a string", .values = level_values};

static const shape TEXT_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &TEXT};
static const shape TEXT_OR_LIST = {.kind = V_EITHER, .expected = "a string or a sequence of strings",
                                   .item = &TEXT, .seq = &TEXT_LIST};
static const shape INT_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &INT};
static const shape OPEN_MAP = {.kind = V_MAP, .expected = "a mapping", .open = 1};

/* ---- kind: measures ----------------------------------------------------------------------------------- */

static const field period_fields[] = {
    {"from", &INT, 0, NULL},           /* fiscal year, e.g. 2024 */
    {"to", &INT, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape PERIOD = {.kind = V_MAP, .expected = "a mapping", .fields = period_fields};

static const field source_fields[] = {
    {"title", &TEXT, 0, NULL},
    {"date", &DATE, 0, NULL},
    {"period", &PERIOD, 0, NULL},
    {"level", &LEVEL, 0, NULL},        /* national | ministry | prefecture | municipality */
    {NULL, NULL, 0, NULL}};
static const shape SOURCE = {.kind = V_MAP, .expected = "a mapping", .fields = source_fields};

static const field ministry_fields[] = {
    {"name", &TEXT, REQ, NULL},
    {"lead", &BOOL, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape MINISTRY = {.kind = V_MAP, .expected = "a mapping", .fields = ministry_fields};
static const shape MINISTRY_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &MINISTRY};

static const field article_ref_fields[] = {
    {"law", &TEXT, REQ, NULL},
    {"article", &ID, 0, NULL},         /* Num string, e.g. "17_3_3" */
    {"paragraphs", &INT_LIST, 0, NULL},
    {"role", &ROLE, 0, NULL},          /* ◎ primary, ○ related */
    {NULL, NULL, 0, NULL}};
static const shape ARTICLE_REF = {.kind = V_MAP, .expected = "a mapping", .fields = article_ref_fields};
static const shape ARTICLE_REF_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &ARTICLE_REF};

static const field point_fields[] = {
    {"value", &ID, 0, NULL},           /* a number or a string such as "100%" */
    {"year", &ID, 0, NULL},            /* 2025 or "2025年度" */
    {NULL, NULL, 0, NULL}};
static const shape POINT = {.kind = V_MAP, .expected = "a mapping", .fields = point_fields};

static const field kpi_entry_fields[] = {
    {"text", &TEXT, 0, NULL},
    {"indicator", &TEXT, 0, NULL},
    {"unit", &TEXT, 0, NULL},
    {"baseline", &POINT, 0, NULL},
    {"target", &POINT, 0, NULL},
    {"direction", &TEXT, 0, NULL},
    {"source", &TEXT, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape KPI_ENTRY_MAP = {.kind = V_MAP, .expected = "a mapping", .fields = kpi_entry_fields};
static const shape KPI_ENTRY = {.kind = V_EITHER, .expected = "a string or a mapping", .item = &TEXT,
                                .map = &KPI_ENTRY_MAP};
static const shape KPI_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &KPI_ENTRY};

static const field kpi_fields[] = {
    {"progress", &KPI_LIST, 0, NULL},
    {"effect", &KPI_LIST, 0, NULL},
    {"unclassified", &KPI_LIST, 0, NULL},
    {"deferred", &TEXT, 0, NULL},      /* 「KPIの設定時期：…」 */
    {NULL, NULL, 0, NULL}};
static const shape KPI = {.kind = V_MAP, .expected = "a mapping", .fields = kpi_fields};

static const field measure_fields[] = {
    {"id", &ID, REQ, NULL},            /* 施策番号, kept verbatim */
    {"title", &TEXT, REQ, NULL},
    {"summary", &TEXT, 0, NULL},
    {"ministries", &MINISTRY_LIST, 0, NULL},
    {"articles", &ARTICLE_REF_LIST, 0, NULL},
    {"kpi", &KPI, 0, NULL},
    {"notes", &TEXT_OR_LIST, 0, NULL},
    {"tags", &TEXT_OR_LIST, 0, NULL},
    {"source_ref", &TEXT_OR_LIST, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape MEASURE = {.kind = V_MAP, .expected = "a mapping", .fields = measure_fields};
static const shape MEASURE_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &MEASURE};

static const field measures_root_fields[] = {
    {"shinsa", &VERSION, REQ, NULL},
    {"kind", &KIND_MEASURES, REQ, NULL},
    {"source", &SOURCE, 0, NULL},
    {"as_of", &DATE, 0, NULL},
    {"measures", &MEASURE_LIST, REQ, NULL},
    {NULL, NULL, 0, NULL}};
static const shape MEASURES_ROOT = {.kind = V_MAP, .expected = "a mapping", .fields = measures_root_fields};

/* ---- kind: law ---------------------------------------------------------------------------------------- */

/* Recursive shapes, defined below. */
static const shape PROVISION_LIST;
static const shape ITEM_LIST;

static const field sentence_fields[] = {
    {"num", &INT, 0, NULL},
    {"function", &FUNCTION, 0, NULL},  /* main = 本文, proviso = ただし書 */
    {"text", &TEXT, REQ, NULL},
    {"column", &INT, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape SENTENCE_MAP = {.kind = V_MAP, .expected = "a mapping", .fields = sentence_fields};
static const shape SENTENCE = {.kind = V_EITHER, .expected = "a string or a mapping", .item = &TEXT,
                               .map = &SENTENCE_MAP};
static const shape SENTENCE_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &SENTENCE};

static const field item_fields[] = {
    {"num", &ID, REQ, NULL},           /* "1", "4_2", "1:4" */
    {"title", &TEXT, 0, NULL},
    {"sentences", &SENTENCE_LIST, 0, NULL},
    {"items", &ITEM_LIST, 0, NULL},    /* sub-items イ, (1), ... */
    {NULL, NULL, 0, NULL}};
static const shape ITEM = {.kind = V_MAP, .expected = "a mapping", .fields = item_fields, .max_nest = 10,
                           .label = "items"};
static const shape ITEM_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &ITEM};

static const field paragraph_fields[] = {
    {"num", &INT, REQ, "paragraph"},
    {"paragraph", &INT, 0, NULL},      /* 項建て: a paragraph directly in a provision list */
    {"caption", &TEXT, 0, NULL},
    {"sentences", &SENTENCE_LIST, 0, NULL},
    {"items", &ITEM_LIST, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape PARAGRAPH = {.kind = V_MAP, .expected = "a mapping", .fields = paragraph_fields};
static const shape PARAGRAPH_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &PARAGRAPH};

static const field article_fields[] = {
    {"article", &ID, REQ, NULL},       /* Num: "45", "17_3_3", "38:84" */
    {"title", &TEXT, 0, NULL},         /* 第四十五条 */
    {"caption", &TEXT, 0, NULL},       /* （定期自主検査） */
    {"delete", &BOOL, 0, NULL},
    {"hide", &BOOL, 0, NULL},
    {"paragraphs", &PARAGRAPH_LIST, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape ARTICLE = {.kind = V_MAP, .expected = "a mapping", .fields = article_fields};

static const field division_fields[] = {
    {"part", &ID, 0, NULL},            /* 編 */
    {"chapter", &ID, 0, NULL},         /* 章 */
    {"section", &ID, 0, NULL},         /* 節 */
    {"subsection", &ID, 0, NULL},      /* 款 */
    {"division", &ID, 0, NULL},        /* 目 */
    {"title", &TEXT, 0, NULL},
    {"provisions", &PROVISION_LIST, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape DIVISION = {.kind = V_MAP, .expected = "a mapping", .fields = division_fields};

static const variant provision_variants[] = {
    {"article", &ARTICLE},
    {"part", &DIVISION},
    {"chapter", &DIVISION},
    {"section", &DIVISION},
    {"subsection", &DIVISION},
    {"division", &DIVISION},
    {"paragraph", &PARAGRAPH},
    {NULL, NULL}};
static const shape PROVISION = {.kind = V_SWITCH, .expected = "a mapping", .variants = provision_variants};
static const shape PROVISION_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &PROVISION};

static const field suppl_fields[] = {
    {"amend_law_num", &TEXT, 0, NULL}, /* null for the original 附則 */
    {"extract", &BOOL, 0, NULL},
    {"provisions", &PROVISION_LIST, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape SUPPL = {.kind = V_MAP, .expected = "a mapping", .fields = suppl_fields};
static const shape SUPPL_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &SUPPL};

static const shape ROW = {.kind = V_SEQ, .expected = "a sequence", .item = &CELL};
static const shape ROWS = {.kind = V_SEQ, .expected = "a sequence", .item = &ROW};
static const field table_fields[] = {
    {"num", &ID, 0, NULL},
    {"title", &TEXT, 0, NULL},         /* 別表第一 */
    {"related_article", &TEXT, 0, NULL}, /* （第二条関係） */
    {"rows", &ROWS, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape TABLE = {.kind = V_MAP, .expected = "a mapping", .fields = table_fields};
static const shape TABLE_LIST = {.kind = V_SEQ, .expected = "a sequence", .item = &TABLE};

static const field law_fields[] = {
    {"id", &LAW_ID, 0, NULL},          /* 法令ID, 347AC0000000057 */
    {"num", &TEXT, 0, NULL},           /* 法令番号 */
    {"title", &TEXT, REQ, NULL},
    {"type", &TEXT, 0, NULL},          /* Act, CabinetOrder, MinisterialOrdinance, ... */
    {"as_of", &DATE, 0, NULL},
    {"source", &OPEN_MAP, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape LAW = {.kind = V_MAP, .expected = "a mapping", .fields = law_fields};

static const field law_root_fields[] = {
    {"shinsa", &VERSION, REQ, NULL},
    {"kind", &KIND_LAW, REQ, NULL},
    {"law", &LAW, REQ, NULL},
    {"as_of", &DATE, 0, NULL},
    {"provisions", &PROVISION_LIST, REQ, NULL},
    {"suppl_provisions", &SUPPL_LIST, 0, NULL},
    {"appendix_tables", &TABLE_LIST, 0, NULL},
    {NULL, NULL, 0, NULL}};
static const shape LAW_ROOT = {.kind = V_MAP, .expected = "a mapping", .fields = law_root_fields};

/* ---- the walker --------------------------------------------------------------------------------------- */

typedef struct {
    const shn_doc *doc;
    shn_diags *diags;
    size_t errors;            /* every error found, reported or not */
    size_t reported;          /* diagnostics added */
    size_t suppressed, suppressed_errors;  /* past MAX_DIAGS */
    unsigned first_line, first_column;     /* of the first suppressed problem */
} vctx;

typedef struct path {
    const shape *shape;
    const struct path *up;
} path;

static void report(vctx *c, shn_severity level, const shn_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(vctx *c, shn_severity level, const shn_node *at, const char *fmt, ...) {
    if (level == SHN_SEV_ERROR) c->errors++;
    unsigned line = at ? at->start.line : 1, column = at ? at->start.column : 1;
    if (c->reported == MAX_DIAGS) {
        if (!c->suppressed++) c->first_line = line, c->first_column = column;
        c->suppressed_errors += level == SHN_SEV_ERROR;
        return;
    }
    c->reported++;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n >= 0 && (msg = malloc((size_t)n + 1)) != NULL) vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    shn__diag_add(c->diags, c->doc->file, line, column, level, NULL, "%s", msg ? msg : "out of memory");
    free(msg);
}

static int is_plain(const shn_node *n) { return n->type == SHN_NODE_SCALAR && n->style == SHN_STYLE_PLAIN; }

static int is_int_text(const char *s) {
    if (*s == '-' || *s == '+') s++;
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

static int is_float_text(const char *s) {
    if (*s == '-' || *s == '+') s++;
    int digits = 0, dot = 0;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s >= '0' && *s <= '9') digits = 1;
        else if (*s == '.' && !dot) dot = 1;
        else return 0;
    }
    if (!digits) return 0;
    if (*s) return is_int_text(s + 1);
    return dot;
}

static int is_bool_text(const char *s) {
    static const char *const b[] = {"true", "false", "True", "False", "TRUE", "FALSE"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(b); i++)
        if (strcmp(s, b[i]) == 0) return 1;
    return 0;
}

/* What a node is, for "got ..." */
static const char *describe(const shn_node *n) {
    if (!n || shn__scalar_is_null(n)) return "null";
    if (n->type == SHN_NODE_MAP) return "a mapping";
    if (n->type == SHN_NODE_SEQ) return "a sequence";
    if (is_plain(n) && is_bool_text(n->value)) return "a boolean";
    if (is_plain(n) && is_int_text(n->value)) return "an integer";
    if (is_plain(n) && is_float_text(n->value)) return "a number";
    return "a string";
}

static void wrong_type(vctx *c, const shn_node *n, const shape *s) {
    report(c, SHN_SEV_ERROR, n, "型が違います (wrong type): expected %s, got %s", s->expected, describe(n));
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int is_date_text(const char *s) {
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
        else if (s[i] < '0' || s[i] > '9') return 0;
    }
    if (s[10]) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return 0;
    return d <= days[m - 1] + (m == 2 && is_leap(y));
}

static int is_law_id_text(const char *s) {
    if (strlen(s) != 15) return 0;
    for (int i = 0; i < 15; i++) {
        char ch = s[i];
        int digit = ch >= '0' && ch <= '9', upper = ch >= 'A' && ch <= 'Z';
        if (i < 3 ? !digit : i < 4 ? !upper : !(digit || upper)) return 0;
    }
    return 1;
}

static void check(vctx *c, const shn_node *n, const shape *s, const path *up);

static void check_enum(vctx *c, const shn_node *n, const shape *s) {
    for (const char *const *v = s->values; *v; v++)
        if (strcmp(n->value, *v) == 0) return;
    shn_buf b = {0};
    for (const char *const *v = s->values; *v; v++) shn__buf_printf(&b, "%s%s", v == s->values ? "" : ", ", *v);
    report(c, SHN_SEV_ERROR, n, "値が不正です (invalid value): \"%s\" (expected %s%s)", n->value,
           s->values[1] ? "one of " : "", b.data && !b.failed ? b.data : "?");
    shn__buf_free(&b);
}

static void check_scalar(vctx *c, const shn_node *n, const shape *s) {
    if (n->type != SHN_NODE_SCALAR) { wrong_type(c, n, s); return; }
    int plain = is_plain(n);
    switch (s->kind) {
    case V_TEXT:
    case V_ID:
        if (plain && is_bool_text(n->value)) wrong_type(c, n, s);
        return;
    case V_INT:
        if (!plain || !is_int_text(n->value)) wrong_type(c, n, s);
        return;
    case V_BOOL:
        if (!plain || !is_bool_text(n->value)) wrong_type(c, n, s);
        return;
    case V_DATE:
        if (!is_date_text(n->value))
            report(c, SHN_SEV_ERROR, n, "日付の形式が違います (invalid date, expected YYYY-MM-DD): %s", n->value);
        return;
    case V_LAW_ID:
        if (!is_law_id_text(n->value))
            report(c, SHN_SEV_ERROR, n,
                   "法令IDの形式が違います (invalid law id, expected ^[0-9]{3}[A-Z][0-9A-Z]{11}$ such as "
                   "347AC0000000057): %s",
                   n->value);
        return;
    case V_ENUM: check_enum(c, n, s); return;
    case V_VERSION:
        if (!plain || strcmp(n->value, "1") != 0)
            report(c, SHN_SEV_ERROR, n,
                   "対応していないスキーマのバージョンです (unsupported schema version): %s%s%s (expected 1)",
                   plain ? "" : "\"", n->value, plain ? "" : "\"");
        return;
    default: return;
    }
}

/* Levenshtein distance of two short ASCII keys, case folded; a large number when either is long or not ASCII. */
static size_t key_distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31) return 99;
    size_t d[32][32];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            unsigned char x = (unsigned char)a[i - 1], y = (unsigned char)b[j - 1];
            if (x >= 0x80 || y >= 0x80) return 99;
            if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + (x != y) < best) best = d[i - 1][j - 1] + (x != y);
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* The known key an unknown one was probably meant to be (kpis -> kpi, titel -> title, Source -> source): the
 * nearest field within 2 edits (1 for keys of 4 letters or fewer), NULL when none is that near. */
static const char *near_key(const field *fields, const char *key) {
    const char *best = NULL;
    size_t bd = 99, max = strlen(key) <= 4 ? 1 : 2;
    for (const field *f = fields; f && f->key; f++) {
        size_t d = key_distance(key, f->key);
        if (d <= max && d < bd) { bd = d; best = f->key; }
    }
    return best;
}

static const field *find_field(const field *fields, const char *key) {
    for (const field *f = fields; f && f->key; f++)
        if (strcmp(f->key, key) == 0) return f;
    return NULL;
}

static void check_map(vctx *c, const shn_node *n, const shape *s, const path *up) {
    if (n->type != SHN_NODE_MAP) { wrong_type(c, n, s); return; }
    if (s->max_nest) {
        unsigned times = 1;
        for (const path *p = up; p; p = p->up) times += p->shape == s;
        if (times > s->max_nest) {
            report(c, SHN_SEV_ERROR, n, "入れ子が深すぎます (nested too deeply): more than %u levels of %s",
                   s->max_nest, s->label);
            return;
        }
    }
    /* Missing fields first: the mapping starts before its keys, so diagnostics come in document order. An
     * unknown key near the missing one is named with it (「titel」 for a missing title). */
    for (const field *f = s->fields; f && f->key; f++) {
        if (!(f->flags & REQ) || shn__map_get(n, f->key) || (f->unless && shn__map_get(n, f->unless))) continue;
        const char *typo = NULL;
        for (size_t i = 0; i < n->n && !typo; i++) {
            const shn_node *k = n->items[2 * i];
            if (k->type == SHN_NODE_SCALAR && !find_field(s->fields, k->value) &&
                near_key(s->fields, k->value) == f->key)
                typo = k->value;
        }
        if (typo)
            report(c, SHN_SEV_ERROR, n,
                   "必須の項目がありません (missing required field): %s — 未知のキー %s があります (unknown key %s: "
                   "did you mean %s?)", f->key, typo, typo, f->key);
        else
            report(c, SHN_SEV_ERROR, n, "必須の項目がありません (missing required field): %s", f->key);
    }
    path here = {s, up};
    for (size_t i = 0; i < n->n; i++) {
        const shn_node *k = n->items[2 * i], *v = n->items[2 * i + 1];
        if (k->type != SHN_NODE_SCALAR) continue;   /* the loader refuses these */
        const field *f = find_field(s->fields, k->value);
        if (!f) {
            if (s->open) continue;
            const char *near = near_key(s->fields, k->value);
            if (near && !shn__map_get(n, near))
                report(c, SHN_SEV_WARNING, k, "未知のキー (unknown key): %s — %s のつもりですか (did you mean %s?)",
                       k->value, near, near);
            else
                report(c, SHN_SEV_WARNING, k, "未知のキー (unknown key): %s", k->value);
            continue;
        }
        if (shn__scalar_is_null(v)) {
            if ((f->flags & REQ) && !(f->unless && shn__map_get(n, f->unless)))
                report(c, SHN_SEV_ERROR, k, "必須の項目がありません (missing required field): %s", f->key);
            continue;
        }
        check(c, v, f->shape, &here);
    }
}

static void check_switch(vctx *c, const shn_node *n, const shape *s, const path *up) {
    if (n->type != SHN_NODE_MAP) { wrong_type(c, n, s); return; }
    const variant *pick = NULL;
    const shn_node *pick_key = NULL;
    for (size_t i = 0; i < n->n; i++) {
        const shn_node *k = n->items[2 * i];
        if (k->type != SHN_NODE_SCALAR) continue;
        for (const variant *v = s->variants; v->key; v++) {
            if (strcmp(v->key, k->value) != 0) continue;
            if (pick) {
                report(c, SHN_SEV_ERROR, k, "種類を決めるキーが複数あります (conflicting keys): %s and %s",
                       pick_key->value, k->value);
                return;
            }
            pick = v;
            pick_key = k;
        }
    }
    if (!pick) {
        shn_buf b = {0};
        for (const variant *v = s->variants; v->key; v++)
            shn__buf_printf(&b, "%s%s", v == s->variants ? "" : ", ", v->key);
        report(c, SHN_SEV_ERROR, n, "種類が分かりません (cannot tell what this entry is): expected one of the keys %s",
               b.data && !b.failed ? b.data : "?");
        shn__buf_free(&b);
        return;
    }
    check(c, n, pick->shape, up);
}

static void check(vctx *c, const shn_node *n, const shape *s, const path *up) {
    if (shn__scalar_is_null(n)) {
        if (!s->nullable) wrong_type(c, n, s);
        return;
    }
    switch (s->kind) {
    case V_MAP: check_map(c, n, s, up); return;
    case V_SWITCH: check_switch(c, n, s, up); return;
    case V_SEQ:
        if (n->type != SHN_NODE_SEQ) { wrong_type(c, n, s); return; }
        for (size_t i = 0; i < n->n; i++) check(c, n->items[i], s->item, up);
        return;
    case V_EITHER: {
        const shape *form = n->type == SHN_NODE_MAP ? s->map : n->type == SHN_NODE_SEQ ? s->seq : s->item;
        if (form) check(c, n, form, up);
        else wrong_type(c, n, s);
        return;
    }
    default: check_scalar(c, n, s); return;
    }
}

/* One closing diagnostic for what was left out: an error when an error was. */
static size_t finish(vctx *c) {
    if (c->suppressed)
        shn__diag_add(c->diags, c->doc->file, c->first_line, c->first_column,
                      c->suppressed_errors ? SHN_SEV_ERROR : SHN_SEV_WARNING, NULL,
                      "問題が多すぎるため残り%zu件は省略します (too many problems: %zu more not shown, %zu of them errors)",
                      c->suppressed, c->suppressed, c->suppressed_errors);
    return c->errors;
}

/* The document kinds and the shape of their root. */
static const struct { const char *name; const shape *root; } kinds[] = {
    {"measures", &MEASURES_ROOT},
    {"law", &LAW_ROOT},
};

size_t shn__validate(const shn_doc *d, const char **kind, shn_diags *diags) {
    *kind = NULL;
    const shn_node *root = d ? d->root : NULL;
    if (!root || root->type != SHN_NODE_MAP) return 0;
    const shn_node *ver = shn__map_get(root, "shinsa"), *kn = shn__map_get(root, "kind");
    const char *k = kn && kn->type == SHN_NODE_SCALAR ? kn->value : NULL;
    size_t which = SHN__ARRAY_LEN(kinds);
    for (size_t i = 0; k && i < SHN__ARRAY_LEN(kinds); i++)
        if (strcmp(k, kinds[i].name) == 0) which = i;
    /* Without `shinsa:` only a known kind makes it ours (other YAML often has a `kind:` of its own). */
    if (!ver && which == SHN__ARRAY_LEN(kinds)) return 0;
    vctx c = {.doc = d, .diags = diags};
    if (which < SHN__ARRAY_LEN(kinds)) {
        *kind = kinds[which].name;
        check(&c, root, kinds[which].root, NULL);
        return finish(&c);
    }
    check(&c, ver, &VERSION, NULL);
    if (!kn || shn__scalar_is_null(kn))
        report(&c, SHN_SEV_ERROR, kn ? kn : root,
               "必須の項目がありません (missing required field): kind (measures or law)");
    else if (kn->type != SHN_NODE_SCALAR)
        report(&c, SHN_SEV_ERROR, kn, "型が違います (wrong type): expected a string, got %s", describe(kn));
    else
        report(&c, SHN_SEV_ERROR, kn, "未知の文書の種類です (unknown kind): %s (expected measures or law)", k);
    return finish(&c);
}
