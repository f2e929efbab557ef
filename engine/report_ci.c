/* report_ci.c — the reports that CI systems and reviewers read, besides SARIF:
 *
 *   junit     JUnit XML (GitLab, Jenkins): a testsuite per input; a testcase per finding, failing when the finding
 *             is at or above --fail-on (below it, a passing testcase that records the finding); an input with no
 *             finding is one passing testcase; a skipped input a skipped testcase, a failed one an error.
 *   (markdown, the pull-request comment, is in report_markdown.c.)
 *   github    GitHub Actions workflow commands, one a line: ::error / ::warning / ::notice with file, line, col,
 *             endLine, endColumn and title, escaped as the Actions toolkit does (data: % CR LF; properties also
 *             : and ,). Diagnostics become annotations too.
 *   rdjson    reviewdog's Diagnostic Format (JSON): source, diagnostics with message, location (path, range:
 *             line and column; columns in UTF-8 bytes as rdjson wants, from the input file's line when it can be
 *             read, else code points), severity, code (rule id). Suggestions are advice, not replacements: none.
 *   csv       one row per finding, RFC 4180 quoting, CRLF, with a UTF-8 BOM so that Excel opens Japanese text
 *             correctly; cells that a spreadsheet would take for a formula (= + - @ at the start) get a leading '.
 *
 * All are deterministic: findings in output order, no times, no absolute paths other than those given. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static const char *sev_name(shn_severity s) { return shn_severity_name(s); }

/* Append s with invalid UTF-8 replaced by U+FFFD; `esc` (may be NULL) returns the escape of a code point
 * (< 0x80 only) or NULL to keep it. */
typedef const char *(*esc_fn)(unsigned c, char tmp[16]);
static void put_escaped(shn_buf *b, const char *str, esc_fn esc) {
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    size_t n = strlen((const char *)s), i = 0, run = 0;
    while (i < n) {
        const char *rep = NULL;
        char tmp[16];
        size_t adv = 1;
        if (s[i] >= 0x80) {
            adv = shn__utf8_decode(s + i, n - i, NULL);
            if (!adv) { rep = "\xEF\xBF\xBD"; adv = 1; }
        } else if (esc) {
            rep = esc(s[i], tmp);
        }
        if (rep) {
            shn__buf_add(b, (const char *)s + run, i - run);
            shn__buf_puts(b, rep);
            run = i + adv;
        }
        i += adv;
    }
    shn__buf_add(b, (const char *)s + run, n - run);
}

/* Nonzero when a diagnostic names `file` (an input that failed has one, with its position when known). */
static int diag_names(const shn_result *r, const char *file) {
    for (size_t i = 0; file && i < r->diags.items.n; i++) {
        const shn_diagnostic *g = r->diags.items.items[i];
        if (g->file && strcmp(g->file, file) == 0) return 1;
    }
    return 0;
}

static int status_is(const shn_input *in, const char *status) { return in->status && strcmp(in->status, status) == 0; }

/* ---- junit ------------------------------------------------------------------------------------------- */

static const char *xml_esc(unsigned c, char tmp[16]) {
    (void)tmp;
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    case '\t': case '\n': case '\r': return NULL;
    default: return c < 0x20 || c == 0x7F ? "\xEF\xBF\xBD" : NULL;   /* not allowed in XML 1.0 */
    }
}

static void xml(shn_buf *b, const char *s) { put_escaped(b, s, xml_esc); }

static int at_or_above(const shn_finding *f, shn_severity fail_on) {
    return fail_on != SHN_SEV_NONE && f->severity != SHN_SEV_NONE && f->severity >= fail_on;
}

static void junit_case(shn_buf *b, const shn_finding *f, shn_severity fail_on) {
    shn__buf_puts(b, "    <testcase classname=\"");
    xml(b, f->file);
    shn__buf_puts(b, "\" name=\"");
    xml(b, f->rule);
    shn__buf_puts(b, " ");
    xml(b, f->citation ? f->citation : f->address_str);
    shn__buf_printf(b, " (%u:%u)\" file=\"", f->line, f->column);
    xml(b, f->file);
    shn__buf_printf(b, "\" line=\"%u\">\n", f->line);
    int fail = at_or_above(f, fail_on);
    shn__buf_puts(b, fail ? "      <failure type=\"" : "      <system-out>");
    if (fail) {
        xml(b, sev_name(f->severity));
        shn__buf_puts(b, "\" message=\"");
        xml(b, f->message);
        shn__buf_puts(b, "\">");
    }
    shn__buf_printf(b, "%s %s: ", sev_name(f->severity), f->rule ? f->rule : "");
    xml(b, f->message);
    if (f->message_en) { shn__buf_puts(b, " ("); xml(b, f->message_en); shn__buf_puts(b, ")"); }
    shn__buf_puts(b, "\n");
    xml(b, f->file);
    shn__buf_printf(b, ":%u:%u ", f->line, f->column);
    xml(b, f->citation);
    shn__buf_puts(b, " ");
    xml(b, f->address_str);
    if (f->snippet) { shn__buf_puts(b, "\n"); xml(b, f->snippet); }
    if (f->suggestion) { shn__buf_puts(b, "\n提案 (suggestion): "); xml(b, f->suggestion); }
    shn__buf_puts(b, fail ? "</failure>\n" : "</system-out>\n");
    shn__buf_puts(b, "    </testcase>\n");
}

