/* report_markdown.c — the `markdown` report: a pull-request comment (GitHub Flavored Markdown).
 *
 *   ### shinsa 審査結果 (review)         counts by severity, inputs by status
 *   | 種別 (analog type) | error | …      counts by analog type and severity
 *   #### 主な指摘 (top findings)          the most severe findings: citation, place, message, clause, remedy
 *   <details> 読み飛ばし・失敗した入力     inputs not checked, with the reason
 *   <details> すべての指摘 (all)          one table row per finding
 *
 * GitHub refuses a comment longer than 65,536 characters, so the report is built piece by piece against a
 * budget (MD_BUDGET, counted in UTF-16 code units, never fewer than characters, with room for the closing lines); what does
 * not fit is left out with a note saying how many and where to find the rest. Every string from an input or
 * a rule is escaped: HTML is inert (&lt; &gt; &amp;), Markdown punctuation is backslash-escaped, table pipes
 * cannot break a row, line breaks become spaces, and "@" cannot mention anyone. */
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define MD_LIMIT 65536    /* GitHub's maximum comment body */
#define MD_BUDGET 64000   /* what the pieces may use; the rest is for truncation notes and closing tags */
#define MD_TOP 10         /* findings shown in full */
#define MD_CONTEXT 40     /* code points of clause text kept either side of the match */

typedef struct {
    shn_buf *out;
    size_t used;          /* UTF-16 code units written so far */
} md;

/* UTF-16 length of a UTF-8 string (invalid bytes count one each, as they become U+FFFD). */
static size_t u16_len(const char *s, size_t n) {
    size_t units = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t adv = shn__utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!adv) adv = 1;
        units += cp >= 0x10000 ? 2 : 1;
        i += adv;
    }
    return units;
}

/* Append a finished piece when it fits the budget (or `force`); 1 when appended. */
static int md_commit(md *m, shn_buf *piece, int force) {
    if (piece->failed) { m->out->failed = 1; return 0; }
    size_t n = u16_len(piece->data ? piece->data : "", piece->len);
    if (!force && m->used + n > MD_BUDGET) return 0;
    shn__buf_add(m->out, piece->data ? piece->data : "", piece->len);
    m->used += n;
    return 1;
}

