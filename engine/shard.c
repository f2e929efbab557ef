/* shard.c — sharded runs (`shinsa check --shard I/N`) and `shinsa merge`.
 *
 * A share's json report carries a last member "shard", its sarif report runs[0].properties.shinsa_shard:
 *
 *   index, count       I and N
 *   version            shinsa's version
 *   total              inputs of the whole run
 *   inputs_digest      SHA-256 of the sorted keys of the whole run's inputs (the same inputs)
 *   order_digest       SHA-256 of the keys in the order of the whole run (the same order)
 *   prefix             diagnostics of the whole run at the start of the list (pack loading, walks)
 *   slots              [[position, has input (0/1), findings, diagnostics], …] one per input checked here,
 *                      in order: where its input, findings and diagnostics go in the whole run
 *   tail               [[waiver, position, unused (0/1)], …] one per diagnostic added after the run (waivers)
 *   first_skip         [position, file, reason] of this share's first skipped input, or null
 *   ignored, ignored_example, excluded, need_one   for the "nothing checked" diagnostic of the whole run
 *   found, max_findings                            findings before any cut, the run's --max-findings
 *   sarif_max_results, sarif_max_bytes             sarif only: GitHub's limits the merge cuts the whole run at
 *   exit_code          this share's exit code (never "nothing checked": the merge judges the whole run)
 *   options            the CLI's options that must agree (shn_render_options.shard_options)
 *
 * shn_merge puts the pieces back in the order of the whole run and writes the report with the same printer, so
 * that it is the single run's report byte for byte. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static int (*const put)(cJSON *, const char *, cJSON *) = shn__json_put;   /* report_json.c */
static int (*const push)(cJSON *, cJSON *) = shn__json_push;

static cJSON *num(double v) { return cJSON_CreateNumber(v); }

static cJSON *int_row(const long *v, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        if (!push(a, num((double)v[i]))) { cJSON_Delete(a); return NULL; }
    return a;
}

/* ---- the shard data of a share ------------------------------------------------------------------------ */

