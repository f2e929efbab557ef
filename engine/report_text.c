/* report_text.c — the `text` report, for people at a terminal (in the manner of ESLint, Vale, ruff):
 *
 *   path:line:col: severity rule-id  citation
 *     message
 *     (message_en)
 *     │ snippet with the 【match】 marked
 *     → 提案 (suggestion): …
 *     関連 (related): address citation note
 *     ? 根拠 (explain): one line per trace line, only with --explain
 *
 * then the diagnostics and one summary line. ANSI colours only when asked (the CLI decides). Every string
 * from input or rules is cleaned of control characters so a file cannot drive the terminal. */
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define SNIPPET_CONTEXT 40 /* code points kept on each side of the match */

#define C_RESET "\x1b[0m"
#define C_DIM "\x1b[2m"
#define C_BOLD "\x1b[1m"
#define C_MATCH "\x1b[1;4m"

typedef struct {
    shn_buf *out;
    int color;
} tw;

static const char *sev_color(shn_severity s) {
    switch (s) {
    case SHN_SEV_ERROR: return "\x1b[31m";
    case SHN_SEV_WARNING: return "\x1b[33m";
    case SHN_SEV_INFO: return "\x1b[34m";
    default: return "";
    }
}

static void on(tw *w, const char *code) {
    if (w->color && *code) shn__buf_puts(w->out, code);
}
static void off(tw *w) {
    if (w->color) shn__buf_puts(w->out, C_RESET);
}

/* Line breaks and tabs as spaces, other controls (C0, DEL, C1) as U+FFFD (report.h). */
const char *shn__text_clean_map(uint32_t cp, size_t i, const unsigned char *s, char tmp[8]) {
    (void)i, (void)s, (void)tmp;
    if (cp == '\n' || cp == '\r' || cp == '\t') return " ";
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return "\xEF\xBF\xBD";
    return NULL;
}

/* Append n bytes of s cleaned by shn__text_clean_map (invalid UTF-8 as U+FFFD). */
static void put_clean_n(shn_buf *out, const char *str, size_t n) {
    shn__buf_put_escaped(out, str, n, shn__text_clean_map);
}

static void put_clean(shn_buf *out, const char *s) {
    if (s) put_clean_n(out, s, strlen(s));
}

/* "path:line:col:" (line/column left out when unknown). */
static void put_position(tw *w, const char *file, unsigned line, unsigned column) {
    on(w, C_DIM);
    put_clean(w->out, file ? file : "<unknown>");
    if (line) {
        shn__buf_printf(w->out, ":%u", line);
        if (column) shn__buf_printf(w->out, ":%u", column);
    }
    shn__buf_add(w->out, ":", 1);
    off(w);
}

static void put_severity(tw *w, shn_severity s) {
    on(w, sev_color(s));
    shn__buf_puts(w->out, shn_severity_name(s));
    if (*sev_color(s)) off(w);
}

/* The snippet line: at most SNIPPET_CONTEXT code points either side of the match (or the first
 * 2*SNIPPET_CONTEXT without one), cuts shown by "…", the match between 【】 or highlighted. */
static void put_snippet(tw *w, const shn_finding *f) {
    const char *s = f->snippet;
    if (!s || !*s) return;
    size_t bytes = strlen(s), cps = shn__utf8_len(s, bytes);
    int has_match = f->match_start >= 0 && f->match_end > f->match_start && (size_t)f->match_end <= cps;
    size_t ms = has_match ? (size_t)f->match_start : 0, me = has_match ? (size_t)f->match_end : 0;
    size_t a, b;
    if (has_match) {
        a = ms > SNIPPET_CONTEXT ? ms - SNIPPET_CONTEXT : 0;
        b = cps - me > SNIPPET_CONTEXT ? me + SNIPPET_CONTEXT : cps;
    } else {
        a = 0;
        b = cps > 2 * SNIPPET_CONTEXT ? 2 * SNIPPET_CONTEXT : cps;
    }
    size_t ba = shn__utf8_byte_offset(s, bytes, a), bb = shn__utf8_byte_offset(s, bytes, b);
    shn__buf_puts(w->out, "  ");
    on(w, C_DIM);
    shn__buf_puts(w->out, "│");
    off(w);
    shn__buf_puts(w->out, " ");
    if (a > 0) shn__buf_puts(w->out, "…");
    if (has_match) {
        size_t bs = shn__utf8_byte_offset(s, bytes, ms), be = shn__utf8_byte_offset(s, bytes, me);
        put_clean_n(w->out, s + ba, bs - ba);
        if (w->color) shn__buf_puts(w->out, C_MATCH);
        else shn__buf_puts(w->out, "【");
        put_clean_n(w->out, s + bs, be - bs);
        if (w->color) shn__buf_puts(w->out, C_RESET);
        else shn__buf_puts(w->out, "】");
        put_clean_n(w->out, s + be, bb - be);
    } else {
        put_clean_n(w->out, s + ba, bb - ba);
    }
    if (b < cps) shn__buf_puts(w->out, "…");
    shn__buf_add(w->out, "\n", 1);
}

