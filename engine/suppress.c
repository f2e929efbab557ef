/* suppress.c — findings that do not count: baselines (--baseline-write / --baseline), waivers (a waivers.yaml
 * with rule, where, reason, expires, approved_by) and inline ignores (`# shinsa-ignore: RULE reason` in YAML
 * inputs). A suppressed finding keeps its place in the result with shn_finding.suppressed set; it does not fail
 * the run, the reports leave it out, and SARIF keeps it as a suppression. Files are read with the YAML loader
 * (a baseline is JSON, which is YAML), so every error names file:line:col. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "report.h"
#include "result_int.h"
#include "util.h"

static int cmp_fp(const void *a, const void *b) {
    const shn_finding *x = *(const shn_finding *const *)a, *y = *(const shn_finding *const *)b;
    return strcmp(x->fingerprint ? x->fingerprint : "", y->fingerprint ? y->fingerprint : "");
}

shn_status shn_result_baseline(const shn_result *r, char **out, size_t *len, shn_error *err) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!r || !out) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    const shn_finding **arr = malloc((r->findings.n ? r->findings.n : 1) * sizeof *arr);
    cJSON *root = cJSON_CreateObject(), *list = cJSON_CreateArray();
    int ok = arr && root && list && cJSON_AddItemToObject(root, "shinsa_baseline", cJSON_CreateNumber(1)) &&
             cJSON_AddItemToObject(root, "findings", list);
    if (!ok) cJSON_Delete(list);
    size_t n = 0;
    for (size_t i = 0; ok && i < r->findings.n; i++) arr[n++] = r->findings.items[i];
    if (ok && n) qsort(arr, n, sizeof *arr, cmp_fp);
    for (size_t i = 0; ok && i < n; i++) {
        const shn_finding *f = arr[i];
        if (i && cmp_fp(&arr[i], &arr[i - 1]) == 0) continue;   /* the same law read twice */
        cJSON *o = cJSON_CreateObject();
        ok = o && cJSON_AddItemToArray(list, o) &&
             cJSON_AddItemToObject(o, "fingerprint", cJSON_CreateString(f->fingerprint ? f->fingerprint : "")) &&
             cJSON_AddItemToObject(o, "rule", cJSON_CreateString(f->rule ? f->rule : "")) &&
             cJSON_AddItemToObject(o, "address", cJSON_CreateString(f->address_str ? f->address_str : "")) &&
             cJSON_AddItemToObject(o, "file", cJSON_CreateString(f->file ? f->file : ""));
    }
    free(arr);
    shn_buf b = {0};
    if (ok) shn__json_write(&b, root, 1);
    cJSON_Delete(root);
    if (!ok || b.failed) { shn__buf_free(&b); return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)"); }
    if (len) *len = b.len;
    *out = shn__buf_take(&b);
    return *out ? SHN_OK : shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
}

/* Read and parse a YAML/JSON file into one document (root may be NULL when empty). */
static shn_status load_one(const char *path, shn_doc **doc, shn_error *err) {
    char *buf = NULL;
    size_t len = 0;
    *doc = NULL;
    shn_status st = shn__read_file(path, (size_t)64 << 20, &buf, &len, err);
    if (st != SHN_OK) return st;
    shn_doc **docs = NULL;
    size_t nd = 0;
    shn_load_limits lim = {64, 1000000, 0};
    st = shn__yaml_load(path, buf, len, &lim, &docs, &nd, err);
    free(buf);
    if (st != SHN_OK) return st;
    for (size_t i = 1; i < nd; i++) shn__doc_free(docs[i]);
    *doc = nd ? docs[0] : NULL;
    free(docs);
    return SHN_OK;
}

static int set_suppressed(shn_finding *f, const char *how, const char *reason) {
    if (f->suppressed) return 0;   /* the first reason stands */
    return shn__set_str(&f->suppressed, how) || shn__set_str(&f->suppress_reason, reason) ? -1 : 0;
}

shn_status shn_result_apply_baseline(shn_result *r, const char *path, shn_error *err) {
    if (!r || !path) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    shn_doc *doc = NULL;
    shn_status st = load_one(path, &doc, err);
    if (st != SHN_OK) return st;
    const shn_node *root = doc ? doc->root : NULL;
    const shn_node *list = shn__map_get(root, "findings");
    const char *ver = shn__map_get_str(root, "shinsa_baseline");
    if (!ver || strcmp(ver, "1") != 0 || !list || list->type != SHN_NODE_SEQ) {
        st = shn__err(err, SHN_E_SCHEMA, path, root ? root->start.line : 1, root ? root->start.column : 1,
                      "ベースラインではありません (not a shinsa baseline: expected `shinsa_baseline: 1` and "
                      "`findings`; write one with --baseline-write)");
        shn__doc_free(doc);
        return st;
    }
    for (size_t i = 0; i < list->n; i++) {
        const char *fp = shn__map_get_str(list->items[i], "fingerprint");
        if (!fp) {
            st = shn__err(err, SHN_E_SCHEMA, path, list->items[i]->start.line, list->items[i]->start.column,
                          "fingerprint がありません (baseline entry without a fingerprint)");
            shn__doc_free(doc);
            return st;
        }
    }
    r->baseline_applied = 1;
    for (size_t k = 0; k < r->findings.n; k++) {
        shn_finding *f = r->findings.items[k];
        for (size_t i = 0; f->fingerprint && i < list->n; i++) {
            const char *fp = shn__map_get_str(list->items[i], "fingerprint");
            if (strcmp(fp, f->fingerprint) == 0) {
                if (set_suppressed(f, "baseline", NULL)) st = SHN_E_NOMEM;
                break;
            }
        }
    }
    shn__doc_free(doc);
    if (st == SHN_E_NOMEM) return shn__err(err, st, NULL, 0, 0, "メモリ不足 (out of memory)");
    return SHN_OK;
}

