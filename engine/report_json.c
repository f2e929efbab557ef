/* report_json.c — the `json` report (one object, the Contracts' "JSON report") and `ndjson` (one finding
 * object a line). Objects are built with cJSON and written by a small deterministic printer of our own:
 * 2-space indentation, UTF-8 kept as is, fixed number formatting, keys in insertion order. Findings are
 * streamed one at a time, so memory stays bounded by the output buffer. */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

/* ---- printer ----------------------------------------------------------------------------------------- */

static void put_indent(shn_buf *out, int pretty, int depth) {
    if (!pretty) return;
    shn__buf_add(out, "\n", 1);
    for (int i = 0; i < depth; i++) shn__buf_add(out, "  ", 2);
}

static void put_string(shn_buf *out, const char *str) {
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    size_t n = strlen((const char *)s);
    shn__buf_add(out, "\"", 1);
    size_t i = 0, run = 0; /* bytes [run, i) are pending plain output */
    while (i < n) {
        unsigned c = s[i];
        const char *esc = NULL;
        char tmp[8];
        size_t adv = 1;
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c == '\b') esc = "\\b";
        else if (c == '\f') esc = "\\f";
        else if (c < 0x20) { snprintf(tmp, sizeof tmp, "\\u%04x", c); esc = tmp; }
        else if (c >= 0x80) {
            adv = shn__utf8_decode(s + i, n - i, NULL);
            if (!adv) { esc = "\xEF\xBF\xBD"; adv = 1; } /* invalid byte -> U+FFFD */
        }
        if (esc) {
            shn__buf_add(out, (const char *)s + run, i - run);
            shn__buf_puts(out, esc);
            run = i + adv;
        }
        i += adv;
    }
    shn__buf_add(out, (const char *)s + run, n - run);
    shn__buf_add(out, "\"", 1);
}

static void put_number(shn_buf *out, double v) {
    char tmp[64];
    if (!isfinite(v)) { shn__buf_puts(out, "null"); return; }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    } else {
        snprintf(tmp, sizeof tmp, "%.15g", v);
        if (strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
        for (char *p = tmp; *p; p++)
            if (*p == ',') *p = '.'; /* a caller's LC_NUMERIC must not change the output */
    }
    shn__buf_puts(out, tmp);
}

static void write_value(shn_buf *out, const cJSON *v, int pretty, int depth) {
    if (!v) { shn__buf_puts(out, "null"); return; }
    switch (v->type & 0xFF) {
    case cJSON_False: shn__buf_puts(out, "false"); break;
    case cJSON_True: shn__buf_puts(out, "true"); break;
    case cJSON_Number: put_number(out, v->valuedouble); break;
    case cJSON_String: put_string(out, v->valuestring); break;
    case cJSON_Raw: shn__buf_puts(out, v->valuestring ? v->valuestring : "null"); break;
    case cJSON_Array:
    case cJSON_Object: {
        int obj = (v->type & 0xFF) == cJSON_Object;
        shn__buf_add(out, obj ? "{" : "[", 1);
        const cJSON *c = v->child;
        for (int first = 1; c; c = c->next, first = 0) {
            if (!first) shn__buf_add(out, ",", 1);
            put_indent(out, pretty, depth + 1);
            if (obj) {
                put_string(out, c->string);
                shn__buf_puts(out, pretty ? ": " : ":");
            }
            write_value(out, c, pretty, depth + 1);
        }
        if (v->child) put_indent(out, pretty, depth);
        shn__buf_add(out, obj ? "}" : "]", 1);
        break;
    }
    default: shn__buf_puts(out, "null"); break;
    }
}

void shn__json_write(shn_buf *out, const cJSON *v, int pretty) {
    write_value(out, v, pretty, 0);
    if (pretty) shn__buf_add(out, "\n", 1);
}

/* ---- building ---------------------------------------------------------------------------------------- */

int shn__json_put(cJSON *obj, const char *key, cJSON *item) {
    if (!item) return 0;
    if (!cJSON_AddItemToObject(obj, key, item)) { cJSON_Delete(item); return 0; }
    return 1;
}

int shn__json_push(cJSON *arr, cJSON *item) {
    if (!item) return 0;
    if (!cJSON_AddItemToArray(arr, item)) { cJSON_Delete(item); return 0; }
    return 1;
}

/* the short names used below */
static int (*const put)(cJSON *, const char *, cJSON *) = shn__json_put;
static int (*const push)(cJSON *, cJSON *) = shn__json_push;

static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }
static cJSON *pos_or_null(unsigned n) { return n ? cJSON_CreateNumber((double)n) : cJSON_CreateNull(); }