static void put_finding(tw *w, const shn_finding *f) {
    put_position(w, f->file, f->line, f->column);
    shn__buf_add(w->out, " ", 1);
    put_severity(w, f->severity);
    shn__buf_add(w->out, " ", 1);
    on(w, C_BOLD);
    put_clean(w->out, f->rule ? f->rule : "?");
    off(w);
    if (f->citation && *f->citation) {
        shn__buf_puts(w->out, "  ");
        put_clean(w->out, f->citation);
    }
    shn__buf_add(w->out, "\n", 1);
    if (f->message) {
        shn__buf_puts(w->out, "  ");
        put_clean(w->out, f->message);
        shn__buf_add(w->out, "\n", 1);
    }
    if (f->message_en && *f->message_en) {
        shn__buf_puts(w->out, "  (");
        put_clean(w->out, f->message_en);
        shn__buf_puts(w->out, ")\n");
    }
    put_snippet(w, f);
    if (f->suggestion && *f->suggestion) {
        shn__buf_puts(w->out, "  → 提案 (suggestion): ");
        put_clean(w->out, f->suggestion);
        shn__buf_add(w->out, "\n", 1);
    }
    for (size_t i = 0; i < f->n_related; i++) {
        const shn_related *r = &f->related[i];
        const char *parts[3] = {r->address ? r->address : r->file, r->citation, r->note};
        shn__buf_puts(w->out, "  関連 (related):");
        for (size_t k = 0; k < 3; k++) {
            if (!parts[k] || !*parts[k]) continue;
            shn__buf_add(w->out, " ", 1);
            put_clean(w->out, parts[k]);
        }
        shn__buf_add(w->out, "\n", 1);
    }
    for (const char *line = f->explain; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        on(w, C_DIM);
        shn__buf_puts(w->out, "  ? 根拠 (explain): ");
        put_clean_n(w->out, line, n);
        off(w);
        shn__buf_add(w->out, "\n", 1);
        line += n + (nl ? 1 : 0);
    }
    shn__buf_add(w->out, "\n", 1);
}

static void put_diagnostic(tw *w, const shn_diagnostic *g) {
    if (g->file) put_position(w, g->file, g->line, g->column);
    else {
        on(w, C_DIM);
        shn__buf_puts(w->out, "shinsa:");
        off(w);
    }
    shn__buf_add(w->out, " ", 1);
    put_severity(w, g->level);
    shn__buf_puts(w->out, ": ");
    put_clean(w->out, g->message);
    if (g->rule) {
        shn__buf_puts(w->out, " [");
        put_clean(w->out, g->rule);
        shn__buf_puts(w->out, "]");
    }
    shn__buf_add(w->out, "\n", 1);
}

static int cmp_str_null(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    if (x == y) return 0;
    if (!x) return -1;
    if (!y) return 1;
    return strcmp(x, y);
}

static const char *plural(size_t n, const char *one, const char *many) { return n == 1 ? one : many; }

typedef struct {
    size_t shown, by_sev[4], files, nd, n_ok, n_skipped, n_failed, n_sup;
} text_counts;

static shn_status count(const shn_result *r, const shn_render_options *o, text_counts *c) {
    memset(c, 0, sizeof *c);
    shn_render_counts rc;
    shn__render_counts(r, o, &rc);
    c->shown = rc.shown;
    memcpy(c->by_sev, rc.by_sev, sizeof c->by_sev);
    c->n_ok = rc.inputs_ok, c->n_skipped = rc.inputs_skipped, c->n_failed = rc.inputs_failed;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        c->n_sup += f->suppressed && shn__render_shown_or_suppressed(f, o);
    }
    /* files with at least one shown finding */
    if (c->shown) {
        const char **names = malloc(c->shown * sizeof *names);
        if (!names) return SHN_E_NOMEM;
        size_t k = 0;
        for (size_t i = 0; i < r->findings.n; i++)
            if (shn__render_shown(r->findings.items[i], o))
                names[k++] = ((const shn_finding *)r->findings.items[i])->file;
        qsort(names, k, sizeof *names, cmp_str_null);
        for (size_t i = 0; i < k; i++)
            if (i == 0 || cmp_str_null(&names[i], &names[i - 1]) != 0) c->files++;
        free(names);
    }
    c->nd = r->diags.items.n;
    return SHN_OK;
}

