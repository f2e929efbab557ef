/* test_validate.c — validation of `kind: measures` and `kind: law` documents. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "result_int.h"
#include "validate.h"

typedef struct {
    shn_doc **docs;
    size_t ndocs;
    shn_diags diags;
    const char *kind;
    size_t errors;
} validated;

static validated run(const char *text) {
    validated v;
    memset(&v, 0, sizeof v);
    shn_error err;
    memset(&err, 0, sizeof err);
    shn_status st = shn__yaml_load("v.yaml", text, strlen(text), NULL, &v.docs, &v.ndocs, &err);
    if (st != SHN_OK) fail_msg("load failed: %d:%d %s", err.line, err.column, err.message);
    assert_int_equal(v.ndocs, 1);
    v.errors = shn__validate(v.docs[0], &v.kind, &v.diags);
    return v;
}

static void done(validated *v) {
    shn__diags_free(&v->diags);
    for (size_t i = 0; i < v->ndocs; i++) shn__doc_free(v->docs[i]);
    free(v->docs);
}

static size_t ndiags(const validated *v) { return v->diags.items.n; }

static const shn_diagnostic *diag(const validated *v, size_t i) {
    assert_true(i < v->diags.items.n);
    return v->diags.items.items[i];
}

static void dump(const validated *v) {
    for (size_t i = 0; i < ndiags(v); i++) {
        const shn_diagnostic *g = diag(v, i);
        print_message("  %s:%u:%u %s %s\n", g->file, g->line, g->column, shn_severity_name(g->level), g->message);
    }
}

/* Exactly one diagnostic, at line:col, of the given level, whose message contains `needle`. A macro, so
 * that a failure names the caller's line. */
#define assert_one(v, level_, line_, col_, needle)                                                    \
    do {                                                                                              \
        if (ndiags(v) != 1) dump(v);                                                                  \
        assert_int_equal(ndiags(v), 1);                                                               \
        const shn_diagnostic *g_ = diag(v, 0);                                                        \
        assert_string_equal(g_->file, "v.yaml");                                                      \
        assert_int_equal(g_->level, (level_));                                                        \
        assert_int_equal(g_->line, (line_));                                                          \
        assert_int_equal(g_->column, (col_));                                                         \
        if (!strstr(g_->message, (needle))) fail_msg("message \"%s\" lacks \"%s\"", g_->message, (needle)); \
        assert_null(g_->rule);                                                                        \
    } while (0)

/* MEASURES_OK and LAW_OK are also valid under engine/schema/measures.schema.json and law.schema.json. */
static const char *const MEASURES_OK =
    "# yaml-language-server: $schema=../engine/schema/measures.schema.json\n"
    "shinsa: 1\n"
    "kind: measures\n"
    "source: {title: 重点計画 施策集, date: 2024-06-21, period: {from: 2024, to: 2026}}\n"
    "as_of: \"2025-03-31\"\n"
    "measures:\n"
    "  - id: \"1-1\"\n"
    "    title: デジタル原則に照らした規制の一括見直し\n"
    "    summary: |\n"
    "      アナログ規制を見直す。\n"
    "    ministries: [{name: デジタル庁, lead: true}, {name: 総務省}]\n"
    "    articles:\n"
    "      - {law: 官民データ活用推進基本法, article: 11, paragraphs: [1, 2], role: primary}\n"
    "      - {law: デジタル社会形成基本法, article: \"17_3_3\", role: related}\n"
    "    kpi:\n"
    "      progress:\n"
    "        - 見直し対象条項数\n"
    "        - text: 見直し完了率\n"
    "          indicator: 完了した条項の割合\n"
    "          unit: \"%\"\n"
    "          baseline: {value: 0, year: 2022}\n"
    "          target: {value: 100, year: \"2024年度\"}\n"
    "          direction: increase\n"
    "          source: デジタル庁調べ\n"
    "      effect: []\n"
    "      unclassified: [利用者数]\n"
    "      deferred: \"KPIの設定時期：2025年度中\"\n"
    "    notes: 備考\n"
    "    tags: [規制改革, analog]\n"
    "    source_ref: seed-004:L7718\n"
    "  - id: 12\n"
    "    title: 行政手続のオンライン化\n";

