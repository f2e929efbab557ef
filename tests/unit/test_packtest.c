/* test_packtest.c — rule-pack testing and documentation (engine/packtest.c): expectation comments,
 * shn_pack_test on passing and failing packs, shn_pack_doc, shn_default_pack_dirs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "packtest.h"
#include "shinsa.h"
#include "testutil.h"

static void assert_contains(const char *hay, const char *needle) {
    if (!hay || !strstr(hay, needle)) fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static void write_file(const char *dir, const char *rel, const char *text) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_file(const char *dir, const char *rel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    unlink(path);
}

static const char *const PACK_YAML =
    "name: tp\nversion: 0.1.0\ndescription: テスト用 (test pack)\nrules: [word.lua, never.lua]\n";
static const char *const WORD_LUA =
    "return rule { id = 'tp.word', title = '押印 (seal)', severity = 'warning', principle = 'digital-completion',\n"
    "  analog_types = {'seal-signature'}, target = 'law.sentence', triggers = {'押印'}, description = 'd',\n"
    "  examples = { fire = {'押印しなければならない。'}, quiet = {'押印は要しない。'} },\n"
    "  check = function(unit, ctx)\n"
    "    if unit.text:find('押印しなければ', 1, true) then\n"
    "      ctx:report { message = 'seal', severity = unit.text:find('電子', 1, true) and 'info' or nil }\n"
    "    end\n"
    "  end }\n";
static const char *const NEVER_LUA =
    "return rule { id = 'tp.never', title = 'never', severity = 'info', principle = 'digital-completion',\n"
    "  target = 'law.sentence', triggers = {'存在しない語'}, description = 'd',\n"
    "  check = function(unit, ctx) ctx:report { message = 'x' } end }\n";
static const char *const FIXTURE_HEAD =
    "# strict: true\n"
    "shinsa: 1\n"
    "kind: law\n"
    "law: {title: 見本法, type: Act}\n"
    "provisions:\n"
    "  - article: \"1\"\n"
    "    paragraphs:\n"
    "      - num: 1\n"
    "        sentences:\n";

/* A pack "tp" in a fresh folder with the given fixture body (after FIXTURE_HEAD). */
static char *make_pack(const char *fixture_body) {
    char *dir = tu_tmpdir();
    assert_non_null(dir);
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/tests", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    write_file(dir, "pack.yaml", PACK_YAML);
    write_file(dir, "word.lua", WORD_LUA);
    write_file(dir, "never.lua", NEVER_LUA);
    char *fx = malloc(strlen(FIXTURE_HEAD) + strlen(fixture_body) + 1);
    assert_non_null(fx);
    strcpy(fx, FIXTURE_HEAD);
    strcat(fx, fixture_body);
    write_file(dir, "tests/a.yaml", fx);
    free(fx);
    return dir;
}

static void remove_pack(char *dir) {
    static const char *const files[] = {"pack.yaml", "word.lua", "never.lua", "tests/a.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) remove_file(dir, files[i]);
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/tests", dir);
    rmdir(sub);
    rmdir(dir);
    free(dir);
}

static shn_options quiet_options(void) {
    shn_options o;
    shn_options_init(&o);
    o.jobs = 1;
    return o;
}

/* Find the item whose message contains `needle`. */
static const shn_pack_test_item *find_item(const shn_pack_test_result *r, const char *needle) {
    for (size_t i = 0; i < r->n_items; i++)
        if (strstr(r->items[i].message, needle)) return &r->items[i];
    return NULL;
}

static void expect_parse_should_read_trailing_comments(void **state) {
    (void)state;
    const char *text = "# strict: true\n"
                       "# expect: doc.comment-lines-are-ignored\n"
                       "a: 1  # expect: p.one, p.two@info\n"
                       "b: 2\n"
                       "c: 3  # expect-not: p.three  # expect: p.four@error\n";
    shn_vec v = {0};
    int strict = 0;
    shn_error err = {0};
    assert_int_equal(shn__expect_parse("f.yaml", text, &v, &strict, &err), SHN_OK);
    assert_int_equal(strict, 1);
    assert_int_equal(v.n, 4);
    shn_expect **x = (shn_expect **)v.items;
    assert_string_equal(x[0]->rule, "p.one");
    assert_int_equal(x[0]->line, 3);
    assert_int_equal(x[0]->severity, -1);
    assert_string_equal(x[1]->rule, "p.two");
    assert_int_equal(x[1]->severity, SHN_SEV_INFO);
    assert_string_equal(x[2]->rule, "p.three");
    assert_int_equal(x[2]->negative, 1);
    assert_int_equal(x[2]->line, 5);
    assert_string_equal(x[3]->rule, "p.four");
    assert_int_equal(x[3]->severity, SHN_SEV_ERROR);
    assert_int_equal(x[3]->negative, 0);
    for (size_t i = 0; i < v.n; i++) shn__expect_free(v.items[i]);
    shn__vec_free(&v);
}

static void expect_parse_should_reject_unknown_severity(void **state) {
    (void)state;
    shn_vec v = {0};
    int strict = 0;
    shn_error err = {0};
    assert_int_equal(shn__expect_parse("f.yaml", "a: 1\nb: 2  # expect: p.x@fatal\n", &v, &strict, &err), SHN_E_PARSE);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.file, "f.yaml");
    assert_contains(err.message, "fatal");
    assert_int_equal(strict, 0);
    for (size_t i = 0; i < v.n; i++) shn__expect_free(v.items[i]);
    shn__vec_free(&v);
}