/* Confidence with at most two decimals, locale-independent: 0.85, 0.7, 1.0. */
cJSON *shn__json_confidence(double c) {
    if (!(c >= 0.0)) c = 0.0; /* also NaN */
    if (c > 1.0) c = 1.0;
    int h = (int)lround(c * 100.0); /* 0..100 */
    char tmp[32];
    int whole = h / 100, frac = h % 100;
    if (frac == 0) snprintf(tmp, sizeof tmp, "%d.0", whole);
    else if (frac % 10 == 0) snprintf(tmp, sizeof tmp, "%d.%d", whole, frac / 10);
    else snprintf(tmp, sizeof tmp, "%d.%02d", whole, frac);
    return cJSON_CreateRaw(tmp);
}

cJSON *shn__json_address(const shn_address *a) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    int ok = put(o, "kind", str_or_null(a->kind));
    if (a->kind && strcmp(a->kind, "measure") == 0) {
        ok = ok && put(o, "measure", str_or_null(a->measure)) && put(o, "path", str_or_null(a->path));
    } else {
        ok = ok && put(o, "law_id", str_or_null(a->law_id)) && put(o, "provision", str_or_null(a->provision)) &&
             put(o, "article", str_or_null(a->article)) && put(o, "paragraph", str_or_null(a->paragraph)) &&
             put(o, "item", str_or_null(a->item)) && put(o, "sentence", pos_or_null(a->sentence)) &&
             put(o, "table", str_or_null(a->table));
    }
    if (!ok) { cJSON_Delete(o); return NULL; }
    return o;
}