/* Nonzero when s[0..n) is all ASCII digits ("12" of "12. …", which would start an ordered list). */
static int digits_only(const unsigned char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* Escaped inline text (safe in a table cell too, and at the start of a line): n bytes of s. */
static const char *md_map(uint32_t cp, size_t i, const unsigned char *s, char tmp[8]) {
    const char *clean = shn__text_clean_map(cp, i, s, tmp);
    if (clean) return clean;
    if (cp == '&') return "&amp;";
    if (cp == '<') return "&lt;";
    if (cp == '>') return "&gt;";
    if (cp == '@') return "&#64;"; /* no @mentions from a clause or a file name */
    if (cp < 0x80 && (strchr("\\`*_[]|~", (int)cp) || (i == 0 && strchr("#+-=", (int)cp)) ||
                      ((cp == '.' || cp == ')') && i > 0 && digits_only(s, i)))) {
        tmp[0] = '\\', tmp[1] = (char)cp, tmp[2] = 0;
        return tmp;
    }
    return NULL;
}

static void put_md_n(shn_buf *b, const char *str, size_t n) {
    shn__buf_put_escaped(b, str, n, md_map);
}

static void put_md(shn_buf *b, const char *s) {
    if (s) put_md_n(b, s, strlen(s));
}

/* `s` in a code span when it can be one (no backtick, pipe, control or invalid UTF-8), else escaped text. */
static void put_code(shn_buf *b, const char *s) {
    size_t n = strlen(s);
    int plain = n > 0 && shn__utf8_valid(s, n, NULL);
    for (const unsigned char *c = (const unsigned char *)s; plain && *c; c++)
        plain = *c >= 0x20 && *c != 0x7F && *c != '`' && *c != '|';
    if (!plain) { put_md(b, s); return; }
    shn__buf_add(b, "`", 1);
    shn__buf_add(b, s, n);
    shn__buf_add(b, "`", 1);
}

static void put_rule(shn_buf *b, const char *rule) { put_code(b, rule && *rule ? rule : "?"); }

static void put_place(shn_buf *b, const shn_finding *f) {
    shn_buf t = {0};
    shn__buf_puts(&t, f->file ? f->file : "-");
    if (f->line) {
        shn__buf_printf(&t, ":%u", f->line);
        if (f->column) shn__buf_printf(&t, ":%u", f->column);
    }
    if (t.failed) { b->failed = 1; shn__buf_free(&t); return; }
    put_code(b, t.data ? t.data : "-");
    shn__buf_free(&t);
}

/* The clause around the match, the match in bold; the first 2*MD_CONTEXT code points without one. */
static void put_clause(shn_buf *b, const shn_finding *f) {
    const char *s = f->snippet;
    size_t bytes = strlen(s), cps = shn__utf8_len(s, bytes);
    int has_match = f->match_start >= 0 && f->match_end > f->match_start && (size_t)f->match_end <= cps;
    size_t ms = has_match ? (size_t)f->match_start : 0, me = has_match ? (size_t)f->match_end : 0;
    size_t a = has_match && ms > MD_CONTEXT ? ms - MD_CONTEXT : 0;
    size_t z = has_match ? (cps - me > MD_CONTEXT ? me + MD_CONTEXT : cps) : (cps > 2 * MD_CONTEXT ? 2 * MD_CONTEXT : cps);
    size_t ba = shn__utf8_byte_offset(s, bytes, a), bz = shn__utf8_byte_offset(s, bytes, z);
    if (a > 0) shn__buf_puts(b, "…");
    if (has_match) {
        size_t bs = shn__utf8_byte_offset(s, bytes, ms), be = shn__utf8_byte_offset(s, bytes, me);
        put_md_n(b, s + ba, bs - ba);
        shn__buf_puts(b, "**");
        put_md_n(b, s + bs, be - bs);
        shn__buf_puts(b, "**");
        put_md_n(b, s + be, bz - be);
    } else {
        put_md_n(b, s + ba, bz - ba);
    }
    if (z < cps) shn__buf_puts(b, "…");
}

static void put_top_finding(shn_buf *b, size_t rank, const shn_finding *f) {
    shn__buf_printf(b, "%zu. **%s** ", rank, shn_severity_name(f->severity));
    put_rule(b, f->rule);
    if (f->citation && *f->citation) {
        shn__buf_puts(b, " — ");
        put_md(b, f->citation);
    }
    if (f->address.law_id && *f->address.law_id) {
        shn__buf_puts(b, " (");
        put_md(b, f->address.law_id);
        shn__buf_puts(b, ")");
    }
    shn__buf_puts(b, " · ");
    put_place(b, f);
    shn__buf_puts(b, "  \n    ");
    put_md(b, f->message ? f->message : "");
    if (f->message_en && *f->message_en) {
        shn__buf_puts(b, "  \n    *");
        put_md(b, f->message_en);
        shn__buf_puts(b, "*");
    }
    if (f->principle && *f->principle) {
        shn__buf_puts(b, "  \n    原則 (principle): ");
        put_md(b, f->principle);
    }
    if (f->snippet && *f->snippet) {
        shn__buf_puts(b, "\n\n    > ");
        put_clause(b, f);
    }
    if (f->suggestion && *f->suggestion) {
        shn__buf_puts(b, "\n\n    **提案 (remedy):** ");
        put_md(b, f->suggestion);
    }
    shn__buf_puts(b, "\n\n");
}

static void put_table_row(shn_buf *b, const shn_finding *f) {
    shn__buf_printf(b, "| %s | ", shn_severity_name(f->severity));
    put_rule(b, f->rule);
    shn__buf_puts(b, " | ");
    put_md(b, f->citation ? f->citation : "");
    shn__buf_puts(b, " | ");
    put_place(b, f);
    shn__buf_puts(b, " | ");
    put_md(b, f->message ? f->message : "");
    shn__buf_puts(b, " |\n");
}

/* ---- counts ------------------------------------------------------------------------------------------ */

typedef struct {
    const char *type;     /* NULL: findings without an analog type */
    size_t by_sev[4];
} type_row;

static int cmp_type_row(const void *pa, const void *pb) {
    const type_row *a = pa, *b = pb;
    if (!a->type || !b->type) return a->type ? -1 : b->type ? 1 : 0; /* "no type" last */
    size_t ta = a->by_sev[1] + a->by_sev[2] + a->by_sev[3], tb = b->by_sev[1] + b->by_sev[2] + b->by_sev[3];
    if (ta != tb) return ta > tb ? -1 : 1;
    return strcmp(a->type, b->type);
}

/* Rows of the type table: one per analog type (a finding counts once per distinct type) and one for
 * findings without a type. NULL when out of memory; *n rows. */
static type_row *type_rows(const shn_result *r, const shn_render_options *o, size_t *n) {
    size_t cap = 1;
    for (size_t i = 0; i < r->findings.n; i++) cap += ((const shn_finding *)r->findings.items[i])->n_analog_types;
    type_row *rows = calloc(cap, sizeof *rows);
    if (!rows) return NULL;
    size_t k = 0;
    type_row none = {0};
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!shn__render_shown(f, o)) continue;
        unsigned sev = (unsigned)f->severity < 4 ? (unsigned)f->severity : 0;
        int any = 0;
        for (size_t t = 0; t < f->n_analog_types; t++) {
            const char *ty = f->analog_types[t];
            int dup = !ty;
            for (size_t u = 0; u < t && !dup; u++) dup = f->analog_types[u] && strcmp(f->analog_types[u], ty) == 0;
            if (dup) continue;
            any = 1;
            size_t j = 0;
            while (j < k && strcmp(rows[j].type, ty) != 0) j++;
            if (j == k) rows[k++].type = ty;
            rows[j].by_sev[sev]++;
        }
        if (!any) none.by_sev[sev]++;
    }
    if (none.by_sev[1] + none.by_sev[2] + none.by_sev[3]) rows[k++] = none;
    qsort(rows, k, sizeof *rows, cmp_type_row);
    *n = k;
    return rows;
}