static void validate_should_accept_a_complete_measures_document(void **state) {
    (void)state;
    validated v = run(MEASURES_OK);
    if (ndiags(&v)) dump(&v);
    assert_int_equal(ndiags(&v), 0);
    assert_int_equal(v.errors, 0);
    assert_non_null(v.kind);
    assert_string_equal(v.kind, "measures");
    done(&v);
}

static const char *const LAW_OK =
    "shinsa: 1\n"
    "kind: law\n"
    "law: {id: 347AC0000000057, num: 昭和四十七年法律第五十七号, title: 労働安全衛生法, type: Act,\n"
    "      as_of: 2025-05-28, source: {corpus: e-Gov, anything: [1, 2]}}\n"
    "provisions:\n"
    "  - chapter: \"5\"\n"
    "    title: 第五章　機械等並びに危険物及び有害物に関する規制\n"
    "    provisions:\n"
    "      - section: \"1\"\n"
    "        title: 第一節　機械等に関する規制\n"
    "        provisions:\n"
    "          - article: \"45\"\n"
    "            title: 第四十五条\n"
    "            caption: （定期自主検査）\n"
    "            paragraphs:\n"
    "              - num: 1\n"
    "                sentences: [\"事業者は、…定期に自主検査を行ない、…\"]\n"
    "                items:\n"
    "                  - num: 1\n"
    "                    title: 一\n"
    "                    sentences:\n"
    "                      - {num: 1, function: main, text: 本文。}\n"
    "                      - {num: 2, function: proviso, text: ただし、…, column: 1}\n"
    "                    items: [{num: 1, title: イ, items: [{num: \"1\", sentences: [x]}]}]\n"
    "              - num: 2\n"
    "                caption: （第二項）\n"
    "  - article: \"45_2\"\n"
    "    delete: true\n"
    "    hide: false\n"
    "  - paragraph: 1\n"
    "    sentences: [項建ての本文]\n"
    "suppl_provisions:\n"
    "  - amend_law_num: null\n"
    "    provisions: [{article: \"1\", paragraphs: [{num: 1, sentences: [施行する。]}]}]\n"
    "  - amend_law_num: 令和五年法律第六十三号\n"
    "    extract: true\n"
    "    provisions: [{paragraph: 1, sentences: [略]}]\n"
    "appendix_tables:\n"
    "  - num: \"1\"\n"
    "    title: 別表第一\n"
    "    related_article: （第二条関係）\n"
    "    rows: [[区分, 手数料], [登録, \"1000\"], [更新, ]]\n";

static void validate_should_accept_a_complete_law_document(void **state) {
    (void)state;
    validated v = run(LAW_OK);
    if (ndiags(&v)) dump(&v);
    assert_int_equal(ndiags(&v), 0);
    assert_int_equal(v.errors, 0);
    assert_string_equal(v.kind, "law");
    done(&v);
}

static void validate_should_accept_the_minimal_law_form(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: law\nlaw: {title: 〇〇市条例（案）}\n"
                      "provisions:\n  - article: 1\n    paragraphs: [{num: 1, sentences: [本文]}]\n");
    assert_int_equal(ndiags(&v), 0);
    assert_string_equal(v.kind, "law");
    done(&v);
}

/* The engine is a little more lenient than the JSON Schemas (which editors use): an optional field set to
 * null counts as absent, and a number is accepted where text is expected. */
static void validate_should_treat_null_optional_fields_as_absent(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: measures\nsource:\nmeasures:\n  - id: 1\n    title: 2024\n    summary: ~\n"
                      "    kpi: {effect: null, deferred: }\n");
    if (ndiags(&v)) dump(&v);
    assert_int_equal(ndiags(&v), 0);
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t, id: null}\nprovisions:\n  - article: 1\n    caption: null\n"
            "    paragraphs: [{num: 1, caption: ~}]\n");
    assert_int_equal(ndiags(&v), 0);
    done(&v);
    /* null where a value is required, or as a list entry, is still an error */
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - article: null\n");
    assert_one(&v, SHN_SEV_ERROR, 5, 5, "missing required field): article");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - article: 1\n"
            "    paragraphs: [{num: 1, sentences: [a, null]}]\n");
    assert_one(&v, SHN_SEV_ERROR, 6, 42, "expected a string or a mapping, got null");
    done(&v);
}

