/* test_explain.c — inline checks (shn_engine_check_text), lexicon entries from configuration
 * (shn_engine_extend_lexicon, `lexicon:` in .shinsa.yaml) and finding traces (shn_options.explain). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shinsa.h"
#include "testutil.h"

static const char posting[] = "事業者は、許可証を事業所に掲示しなければならない。";

static shn_engine *new_engine(int explain) {
    shn_options o;
    shn_options_init(&o);
    o.jobs = 1;
    o.explain = explain;
    o.default_rules_dir = tu_src("rules");
    o.stdlib_dir = tu_src("stdlib");
    shn_engine *e = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_new(&o, &e, &err), SHN_OK);
    return e;
}

static shn_result *check(shn_engine *e, const char *kind, const char *text) {
    shn_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_check_text(e, kind, text, strlen(text), &r, &err), SHN_OK);
    assert_non_null(r);
    return r;
}

/* The findings of rule `rule`. */
static size_t count_rule(const shn_result *r, const char *rule) {
    size_t n = 0;
    for (size_t i = 0; i < shn_result_finding_count(r); i++)
        if (strcmp(shn_result_finding(r, i)->rule, rule) == 0) n++;
    return n;
}

static const shn_finding *first_of(const shn_result *r, const char *rule) {
    for (size_t i = 0; i < shn_result_finding_count(r); i++)
        if (strcmp(shn_result_finding(r, i)->rule, rule) == 0) return shn_result_finding(r, i);
    return NULL;
}

static void check_text_should_read_a_draft_sentence_as_law(void **state) {
    (void)state;
    shn_engine *e = new_engine(0);
    shn_result *r = check(e, NULL, posting);
    const shn_finding *f = first_of(r, "analog.physical-posting");
    assert_non_null(f);
    assert_string_equal(f->file, "<text>");
    assert_int_equal(f->line, 1);
    assert_string_equal(f->match_text, "掲示");
    assert_null(f->explain);
    assert_int_equal(shn_result_input_count(r), 1);
    assert_string_equal(shn_result_input(r, 0)->kind, "law");
    shn_result_free(r);
    shn_engine_free(e);
}

static void check_text_should_keep_only_summary_findings_for_measures(void **state) {
    (void)state;
    shn_engine *e = new_engine(0);
    shn_result *r = check(e, "measures", "申請書を窓口に持参して提出させる運用を継続する。");
    assert_true(shn_result_finding_count(r) >= 1);
    for (size_t i = 0; i < shn_result_finding_count(r); i++) {
        const shn_finding *f = shn_result_finding(r, i);
        assert_true(f->match_start >= 0);   /* no structure findings about the synthetic document */
        assert_string_equal(f->address.kind, "measure");
    }
    assert_int_equal(count_rule(r, "kpi.missing"), 0);
    shn_result_free(r);
    shn_engine_free(e);
}

static void check_text_should_reject_an_unknown_kind(void **state) {
    (void)state;
    shn_engine *e = new_engine(0);
    shn_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_check_text(e, "policy", "x", 1, &r, &err), SHN_E_USAGE);
    assert_null(r);
    assert_non_null(strstr(err.message, "policy"));
    shn_engine_free(e);
}

static void extend_lexicon_should_add_exceptions_and_triggers(void **state) {
    (void)state;
    shn_engine *e = new_engine(0);
    shn_error err = {0};
    assert_int_equal(shn_engine_extend_lexicon(e, "physical-posting", "exceptions", "許可証を事業所に掲示", 0, NULL,
                                               0, 0, &err),
                     SHN_OK);
    assert_int_equal(shn_engine_extend_lexicon(e, "physical-posting", "triggers", "貼り?出", 1, NULL, 0, 0, &err),
                     SHN_OK);
    shn_result *r = check(e, NULL, posting);
    assert_int_equal(count_rule(r, "analog.physical-posting"), 0);
    shn_result_free(r);
    r = check(e, NULL, "事業者は、料金表を店頭に貼り出さなければならない。");
    const shn_finding *f = first_of(r, "analog.physical-posting");
    assert_non_null(f);
    assert_string_equal(f->match_text, "貼り出");
    assert_int_equal(shn_result_diagnostic_count(r), 0);
    shn_result_free(r);
    /* once the packs are loaded, the lexicons are fixed */
    assert_int_equal(shn_engine_extend_lexicon(e, "common", "digital_alternatives", "x", 0, NULL, 0, 0, &err),
                     SHN_E_USAGE);
    shn_engine_free(e);
}

static void extend_lexicon_should_reject_bad_patterns_and_unknown_keys(void **state) {
    (void)state;
    shn_engine *e = new_engine(0);
    shn_error err = {0};
    assert_int_equal(shn_engine_extend_lexicon(e, "physical-posting", "triggers", "掲(", 1, "c.yaml", 4, 7, &err),
                     SHN_E_USAGE);
    assert_int_equal(err.line, 4);
    assert_int_equal(shn_engine_extend_lexicon(e, "no-such-type", "triggers", "掲出", 0, "c.yaml", 9, 5, &err),
                     SHN_OK);
    shn_result *r = check(e, NULL, posting);
    int found = 0;
    for (size_t i = 0; i < shn_result_diagnostic_count(r); i++) {
        const shn_diagnostic *g = shn_result_diagnostic(r, i);
        if (g->file && strcmp(g->file, "c.yaml") == 0 && g->line == 9 && g->column == 5 &&
            strstr(g->message, "no-such-type"))
            found = 1;
    }
    assert_true(found);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_ERROR), 2);
    shn_result_free(r);
    shn_engine_free(e);
}

