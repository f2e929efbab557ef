/* test_kpi_roundtrip.c — every suggestion the kpi pack makes passes its own rules.
 *
 * The kpi pack is run on its fixtures (rules/kpi/tests/) and on the two real plans of examples/measures. Each
 * suggestion is a KPI sentence (進捗KPI：/効果KPI：/KPI：), the same KPI as a structured entry (構造化した記載：{…}),
 * or a deferral (KPIの設定時期：…). Its 〔…〕 placeholders are filled with plausible values (an unknown placeholder
 * fails the test), the KPIs are put into a fresh measure — a lone progress or effect KPI gets a complete partner
 * so that the pair rule has nothing to say — and the measure is checked again: no kpi finding may come back.
 * The fresh document states no plan date, so a deadline the suggestion kept is not judged against one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shinsa.h"
#include "testutil.h"

typedef struct { char *data; size_t len, cap; } sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* Placeholder → filler. A placeholder naming an indicator in words (〔施策の成果…を表す指標〕) is matched by
 * its last words. */
static const char *const FILL[][2] = {
    {"〔基準年度〕", "2023年度"}, {"〔基準値〕", "40%"}, {"〔目標年度〕", "2028年度"},
    {"〔計画期間内の目標年度〕", "2028年度"}, {"〔目標値〕", "60%"}, {"〔統計・調査名〕", "行政手続オンライン化状況調査"},
    {"〔単位〕", "%"}, {"〔設定年度〕", "2028年度"}, {"〔対象〕", "市区町村"}, {"〔指標〕", "電子申請の利用率"},
};

/* A copy of `s` with every placeholder filled; fails on one it does not know. */
static char *fill(const char *s) {
    sbuf b = {0};
    sb_puts(&b, "");
    const char *open = "〔", *close = "〕";
    while (*s) {
        const char *p = strstr(s, open);
        if (!p) { sb_puts(&b, s); break; }
        sb_put(&b, s, (size_t)(p - s));
        const char *q = strstr(p, close);
        if (!q) fail_msg("unclosed placeholder in: %s", s);
        size_t n = (size_t)(q - p) + strlen(close);
        const char *with = NULL;
        for (size_t i = 0; i < sizeof FILL / sizeof FILL[0]; i++)
            if (strlen(FILL[i][0]) == n && strncmp(p, FILL[i][0], n) == 0) with = FILL[i][1];
        if (!with) {
            char tmp[512];
            snprintf(tmp, sizeof tmp, "%.*s", (int)n, p);
            if (strstr(tmp, "指標") || strstr(tmp, "件数・率") || strstr(tmp, "変化")) with = "電子申請の利用率";
            else fail_msg("unknown placeholder %s", tmp);
        }
        sb_puts(&b, with);
        s = q + strlen(close);
    }
    return b.data;
}

static void yaml_quoted(sbuf *b, const char *s) {
    sb_puts(b, "'");
    for (; *s; s++) {
        if (*s == '\'') sb_puts(b, "''");
        else if (*s != '\n') sb_put(b, s, 1);
    }
    sb_puts(b, "'");
}

static const char *after(const char *line, const char *prefix) {
    size_t n = strlen(prefix);
    return strncmp(line, prefix, n) == 0 ? line + n : NULL;
}