shn_status shn__shard_json(const shn_result *r, const shn_render_options *o, int sarif, cJSON **out) {
    *out = NULL;
    const shn_shard_info *sh = &r->shard;
    cJSON *j = cJSON_CreateObject(), *slots = cJSON_CreateArray(), *tail = cJSON_CreateArray();
    if (!j || !slots || !tail) { cJSON_Delete(j); cJSON_Delete(slots); cJSON_Delete(tail); return SHN_E_NOMEM; }
    int ok = put(j, "index", num(sh->index)) && put(j, "count", num(sh->count)) &&
             put(j, "version", cJSON_CreateString(SHN_VERSION)) && put(j, "total", num((double)sh->total)) &&
             put(j, "inputs_digest", cJSON_CreateString(sh->inputs_digest)) &&
             put(j, "order_digest", cJSON_CreateString(sh->order_digest)) && put(j, "prefix", num((double)sh->prefix));
    if (!ok) { cJSON_Delete(slots); cJSON_Delete(tail); }
    ok = ok && put(j, "slots", slots);
    if (!ok) cJSON_Delete(tail);
    ok = ok && put(j, "tail", tail);
    /* the findings of a slot are those, next in the list, whose file is its input's */
    size_t fi = 0, in = 0, nf = r->findings.n;
    for (size_t i = 0; ok && i < sh->n_slots; i++) {
        const shn_shard_slot *s = &sh->slots[i];
        long row[4] = {(long)s->pos, s->has_input, 0, (long)s->n_diags};
        if (s->has_input && in < r->inputs.n) {
            const shn_input *x = r->inputs.items[in++];
            while (fi < nf && x->file && ((const shn_finding *)r->findings.items[fi])->file &&
                   strcmp(((const shn_finding *)r->findings.items[fi])->file, x->file) == 0) {
                const shn_finding *f = r->findings.items[fi++];
                row[2] += sarif ? shn__render_shown_or_suppressed(f, o) != 0 : shn__render_shown(f, o) != 0;
            }
        }
        ok = push(slots, int_row(row, 4));
    }
    if (ok && fi < nf) { cJSON_Delete(j); return SHN_E_USAGE; }   /* a finding of no input: cannot be merged */
    for (size_t i = 0; ok && i < sh->n_tail; i++) {
        long row[3] = {sh->tail[i].waiver, sh->tail[i].pos, sh->tail[i].unused};
        ok = push(tail, int_row(row, 3));
    }
    /* the first skipped input of this share, for the "nothing checked" note of the whole run */
    cJSON *first_skip = NULL;
    in = 0;
    for (size_t i = 0; ok && i < sh->n_slots && !first_skip; i++) {
        if (!sh->slots[i].has_input || in >= r->inputs.n) continue;
        const shn_input *x = r->inputs.items[in++];
        if (!x->status || strcmp(x->status, "skipped") != 0) continue;
        first_skip = cJSON_CreateArray();
        ok = first_skip && push(first_skip, num((double)sh->slots[i].pos)) &&
             push(first_skip, x->file ? cJSON_CreateString(x->file) : cJSON_CreateNull()) &&
             push(first_skip, x->reason ? cJSON_CreateString(x->reason) : cJSON_CreateNull());
        if (!ok) { cJSON_Delete(first_skip); first_skip = NULL; }
    }
    ok = ok && put(j, "first_skip", first_skip ? first_skip : cJSON_CreateNull());
    cJSON *opts = o && o->shard_options ? cJSON_Parse(o->shard_options) : cJSON_CreateObject();
    ok = ok && put(j, "ignored", num((double)sh->ignored)) &&
         put(j, "ignored_example", sh->ignored_example ? cJSON_CreateString(sh->ignored_example) : cJSON_CreateNull()) &&
         put(j, "excluded", num((double)sh->excluded)) && put(j, "need_one", cJSON_CreateBool(sh->need_one)) &&
         put(j, "found", num((double)sh->found)) && put(j, "max_findings", num((double)sh->max_findings)) &&
         put(j, "exit_code", num(shn_result_exit_code(r, o ? o->fail_on : SHN_SEV_NONE))) &&
         put(j, "options", opts);
    if (ok && sarif)   /* the limits the merge cuts the whole run at */
        ok = put(j, "sarif_max_results", num((double)(o && o->sarif_max_results ? o->sarif_max_results : SARIF_MAX_RESULTS))) &&
             put(j, "sarif_max_bytes", num((double)(o && o->sarif_max_bytes ? o->sarif_max_bytes : SARIF_MAX_GZIP_BYTES)));
    if (!ok) { cJSON_Delete(j); return SHN_E_NOMEM; }
    *out = j;
    return SHN_OK;
}

/* ---- merging ------------------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    cJSON *root;
    cJSON *meta;                          /* the shard data */
    cJSON *inputs, *findings, *diags;     /* json: inputs/findings/diagnostics; sarif: artifacts/results/notes */
    int index;
} shard_doc;

static shn_status fail(shn_error *err, const char *fmt, const char *a, const char *b, const char *c) {
    return shn__err(err, SHN_E_USAGE, NULL, 0, 0, fmt, a, b, c);
}

static cJSON *item(const cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }

static long inum(const cJSON *o, const char *key, long dflt) {
    const cJSON *v = item(o, key);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : dflt;
}

/* Compact text of a JSON value (for comparisons and messages). Caller frees. */
static char *compact(const cJSON *v) {
    shn_buf b = {0};
    shn__json_write(&b, v, 0);
    if (b.failed) { shn__buf_free(&b); return NULL; }
    return shn__buf_take(&b);
}

static int same(const cJSON *a, const cJSON *b) {
    char *x = compact(a), *y = compact(b);
    int eq = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return eq;
}

/* Line and column of byte offset `off` in text. */
static void line_col(const char *text, size_t off, unsigned *line, unsigned *col) {
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') { ++*line; *col = 1; }
        else if (((unsigned char)text[i] & 0xC0) != 0x80) ++*col;
    }
}