static cJSON *location_json(const shn_finding *f) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (!(put(o, "line", pos_or_null(f->line)) && put(o, "column", pos_or_null(f->column)) &&
          put(o, "end_line", pos_or_null(f->end_line)) && put(o, "end_column", pos_or_null(f->end_column)))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *match_json(const shn_finding *f) {
    if (!f->match_text) return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (!(put(o, "text", cJSON_CreateString(f->match_text)) &&
          put(o, "start", cJSON_CreateNumber((double)f->match_start)) &&
          put(o, "end", cJSON_CreateNumber((double)f->match_end)))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *analog_types_json(const shn_finding *f) {
    cJSON *a = cJSON_CreateArray();
    if (!a) return NULL;
    for (size_t i = 0; i < f->n_analog_types; i++)
        if (f->analog_types[i] && !push(a, cJSON_CreateString(f->analog_types[i]))) { cJSON_Delete(a); return NULL; }
    return a;
}

static cJSON *related_json(const shn_finding *f) {
    cJSON *a = cJSON_CreateArray();
    if (!a) return NULL;
    for (size_t i = 0; i < f->n_related; i++) {
        const shn_related *r = &f->related[i];
        cJSON *o = cJSON_CreateObject();
        int ok = o && put(o, "file", str_or_null(r->file)) && put(o, "address", str_or_null(r->address)) &&
                 put(o, "citation", str_or_null(r->citation)) && put(o, "note", str_or_null(r->note));
        if (!ok) { cJSON_Delete(o); cJSON_Delete(a); return NULL; }
        if (!push(a, o)) { cJSON_Delete(a); return NULL; }
    }
    return a;
}

/* The trace lines of --explain as an array of strings. */
static cJSON *explain_json(const char *s) {
    cJSON *a = cJSON_CreateArray();
    while (a && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *line = shn__strndup(s, n);
        cJSON *item = line ? cJSON_CreateString(line) : NULL;
        free(line);
        if (!item || !push(a, item)) { cJSON_Delete(a); return NULL; }
        s += n + (nl ? 1 : 0);
    }
    return a;
}

cJSON *shn__json_finding(const shn_finding *f) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    int ok = put(o, "rule", str_or_null(f->rule)) &&
             put(o, "severity", cJSON_CreateString(shn_severity_name(f->severity))) &&
             put(o, "message", str_or_null(f->message)) && put(o, "message_en", str_or_null(f->message_en)) &&
             put(o, "principle", str_or_null(f->principle)) && put(o, "analog_types", analog_types_json(f)) &&
             put(o, "confidence", shn__json_confidence(f->confidence)) && put(o, "file", str_or_null(f->file)) &&
             put(o, "location", location_json(f)) && put(o, "address", shn__json_address(&f->address)) &&
             put(o, "citation", str_or_null(f->citation)) && put(o, "snippet", str_or_null(f->snippet)) &&
             put(o, "match", match_json(f)) && put(o, "suggestion", str_or_null(f->suggestion)) &&
             put(o, "related", related_json(f)) && put(o, "fingerprint", str_or_null(f->fingerprint));
    if (ok && f->explain) ok = put(o, "explain", explain_json(f->explain));   /* only when explaining */
    if (!ok) { cJSON_Delete(o); return NULL; }
    return o;
}

static cJSON *input_json(const shn_input *in) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (!(put(o, "file", str_or_null(in->file)) && put(o, "kind", str_or_null(in->kind)) &&
          put(o, "law_id", str_or_null(in->law_id)) && put(o, "sha256", str_or_null(in->sha256)) &&
          put(o, "status", str_or_null(in->status)) && put(o, "reason", str_or_null(in->reason)))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *diagnostic_json(const shn_diagnostic *g) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (!(put(o, "file", str_or_null(g->file)) && put(o, "line", pos_or_null(g->line)) &&
          put(o, "column", pos_or_null(g->column)) &&
          put(o, "level", cJSON_CreateString(shn_severity_name(g->level))) &&
          put(o, "rule", str_or_null(g->rule)) && put(o, "message", str_or_null(g->message)))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* ---- summary ----------------------------------------------------------------------------------------- */

static int cmp_strp(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* {name: count} with sorted keys from a list of names (sorted in place). */
static cJSON *counts_json(const char **names, size_t n) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    if (n) qsort(names, n, sizeof *names, cmp_strp);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(names[j], names[i]) == 0) j++;
        if (!put(o, names[i], cJSON_CreateNumber((double)(j - i)))) { cJSON_Delete(o); return NULL; }
        i = j;
    }
    return o;
}

static cJSON *summary_json(const shn_result *r, const shn_render_options *opt) {
    size_t shown = 0, by_sev[4] = {0}, n_types = 0;
    const char **rules = NULL, **types = NULL;
    cJSON *o = NULL, *sev = NULL;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (shn__render_shown(f, opt)) { shown++; n_types += f->n_analog_types; }
    }
    rules = malloc((shown ? shown : 1) * sizeof *rules);
    types = malloc((n_types ? n_types : 1) * sizeof *types);
    if (!rules || !types) goto fail;
    size_t nr = 0, nt = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, opt)) continue;
        if ((unsigned)f->severity < 4) by_sev[f->severity]++;
        rules[nr++] = f->rule ? f->rule : "";
        for (size_t k = 0; k < f->n_analog_types; k++) {
            const char *t = f->analog_types[k];
            int dup = !t;
            for (size_t m = 0; m < k && !dup; m++) dup = f->analog_types[m] && strcmp(f->analog_types[m], t) == 0;
            if (!dup) types[nt++] = t; /* a type listed twice in one finding counts once */
        }
    }
    o = cJSON_CreateObject();
    sev = cJSON_CreateObject();
    if (!o || !sev) goto fail;
    if (!(put(sev, "error", cJSON_CreateNumber((double)by_sev[SHN_SEV_ERROR])) &&
          put(sev, "warning", cJSON_CreateNumber((double)by_sev[SHN_SEV_WARNING])) &&
          put(sev, "info", cJSON_CreateNumber((double)by_sev[SHN_SEV_INFO]))))
        goto fail;
    shn_render_counts c;
    shn__render_counts(r, opt, &c);
    cJSON *ist = cJSON_CreateObject();
    if (!(put(o, "inputs", cJSON_CreateNumber((double)r->inputs.n)) &&
          put(o, "inputs_by_status", ist) && put(ist, "ok", cJSON_CreateNumber((double)c.inputs_ok)) &&
          put(ist, "skipped", cJSON_CreateNumber((double)c.inputs_skipped)) &&
          put(ist, "error", cJSON_CreateNumber((double)c.inputs_failed)) &&
          put(o, "findings", cJSON_CreateNumber((double)shown))))
        goto fail;
    size_t sup[3] = {0};   /* inline, waiver, baseline */
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!f->suppressed || !shn__render_shown_or_suppressed(f, opt)) continue;
        sup[strcmp(f->suppressed, "inline") == 0 ? 0 : strcmp(f->suppressed, "waiver") == 0 ? 1 : 2]++;
    }
    cJSON *so = cJSON_CreateObject();
    if (!(put(o, "suppressed", so) && put(so, "inline", cJSON_CreateNumber((double)sup[0])) &&
          put(so, "waiver", cJSON_CreateNumber((double)sup[1])) && put(so, "baseline", cJSON_CreateNumber((double)sup[2]))))
        goto fail;
    int ok = put(o, "by_severity", sev);
    sev = NULL; /* owned by o now, or already deleted by put() */
    ok = ok && put(o, "by_type", counts_json(types, nt)) && put(o, "by_rule", counts_json(rules, nr));
    if (!ok) goto fail;
    free(rules);
    free(types);
    return o;
fail:
    cJSON_Delete(sev);
    cJSON_Delete(o);
    free(rules);
    free(types);
    return NULL;
}

/* ---- reports ----------------------------------------------------------------------------------------- */