static void config_should_read_lexicon_entries_with_positions(void **state) {
    (void)state;
    char *path = tu_tmpfile(".yaml",
                            "lexicon:\n"
                            "  physical-posting:\n"
                            "    triggers: [掲出, {re: \"貼り?出\"}]\n"
                            "  common:\n"
                            "    digital_alternatives:\n"
                            "      - 電子掲示板\n");
    shn_config *c = NULL;
    shn_error err = {0};
    assert_int_equal(shn_config_load(path, &c, &err), SHN_OK);
    assert_int_equal(c->n_lexicon, 3);
    assert_string_equal(c->lexicon[0].key, "physical-posting");
    assert_string_equal(c->lexicon[0].field, "triggers");
    assert_string_equal(c->lexicon[0].entry, "掲出");
    assert_false(c->lexicon[0].is_regex);
    assert_true(c->lexicon[1].is_regex);
    assert_string_equal(c->lexicon[1].entry, "貼り?出");
    assert_int_equal(c->lexicon[2].line, 6);
    assert_int_equal(c->lexicon[2].column, 9);
    shn_config_free(c);
    free(path);
    path = tu_tmpfile(".yaml", "lexicon:\n  physical-posting:\n    triggers: [{pattern: x}]\n");
    assert_int_equal(shn_config_load(path, &c, &err), SHN_E_SCHEMA);
    assert_int_equal(err.line, 3);
    free(path);
}

static void explain_should_attach_the_trace_to_findings(void **state) {
    (void)state;
    shn_engine *e = new_engine(1);
    shn_result *r = check(e, NULL, "事業者は、内閣府令で定めるところにより、許可証を事業所に掲示しなければならない。");
    const shn_finding *f = first_of(r, "analog.physical-posting");
    assert_non_null(f);
    assert_non_null(f->explain);
    assert_non_null(strstr(f->explain, "trigger 「掲示」"));
    assert_non_null(strstr(f->explain, "digital alternatives: none"));
    assert_non_null(strstr(f->explain, "delegation: 「内閣府令で定める」"));
    assert_int_not_equal(f->explain[strlen(f->explain) - 1], '\n');
    char *out = NULL;
    size_t len = 0;
    shn_error err = {0};
    shn_render_options ro = {.min_severity = SHN_SEV_NONE};
    assert_int_equal(shn_render(r, "text", &ro, &out, &len, &err), SHN_OK);
    assert_non_null(strstr(out, "? 根拠 (explain): trigger 「掲示」"));
    shn_free(out);
    assert_int_equal(shn_render(r, "json", &ro, &out, &len, &err), SHN_OK);
    assert_non_null(strstr(out, "\"explain\": ["));
    shn_free(out);
    shn_result_free(r);
    shn_engine_free(e);
}

static void explain_unit_should_check_one_unit_and_give_every_verdict(void **state) {
    (void)state;
    shn_options o;
    shn_options_init(&o);
    o.jobs = 1;
    o.default_rules_dir = tu_src("rules");
    o.stdlib_dir = tu_src("stdlib");
    o.explain_unit = "<text>#main:1:2::1";
    shn_engine *e = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_new(&o, &e, &err), SHN_OK);
    shn_result *r = check(e, NULL, "第一条　事業者は、許可証を事業所に掲示しなければならない。\n"
                                   "２　事業者は、料金表を事業所に掲示しなければならない。\n");
    assert_int_equal(count_rule(r, "analog.physical-posting"), 1);   /* the first paragraph is not checked */
    assert_int_equal(shn_result_finding(r, 0)->line, 2);
    const shn_rule_info *rules = NULL;
    size_t nrules = 0;
    assert_int_equal(shn_engine_rules(e, &rules, &nrules, &err), SHN_OK);
    size_t verdicts = 0;
    int posting_ok = 0;
    for (size_t i = 0; i < shn_result_diagnostic_count(r); i++) {
        const shn_diagnostic *g = shn_result_diagnostic(r, i);
        if (g->level != SHN_SEV_INFO || !strstr(g->message, "verdict")) continue;
        verdicts++;
        assert_int_equal(g->line, 2);
        if (strcmp(g->rule, "analog.physical-posting") == 0 && strstr(g->message, "reported 1 finding")) posting_ok = 1;
    }
    assert_int_equal(verdicts, nrules);   /* one per rule, fired or not */
    assert_true(posting_ok);
    shn_result_free(r);
    shn_engine_free(e);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_text_should_read_a_draft_sentence_as_law),
        cmocka_unit_test(check_text_should_keep_only_summary_findings_for_measures),
        cmocka_unit_test(check_text_should_reject_an_unknown_kind),
        cmocka_unit_test(extend_lexicon_should_add_exceptions_and_triggers),
        cmocka_unit_test(extend_lexicon_should_reject_bad_patterns_and_unknown_keys),
        cmocka_unit_test(config_should_read_lexicon_entries_with_positions),
        cmocka_unit_test(explain_should_attach_the_trace_to_findings),
        cmocka_unit_test(explain_unit_should_check_one_unit_and_give_every_verdict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
