/* test_engine.c — the public API end to end: engine, packs, checks, overrides, determinism, config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shinsa.h"
#include "testutil.h"

static const char law_yaml[] =
    "shinsa: 1\n"
    "kind: law\n"
    "law: {title: 作成例条例}\n"
    "provisions:\n"
    "  - article: \"3\"\n"
    "    paragraphs:\n"
    "      - num: 1\n"
    "        sentences: [事業者は、事業所の見やすい場所に、許可証を掲示しなければならない。]\n"
    "      - num: 2\n"
    "        sentences: [第一項の規定に違反して許可証を掲示しなかつた者]\n";

static shn_engine *new_engine(unsigned jobs) {
    shn_options o;
    shn_options_init(&o);
    o.jobs = jobs;
    o.rule_timeout_ms = 3600u * 1000u;   /* no wall-clock rule stop: a sanitized run on a loaded machine must not
                                            stop a rule in one run and not in another (the -j determinism test) */
    o.default_rules_dir = tu_src("rules");
    o.stdlib_dir = tu_src("stdlib");
    shn_engine *e = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_new(&o, &e, &err), SHN_OK);
    return e;
}

static shn_result *check_law(shn_engine *e) {
    shn_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_check_buffer(e, "draft.yaml", law_yaml, strlen(law_yaml), &r, &err), SHN_OK);
    return r;
}

static void engine_should_report_posting_duty_but_not_penalty(void **state) {
    (void)state;
    shn_engine *e = new_engine(1);
    shn_result *r = check_law(e);
    size_t posting = 0;
    for (size_t i = 0; i < shn_result_finding_count(r); i++) {
        const shn_finding *f = shn_result_finding(r, i);
        if (strcmp(f->rule, "analog.physical-posting") != 0) continue;
        posting++;
        assert_string_equal(f->address_str, "draft.yaml#main:3:1::1");
        assert_string_equal(f->citation, "第三条第一項");
        assert_string_equal(f->match_text, "掲示");
        assert_int_equal(f->line, 8);
        assert_int_equal(f->severity, SHN_SEV_WARNING);
        assert_int_equal(strlen(f->fingerprint), 16);
    }
    assert_int_equal(posting, 1);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_WARNING), 1);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_ERROR), 0);
    shn_result_free(r);
    shn_engine_free(e);
}

static void engine_should_apply_disable_and_severity_overrides(void **state) {
    (void)state;
    shn_engine *e = new_engine(1);
    assert_int_equal(shn_engine_set_severity(e, "analog.physical-posting", SHN_SEV_INFO), SHN_OK);
    shn_result *r = check_law(e);
    size_t n = 0;
    for (size_t i = 0; i < shn_result_finding_count(r); i++)
        if (strcmp(shn_result_finding(r, i)->rule, "analog.physical-posting") == 0) {
            assert_int_equal(shn_result_finding(r, i)->severity, SHN_SEV_INFO);
            n++;
        }
    assert_int_equal(n, 1);
    shn_result_free(r);
    shn_engine_free(e);

    e = new_engine(1);
    assert_int_equal(shn_engine_disable_rule(e, "analog"), SHN_OK);   /* a whole pack by name */
    r = check_law(e);
    for (size_t i = 0; i < shn_result_finding_count(r); i++)
        assert_true(strncmp(shn_result_finding(r, i)->rule, "analog.", 7) != 0);
    shn_result_free(r);
    shn_engine_free(e);
}

static char *render(shn_result *r, const char *fmt) {
    char *out = NULL;
    size_t len = 0;
    shn_error err = {0};
    shn_render_options ro = {.min_severity = SHN_SEV_NONE};
    assert_int_equal(shn_render(r, fmt, &ro, &out, &len, &err), SHN_OK);
    return out;
}