static shn_status load_doc(shard_doc *d, const char *name, const char *text, size_t len, int *sarif, shn_error *err) {
    d->name = name;
    const char *end = NULL;
    d->root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!d->root) {
        unsigned line = 1, col = 1;
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        line_col(text, off, &line, &col);
        return shn__err(err, SHN_E_PARSE, name, line, col,
                        "JSON として読めません (not JSON): shinsa check --shard I/N -f json|sarif の報告を渡してください "
                        "(give the reports of shinsa check --shard I/N -f json|sarif)");
    }
    cJSON *runs = item(d->root, "runs");
    if (cJSON_IsArray(runs)) {
        cJSON *run = cJSON_GetArrayItem(runs, 0);
        cJSON *inv = cJSON_GetArrayItem(item(run, "invocations"), 0);
        d->meta = item(item(run, "properties"), "shinsa_shard");
        d->inputs = item(run, "artifacts");
        d->findings = item(run, "results");
        d->diags = item(inv, "toolExecutionNotifications");
        *sarif = 1;
    } else {
        d->meta = item(d->root, "shard");
        d->inputs = item(d->root, "inputs");
        d->findings = item(d->root, "findings");
        d->diags = item(d->root, "diagnostics");
        *sarif = 0;
    }
    if (!cJSON_IsArray(d->inputs) || !cJSON_IsArray(d->findings) || !cJSON_IsArray(d->diags))
        return fail(err, "%s: shinsa の json か sarif の報告ではありません (not a shinsa json or sarif report)%s%s", name, "",
                    "");
    if (!cJSON_IsObject(d->meta))
        return fail(err,
                    "%s: シャードの報告ではありません。--shard I/N を付けて作った報告を渡してください (not a shard report: "
                    "it was made without --shard I/N)%s%s",
                    name, "", "");
    d->index = (int)inum(d->meta, "index", 0);
    return SHN_OK;
}

/* The shards must come from one run: same version, tool, options, inputs and order, and each of 1..N once. */
static shn_status check_same_run(shard_doc *d, size_t n, int sarif, shn_error *err) {
    long count = inum(d[0].meta, "count", 0);
    if (count < 1) return fail(err, "%s: シャードの数がありません (no shard count)%s%s", d[0].name, "", "");
    static const char *const keys[] = {"count", "version", "total", "inputs_digest", "order_digest", "prefix",
                                       "need_one", "max_findings", "ignored", "excluded", "sarif_max_results",
                                       "sarif_max_bytes"};
    static const char *const why[] = {
        "シャードの数 N が違います (a different shard count N: the shards of one run share --shard ?/N)",
        "shinsa の版が違います (made by different versions of shinsa)",
        "入力の数が違います (a different number of inputs: give every shard the same paths)",
        "入力が違います (different inputs: give every shard the same paths and --exclude)",
        "入力の順序が違います (the inputs in a different order: give every shard the same paths in the same order)",
        "パックの読み込みかフォルダの走査の診断が違います (different pack-loading or walk diagnostics)",
        "入力の指定が違います (the inputs were given differently: paths vs none)",
        "--max-findings が違います (a different --max-findings)",
        "読まなかったファイルが違います (different files of other types in the folders)",
        "--exclude が違います (different --exclude)",
        "--limit sarif-results が違います (a different --limit sarif-results)",
        "--limit sarif-bytes が違います (a different --limit sarif-bytes)",
    };
    for (size_t i = 1; i < n; i++) {
        for (size_t k = 0; k < SHN__ARRAY_LEN(keys); k++)
            if (!same(item(d[0].meta, keys[k]), item(d[i].meta, keys[k])))
                return fail(err, "%s と %s は同じ実行のシャードではありません (not shards of one run): %s", d[0].name,
                            d[i].name, why[k]);
        const cJSON *o0 = item(d[0].meta, "options"), *oi = item(d[i].meta, "options");
        for (const cJSON *c = o0 ? o0->child : NULL; c; c = c->next)
            if (strcmp(c->string, "rules") == 0 && !same(c, item(oi, c->string))) {
                return fail(err,
                            "%s と %s は規則が違います (different rules: other packs or pack versions, --disable, "
                            "--severity or lexicon entries)%s",
                            d[0].name, d[i].name, "");
            } else if (!same(c, item(oi, c->string))) {
                char *a = compact(c), *b = compact(item(oi, c->string));
                shn_status st = shn__err(err, SHN_E_USAGE, NULL, 0, 0,
                                         "%s と %s はオプション %s が違います (the shards were run with different options: "
                                         "%s is %s in %s, %s in %s)",
                                         d[0].name, d[i].name, c->string, c->string, a ? a : "?", d[0].name,
                                         b ? b : "(none)", d[i].name);
                free(a);
                free(b);
                return st;
            }
        for (const cJSON *c = oi ? oi->child : NULL; c; c = c->next)
            if (!item(o0, c->string))
                return fail(err, "%s と %s はオプション %s が違います (the shards were run with different options)",
                            d[0].name, d[i].name, c->string);
        const cJSON *t0 = sarif ? item(cJSON_GetArrayItem(item(d[0].root, "runs"), 0), "tool") : item(d[0].root, "tool");
        const cJSON *ti = sarif ? item(cJSON_GetArrayItem(item(d[i].root, "runs"), 0), "tool") : item(d[i].root, "tool");
        if (!same(t0, ti))
            return fail(err,
                        "%s と %s は規則が違います (different rules: other packs, versions, --disable or --severity)%s",
                        d[0].name, d[i].name, "");
        if (d[i].diags && d[0].diags) {   /* the prefix is the same in every shard */
            long pre = inum(d[0].meta, "prefix", 0);
            for (long k = 0; k < pre; k++)
                if (!same(cJSON_GetArrayItem(d[0].diags, (int)k), cJSON_GetArrayItem(d[i].diags, (int)k)))
                    return fail(err, "%s と %s は同じ実行のシャードではありません (not shards of one run): %s", d[0].name,
                                d[i].name, "パックの読み込みの診断が違います (different pack-loading diagnostics)");
        }
    }
    char *seen = calloc((size_t)count + 1, 1);
    if (!seen) return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
    for (size_t i = 0; i < n; i++) {
        long ix = d[i].index;
        if (ix < 1 || ix > count) {
            free(seen);
            return fail(err, "%s: シャード番号が範囲外です (shard index out of range)%s%s", d[i].name, "", "");
        }
        if (seen[ix]) {
            char b[32];
            snprintf(b, sizeof b, "%ld", ix);
            free(seen);
            return fail(err, "シャード %s が二度あります (shard %s given twice): %s", b, b, d[i].name);
        }
        seen[ix] = 1;
    }
    for (long ix = 1; ix <= count; ix++)
        if (!seen[ix]) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%ld", ix);
            snprintf(b, sizeof b, "%ld", count);
            free(seen);
            return shn__err(err, SHN_E_USAGE, NULL, 0, 0,
                            "シャード %s/%s がありません (shard %s/%s is missing: give every shard's report)", a, b, a, b);
        }
    free(seen);
    return SHN_OK;
}

