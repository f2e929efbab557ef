/* test_pack.c — pack.yaml parsing (engine/pack.c) and the known ids and prefilter of engine/rule.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rule.h"
#include "testutil.h"

/* Write `yaml` as pack.yaml in a fresh folder and load it. */
static shn_status load_text(const char *yaml, shn_pack **out, shn_error *err) {
    char *dir = tu_tmpdir();
    assert_non_null(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/pack.yaml", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    memset(err, 0, sizeof *err);
    shn_status st = shn__pack_load(dir, out, err);
    unlink(path);
    rmdir(dir);
    free(dir);
    return st;
}

static void assert_contains(const char *hay, const char *needle) {
    if (!hay || !strstr(hay, needle)) fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static void pack_load_should_parse_manifest(void **state) {
    (void)state;
    shn_pack *p = NULL;
    shn_error err = {0};
    assert_int_equal(shn__pack_load(tu_src("tests/fixtures/packs/good/"), &p, &err), SHN_OK);
    assert_string_equal(p->name, "good");
    assert_string_equal(p->version, "1.2.3");
    assert_string_equal(p->description, "テスト用のパック (test pack)");
    assert_string_equal(p->stdlib, ">=1");
    assert_int_equal(p->n_rule_files, 8);
    assert_string_equal(p->rule_files[0], "basic.lua");
    assert_int_equal(p->n_lexicon_files, 2);
    assert_string_equal(p->lexicon_files[1], "lexicon/b.yaml");
    assert_int_equal(p->n_sev, 1);
    assert_string_equal(p->sev_rules[0], "good.sev-override");
    assert_int_equal(p->sev_values[0], SHN_SEV_INFO);
    /* the trailing slash is dropped from dir */
    assert_int_equal(p->dir[strlen(p->dir) - 1], 'd');
    shn__pack_free(p);
    shn__pack_free(NULL);
}

static void pack_load_should_require_name_and_rules(void **state) {
    (void)state;
    shn_pack *p = NULL;
    shn_error err;
    assert_int_equal(load_text("version: 1\nrules: [a.lua]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_null(p);
    assert_contains(err.message, "missing required field): name");
    assert_contains(err.file, "pack.yaml");
    assert_int_equal(err.line, 1);
    assert_int_equal(load_text("name: x\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "missing required field): rules");
    assert_int_equal(load_text("name: x\nrules: a.lua\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "list of file names");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 8);
}

static void pack_load_should_reject_bad_names_and_paths(void **state) {
    (void)state;
    shn_pack *p = NULL;
    shn_error err;
    assert_int_equal(load_text("name: My_Pack\nrules: [a.lua]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "[a-z0-9-]+");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 7);
    assert_int_equal(load_text("name: x\nrules:\n  - ok.lua\n  - ../../etc/evil.lua\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "relative path inside the pack");
    assert_int_equal(err.line, 4);
    assert_int_equal(load_text("name: x\nrules: [/abs/a.lua]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "relative path");
    assert_int_equal(load_text("name: x\nrules: [a.py]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "must end in .lua");
    assert_int_equal(load_text("name: x\nrules: [a.lua]\nlexicons: [lex.txt]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, ".yaml");
    assert_int_equal(load_text("name: x\nrules: [a.lua]\ndescription: {a: 1}\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "must be a string): description");
    assert_int_equal(err.line, 3);
}

static void pack_load_should_check_stdlib_requirement(void **state) {
    (void)state;
    shn_pack *p = NULL;
    shn_error err;
    assert_int_equal(load_text("name: x\nstdlib: \">=2\"\nrules: [a.lua]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "pack requires stdlib >=2, this shinsa provides stdlib 1");
    assert_int_equal(err.line, 2);
    assert_int_equal(load_text("name: x\nstdlib: \">=1, <1\"\nrules: [a.lua]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_int_equal(load_text("name: x\nstdlib: \"~>1\"\nrules: [a.lua]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "invalid stdlib requirement");
    const char *ok[] = {"1", "\">=1\"", "\">= 1, < 3\"", "\"==1\"", "\">0\""};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml, "name: x\nstdlib: %s\nrules: [a.lua]\n", ok[i]);
        p = NULL;
        if (load_text(yaml, &p, &err) != SHN_OK) fail_msg("stdlib %s: %s", ok[i], err.message);
        shn__pack_free(p);
    }
}

static void pack_load_should_validate_severities_and_ignore_unknown_keys(void **state) {
    (void)state;
    shn_pack *p = NULL;
    shn_error err;
    assert_int_equal(load_text("name: x\nrules: [a.lua]\nseverities: {x.a: high}\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "severity must be error, warning or info");
    assert_int_equal(err.line, 3);
    assert_int_equal(load_text("name: x\nrules: [a.lua]\nseverities: [a]\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "severities");
    assert_int_equal(load_text("name: x\nrules: []\nfuture_key: {a: 1}\nseverities: {x.a: warning}\n", &p, &err),
                     SHN_OK);
    assert_int_equal(p->n_rule_files, 0);
    assert_int_equal(p->sev_values[0], SHN_SEV_WARNING);
    shn__pack_free(p);
}

static void pack_load_should_report_yaml_and_io_errors(void **state) {
    (void)state;
    shn_pack *p = NULL;
    shn_error err;
    assert_int_equal(load_text("name: x\nrules: [a.lua\n", &p, &err), SHN_E_PARSE);
    assert_contains(err.file, "pack.yaml");
    assert_true(err.line >= 2);
    assert_int_equal(load_text("", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "empty");
    assert_int_equal(load_text("- a\n- b\n", &p, &err), SHN_E_RULE_SYNTAX);
    assert_contains(err.message, "mapping");
    memset(&err, 0, sizeof err);
    assert_int_equal(shn__pack_load(tu_src("tests/fixtures/packs/no-such-pack"), &p, &err), SHN_E_IO);
    assert_contains(err.file, "no-such-pack/pack.yaml");
}

static void rule_known_ids_should_follow_design(void **state) {
    (void)state;
    const char *types[] = {"visual-inspection", "on-site-audit", "periodic-inspection", "resident-exclusive",
                           "in-person-training", "in-person-appearance", "physical-posting", "in-person-viewing",
                           "recording-media", "paper-document", "seal-signature", "physical-delivery"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) assert_true(shn__analog_type_known(types[i]));
    assert_false(shn__analog_type_known("carrier-pigeon"));
    assert_false(shn__analog_type_known(NULL));
    const char *principles[] = {"digital-completion", "agile-governance", "public-private", "interoperability",
                                "common-platform", "digital-first", "once-only", "connected-one-stop",
                                "technology-neutral", "machine-readable", "ebpm", "inclusion"};
    for (size_t i = 0; i < sizeof principles / sizeof principles[0]; i++) assert_true(shn__principle_known(principles[i]));
    assert_false(shn__principle_known("paper-first"));
    const char *targets[] = {"law.sentence", "law.article", "law.document", "measure", "measure.kpi",
                             "measures.document"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) assert_true(shn__target_known(targets[i]));
    assert_false(shn__target_known("law.chapter"));
    assert_false(shn__target_known("measures"));
}

static void rule_prefilter_should_need_one_trigger(void **state) {
    (void)state;
    char *trig[] = {"掲示", "押印"};
    shn_rule r = {0};
    assert_true(shn__rule_prefilter(&r, "何でも"));   /* no triggers: every unit */
    r.triggers = trig;
    r.n_triggers = 2;
    assert_true(shn__rule_prefilter(&r, "書類に押印する。"));
    assert_true(shn__rule_prefilter(&r, "掲示"));
    assert_false(shn__rule_prefilter(&r, "電子署名を行う。"));
    assert_false(shn__rule_prefilter(&r, ""));
    assert_false(shn__rule_prefilter(&r, NULL));
}

static void rule_free_should_accept_null_and_partial_rules(void **state) {
    (void)state;
    shn__rule_free(NULL);
    shn_rule *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->id = strdup("x.y");
    r->triggers = calloc(2, sizeof *r->triggers);
    r->triggers[0] = strdup("a");
    r->n_triggers = 1;
    shn__rule_free(r);   /* ASan checks that everything is released */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pack_load_should_parse_manifest),
        cmocka_unit_test(pack_load_should_require_name_and_rules),
        cmocka_unit_test(pack_load_should_reject_bad_names_and_paths),
        cmocka_unit_test(pack_load_should_check_stdlib_requirement),
        cmocka_unit_test(pack_load_should_validate_severities_and_ignore_unknown_keys),
        cmocka_unit_test(pack_load_should_report_yaml_and_io_errors),
        cmocka_unit_test(rule_known_ids_should_follow_design),
        cmocka_unit_test(rule_prefilter_should_need_one_trigger),
        cmocka_unit_test(rule_free_should_accept_null_and_partial_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