static void engine_should_give_identical_bytes_for_any_jobs(void **state) {
    (void)state;
    char *examples = strdup(tu_src("examples"));   /* tu_src's buffers rotate */
    const char *paths[] = {examples};
    char *first = NULL;
    for (unsigned jobs = 1; jobs <= 4; jobs++) {
        shn_engine *e = new_engine(jobs);
        shn_result *r = NULL;
        shn_error err = {0};
        assert_int_equal(shn_engine_check_paths(e, paths, 1, &r, &err), SHN_OK);
        assert_true(shn_result_finding_count(r) > 0);
        char *json = render(r, "json");
        if (!first) first = json;
        else { assert_string_equal(first, json); shn_free(json); }
        shn_result_free(r);
        shn_engine_free(e);
    }
    shn_free(first);
    free(examples);
}

static void engine_should_keep_checking_after_a_bad_input(void **state) {
    (void)state;
    char *bad = tu_tmpfile(".yaml", "shinsa: 1\nkind: law\nlaw: [\n");
    char *good = tu_tmpfile(".yaml", law_yaml);
    const char *paths[] = {bad, "no-such-file.yaml", good};
    shn_engine *e = new_engine(2);
    shn_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_check_paths(e, paths, 3, &r, &err), SHN_OK);
    assert_int_equal(shn_result_input_count(r), 3);
    assert_string_equal(shn_result_input(r, 0)->status, "error");
    assert_string_equal(shn_result_input(r, 1)->status, "error");
    assert_string_equal(shn_result_input(r, 2)->status, "ok");
    assert_true(shn_result_finding_count(r) >= 1);
    assert_true(shn_result_diagnostic_count(r) >= 2);
    const shn_diagnostic *g = shn_result_diagnostic(r, 0);
    assert_string_equal(g->file, bad);
    assert_true(g->line >= 3);
    assert_int_equal(shn_result_exit_code(r, SHN_SEV_WARNING), 2);
    shn_result_free(r);
    shn_engine_free(e);
    remove(bad);
    remove(good);
    free(bad);
    free(good);
}

static void engine_should_reject_a_bad_as_of_date(void **state) {
    (void)state;
    shn_options o;
    shn_options_init(&o);
    o.as_of = "2025/06/01";
    shn_engine *e = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_new(&o, &e, &err), SHN_E_USAGE);
    assert_null(e);
    assert_non_null(strstr(err.message, "YYYY-MM-DD"));
    shn_engine_free(NULL);   /* NULL-safe */
}

static void engine_should_list_rules_sorted_by_id(void **state) {
    (void)state;
    shn_engine *e = new_engine(1);
    const shn_rule_info *rules = NULL;
    size_t n = 0;
    shn_error err = {0};
    assert_int_equal(shn_engine_rules(e, &rules, &n, &err), SHN_OK);
    assert_true(n >= 2);
    for (size_t i = 1; i < n; i++) assert_true(strcmp(rules[i - 1].id, rules[i].id) < 0);
    shn_engine_free(e);
}

static void config_should_be_found_upward_and_parsed(void **state) {
    (void)state;
    char *dir = tu_tmpdir();
    char path[4096], sub[4096];
    snprintf(path, sizeof path, "%s/.shinsa.yaml", dir);
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    FILE *f = fopen(path, "w");
    fputs("packs: [my-pack]\ndisable: [kpi]\nseverities: {analog.physical-posting: info}\nfail_on: error\n", f);
    fclose(f);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", sub);
    assert_int_equal(system(cmd), 0);
    char *found = NULL;
    assert_int_equal(shn_config_find(sub, &found), SHN_OK);
    assert_string_equal(found, path);
    shn_config *c = NULL;
    shn_error err = {0};
    assert_int_equal(shn_config_load(found, &c, &err), SHN_OK);
    assert_int_equal(c->n_packs, 1);
    assert_non_null(strstr(c->packs[0], "/my-pack"));
    assert_int_equal(c->n_disable, 1);
    assert_string_equal(c->disable[0], "kpi");
    assert_int_equal(c->n_sev, 1);
    assert_int_equal(c->sev_values[0], SHN_SEV_INFO);
    assert_int_equal(c->fail_on, SHN_SEV_ERROR);
    shn_config_free(c);
    shn_free(found);

    f = fopen(path, "w");
    fputs("fail_on: error\nfrobnicate: 1\n", f);
    fclose(f);
    assert_int_equal(shn_config_load(path, &c, &err), SHN_E_SCHEMA);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 1);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* The context strings of a law document are shared by its units and pushed into Lua once per paragraph and
 * article (lua_ctx.c): every sentence must still see its own paragraph and article, in the second document
 * checked by the same worker too. */