/* One input of the whole run: where its pieces are in its shard's report. */
typedef struct {
    int set;
    size_t shard;
    cJSON *input;                   /* NULL when the slot has no input */
    size_t f_first, f_n, d_first, d_n;
} place;

typedef struct { size_t shard, at; long waiver, pos; int unused; size_t seq; } tail_ref;

static int tail_cmp(const void *a, const void *b) {
    const tail_ref *x = a, *y = b;
    if (x->waiver != y->waiver) return x->waiver < y->waiver ? -1 : 1;
    if (x->unused != y->unused) return x->unused - y->unused;   /* expired notes first, then "unused" */
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Exit code precedence of the Contracts: 2 > 3 > 1 > 0. */
static int worse(int a, int b) {
    static const int rank[] = {0, 2, 4, 3};   /* codes 0..3 */
    int ra = a >= 0 && a <= 3 ? rank[a] : 4, rb = b >= 0 && b <= 3 ? rank[b] : 4;
    return ra >= rb ? a : b;
}

static const char *input_status(const cJSON *in, int sarif) {
    const cJSON *s = sarif ? item(item(in, "properties"), "status") : item(in, "status");
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* Sum the numbers of shard summaries into `to` (objects key by key; new keys of by_type/by_rule sorted). */
static int cmp_child(const void *a, const void *b) {
    return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

static int sum_into(cJSON *to, const cJSON *from) {
    for (const cJSON *c = from ? from->child : NULL; c; c = c->next) {
        cJSON *t = item(to, c->string);
        if (cJSON_IsNumber(c)) {
            if (!t) { if (!put(to, c->string, num(c->valuedouble))) return -1; }
            else cJSON_SetNumberValue(t, t->valuedouble + c->valuedouble);
        } else if (cJSON_IsObject(c)) {
            if (!t) { t = cJSON_CreateObject(); if (!put(to, c->string, t)) return -1; }
            if (sum_into(t, c)) return -1;
        }
    }
    return 0;
}

static int sort_keys(cJSON *o) {
    size_t n = (size_t)cJSON_GetArraySize(o);
    if (n < 2) return 0;
    cJSON **v = malloc(n * sizeof *v);
    if (!v) return -1;
    size_t i = 0;
    for (cJSON *c = o->child; c; c = c->next) v[i++] = c;
    qsort(v, n, sizeof *v, cmp_child);
    for (i = 0; i < n; i++) {
        v[i]->prev = i ? v[i - 1] : v[n - 1];   /* cJSON: the first child's prev is the last */
        v[i]->next = i + 1 < n ? v[i + 1] : NULL;
    }
    o->child = v[0];
    free(v);
    return 0;
}

/* Fix the numbers the reporters write as fixed text (confidence). */
static int fix_confidence(cJSON *finding, int sarif) {
    cJSON *holder = sarif ? item(finding, "properties") : finding;
    cJSON *c = item(holder, "confidence");
    if (!cJSON_IsNumber(c)) return 0;
    cJSON *raw = sarif ? shn__sarif_confidence(c->valuedouble) : shn__json_confidence(c->valuedouble);
    return raw && cJSON_ReplaceItemInObjectCaseSensitive(holder, "confidence", raw) ? 0 : -1;
}

static int sarif_level_rank(const cJSON *res) {
    const cJSON *l = item(res, "level");
    const char *s = cJSON_IsString(l) ? l->valuestring : "";
    return strcmp(s, "error") == 0 ? 3 : strcmp(s, "warning") == 0 ? 2 : strcmp(s, "note") == 0 ? 1 : 0;
}

shn_status shn_merge(const char *const *names, const char *const *texts, const size_t *lens, size_t n,
                     const char *format, char **out, size_t *len, int *exit_code, shn_error *err) {
    *out = NULL;
    if (len) *len = 0;
    if (!n || !names || !texts || !lens)
        return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "シャードの報告を渡してください (give the shard reports)");
    shard_doc *d = calloc(n, sizeof *d);
    place *pl = NULL;
    tail_ref *tails = NULL;
    cJSON *inputs = NULL, *findings = NULL, *diags = NULL, *merged = NULL;
    shn_buf b = {0};
    if (!d) return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
    shn_status st = SHN_OK;
    int sarif = 0;
    for (size_t i = 0; i < n && st == SHN_OK; i++) {
        int s = 0;
        st = load_doc(&d[i], names[i], texts[i], lens[i], &s, err);
        if (st == SHN_OK && i && s != sarif)
            st = fail(err, "%s と %s は形式が違います (one is json, the other sarif)%s", names[0], names[i], "");
        sarif = s;
    }
    if (st == SHN_OK) st = check_same_run(d, n, sarif, err);
    const char *want = format ? format : sarif ? "sarif" : "json";
    int ndjson = strcmp(want, "ndjson") == 0;
    if (st == SHN_OK && !(sarif ? strcmp(want, "sarif") == 0 : strcmp(want, "json") == 0 || ndjson))
        st = fail(err, "%s の報告から %s は作れません (%s shards merge into %s)", sarif ? "sarif" : "json", want,
                  sarif ? "sarif" : "json or ndjson");
    if (st != SHN_OK) goto done;

    size_t total = (size_t)inum(d[0].meta, "total", 0);
    long max_findings = inum(d[0].meta, "max_findings", 0);
    double found = 0;
    int code = 0;
    for (size_t i = 0; i < n; i++) {
        found += inum(d[i].meta, "found", 0);
        code = worse(code, (int)inum(d[i].meta, "exit_code", 2));
    }
    if (max_findings > 0 && found > (double)max_findings) {
        char a[32], m[32];
        snprintf(a, sizeof a, "%.0f", found);
        snprintf(m, sizeof m, "%ld", max_findings);
        st = fail(err,
                  "シャードの指摘が合わせて %s 件で --max-findings %s を超えます。単独の実行と同じ報告にならないため結合"
                  "しません (the shards found %s findings in all, more than --max-findings: a single run would cut "
                  "them; rerun the shards with a higher --max-findings)",
                  a, m, a);
        goto done;
    }
    pl = calloc(total ? total : 1, sizeof *pl);
    if (!pl) { st = shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)"); goto done; }
    size_t n_tails = 0;
    for (size_t i = 0; i < n; i++) n_tails += (size_t)cJSON_GetArraySize(item(d[i].meta, "tail"));
    tails = calloc(n_tails ? n_tails : 1, sizeof *tails);
    if (!tails) { st = shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)"); goto done; }
    n_tails = 0;
    long prefix = inum(d[0].meta, "prefix", 0);
    for (size_t i = 0; i < n && st == SHN_OK; i++) {
        size_t in = 0, fi = 0, di = (size_t)prefix;
        const cJSON *slot;
        cJSON_ArrayForEach(slot, item(d[i].meta, "slots")) {
            long pos = (long)cJSON_GetArrayItem(slot, 0)->valuedouble;
            int has = cJSON_GetArrayItem(slot, 1)->valueint;
            size_t nf = (size_t)cJSON_GetArrayItem(slot, 2)->valuedouble, nd = (size_t)cJSON_GetArrayItem(slot, 3)->valuedouble;
            if (pos < 0 || (size_t)pos >= total || pl[pos].set) {
                st = fail(err, "%s: シャードの情報が壊れています (broken shard data: input positions)%s%s", d[i].name, "", "");
                break;
            }
            pl[pos] = (place){1, i, has ? cJSON_GetArrayItem(d[i].inputs, (int)in) : NULL, fi, nf, di, nd};
            in += has != 0;
            fi += nf;
            di += nd;
        }
        if (st != SHN_OK) break;
        size_t nd_all = (size_t)cJSON_GetArraySize(d[i].diags);
        if (in != (size_t)cJSON_GetArraySize(d[i].inputs) || fi != (size_t)cJSON_GetArraySize(d[i].findings) ||
            di + (size_t)cJSON_GetArraySize(item(d[i].meta, "tail")) != nd_all) {
            st = fail(err, "%s: シャードの情報と報告が合いません (the shard data do not match the report: was it edited?)%s%s",
                      d[i].name, "", "");
            break;
        }
        size_t seq = 0;
        cJSON_ArrayForEach(slot, item(d[i].meta, "tail")) {
            tails[n_tails++] = (tail_ref){i, di + seq, (long)cJSON_GetArrayItem(slot, 0)->valuedouble,
                                          (long)cJSON_GetArrayItem(slot, 1)->valuedouble,
                                          cJSON_GetArrayItem(slot, 2)->valueint, seq};
            seq++;
        }
    }
    if (st != SHN_OK) goto done;
    for (size_t p = 0; p < total; p++)
        if (!pl[p].set) { st = fail(err, "シャードの情報が足りません (shard data incomplete: an input belongs to no shard)%s%s%s", "", "", ""); goto done; }

    /* the whole run: inputs, findings, diagnostics in order */
    inputs = cJSON_CreateArray();
    findings = cJSON_CreateArray();
    diags = cJSON_CreateArray();
    if (!inputs || !findings || !diags) { st = SHN_E_NOMEM; goto nomem; }
    for (long k = 0; k < prefix; k++)
        if (!push(diags, cJSON_Duplicate(cJSON_GetArrayItem(d[0].diags, (int)k), 1))) { st = SHN_E_NOMEM; goto nomem; }
    size_t ok_inputs = 0, skipped = 0, failed = 0;
    const cJSON *first_skip = NULL;   /* [position, file, reason] of the first skipped input */
    for (size_t i = 0; i < n; i++) {
        const cJSON *fs = item(d[i].meta, "first_skip");
        if (cJSON_IsArray(fs) && (!first_skip || cJSON_GetArrayItem(fs, 0)->valuedouble <
                                                     cJSON_GetArrayItem(first_skip, 0)->valuedouble))
            first_skip = fs;
    }
    for (size_t p = 0; p < total; p++) {
        const place *x = &pl[p];
        shard_doc *s = &d[x->shard];
        if (x->input) {
            const char *status = input_status(x->input, sarif);
            if (status && strcmp(status, "ok") == 0) ok_inputs++;
            else if (status && strcmp(status, "skipped") == 0) skipped++;
            else failed++;
            if (!push(inputs, cJSON_Duplicate(x->input, 1))) { st = SHN_E_NOMEM; goto nomem; }
        }
        for (size_t k = 0; k < x->f_n; k++) {
            cJSON *f = cJSON_Duplicate(cJSON_GetArrayItem(s->findings, (int)(x->f_first + k)), 1);
            if (!f || fix_confidence(f, sarif) || !push(findings, f)) { cJSON_Delete(f); st = SHN_E_NOMEM; goto nomem; }
        }
        for (size_t k = 0; k < x->d_n; k++)
            if (!push(diags, cJSON_Duplicate(cJSON_GetArrayItem(s->diags, (int)(x->d_first + k)), 1))) { st = SHN_E_NOMEM; goto nomem; }
    }
    /* a whole run that checked no document */
    if (cJSON_IsTrue(item(d[0].meta, "need_one")) && !ok_inputs) {
        code = 2;
        if (!failed) {
            const cJSON *ex = item(d[0].meta, "ignored_example");
            char *text = shn__nothing_checked_text(
                total ? (size_t)cJSON_GetArraySize(inputs) : 0, skipped,
                first_skip ? cJSON_GetStringValue(cJSON_GetArrayItem(first_skip, 1)) : NULL,
                first_skip ? cJSON_GetStringValue(cJSON_GetArrayItem(first_skip, 2)) : NULL, (size_t)inum(d[0].meta, "ignored", 0),
                cJSON_IsString(ex) ? ex->valuestring : NULL, (size_t)inum(d[0].meta, "excluded", 0));
            cJSON *g = text ? cJSON_CreateObject() : NULL;
            int ok = g != NULL;
            if (ok && sarif) {
                cJSON *m = cJSON_CreateObject();
                ok = put(g, "level", cJSON_CreateString("error")) && put(g, "message", m) &&
                     put(m, "text", cJSON_CreateString(text));
            } else if (ok) {
                ok = put(g, "file", cJSON_CreateNull()) && put(g, "line", cJSON_CreateNull()) &&
                     put(g, "column", cJSON_CreateNull()) && put(g, "level", cJSON_CreateString("error")) &&
                     put(g, "rule", cJSON_CreateNull()) && put(g, "message", cJSON_CreateString(text));
            }
            free(text);
            if (!ok || !push(diags, g)) { if (!ok) cJSON_Delete(g); st = SHN_E_NOMEM; goto nomem; }
        }
    }
    /* waivers: per waiver, its expired notes in the order of the findings, then "unused" if no shard used it */
    qsort(tails, n_tails, sizeof *tails, tail_cmp);
    for (size_t t = 0; t < n_tails;) {
        size_t e = t, unused = 0;
        while (e < n_tails && tails[e].waiver == tails[t].waiver) unused += tails[e++].unused;
        for (size_t k = t; k < e; k++) {
            if (tails[k].unused && (unused < n || tails[k].shard != tails[e - 1].shard)) continue;
            cJSON *g = cJSON_Duplicate(cJSON_GetArrayItem(d[tails[k].shard].diags, (int)tails[k].at), 1);
            if (!push(diags, g)) { st = SHN_E_NOMEM; goto nomem; }
        }
        t = e;
    }

    if (!sarif) {
        if (ndjson) {   /* as shn__render_ndjson writes a single run: findings, inputs, diagnostics, summary */
            for (cJSON *f = findings->child; f; f = f->next) {
                shn__json_write(&b, f, 0);
                shn__buf_add(&b, "\n", 1);
            }
            int ok = 1;
            for (cJSON *a = inputs->child; ok && a; a = a->next) ok = shn__ndjson_record(&b, "input", a) == 0;
            for (cJSON *g = diags->child; ok && g; g = g->next) ok = shn__ndjson_record(&b, "diagnostic", g) == 0;
            cJSON *summary = ok ? cJSON_CreateObject() : NULL;
            ok = summary != NULL;
            for (size_t i = 0; ok && i < n; i++) ok = sum_into(summary, item(d[i].root, "summary")) == 0;
            ok = ok && sort_keys(item(summary, "by_type")) == 0 && sort_keys(item(summary, "by_rule")) == 0 &&
                 shn__ndjson_record(&b, "summary", summary) == 0;
            cJSON_Delete(summary);
            if (!ok) { st = SHN_E_NOMEM; goto nomem; }
        } else {
            merged = cJSON_CreateObject();
            cJSON *summary = cJSON_CreateObject();
            if (!merged || !summary) { cJSON_Delete(summary); st = SHN_E_NOMEM; goto nomem; }
            int ok = put(merged, "tool", cJSON_Duplicate(item(d[0].root, "tool"), 1)) && put(merged, "inputs", inputs);
            inputs = NULL;
            ok = ok && put(merged, "findings", findings);
            findings = NULL;
            ok = ok && put(merged, "diagnostics", diags);
            diags = NULL;
            for (size_t i = 0; ok && i < n; i++) ok = sum_into(summary, item(d[i].root, "summary")) == 0;
            ok = ok && sort_keys(item(summary, "by_type")) == 0 && sort_keys(item(summary, "by_rule")) == 0;
            if (!ok || !put(merged, "summary", summary)) { if (ok) cJSON_Delete(summary); st = SHN_E_NOMEM; goto nomem; }
            shn__json_write(&b, merged, 1);
        }
    } else {
        /* SARIF: the run of shard 1 with the whole run's artifacts, notifications, exit code and results */
        merged = cJSON_Duplicate(d[0].root, 1);
        cJSON *run = merged ? cJSON_GetArrayItem(item(merged, "runs"), 0) : NULL;
        cJSON *inv = run ? cJSON_GetArrayItem(item(run, "invocations"), 0) : NULL;
        if (!run || !inv) { st = SHN_E_NOMEM; goto nomem; }
        /* the properties of the whole run: its inputs counted by status (the shard data goes) */
        size_t by_status[3] = {0};
        for (const cJSON *a = inputs ? inputs->child : NULL; a; a = a->next) {
            const char *s = cJSON_GetStringValue(item(item(a, "properties"), "status"));
            by_status[s && strcmp(s, "ok") == 0 ? 0 : s && strcmp(s, "skipped") == 0 ? 1 : 2]++;
        }
        cJSON *props = cJSON_CreateObject();
        if (!props || !put(props, "summary", shn__sarif_summary(by_status[0], by_status[1], by_status[2])) ||
            !cJSON_ReplaceItemInObjectCaseSensitive(run, "properties", props)) {
            cJSON_Delete(props);   /* not in the tree when this fails */
            st = SHN_E_NOMEM;
            goto nomem;
        }
        /* GitHub's limits, as the SARIF reporter applies them to a single run (shn__sarif_write) */
        int ok = cJSON_ReplaceItemInObjectCaseSensitive(inv, "executionSuccessful", cJSON_CreateBool(code == 0 || code == 1)) &&
                 cJSON_ReplaceItemInObjectCaseSensitive(inv, "exitCode", num(code)) &&
                 cJSON_ReplaceItemInObjectCaseSensitive(inv, "toolExecutionNotifications", diags);
        cJSON *notes = diags;
        if (ok) diags = NULL;
        ok = ok && cJSON_ReplaceItemInObjectCaseSensitive(run, "artifacts", inputs);
        if (ok) inputs = NULL;
        ok = ok && cJSON_ReplaceItemInObjectCaseSensitive(run, "results", cJSON_CreateArray());
        if (!ok) { st = SHN_E_NOMEM; goto nomem; }
        size_t nres = (size_t)cJSON_GetArraySize(findings), k = 0;
        shn__sarif_res *res = nres ? calloc(nres, sizeof *res) : NULL;
        if (nres && !res) { st = SHN_E_NOMEM; goto nomem; }
        for (cJSON *f = findings->child; f; f = f->next, k++) {
            if (shn__sarif_res_text(f, &res[k]) != 0) {
                for (size_t j = 0; j < k; j++) free(res[j].text);
                free(res);
                st = SHN_E_NOMEM;
                goto nomem;
            }
            res[k].rank = sarif_level_rank(f);
        }
        cJSON_Delete(findings);
        findings = NULL;
        long max_results = inum(d[0].meta, "sarif_max_results", SARIF_MAX_RESULTS);
        long max_bytes = inum(d[0].meta, "sarif_max_bytes", SARIF_MAX_GZIP_BYTES);
        st = shn__sarif_write(merged, notes, res, nres, max_results > 0 ? (size_t)max_results : 0,
                              max_bytes > 0 ? (size_t)max_bytes : 0, &b, NULL);
        free(res);
        if (st != SHN_OK) goto nomem;
    }
    if (b.failed) { st = SHN_E_NOMEM; goto nomem; }
    if (len) *len = b.len;
    *out = shn__buf_take(&b);
    if (!*out) { st = SHN_E_NOMEM; goto nomem; }
    *exit_code = code;
    goto done;
nomem:
    shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
done:
    shn__buf_free(&b);
    cJSON_Delete(merged);
    cJSON_Delete(inputs);
    cJSON_Delete(findings);
    cJSON_Delete(diags);
    free(tails);
    free(pl);
    for (size_t i = 0; i < n; i++) cJSON_Delete(d[i].root);
    free(d);
    return st;
}