static void pack_test_should_pass_when_expectations_hold(void **state) {
    (void)state;
    char *dir = make_pack("          - 申請者は、押印しなければならない。  # expect: tp.word\n"
                          "          - 電子で押印しなければならない。  # expect: tp.word@info\n"
                          "          - 押印は要しない。  # expect-not: tp.word\n");
    shn_options o = quiet_options();
    shn_pack_test_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_pack_test(&o, dir, &r, &err), SHN_OK);
    assert_string_equal(r->pack, "tp");
    assert_int_equal(r->n_rules, 2);
    assert_int_equal(r->n_fixtures, 1);
    assert_int_equal(r->failed, 0);
    assert_int_equal(r->passed, 5);   /* 2 examples + 3 expectations */
    const shn_pack_test_item *it = find_item(r, "tp.never: no fixture");
    assert_non_null(it);
    assert_int_equal(it->level, SHN_SEV_WARNING);
    it = find_item(r, "dead rule: trigger 「存在しない語」");
    assert_non_null(it);
    assert_string_equal(it->rule, "tp.never");
    assert_null(find_item(r, "tp.word: no fixture"));
    assert_null(find_item(r, "tp.word: dead rule"));
    shn_pack_test_free(r);
    remove_pack(dir);
}

static void pack_test_should_report_each_failing_expectation(void **state) {
    (void)state;
    char *dir = make_pack("          - 申請者は、押印しなければならない。  # expect-not: tp.word\n"
                          "          - 電子で押印しなければならない。  # expect: tp.word@error\n"
                          "          - 押印は要しない。  # expect: tp.word\n"
                          "          - 届出者は、押印しなければならない。\n");
    shn_options o = quiet_options();
    shn_pack_test_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_pack_test(&o, dir, &r, &err), SHN_OK);
    assert_int_equal(r->failed, 4);
    assert_int_equal(r->passed, 2);   /* the examples */
    const shn_pack_test_item *it = find_item(r, "unexpected tp.word (warning) at ");
    assert_non_null(it);
    assert_int_equal(it->line, 10);
    assert_int_equal(it->level, SHN_SEV_ERROR);
    it = find_item(r, ":11: expected tp.word@error, got tp.word (info)");
    assert_non_null(it);
    it = find_item(r, ":12: expected tp.word, got none");
    assert_non_null(it);
    it = find_item(r, "/tests/a.yaml:13: seal");   /* strict: a finding on a line without expectation */
    assert_non_null(it);
    assert_contains(it->message, "unexpected tp.word (warning)");
    shn_pack_test_free(r);
    remove_pack(dir);
}

static void pack_test_should_fail_on_broken_examples_and_missing_pack(void **state) {
    (void)state;
    char *dir = make_pack("          - 押印しなければならない。  # expect: tp.word\n");
    /* a quiet example that fires */
    write_file(dir, "word.lua",
               "return rule { id = 'tp.word', title = 't', severity = 'warning', principle = 'digital-completion',\n"
               "  target = 'law.sentence', description = 'd', examples = { quiet = {'押印'} },\n"
               "  check = function(unit, ctx) ctx:report { message = 'always' } end }\n");
    shn_options o = quiet_options();
    shn_pack_test_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_pack_test(&o, dir, &r, &err), SHN_OK);
    assert_int_equal(r->failed, 1);
    assert_non_null(find_item(r, "quiet example 1"));
    shn_pack_test_free(r);
    remove_pack(dir);

    assert_int_equal(shn_pack_test(&o, "/nonexistent/shinsa-pack", &r, &err), SHN_OK);
    assert_null(r->pack);
    assert_int_equal(r->failed, 1);
    assert_int_equal(r->n_items, 1);
    assert_contains(r->items[0].message, "pack.yaml");
    shn_pack_test_free(r);
}