typedef struct { const shn_finding *f; size_t i; } ranked;

static int cmp_ranked(const void *pa, const void *pb) {
    const ranked *a = pa, *b = pb;
    if (a->f->severity != b->f->severity) return a->f->severity > b->f->severity ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* ---- the report -------------------------------------------------------------------------------------- */

shn_status shn__render_markdown(const shn_result *r, const shn_render_options *o, shn_buf *out) {
    md m = {out, 0};
    shn_render_counts c;
    shn__render_counts(r, o, &c);
    size_t shown = c.shown, *by_sev = c.by_sev;

    shn_buf p = {0};
    int code = shn_result_exit_code(r, o->fail_on);
    shn__buf_printf(&p, "### %s shinsa 審査結果 (review)\n\n", code == 0 ? "✅" : code == 1 ? "⚠️" : "❌");
    if (shown)
        shn__buf_printf(&p, "**%zu 件の指摘 (findings)** — error %zu · warning %zu · info %zu  \n", shown,
                        by_sev[SHN_SEV_ERROR], by_sev[SHN_SEV_WARNING], by_sev[SHN_SEV_INFO]);
    else
        shn__buf_puts(&p, "**問題は見つかりませんでした (no findings)**  \n");
    shn__buf_printf(&p, "入力 (inputs) %zu: 検査 (checked) %zu · 読み飛ばし (skipped) %zu · 失敗 (failed) %zu",
                    r->inputs.n, c.inputs_ok, c.inputs_skipped, c.inputs_failed);
    size_t n_sup = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        n_sup += f->suppressed && shn__render_shown_or_suppressed(f, o);
    }
    if (n_sup) shn__buf_printf(&p, " · 除外 (suppressed: ignores, waivers, baseline) %zu", n_sup);
    if (r->diags.items.n) shn__buf_printf(&p, " · 診断 (diagnostics) %zu", r->diags.items.n);
    shn__buf_printf(&p, " · 終了コード (exit code) %d\n\n", code);
    md_commit(&m, &p, 1);
    shn__buf_free(&p);

    /* counts by analog type and severity */
    size_t n_rows = 0;
    type_row *rows = shown ? type_rows(r, o, &n_rows) : NULL;
    if (shown && !rows) return SHN_E_NOMEM;
    if (n_rows) {
        shn__buf_puts(&p, "| 種別 (analog type) | error | warning | info | 計 (total) |\n|---|---:|---:|---:|---:|\n");
        md_commit(&m, &p, 1);
        shn__buf_free(&p);
        size_t left = 0;
        for (size_t i = 0; i < n_rows; i++) {
            const type_row *t = &rows[i];
            shn__buf_puts(&p, "| ");
            if (t->type) put_md(&p, t->type);
            else shn__buf_puts(&p, "（種別なし） (no analog type)");
            shn__buf_printf(&p, " | %zu | %zu | %zu | %zu |\n", t->by_sev[SHN_SEV_ERROR], t->by_sev[SHN_SEV_WARNING],
                            t->by_sev[SHN_SEV_INFO],
                            t->by_sev[SHN_SEV_ERROR] + t->by_sev[SHN_SEV_WARNING] + t->by_sev[SHN_SEV_INFO]);
            if (!md_commit(&m, &p, 0)) left++;
            shn__buf_free(&p);
        }
        if (left) shn__buf_printf(&p, "| … %zu 種別を省略 (%zu types not shown) | | | | |\n", left, left);
        shn__buf_printf(&p, "| **計 (findings)** | %zu | %zu | %zu | %zu |\n\n", by_sev[SHN_SEV_ERROR],
                        by_sev[SHN_SEV_WARNING], by_sev[SHN_SEV_INFO], shown);
        md_commit(&m, &p, 1);
        shn__buf_free(&p);
    }
    free(rows);

    /* the most severe findings in full */
    size_t omitted_top = 0, top = 0;
    if (shown) {
        ranked *rk = malloc(shown * sizeof *rk);
        if (!rk) return SHN_E_NOMEM;
        size_t k = 0;
        for (size_t i = 0; i < r->findings.n; i++)
            if (shn__render_shown(r->findings.items[i], o)) rk[k].f = r->findings.items[i], rk[k].i = k, k++;
        qsort(rk, k, sizeof *rk, cmp_ranked);
        top = k < MD_TOP ? k : MD_TOP;
        shn__buf_printf(&p, "#### 主な指摘 (top findings%s)\n\n", k > top ? ", most severe first" : "");
        md_commit(&m, &p, 1);
        shn__buf_free(&p);
        for (size_t i = 0; i < top; i++) {
            put_top_finding(&p, i + 1, rk[i].f);
            if (!md_commit(&m, &p, 0)) omitted_top++;
            shn__buf_free(&p);
        }
        free(rk);
        if (omitted_top) {
            shn__buf_printf(&p, "*… 長すぎるため %zu 件を省略しました (%zu not shown: the comment size limit).*\n\n",
                            omitted_top, omitted_top);
            md_commit(&m, &p, 1);
            shn__buf_free(&p);
        }
    }

    /* inputs that were not checked */
    if (c.inputs_skipped + c.inputs_failed) {
        shn__buf_printf(&p, "<details><summary>読み飛ばし・失敗した入力 (inputs not checked: %zu)</summary>\n\n"
                            "| 入力 (input) | 状態 (status) | 理由 (reason) |\n|---|---|---|\n",
                        c.inputs_skipped + c.inputs_failed);
        md_commit(&m, &p, 1);
        shn__buf_free(&p);
        size_t left = 0;
        for (size_t i = 0; i < r->inputs.n; i++) {
            const shn_input *in = r->inputs.items[i];
            if (in->status && strcmp(in->status, "ok") == 0) continue;
            shn__buf_puts(&p, "| ");
            put_md(&p, in->file ? in->file : "-");
            shn__buf_puts(&p, " | ");
            put_md(&p, in->status ? in->status : "error");
            shn__buf_puts(&p, " | ");
            put_md(&p, in->reason ? in->reason : "");
            shn__buf_puts(&p, " |\n");
            if (!md_commit(&m, &p, 0)) left++;
            shn__buf_free(&p);
        }
        if (left) shn__buf_printf(&p, "\n*… %zu 件を省略しました (%zu more not shown).*\n", left, left);
        shn__buf_puts(&p, "\n</details>\n\n");
        md_commit(&m, &p, 1);
        shn__buf_free(&p);
    }

    /* every finding, one row each */
    if (shown > top || omitted_top) {
        shn__buf_printf(&p, "<details><summary>すべての指摘 (all %zu findings)</summary>\n\n"
                            "| 重大度 (severity) | ルール (rule) | 箇所 (citation) | 位置 (place) | 指摘 (message) |\n"
                            "|---|---|---|---|---|\n", shown);
        md_commit(&m, &p, 1);
        shn__buf_free(&p);
        size_t left = 0;
        for (size_t i = 0; i < r->findings.n; i++) {
            const shn_finding *f = r->findings.items[i];
            if (!shn__render_shown(f, o)) continue;
            if (left) { left++; continue; }   /* keep the table in order: stop at the first row that does not fit */
            put_table_row(&p, f);
            if (!md_commit(&m, &p, 0)) left++;
            shn__buf_free(&p);
        }
        if (left)
            shn__buf_printf(&p, "\n*… コメントの長さの上限 (%d 文字) のため %zu 件を省略しました。全件は `--format html` "
                                "又は `--format json` の報告を参照してください (%zu findings not shown: GitHub's comment "
                                "size limit; see the full HTML or JSON report).*\n",
                            MD_LIMIT, left, left);
        shn__buf_puts(&p, "\n</details>\n");
        md_commit(&m, &p, 1);
        shn__buf_free(&p);
    }
    return out->failed ? SHN_E_NOMEM : SHN_OK;
}