/* `where` names finding f: its fingerprint, its address string, or the address string with the file part
 * written another way (./m.yaml, an absolute path). */
static int where_matches(const char *where, const shn_finding *f) {
    if (f->fingerprint && strcmp(where, f->fingerprint) == 0) return 1;
    if (!f->address_str) return 0;
    if (strcmp(where, f->address_str) == 0) return 1;
    const char *h1 = strchr(where, '#'), *h2 = strchr(f->address_str, '#');
    if (!h1 || !h2 || strcmp(h1, h2) != 0) return 0;
    char *a = shn__strndup(where, (size_t)(h1 - where)), *b = shn__strndup(f->address_str, (size_t)(h2 - f->address_str));
    char *na = a ? shn__normal_path(a) : NULL, *nb = b ? shn__normal_path(b) : NULL;
    int same = na && nb && strcmp(na, nb) == 0;
    free(a); free(b); free(na); free(nb);
    return same;
}

static int valid_date(const char *s) {
    int y, m, d;
    char tail;
    return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 &&
           d >= 1 && d <= 31;
}

shn_status shn_result_apply_waivers(shn_result *r, const char *path, const char *today, shn_error *err) {
    if (!r || !path) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    shn_doc *doc = NULL;
    shn_status st = load_one(path, &doc, err);
    if (st != SHN_OK) return st;
    const shn_node *root = doc ? doc->root : NULL;
    const shn_node *list = shn__map_get(root, "waivers");
    if (!list || list->type != SHN_NODE_SEQ) {
        st = shn__err(err, SHN_E_SCHEMA, path, root ? root->start.line : 1, root ? root->start.column : 1,
                      "免除ファイルではありません (not a waivers file: expected `waivers:` with a list)");
        shn__doc_free(doc);
        return st;
    }
    /* validate every entry first: a waiver without a reason is an error, not a silent pass */
    static const char *const keys[] = {"rule", "where", "reason", "expires", "approved_by"};
    for (size_t i = 0; i < list->n; i++) {
        const shn_node *w = list->items[i];
        const char *missing = w->type != SHN_NODE_MAP ? "rule" : !shn__map_get_str(w, "rule") ? "rule"
                              : !shn__map_get_str(w, "where") ? "where"
                              : !shn__map_get_str(w, "reason") || !*shn__map_get_str(w, "reason") ? "reason" : NULL;
        if (missing) {
            st = shn__err(err, SHN_E_SCHEMA, path, w->start.line, w->start.column,
                          "免除には %s が必要です (a waiver needs `%s`%s)", missing, missing,
                          strcmp(missing, "reason") == 0 ? ": say why the finding is accepted" : "");
            break;
        }
        for (size_t k = 0; k < w->n; k++) {
            const shn_node *key = w->items[2 * k];
            int known = 0;
            for (size_t j = 0; j < SHN__ARRAY_LEN(keys); j++) known |= key->value && strcmp(key->value, keys[j]) == 0;
            if (!known) {
                st = shn__err(err, SHN_E_SCHEMA, path, key->start.line, key->start.column,
                              "不明なキーです (unknown key): %s — rule, where, reason, expires, approved_by",
                              key->value ? key->value : "?");
                break;
            }
        }
        const shn_node *exp = shn__map_get(w, "expires");
        if (st == SHN_OK && exp && !valid_date(exp->value)) {
            st = shn__err(err, SHN_E_SCHEMA, path, exp->start.line, exp->start.column,
                          "expires は YYYY-MM-DD です (expires must be YYYY-MM-DD): %s", exp->value ? exp->value : "");
        }
        if (st != SHN_OK) break;
    }
    for (size_t i = 0; st == SHN_OK && i < list->n; i++) {
        const shn_node *w = list->items[i];
        const char *rule = shn__map_get_str(w, "rule"), *where = shn__map_get_str(w, "where");
        const char *reason = shn__map_get_str(w, "reason"), *expires = shn__map_get_str(w, "expires");
        int expired = expires && today && strcmp(expires, today) < 0;
        size_t used = 0;
        for (size_t k = 0; k < r->findings.n; k++) {
            shn_finding *f = r->findings.items[k];
            if (!f->rule || strcmp(f->rule, rule) != 0 || !where_matches(where, f)) continue;
            used++;
            if (expired) {
                shn__diag_add(&r->diags, path, w->start.line, w->start.column, SHN_SEV_WARNING, f->rule,
                              "免除の期限が %s に切れたため、指摘を戻しました (waiver expired on %s: the finding counts "
                              "again): %s %s",
                              expires, expires, f->file ? f->file : "", f->citation ? f->citation : where);
                if (shn__shard_tag(r, (long)i, shn__shard_pos_of(r, f->file), 0)) st = SHN_E_NOMEM;
            } else if (set_suppressed(f, "waiver", reason)) {
                st = SHN_E_NOMEM;
            }
        }
        if (!used)
            shn__diag_add(&r->diags, path, w->start.line, w->start.column, SHN_SEV_WARNING, rule,
                          "この免除に当たる指摘がありません (unused waiver: no finding matches): %s", where);
        if (!used && shn__shard_tag(r, (long)i, -1, 1)) st = SHN_E_NOMEM;
    }
    shn__doc_free(doc);
    if (st == SHN_E_NOMEM) return shn__err(err, st, NULL, 0, 0, "メモリ不足 (out of memory)");
    return st;
}