shn_status shn__render_junit(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    /* counts first, for the <testsuites> element */
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        size_t k = 0;
        for (size_t j = 0; j < r->findings.n; j++) {
            const shn_finding *f = r->findings.items[j];
            if (!shn__render_shown(f, o) || !f->file || !in->file || strcmp(f->file, in->file) != 0) continue;
            k++;
            failures += at_or_above(f, o->fail_on) != 0;
        }
        int st_err = in->status && strcmp(in->status, "error") == 0;
        int st_skip = in->status && strcmp(in->status, "skipped") == 0;
        tests += k ? k : 1;
        if (!k && st_err) errors++;
        if (!k && st_skip) skipped++;
    }
    shn__buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    shn__buf_printf(out, "<testsuites name=\"shinsa\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
                    tests, failures, errors, skipped);
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        size_t k = 0, fails = 0;
        for (size_t j = 0; j < r->findings.n; j++) {
            const shn_finding *f = r->findings.items[j];
            if (!shn__render_shown(f, o) || !f->file || !in->file || strcmp(f->file, in->file) != 0) continue;
            k++;
            fails += at_or_above(f, o->fail_on) != 0;
        }
        int st_err = in->status && strcmp(in->status, "error") == 0;
        int st_skip = in->status && strcmp(in->status, "skipped") == 0;
        shn__buf_puts(out, "  <testsuite name=\"");
        xml(out, in->file);
        shn__buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%d\" skipped=\"%d\">\n", k ? k : 1, fails,
                        !k && st_err, !k && st_skip);
        shn__buf_puts(out, "    <properties>\n      <property name=\"status\" value=\"");
        xml(out, in->status);
        shn__buf_puts(out, "\"/>\n");
        if (in->reason) {
            shn__buf_puts(out, "      <property name=\"reason\" value=\"");
            xml(out, in->reason);
            shn__buf_puts(out, "\"/>\n");
        }
        if (in->law_id) {
            shn__buf_puts(out, "      <property name=\"law_id\" value=\"");
            xml(out, in->law_id);
            shn__buf_puts(out, "\"/>\n");
        }
        shn__buf_puts(out, "    </properties>\n");
        for (size_t j = 0; j < r->findings.n; j++) {
            const shn_finding *f = r->findings.items[j];
            if (!shn__render_shown(f, o) || !f->file || !in->file || strcmp(f->file, in->file) != 0) continue;
            junit_case(out, f, o->fail_on);
        }
        if (!k) {
            shn__buf_puts(out, "    <testcase classname=\"");
            xml(out, in->file);
            shn__buf_puts(out, "\" name=\"shinsa check\">\n");
            if (st_err || st_skip) {
                shn__buf_puts(out, st_err ? "      <error message=\"" : "      <skipped message=\"");
                xml(out, in->reason ? in->reason : in->status);
                shn__buf_puts(out, "\"/>\n");
            }
            shn__buf_puts(out, "    </testcase>\n");
        }
        shn__buf_puts(out, "  </testsuite>\n");
    }
    shn__buf_puts(out, "</testsuites>\n");
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}

/* ---- github ------------------------------------------------------------------------------------------ */

static const char *gh_data_esc(unsigned c, char tmp[16]) {
    (void)tmp;
    return c == '%' ? "%25" : c == '\r' ? "%0D" : c == '\n' ? "%0A" : NULL;
}

static const char *gh_prop_esc(unsigned c, char tmp[16]) {
    (void)tmp;
    return c == '%' ? "%25" : c == '\r' ? "%0D" : c == '\n' ? "%0A" : c == ':' ? "%3A" : c == ',' ? "%2C" : NULL;
}

static const char *gh_level(shn_severity s) {
    return s == SHN_SEV_ERROR ? "error" : s == SHN_SEV_WARNING ? "warning" : "notice";
}