static void put_summary(tw *w, const shn_result *r, const text_counts *c) {
    shn_buf *out = w->out;
    on(w, C_BOLD);
    if (c->shown)
        shn__buf_printf(out, "%zu 件の指摘 (%zu %s: %zu %s, %zu %s, %zu info) in %zu %s", c->shown, c->shown,
                        plural(c->shown, "finding", "findings"), c->by_sev[SHN_SEV_ERROR],
                        plural(c->by_sev[SHN_SEV_ERROR], "error", "errors"), c->by_sev[SHN_SEV_WARNING],
                        plural(c->by_sev[SHN_SEV_WARNING], "warning", "warnings"), c->by_sev[SHN_SEV_INFO], c->files,
                        plural(c->files, "file", "files"));
    else
        shn__buf_puts(out, "問題は見つかりませんでした (no findings)");
    if (c->nd) shn__buf_printf(out, "; %zu %s", c->nd, plural(c->nd, "diagnostic", "diagnostics"));
    if (c->n_sup)
        shn__buf_printf(out, "; 除外 %zu 件 (%zu suppressed by ignores, waivers or the baseline)", c->n_sup, c->n_sup);
    if (c->n_skipped || (c->n_failed && c->n_failed < r->inputs.n))
        shn__buf_printf(out, "; 入力 %zu 件中 検査 %zu、読み飛ばし %zu、失敗 %zu (%zu of %zu %s checked, %zu skipped, %zu failed)",
                        r->inputs.n, c->n_ok, c->n_skipped, c->n_failed, c->n_ok, r->inputs.n,
                        plural(r->inputs.n, "input", "inputs"), c->n_skipped, c->n_failed);
    off(w);
    shn__buf_add(out, "\n", 1);
}

/* --summary: counts by rule and by analog type, one a line, in name order. */
static shn_status put_breakdown(tw *w, const shn_result *r, const shn_render_options *o, int by_type) {
    size_t n = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (shn__render_shown(f, o)) n += by_type ? f->n_analog_types : 1;
    }
    const char **names = malloc((n ? n : 1) * sizeof *names);
    if (!names) return SHN_E_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        if (by_type) for (size_t t = 0; t < f->n_analog_types; t++) names[k++] = f->analog_types[t];
        else names[k++] = f->rule;
    }
    qsort(names, k, sizeof *names, cmp_str_null);
    shn__buf_puts(w->out, by_type ? "類型別 (by analog type):\n" : "規則別 (by rule):\n");
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && cmp_str_null(&names[j], &names[i]) == 0) j++;
        shn__buf_printf(w->out, "  %6zu  ", j - i);
        put_clean(w->out, names[i] ? names[i] : "-");
        shn__buf_add(w->out, "\n", 1);
        i = j;
    }
    if (!k) shn__buf_puts(w->out, "       -\n");
    free(names);
    return SHN_OK;
}

shn_status shn__render_text(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    tw w = {out, o && o->color};
    text_counts c;
    if (count(r, o, &c) != SHN_OK) return SHN_E_NOMEM;
    if (o && (o->summary_first || o->summary_only)) {
        put_summary(&w, r, &c);
        if (o->summary_only) {
            if (put_breakdown(&w, r, o, 0) != SHN_OK || put_breakdown(&w, r, o, 1) != SHN_OK) return SHN_E_NOMEM;
            return out->failed ? SHN_E_NOMEM : SHN_OK;
        }
        shn__buf_add(out, "\n", 1);
    }
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (shn__render_shown(f, o)) put_finding(&w, f);
    }
    for (size_t i = 0; i < c.nd; i++) put_diagnostic(&w, r->diags.items.items[i]);
    /* inputs that were not checked (failures also have their error above) */
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        if (!in->status || strcmp(in->status, "skipped") != 0) continue;
        put_position(&w, in->file ? in->file : "-", 0, 0);
        shn__buf_puts(out, " 読み飛ばし (skipped): ");
        put_clean(out, in->reason ? in->reason : "-");
        shn__buf_add(out, "\n", 1);
    }
    if (c.nd || c.n_skipped) shn__buf_add(out, "\n", 1);
    put_summary(&w, r, &c);
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}