/* Write `"key": ` as a member of the top-level object (depth 1). */
static void member(shn_buf *out, const char *key, int first) {
    if (!first) shn__buf_add(out, ",", 1);
    put_indent(out, 1, 1);
    put_string(out, key);
    shn__buf_puts(out, ": ");
}

/* Stream the elements of a top-level array; `make` builds element i (NULL = out of memory). */
typedef cJSON *(*elem_fn)(const void *item);
static int stream_array(shn_buf *out, void *const *items, size_t n, elem_fn make,
                        const shn_render_options *opt, int findings) {
    shn__buf_add(out, "[", 1);
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (findings && !shn__render_shown(items[i], opt)) continue;
        cJSON *v = make(items[i]);
        if (!v) return -1;
        if (any) shn__buf_add(out, ",", 1);
        put_indent(out, 1, 2);
        write_value(out, v, 1, 2);
        cJSON_Delete(v);
        any = 1;
    }
    if (any) put_indent(out, 1, 1);
    shn__buf_add(out, "]", 1);
    return 0;
}

static cJSON *make_finding(const void *p) { return shn__json_finding(p); }
static cJSON *make_input(const void *p) { return input_json(p); }
static cJSON *make_diag(const void *p) { return diagnostic_json(p); }

shn_status shn__render_json(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    cJSON *tool = cJSON_CreateObject();
    if (!tool || !put(tool, "name", cJSON_CreateString("shinsa")) ||
        !put(tool, "version", cJSON_CreateString(SHN_VERSION))) {
        cJSON_Delete(tool);
        return SHN_E_NOMEM;
    }
    shn__buf_add(out, "{", 1);
    member(out, "tool", 1);
    write_value(out, tool, 1, 1);
    cJSON_Delete(tool);
    member(out, "inputs", 0);
    if (stream_array(out, r->inputs.items, r->inputs.n, make_input, o, 0)) return SHN_E_NOMEM;
    member(out, "findings", 0);
    if (stream_array(out, r->findings.items, r->findings.n, make_finding, o, 1)) return SHN_E_NOMEM;
    member(out, "diagnostics", 0);
    if (stream_array(out, r->diags.items.items, r->diags.items.n, make_diag, o, 0)) return SHN_E_NOMEM;
    cJSON *summary = summary_json(r, o);
    if (!summary) return SHN_E_NOMEM;
    member(out, "summary", 0);
    write_value(out, summary, 1, 1);
    cJSON_Delete(summary);
    if (r->shard.count) {   /* what shn_merge needs; it leaves this member out of the merged report */
        cJSON *sh = NULL;
        shn_status st = shn__shard_json(r, o, 0, &sh);
        if (st != SHN_OK) return st;
        member(out, "shard", 0);
        write_value(out, sh, 1, 1);
        cJSON_Delete(sh);
    }
    shn__buf_puts(out, "\n}\n");
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}

int shn__ndjson_record(shn_buf *out, const char *type, const cJSON *obj) {
    cJSON *rec = obj ? cJSON_CreateObject() : NULL;
    if (!rec || !put(rec, "record", cJSON_CreateString(type))) { cJSON_Delete(rec); return -1; }
    for (const cJSON *c = obj->child; c; c = c->next)
        if (!c->string || !put(rec, c->string, cJSON_Duplicate(c, 1))) { cJSON_Delete(rec); return -1; }
    write_value(out, rec, 0, 0);
    shn__buf_add(out, "\n", 1);
    cJSON_Delete(rec);
    return 0;
}

/* A finding a line (the json report's finding object, unchanged), then the records that say what was checked:
 * one per input, one per diagnostic, and the summary as the last line (docs/formats.md). */
shn_status shn__render_ndjson(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        cJSON *v = shn__json_finding(f);
        if (!v) return SHN_E_NOMEM;
        write_value(out, v, 0, 0);
        shn__buf_add(out, "\n", 1);
        cJSON_Delete(v);
    }
    for (size_t i = 0; i < r->inputs.n; i++) {
        cJSON *v = input_json(r->inputs.items[i]);
        int bad = !v || shn__ndjson_record(out, "input", v) != 0;
        cJSON_Delete(v);
        if (bad) return SHN_E_NOMEM;
    }
    for (size_t i = 0; i < r->diags.items.n; i++) {
        cJSON *v = diagnostic_json(r->diags.items.items[i]);
        int bad = !v || shn__ndjson_record(out, "diagnostic", v) != 0;
        cJSON_Delete(v);
        if (bad) return SHN_E_NOMEM;
    }
    cJSON *summary = summary_json(r, o);
    int bad = !summary || shn__ndjson_record(out, "summary", summary) != 0;
    cJSON_Delete(summary);
    if (bad) return SHN_E_NOMEM;
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}