shn_status shn__render_github(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    /* first what was checked, so a run that checked little or nothing says so at the top of the log */
    shn_render_counts c;
    shn__render_counts(r, o, &c);
    shn__buf_printf(out,
                    "::notice title=shinsa::入力 %zu 件: 検査 %zu · 読み飛ばし %zu · 失敗 %zu、指摘 %zu 件 "
                    "(inputs %zu: checked %zu, skipped %zu, failed %zu; findings %zu)\n",
                    r->inputs.n, c.inputs_ok, c.inputs_skipped, c.inputs_failed, c.shown, r->inputs.n, c.inputs_ok,
                    c.inputs_skipped, c.inputs_failed, c.shown);
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        shn__buf_printf(out, "::%s file=", gh_level(f->severity));
        put_escaped(out, f->file, gh_prop_esc);
        if (f->line) shn__buf_printf(out, ",line=%u", f->line);
        if (f->column) shn__buf_printf(out, ",col=%u", f->column);
        if (f->end_line) shn__buf_printf(out, ",endLine=%u", f->end_line);
        if (f->end_column && f->end_line == f->line) shn__buf_printf(out, ",endColumn=%u", f->end_column);
        shn__buf_puts(out, ",title=");
        shn_buf title = {0};
        shn__buf_printf(&title, "%s %s", f->rule ? f->rule : "", f->citation ? f->citation : "");
        put_escaped(out, title.data, gh_prop_esc);
        shn__buf_free(&title);
        shn__buf_puts(out, "::");
        shn_buf msg = {0};
        shn__buf_puts(&msg, f->message ? f->message : "");
        if (f->message_en) shn__buf_printf(&msg, " (%s)", f->message_en);
        if (f->suggestion) shn__buf_printf(&msg, "\n提案 (suggestion): %s", f->suggestion);
        put_escaped(out, msg.data, gh_data_esc);
        shn__buf_free(&msg);
        shn__buf_puts(out, "\n");
    }
    for (size_t i = 0; i < r->diags.items.n; i++) {
        const shn_diagnostic *g = r->diags.items.items[i];
        shn__buf_printf(out, "::%s ", gh_level(g->level));
        if (g->file) {
            shn__buf_puts(out, "file=");
            put_escaped(out, g->file, gh_prop_esc);
            if (g->line) shn__buf_printf(out, ",line=%u", g->line);
            if (g->column) shn__buf_printf(out, ",col=%u", g->column);
            shn__buf_puts(out, ",");
        }
        shn__buf_puts(out, "title=shinsa::");
        put_escaped(out, g->message, gh_data_esc);
        shn__buf_puts(out, "\n");
    }
    /* inputs not checked: skipped ones as notices; a failed one that no diagnostic above names as an error */
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        int skipped = status_is(in, "skipped");
        if (status_is(in, "ok") || (!skipped && diag_names(r, in->file))) continue;
        shn__buf_puts(out, skipped ? "::notice file=" : "::error file=");
        put_escaped(out, in->file, gh_prop_esc);
        shn__buf_puts(out, skipped ? ",title=shinsa 読み飛ばし (skipped)::" : ",title=shinsa::");
        put_escaped(out, in->reason ? in->reason : in->status, gh_data_esc);
        shn__buf_puts(out, "\n");
    }
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}

/* ---- rdjson ------------------------------------------------------------------------------------------ */

static int (*const put)(cJSON *, const char *, cJSON *) = shn__json_put;   /* report_json.c */

/* The lines of one file, read once for the findings of that file (they come grouped by file). */
typedef struct { char *path, *buf; size_t len; int tried; } line_cache;