static void validate_should_ignore_documents_that_are_not_shinsa(void **state) {
    (void)state;
    const char *texts[] = {"- a\n- b\n", "just text\n", "apiVersion: v1\nkind: Deployment\n", "name: x\n",
                           "{}\n"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(texts); i++) {
        validated v = run(texts[i]);
        assert_null(v.kind);
        assert_int_equal(v.errors, 0);
        assert_int_equal(ndiags(&v), 0);
        done(&v);
    }
    shn_diags diags = {0};
    const char *kind = "x";
    assert_int_equal(shn__validate(NULL, &kind, &diags), 0);
    assert_null(kind);
}

static void validate_should_reject_an_unsupported_version(void **state) {
    (void)state;
    validated v = run("shinsa: 2\nkind: measures\nmeasures: []\n");
    assert_one(&v, SHN_SEV_ERROR, 1, 9, "unsupported schema version): 2 (expected 1)");
    assert_int_equal(v.errors, 1);
    assert_string_equal(v.kind, "measures");
    done(&v);
    v = run("shinsa: \"1\"\nkind: measures\nmeasures: []\n");
    assert_one(&v, SHN_SEV_ERROR, 1, 9, "unsupported schema version): \"1\"");
    done(&v);
}

static void validate_should_require_a_known_kind_when_shinsa_is_present(void **state) {
    (void)state;
    validated v = run("shinsa: 1\ntitle: x\n");
    assert_one(&v, SHN_SEV_ERROR, 1, 1, "missing required field): kind");
    assert_null(v.kind);
    assert_int_equal(v.errors, 1);
    done(&v);
    v = run("shinsa: 1\nkind: ordinance\n");
    assert_one(&v, SHN_SEV_ERROR, 2, 7, "unknown kind): ordinance");
    assert_null(v.kind);
    done(&v);
}

static void validate_should_require_shinsa_for_a_known_kind(void **state) {
    (void)state;
    validated v = run("kind: measures\nmeasures: []\n");
    assert_one(&v, SHN_SEV_ERROR, 1, 1, "必須の項目がありません (missing required field): shinsa");
    assert_string_equal(v.kind, "measures");
    done(&v);
}

static void validate_should_report_missing_required_fields_at_the_mapping(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: measures\nmeasures:\n  - title: x\n    summary: y\n");
    assert_one(&v, SHN_SEV_ERROR, 4, 5, "必須の項目がありません (missing required field): id");
    assert_int_equal(v.errors, 1);
    done(&v);
    v = run("shinsa: 1\nkind: measures\nmeasures:\n  - id: 1\n    title:\n");
    assert_one(&v, SHN_SEV_ERROR, 5, 5, "missing required field): title");
    done(&v);
    v = run("shinsa: 1\nkind: measures\n");
    assert_one(&v, SHN_SEV_ERROR, 1, 1, "missing required field): measures");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {num: x}\nprovisions: []\n");
    assert_one(&v, SHN_SEV_ERROR, 3, 6, "missing required field): title");
    done(&v);
}

static void validate_should_warn_about_unknown_keys(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: measures\nsource: {title: t, publisher: x}\nmeasures:\n"
                      "  - id: 1\n    title: x\n    foo: bar\n");
    assert_int_equal(ndiags(&v), 2);
    assert_int_equal(v.errors, 0);
    assert_string_equal(v.kind, "measures");
    const shn_diagnostic *g = diag(&v, 0);
    assert_int_equal(g->level, SHN_SEV_WARNING);
    assert_int_equal(g->line, 3);
    assert_int_equal(g->column, 20);
    assert_string_equal(g->message, "未知のキー (unknown key): publisher");
    g = diag(&v, 1);
    assert_int_equal(g->level, SHN_SEV_WARNING);
    assert_int_equal(g->line, 7);
    assert_int_equal(g->column, 5);
    assert_string_equal(g->message, "未知のキー (unknown key): foo");
    done(&v);
}