static void engine_should_give_each_unit_its_own_paragraph_and_article_text(void **state) {
    (void)state;
    char *dir = tu_tmpdir();
    char path[4096], cmd[8192];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/rules/ctx'", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/rules/ctx/pack.yaml", dir);
    FILE *f = fopen(path, "w");
    fputs("name: ctx\nversion: 0.1.0\ndescription: test\nstdlib: \">=1\"\nrules: [ctx.lua]\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/rules/ctx/ctx.lua", dir);
    f = fopen(path, "w");
    fputs("return rule { id = 'ctx.own-text', title = 't', severity = 'info', principle = 'ebpm',\n"
          "  target = 'law.sentence', description = 'd',\n"
          "  check = function(unit, ctx)\n"
          "    local c = unit.context\n"
          "    local ok = c.paragraph_text:find(unit.text, 1, true) and c.article_text:find(c.paragraph_text, 1, true)\n"
          "    ctx:report{ message = (ok and 'ok:' or 'mismatch:') .. c.paragraph_text }\n"
          "  end }\n", f);
    fclose(f);
    const char *doc =
        "shinsa: 1\nkind: law\nlaw: {title: %s}\nprovisions:\n"
        "  - article: \"1\"\n    paragraphs:\n"
        "      - num: 1\n        sentences: [%s一。, %s二。, %s三。]\n"
        "      - num: 2\n        sentences: [%s四。, %s五。]\n"
        "  - article: \"2\"\n    paragraphs:\n"
        "      - num: 1\n        sentences: [%s六。, %s七。]\n";
    const char *names[] = {"甲", "乙"};
    char *paths[2];
    for (int d = 0; d < 2; d++) {
        const char *n = names[d];
        snprintf(path, sizeof path, "%s/%c.yaml", dir, 'a' + d);
        paths[d] = strdup(path);
        f = fopen(path, "w");
        fprintf(f, doc, n, n, n, n, n, n, n, n);
        fclose(f);
    }
    shn_options o;
    shn_options_init(&o);
    o.jobs = 1;
    snprintf(path, sizeof path, "%s/rules", dir);
    o.default_rules_dir = path;
    o.stdlib_dir = tu_src("stdlib");
    o.check_examples = 0;
    shn_engine *e = NULL;
    shn_error err = {0};
    assert_int_equal(shn_engine_new(&o, &e, &err), SHN_OK);
    shn_result *r = NULL;
    assert_int_equal(shn_engine_check_paths(e, (const char **)paths, 2, &r, &err), SHN_OK);
    assert_int_equal(shn_result_finding_count(r), 14);
    char *json = render(r, "json");
    assert_null(strstr(json, "mismatch"));
    assert_non_null(strstr(json, "ok:乙一。乙二。乙三。"));
    assert_non_null(strstr(json, "ok:乙六。乙七。"));
    shn_free(json);
    shn_result_free(r);
    shn_engine_free(e);
    for (int d = 0; d < 2; d++) free(paths[d]);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(engine_should_report_posting_duty_but_not_penalty),
        cmocka_unit_test(engine_should_apply_disable_and_severity_overrides),
        cmocka_unit_test(engine_should_give_identical_bytes_for_any_jobs),
        cmocka_unit_test(engine_should_keep_checking_after_a_bad_input),
        cmocka_unit_test(engine_should_reject_a_bad_as_of_date),
        cmocka_unit_test(engine_should_list_rules_sorted_by_id),
        cmocka_unit_test(config_should_be_found_upward_and_parsed),
        cmocka_unit_test(engine_should_give_each_unit_its_own_paragraph_and_article_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