/* UTF-8 byte column (1-based) of code-point column `cp_col` on line `line` of `path`; cp_col when unknown. */
static unsigned byte_column(line_cache *c, const char *path, unsigned line, unsigned cp_col) {
    if (!path || !line || !cp_col) return cp_col;
    if (!c->path || strcmp(c->path, path) != 0) {
        free(c->path); free(c->buf);
        c->path = shn__strdup(path);
        c->buf = NULL; c->len = 0;
        FILE *fp = strcmp(path, "-") == 0 || path[0] == '<' ? NULL : fopen(path, "rb");
        if (fp) {
            shn_buf b = {0};
            char tmp[65536];
            size_t k;
            while ((k = fread(tmp, 1, sizeof tmp, fp)) > 0 && b.len < ((size_t)256 << 20)) shn__buf_add(&b, tmp, k);
            fclose(fp);
            c->len = b.len;
            c->buf = b.failed ? NULL : shn__buf_take(&b);
            shn__buf_free(&b);
        }
    }
    if (!c->buf) return cp_col;
    const char *p = c->buf, *end = c->buf + c->len;
    if (c->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    for (unsigned l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *q = p;
    for (unsigned k = 1; k < cp_col && q < end && *q != '\n'; k++) {
        size_t adv = shn__utf8_decode((const unsigned char *)q, (size_t)(end - q), NULL);
        q += adv ? adv : 1;
    }
    return (unsigned)(q - p) + 1;
}

static cJSON *rd_pos(unsigned line, unsigned col) {
    cJSON *p = cJSON_CreateObject();
    if (p && !(put(p, "line", cJSON_CreateNumber(line)) && put(p, "column", cJSON_CreateNumber(col)))) {
        cJSON_Delete(p);
        return NULL;
    }
    return p;
}

static const char *rd_sev(shn_severity s) {
    return s == SHN_SEV_ERROR ? "ERROR" : s == SHN_SEV_WARNING ? "WARNING" : "INFO";
}

/* Append to `diags` an rdjson diagnostic {message, location {path, range {start}}, severity, code {value}}: no
 * location without a path, no range without a line; the column in UTF-8 bytes. 0 when out of memory. */
static int rd_diag(cJSON *diags, line_cache *cache, const char *msg, const char *path, unsigned line, unsigned col,
                   const char *sev, const char *code) {
    cJSON *d = cJSON_CreateObject();
    if (!d || !cJSON_AddItemToArray(diags, d)) { cJSON_Delete(d); return 0; }
    if (!put(d, "message", cJSON_CreateString(msg ? msg : ""))) return 0;
    if (path) {
        cJSON *loc = cJSON_CreateObject();
        if (!put(d, "location", loc) || !put(loc, "path", cJSON_CreateString(path))) return 0;
        cJSON *range = line ? cJSON_CreateObject() : NULL;
        if (line && (!put(loc, "range", range) ||
                     !put(range, "start", rd_pos(line, byte_column(cache, path, line, col ? col : 1)))))
            return 0;
    }
    cJSON *c = cJSON_CreateObject();
    return put(d, "severity", cJSON_CreateString(sev)) && put(d, "code", c) && put(c, "value", cJSON_CreateString(code));
}

shn_status shn__render_rdjson(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    cJSON *root = cJSON_CreateObject(), *src = cJSON_CreateObject(), *diags = cJSON_CreateArray();
    line_cache cache = {0};
    int ok = root && src && diags && put(root, "source", src) && put(src, "name", cJSON_CreateString("shinsa")) &&
             put(root, "diagnostics", diags);
    if (!ok) { if (!root || !cJSON_GetObjectItem(root, "source")) cJSON_Delete(src); cJSON_Delete(root); cJSON_Delete(diags); return SHN_E_NOMEM; }
    for (size_t i = 0; ok && i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        cJSON *d = cJSON_CreateObject(), *loc = cJSON_CreateObject(), *range = cJSON_CreateObject(),
              *code = cJSON_CreateObject();
        char *msg = f->message_en ? shn__printf("%s (%s)", f->message ? f->message : "", f->message_en)
                                  : shn__strdup(f->message ? f->message : "");
        ok = d && loc && range && code && msg && cJSON_AddItemToArray(diags, d) &&
             put(d, "message", cJSON_CreateString(msg)) && put(d, "location", loc) &&
             put(loc, "path", cJSON_CreateString(f->file ? f->file : "-")) && put(loc, "range", range) &&
             put(range, "start", rd_pos(f->line, byte_column(&cache, f->file, f->line, f->column))) &&
             put(range, "end", rd_pos(f->end_line, byte_column(&cache, f->file, f->end_line, f->end_column))) &&
             put(d, "severity", cJSON_CreateString(rd_sev(f->severity))) && put(d, "code", code) &&
             put(code, "value", cJSON_CreateString(f->rule ? f->rule : ""));
        free(msg);
        if (!ok) break;
    }
    /* Then what was not checked, in rdjson's own terms: every engine diagnostic (an input that could not be read
     * or parsed, with its position when known; a rule that failed or hit a limit; a run that checked nothing) and
     * every skipped input. Codes: the rule id for a rule's diagnostic, else shinsa/input (an input's),
     * shinsa/skipped (an input not checked, and why) or shinsa/run (no file); a rule id never holds a slash. */
    for (size_t i = 0; ok && i < r->diags.items.n; i++) {
        const shn_diagnostic *g = r->diags.items.items[i];
        ok = rd_diag(diags, &cache, g->message, g->file, g->line, g->column, rd_sev(g->level),
                     g->rule ? g->rule : g->file ? "shinsa/input" : "shinsa/run");
    }
    for (size_t i = 0; ok && i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        int skipped = status_is(in, "skipped");
        if (status_is(in, "ok") || (!skipped && diag_names(r, in->file))) continue;
        char *msg = skipped ? shn__printf("読み飛ばしました (skipped): %s", in->reason ? in->reason : "")
                            : shn__strdup(in->reason ? in->reason : in->status ? in->status : "");
        ok = msg && rd_diag(diags, &cache, msg, in->file ? in->file : "-", 0, 0, skipped ? "INFO" : "ERROR",
                            skipped ? "shinsa/skipped" : "shinsa/input");
        free(msg);
    }
    free(cache.path);
    free(cache.buf);
    if (ok) shn__json_write(out, root, 1);
    cJSON_Delete(root);
    return ok && !out->failed ? SHN_OK : SHN_E_NOMEM;
}

/* ---- csv --------------------------------------------------------------------------------------------- */

static void csv_cell(shn_buf *b, const char *s, int first) {
    if (!first) shn__buf_add(b, ",", 1);
    if (!s) return;
    shn__buf_add(b, "\"", 1);
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@') shn__buf_add(b, "'", 1);   /* no formulas */
    for (const char *p = s; *p; p++) {
        if (*p == '"') shn__buf_add(b, "\"\"", 2);
        else shn__buf_add(b, p, 1);
    }
    shn__buf_add(b, "\"", 1);
}

static void csv_num(shn_buf *b, unsigned n) {
    if (n) shn__buf_printf(b, ",%u", n);
    else shn__buf_add(b, ",", 1);
}

shn_status shn__render_csv(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    shn__buf_puts(out, "\xEF\xBB\xBF");
    shn__buf_puts(out, "file,line,column,end_line,end_column,severity,rule,citation,address,analog_types,principle,"
                       "confidence,message,message_en,match,snippet,suggestion,fingerprint,record,status\r\n");
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        csv_cell(out, f->file, 1);
        csv_num(out, f->line);
        csv_num(out, f->column);
        csv_num(out, f->end_line);
        csv_num(out, f->end_column);
        csv_cell(out, sev_name(f->severity), 0);
        csv_cell(out, f->rule, 0);
        csv_cell(out, f->citation, 0);
        csv_cell(out, f->address_str, 0);
        shn_buf types = {0};
        for (size_t k = 0; k < f->n_analog_types; k++) shn__buf_printf(&types, "%s%s", k ? " " : "", f->analog_types[k]);
        csv_cell(out, types.data ? types.data : "", 0);
        shn__buf_free(&types);
        csv_cell(out, f->principle, 0);
        double c = f->confidence >= 0.0 ? (f->confidence > 1.0 ? 1.0 : f->confidence) : 0.0;
        int h = (int)(c * 100.0 + 0.5);
        shn__buf_printf(out, ",%d.%02d", h / 100, h % 100);   /* not %f: no locale's decimal comma */
        csv_cell(out, f->message, 0);
        csv_cell(out, f->message_en, 0);
        csv_cell(out, f->match_text, 0);
        csv_cell(out, f->snippet, 0);
        csv_cell(out, f->suggestion, 0);
        csv_cell(out, f->fingerprint, 0);
        shn__buf_puts(out, ",\"finding\",\r\n");
    }
    /* after the findings, what was checked: a row per input (status ok, skipped or error, and why in message),
     * then a row per diagnostic (an input that could not be read, a rule that failed); the columns that do not
     * apply are empty, so the first 18 columns keep their meaning and a filter on `record` gives each table */
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        csv_cell(out, in->file, 1);
        shn__buf_puts(out, ",,,,,,,,,,,");   /* line … confidence */
        csv_cell(out, in->reason, 0);
        shn__buf_puts(out, ",,,,,");           /* message_en … fingerprint */
        csv_cell(out, "input", 0);
        csv_cell(out, in->status, 0);
        shn__buf_puts(out, "\r\n");
    }
    for (size_t i = 0; i < r->diags.items.n; i++) {
        const shn_diagnostic *g = r->diags.items.items[i];
        csv_cell(out, g->file, 1);
        csv_num(out, g->line);
        csv_num(out, g->column);
        shn__buf_puts(out, ",,");              /* end_line, end_column */
        csv_cell(out, sev_name(g->level), 0);
        csv_cell(out, g->rule, 0);
        shn__buf_puts(out, ",,,,");            /* citation … principle */
        shn__buf_puts(out, ",");               /* confidence */
        csv_cell(out, g->message, 0);
        shn__buf_puts(out, ",,,,,");
        csv_cell(out, "diagnostic", 0);
        shn__buf_puts(out, ",\r\n");
    }
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}