/* Build the measure that holds the filled suggestion; NULL when the suggestion holds no KPI. */
static char *measure_of(const char *suggestion) {
    sbuf prog = {0}, eff = {0}, uncl = {0}, def = {0};
    sb_puts(&prog, ""); sb_puts(&eff, ""); sb_puts(&uncl, ""); sb_puts(&def, "");
    sbuf *last = &uncl;
    char *filled = fill(suggestion);
    for (char *line = strtok(filled, "\n"); line; line = strtok(NULL, "\n")) {
        const char *v;
        if ((v = after(line, "進捗KPI："))) { sb_puts(&prog, "\n        - "); yaml_quoted(&prog, v); last = &prog; }
        else if ((v = after(line, "効果KPI："))) { sb_puts(&eff, "\n        - "); yaml_quoted(&eff, v); last = &eff; }
        else if ((v = after(line, "KPI："))) { sb_puts(&uncl, "\n        - "); yaml_quoted(&uncl, v); last = &uncl; }
        else if ((v = after(line, "構造化した記載 (structured entry)："))) { sb_puts(last, "\n        - "); sb_puts(last, v); }
        else if ((v = after(line, "KPIの設定時期："))) { sb_puts(&def, "KPIの設定時期："); sb_puts(&def, v); }
        else fail_msg("suggestion line of no known form: %s", line);
    }
    free(filled);
    if (!prog.len && !eff.len && !uncl.len && !def.len) return NULL;
    if (eff.len && !prog.len) sb_puts(&prog, "\n        - '業務処理件数を2023年度の10件から2028年度までに50件にする（出典：業務統計）'");
    if (prog.len && !eff.len) sb_puts(&eff, "\n        - '手続の所要時間を2023年度の60分から2028年度までに20分に短縮する（出典：業務統計）'");
    sbuf doc = {0};
    sb_puts(&doc, "shinsa: 1\nkind: measures\nsource: {title: 往復テスト}\nmeasures:\n  - id: '1-1'\n"
                  "    title: 往復テスト\n    summary: 提案どおりに書いたKPI。\n    kpi:");
    if (prog.len) { sb_puts(&doc, "\n      progress:"); sb_puts(&doc, prog.data); }
    if (eff.len) { sb_puts(&doc, "\n      effect:"); sb_puts(&doc, eff.data); }
    if (uncl.len) { sb_puts(&doc, "\n      unclassified:"); sb_puts(&doc, uncl.data); }
    if (def.len) { sb_puts(&doc, "\n      deferred: "); yaml_quoted(&doc, def.data); }
    sb_puts(&doc, "\n");
    free(prog.data); free(eff.data); free(uncl.data); free(def.data);
    return doc.data;
}

static shn_engine *kpi_engine(void) {
    shn_options o;
    shn_options_init(&o);
    o.jobs = 1;
    o.load_default_packs = 0;
    o.stdlib_dir = tu_src("stdlib");
    shn_engine *e = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_new(&o, &e, &err), SHN_OK);
    if (shn_engine_add_pack(e, tu_src("rules/kpi"), &err) != SHN_OK) fail_msg("pack: %s", err.message);
    return e;
}

static size_t roundtrip_file(shn_engine *e, const char *rel, size_t *checked) {
    shn_result *r = NULL;
    shn_error err = {0};
    const char *path = tu_src(rel);
    if (shn_engine_check_paths(e, &path, 1, &r, &err) != SHN_OK) fail_msg("%s: %s", rel, err.message);
    size_t bad = 0;
    for (size_t i = 0; i < shn_result_finding_count(r); i++) {
        const shn_finding *f = shn_result_finding(r, i);
        if (!f->suggestion || strncmp(f->rule, "kpi.", 4) != 0) continue;
        char *doc = measure_of(f->suggestion);
        if (!doc) continue;
        (*checked)++;
        shn_result *r2 = NULL;
        if (shn_engine_check_buffer(e, "roundtrip.yaml", doc, strlen(doc), &r2, &err) != SHN_OK)
            fail_msg("%s: %s\n%s", rel, err.message, doc);
        for (size_t j = 0; j < shn_result_finding_count(r2); j++) {
            const shn_finding *g = shn_result_finding(r2, j);
            fprintf(stderr, "%s:%u %s → suggestion gets %s: %s\n--- filled measure:\n%s\n", rel, f->line, f->rule,
                    g->rule, g->message, doc);
            bad++;
        }
        for (size_t j = 0; j < shn_result_diagnostic_count(r2); j++) {
            fprintf(stderr, "%s:%u %s → diagnostic %s\n%s\n", rel, f->line, f->rule,
                    shn_result_diagnostic(r2, j)->message, doc);
            bad++;
        }
        shn_result_free(r2);
        free(doc);
    }
    shn_result_free(r);
    return bad;
}

static void every_kpi_suggestion_should_pass_its_own_rules(void **state) {
    (void)state;
    static const char *const files[] = {
        "rules/kpi/tests/deferred.yaml", "rules/kpi/tests/duplicate-text.yaml", "rules/kpi/tests/incomplete.yaml",
        "rules/kpi/tests/missing.yaml", "rules/kpi/tests/not-quantitative.yaml",
        "rules/kpi/tests/output-not-outcome.yaml", "rules/kpi/tests/progress-or-effect-missing.yaml",
        "rules/kpi/tests/target-year.yaml", "examples/measures/declaration-2020.yaml",
        "examples/measures/sakushu-2023.yaml",
    };
    shn_engine *e = kpi_engine();
    size_t bad = 0, checked = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) bad += roundtrip_file(e, files[i], &checked);
    fprintf(stderr, "round trip: %zu suggestions filled and checked, %zu findings on them\n", checked, bad);
    assert_true(checked >= 300);
    assert_int_equal(bad, 0);
    shn_engine_free(e);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kpi_suggestion_should_pass_its_own_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
