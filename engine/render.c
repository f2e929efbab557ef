/* render.c — shn_render(): dispatch a result to the reporter of a format (one table; a new format is one
 * row here plus its function in report.h). */
#include <string.h>
#include "report.h"

typedef shn_status (*render_fn)(const shn_result *r, const shn_render_options *o, shn_buf *out);

static const struct {
    const char *name;
    render_fn fn;
} formats[] = {
    {"text", shn__render_text},
    {"json", shn__render_json},
    {"ndjson", shn__render_ndjson},
    {"sarif", shn__render_sarif},
    {"junit", shn__render_junit},
    {"markdown", shn__render_markdown},
    {"github", shn__render_github},
    {"rdjson", shn__render_rdjson},
    {"csv", shn__render_csv},
    {"html", shn__render_html},
};

static render_fn lookup(const char *format) {
    if (!format) return NULL;
    for (size_t i = 0; i < SHN__ARRAY_LEN(formats); i++)
        if (strcmp(formats[i].name, format) == 0) return formats[i].fn;
    return NULL;
}

int shn_format_known(const char *format) { return lookup(format) != NULL; }

const char *shn_format_names(void) {
    static const char names[] = "text, json, ndjson, sarif, junit, markdown, github, rdjson, csv, html";
    return names;
}

int shn__render_shown(const shn_finding *f, const shn_render_options *o) {
    return f && !f->suppressed && (!o || o->min_severity == SHN_SEV_NONE || f->severity >= o->min_severity);
}

int shn__render_shown_or_suppressed(const shn_finding *f, const shn_render_options *o) {
    return f && (!o || o->min_severity == SHN_SEV_NONE || f->severity >= o->min_severity);
}

void shn__render_counts(const shn_result *r, const shn_render_options *o, shn_render_counts *c) {
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        c->shown++;
        if ((unsigned)f->severity < 4) c->by_sev[f->severity]++;
    }
    for (size_t i = 0; i < r->inputs.n; i++) {
        const char *st = ((const shn_input *)r->inputs.items[i])->status;
        if (st && strcmp(st, "ok") == 0) c->inputs_ok++;
        else if (st && strcmp(st, "skipped") == 0) c->inputs_skipped++;
        else c->inputs_failed++;
    }
}

shn_status shn_render(const shn_result *r, const char *format, const shn_render_options *opt, char **out,
                      size_t *len, shn_error *err) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!r || !out)
        return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "引数が不正です (invalid argument): shn_render");
    render_fn fn = lookup(format);
    if (!fn) {
        shn_buf known = {0};
        for (size_t i = 0; i < SHN__ARRAY_LEN(formats); i++) {
            if (i) shn__buf_puts(&known, ", ");
            shn__buf_puts(&known, formats[i].name);
        }
        shn__err(err, SHN_E_USAGE, NULL, 0, 0, "不明な出力形式です (unknown format): %s; 使用できる形式 (known formats): %s",
                 format ? format : "(null)", known.data && !known.failed ? known.data : "text, json, ndjson");
        shn__buf_free(&known);
        return SHN_E_USAGE;
    }
    shn_render_options defaults = {0};
    shn_buf b = {0};
    shn_status st = fn(r, opt ? opt : &defaults, &b);
    if (st == SHN_OK && b.failed) st = SHN_E_NOMEM;
    if (st != SHN_OK) {
        shn__buf_free(&b);
        if (st == SHN_E_NOMEM) return shn__err(err, st, NULL, 0, 0, "メモリ不足です (out of memory)");
        return shn__err(err, st, NULL, 0, 0, "出力を作成できませんでした (rendering failed): %s: %s", format,
                        shn_strerror(st));
    }
    size_t n = b.len;
    char *text = shn__buf_take(&b);
    if (!text) return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足です (out of memory)");
    *out = text;
    if (len) *len = n;
    return SHN_OK;
}