static void validate_should_report_wrong_types_at_the_node(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: measures\nmeasures:\n  - id: 1\n    title: x\n    kpi:\n      - a\n");
    assert_one(&v, SHN_SEV_ERROR, 7, 7, "型が違います (wrong type): expected a mapping, got a sequence");
    done(&v);
    v = run("shinsa: 1\nkind: measures\nmeasures: {id: 1}\n");
    assert_one(&v, SHN_SEV_ERROR, 3, 11, "expected a sequence, got a mapping");
    done(&v);
    v = run("shinsa: 1\nkind: measures\nmeasures:\n  - id: 1\n    title: x\n    ministries: [{name: 庁, lead: yes}]\n");
    assert_one(&v, SHN_SEV_ERROR, 6, 34, "expected a boolean (true or false), got a string");
    done(&v);
    v = run("shinsa: 1\nkind: measures\nmeasures:\n  - id: 1\n    title: true\n");
    assert_one(&v, SHN_SEV_ERROR, 5, 12, "expected a string, got a boolean");
    done(&v);
    v = run("shinsa: 1\nkind: measures\nmeasures:\n  -\n  - id: 1\n    title: x\n");
    assert_one(&v, SHN_SEV_ERROR, 4, 4, "expected a mapping, got null");
    done(&v);
    v = run("shinsa: 1\nkind: measures\nmeasures:\n  - id: 1\n    title: x\n"
            "    articles: [{law: 法, paragraphs: [1, \"2\", 三]}]\n");
    assert_int_equal(ndiags(&v), 2);
    assert_int_equal(diag(&v, 0)->column, 41);
    assert_string_equal(diag(&v, 0)->message, "型が違います (wrong type): expected an integer, got a string");
    assert_int_equal(diag(&v, 1)->column, 46);
    assert_int_equal(v.errors, 2);
    done(&v);
    v = run("shinsa: 1\nkind: measures\nmeasures:\n  - id: [1]\n    title: x\n");
    assert_one(&v, SHN_SEV_ERROR, 4, 9, "expected a string or an integer, got a sequence");
    done(&v);
}

static void validate_should_reject_bad_values(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: measures\nsource: {date: 2024/06/21}\nmeasures: []\n");
    assert_one(&v, SHN_SEV_ERROR, 3, 16, "invalid date, expected YYYY-MM-DD): 2024/06/21");
    done(&v);
    v = run("shinsa: 1\nkind: measures\nas_of: 2023-02-29\nmeasures: []\n");
    assert_one(&v, SHN_SEV_ERROR, 3, 8, "invalid date");
    done(&v);
    v = run("shinsa: 1\nkind: measures\nas_of: 2024-02-29\nmeasures:\n  - id: a\n    title: b\n"
            "    articles: [{law: 法, role: main}]\n");
    assert_one(&v, SHN_SEV_ERROR, 7, 31, "値が不正です (invalid value): \"main\" (expected one of primary, related)");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {id: 347ac0000000057, title: t}\nprovisions: []\n");
    assert_one(&v, SHN_SEV_ERROR, 3, 11, "invalid law id");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {id: 321CONSTITUTION, title: 日本国憲法}\nprovisions:\n"
            "  - article: 1\n    paragraphs:\n      - num: 1\n        sentences: [{function: other, text: x}]\n");
    assert_one(&v, SHN_SEV_ERROR, 8, 32, "\"other\" (expected one of main, proviso)");
    done(&v);
}

static void validate_should_classify_provision_entries(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - caption: x\n");
    assert_one(&v, SHN_SEV_ERROR, 5, 5, "expected one of the keys article, part, chapter");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - chapter: 1\n    section: 2\n");
    assert_one(&v, SHN_SEV_ERROR, 6, 5, "conflicting keys): chapter and section");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - chapter: 1\n    provisions:\n"
            "      - article: 2\n        paragraphs: [{sentences: [x]}]\n");
    assert_one(&v, SHN_SEV_ERROR, 8, 22, "missing required field): num");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - article: 1\n    paragraph: 1\n");
    assert_one(&v, SHN_SEV_ERROR, 6, 5, "conflicting keys): article and paragraph");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - paragraph: 1\n    sentences: [x]\n"
            "    article_title: y\n");
    assert_one(&v, SHN_SEV_WARNING, 7, 5, "unknown key): article_title");
    assert_int_equal(v.errors, 0);
    done(&v);
}

static void validate_should_check_sentences_and_tables(void **state) {
    (void)state;
    validated v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - article: 1\n    paragraphs:\n"
                      "      - num: 1\n        sentences:\n          - {num: 1, function: main}\n");
    assert_one(&v, SHN_SEV_ERROR, 9, 13, "missing required field): text");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions: []\nappendix_tables:\n"
            "  - rows: [[a, b], c]\n");
    assert_one(&v, SHN_SEV_ERROR, 6, 20, "expected a sequence, got a string");
    done(&v);
    v = run("shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions: []\nsuppl_provisions:\n"
            "  - {amend_law_num: x, extract: \"true\"}\n");
    assert_one(&v, SHN_SEV_ERROR, 6, 33, "expected a boolean (true or false), got a string");
    done(&v);
}