/* ---- inline ignores ------------------------------------------------------------------------------------ */

typedef struct { unsigned target, line, column; char *rule, *reason; int used; } shn_ignore;

void shn__ignores_free(shn_vec *ignores) {
    for (size_t i = 0; i < ignores->n; i++) {
        shn_ignore *g = ignores->items[i];
        free(g->rule);
        free(g->reason);
        free(g);
    }
    shn__vec_free(ignores);
}

static int blank_or_comment(const char *p, const char *e) {
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
    return p == e || *p == '#';
}

int shn__ignores_scan(const char *file, const char *buf, size_t len, shn_vec *out, shn_diags *diags) {
    static const char mark[] = "# shinsa-ignore:";
    const char *p = buf, *end = buf + len;
    unsigned line = 1;
    shn_vec pending = {0};   /* own-line comments waiting for the next line of content */
    int rc = 0;
    while (p < end && !rc) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (!blank_or_comment(p, e))
            for (size_t i = 0; i < pending.n; i++) ((shn_ignore *)pending.items[i])->target = line;
        if (!blank_or_comment(p, e)) pending.n = 0;
        const char *m = NULL;
        for (const char *q = p; q + sizeof mark - 1 <= e; q++)
            if (memcmp(q, mark, sizeof mark - 1) == 0) { m = q; break; }
        if (m) {
            const char *q = m + sizeof mark - 1;
            while (q < e && *q == ' ') q++;
            const char *rs = q;
            while (q < e && *q != ' ' && *q != '\t' && *q != '\r') q++;
            const char *re = q;
            while (q < e && (*q == ' ' || *q == '\t')) q++;
            const char *ws = q, *we = e;
            while (we > ws && (we[-1] == ' ' || we[-1] == '\r' || we[-1] == '\t')) we--;
            unsigned col = (unsigned)shn__utf8_len(p, (size_t)(m - p)) + 1;
            if (re == rs || we == ws) {
                shn__diag_add(diags, file, line, col, SHN_SEV_ERROR, NULL,
                              "shinsa-ignore には規則IDと理由が必要です (an inline ignore needs a rule id and a reason: "
                              "`# shinsa-ignore: RULE-ID reason`)");
                rc = 1;
            } else {
                shn_ignore *g = calloc(1, sizeof *g);
                if (!g || !(g->rule = shn__strndup(rs, (size_t)(re - rs))) ||
                    !(g->reason = shn__strndup(ws, (size_t)(we - ws))) || shn__vec_push(out, g)) {
                    if (g) { free(g->rule); free(g->reason); }
                    free(g);
                    rc = -1;
                    break;
                }
                g->line = line;
                g->column = col;
                /* a comment after content ignores its own line; a comment alone, the next line of content */
                if (blank_or_comment(p, m)) { g->target = 0; if (shn__vec_push(&pending, g)) rc = -1; }
                else g->target = line;
            }
        }
        p = nl ? nl + 1 : end;
        line++;
    }
    shn__vec_free(&pending);
    return rc;
}

int shn__ignores_apply(const char *file, shn_vec *ignores, shn_vec *findings, shn_diags *diags) {
    for (size_t k = 0; k < findings->n; k++) {
        shn_finding *f = findings->items[k];
        for (size_t i = 0; i < ignores->n; i++) {
            shn_ignore *g = ignores->items[i];
            if (!g->target || g->target != f->line || !f->rule || strcmp(g->rule, f->rule) != 0) continue;
            if (set_suppressed(f, "inline", g->reason)) return -1;
            g->used = 1;
        }
    }
    for (size_t i = 0; i < ignores->n; i++) {
        shn_ignore *g = ignores->items[i];
        if (!g->used)
            shn__diag_add(diags, file, g->line, g->column, SHN_SEV_WARNING, g->rule,
                          "この shinsa-ignore に当たる指摘がありません (unused inline ignore: no %s finding on line %u)",
                          g->rule, g->target ? g->target : g->line);
    }
    return 0;
}