static void pack_test_should_pass_on_shipped_kpi_pack(void **state) {
    (void)state;
    shn_options o = quiet_options();
    shn_pack_test_result *r = NULL;
    shn_error err = {0};
    assert_int_equal(shn_pack_test(&o, tu_src("rules/kpi"), &r, &err), SHN_OK);
    assert_string_equal(r->pack, "kpi");
    assert_int_equal(r->failed, 0);
    assert_true(r->passed >= 10);
    assert_true(r->n_fixtures >= 1);
    shn_pack_test_free(r);
}

static void pack_doc_should_describe_rules_examples_and_fixtures(void **state) {
    (void)state;
    char *dir = make_pack("          - 押印しなければならない。  # expect: tp.word\n"
                          "          - 押印は要しない。  # expect-not: tp.word\n");
    shn_options o = quiet_options();
    char *md = NULL, *name = NULL, *row = NULL;
    shn_error err = {0};
    assert_int_equal(shn_pack_doc(&o, dir, &md, &name, &row, &err), SHN_OK);
    assert_string_equal(name, "tp");
    assert_contains(md, "# tp\n");
    assert_contains(md, "テスト用 (test pack)");
    assert_contains(md, "## tp.word\n");
    assert_contains(md, "| severity | warning |");
    assert_contains(md, "| analog types | `seal-signature` |");
    assert_contains(md, "| triggers | 「押印」 |");
    assert_contains(md, "| fixtures | 2 |");
    assert_contains(md, "> 押印しなければならない。\n");
    assert_contains(md, "| fixtures | 0 |");   /* tp.never */
    assert_null(strstr(md, dir));              /* no machine paths */
    assert_string_equal(row, "| [tp](tp.md) | 0.1.0 | 2 | テスト用 (test pack) |");
    /* deterministic */
    char *md2 = NULL, *name2 = NULL;
    assert_int_equal(shn_pack_doc(&o, dir, &md2, &name2, NULL, &err), SHN_OK);
    assert_string_equal(md, md2);
    shn_free(md); shn_free(name); shn_free(row); shn_free(md2); shn_free(name2);
    remove_pack(dir);

    memset(&err, 0, sizeof err);
    assert_int_not_equal(shn_pack_doc(&o, "/nonexistent/shinsa-pack", &md, &name, &row, &err), SHN_OK);
    assert_null(md);
    assert_null(name);
    assert_contains(err.file, "pack.yaml");
}

static void default_pack_dirs_should_list_packs_in_name_order(void **state) {
    (void)state;
    shn_options o;
    shn_options_init(&o);
    o.default_rules_dir = tu_src("rules");
    char **dirs = NULL;
    size_t n = 0;
    shn_error err = {0};
    assert_int_equal(shn_default_pack_dirs(&o, &dirs, &n, &err), SHN_OK);
    assert_true(n >= 2);
    int kpi = 0;
    for (size_t i = 0; i < n; i++) {
        if (strstr(dirs[i], "/rules/kpi")) kpi = 1;
        if (i) assert_true(strcmp(dirs[i - 1], dirs[i]) < 0);
    }
    assert_true(kpi);
    shn_pack_dirs_free(dirs, n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expect_parse_should_read_trailing_comments),
        cmocka_unit_test(expect_parse_should_reject_unknown_severity),
        cmocka_unit_test(pack_test_should_pass_when_expectations_hold),
        cmocka_unit_test(pack_test_should_report_each_failing_expectation),
        cmocka_unit_test(pack_test_should_fail_on_broken_examples_and_missing_pack),
        cmocka_unit_test(pack_test_should_pass_on_shipped_kpi_pack),
        cmocka_unit_test(pack_doc_should_describe_rules_examples_and_fixtures),
        cmocka_unit_test(default_pack_dirs_should_list_packs_in_name_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