/* items nested `levels` deep inside one paragraph */
static char *nested_items(int levels) {
    shn_buf b = {0};
    shn__buf_puts(&b, "shinsa: 1\nkind: law\nlaw: {title: t}\nprovisions:\n  - article: 1\n    paragraphs:\n"
                      "      - num: 1\n        items:\n");
    for (int i = 0; i < levels; i++) {
        shn__buf_printf(&b, "%*s- num: %d\n", 10 + 4 * i, "", i + 1);
        if (i + 1 < levels) shn__buf_printf(&b, "%*sitems:\n", 12 + 4 * i, "");
    }
    return shn__buf_take(&b);
}

static void validate_should_limit_item_nesting_to_ten_levels(void **state) {
    (void)state;
    char *ten = nested_items(10), *eleven = nested_items(11);
    validated v = run(ten);
    if (ndiags(&v)) dump(&v);
    assert_int_equal(ndiags(&v), 0);
    done(&v);
    v = run(eleven);
    /* line 9 + 2 per level: the 11th item starts on line 29, column 10 + 4 * 10 + 3 */
    assert_one(&v, SHN_SEV_ERROR, 29, 53, "more than 10 levels of items");
    done(&v);
    free(ten);
    free(eleven);
}

static void validate_should_cap_repeated_diagnostics(void **state) {
    (void)state;
    shn_buf b = {0};
    shn__buf_puts(&b, "shinsa: 1\nkind: measures\nmeasures:\n  - &bad {id: 1}\n");
    for (int i = 0; i < 500; i++) shn__buf_puts(&b, "  - *bad\n");
    char *text = shn__buf_take(&b);
    validated v = run(text);
    assert_int_equal(v.errors, 501);
    assert_int_equal(ndiags(&v), 201);
    const shn_diagnostic *last = diag(&v, 200);
    assert_int_equal(last->level, SHN_SEV_ERROR);
    assert_int_equal(last->line, 4);
    assert_non_null(strstr(last->message, "too many problems: 301 more not shown, 301 of them errors"));
    done(&v);
    free(text);
}

static void validate_should_accept_json_documents(void **state) {
    (void)state;
    validated v = run("{\"shinsa\": 1, \"kind\": \"measures\", \"measures\": [\n"
                      "  {\"id\": \"2-3\", \"title\": \"t\", \"kpi\": {\"effect\": [{\"text\": \"x\", "
                      "\"target\": {\"value\": 10.5, \"year\": 2030}}]}},\n"
                      "  {\"id\": \"2-4\", \"title\": \"u\", \"ministries\": [{\"lead\": false}]}\n]}\n");
    assert_one(&v, SHN_SEV_ERROR, 3, 46, "missing required field): name");
    done(&v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validate_should_accept_a_complete_measures_document),
        cmocka_unit_test(validate_should_accept_a_complete_law_document),
        cmocka_unit_test(validate_should_accept_the_minimal_law_form),
        cmocka_unit_test(validate_should_treat_null_optional_fields_as_absent),
        cmocka_unit_test(validate_should_ignore_documents_that_are_not_shinsa),
        cmocka_unit_test(validate_should_reject_an_unsupported_version),
        cmocka_unit_test(validate_should_require_a_known_kind_when_shinsa_is_present),
        cmocka_unit_test(validate_should_require_shinsa_for_a_known_kind),
        cmocka_unit_test(validate_should_report_missing_required_fields_at_the_mapping),
        cmocka_unit_test(validate_should_warn_about_unknown_keys),
        cmocka_unit_test(validate_should_report_wrong_types_at_the_node),
        cmocka_unit_test(validate_should_reject_bad_values),
        cmocka_unit_test(validate_should_classify_provision_entries),
        cmocka_unit_test(validate_should_check_sentences_and_tables),
        cmocka_unit_test(validate_should_limit_item_nesting_to_ten_levels),
        cmocka_unit_test(validate_should_cap_repeated_diagnostics),
        cmocka_unit_test(validate_should_accept_json_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
