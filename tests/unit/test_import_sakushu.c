/* test_import_sakushu.c — the 施策集 TSV importer: measure count, ids, articles from the block headers,
 * ministries with lead, KPI splitting and deferral, HTML to text, quoted cells, bad input. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "import_sakushu.h"
#include "result_int.h"
#include "util.h"
#include "validate.h"

typedef struct {
    shn_doc **docs;
    size_t nd;
} imported;

static imported import_text(const char *text) {
    imported im = {0};
    shn_error err = {0};
    shn_status st = shn__sakushu_load("t.tsv", text, strlen(text), &im.docs, &im.nd, &err);
    if (st != SHN_OK) fail_msg("import: %u:%u %s", err.line, err.column, err.message);
    assert_int_equal(im.nd, 1);
    return im;
}

static imported import_seed(void) {
    char *buf;
    size_t len;
    shn_error err = {0};
    if (shn__read_file(tu_src("tests/fixtures/sakushu/sakushu-2023.tsv"), 1 << 24, &buf, &len, &err) != SHN_OK)
        fail_msg("read: %s", err.message);
    imported im = {0};
    shn_status st = shn__sakushu_load("sakushu-2023.tsv", buf, len, &im.docs, &im.nd, &err);
    free(buf);
    if (st != SHN_OK) fail_msg("import: %s", err.message);
    return im;
}

static void drop(imported *im) {
    for (size_t i = 0; i < im->nd; i++) shn__doc_free(im->docs[i]);
    free(im->docs);
}

static const shn_node *measures(const imported *im) {
    const shn_node *m = shn__map_get(im->docs[0]->root, "measures");
    assert_non_null(m);
    assert_int_equal(m->type, SHN_NODE_SEQ);
    return m;
}

static const shn_node *measure(const imported *im, const char *id) {
    const shn_node *m = measures(im);
    for (size_t i = 0; i < m->n; i++) {
        const char *v = shn__map_get_str(m->items[i], "id");
        if (v && !strcmp(v, id)) return m->items[i];
    }
    fail_msg("no measure %s", id);
    return NULL;
}

static const shn_node *path(const shn_node *n, const char *key, size_t index) {
    const shn_node *s = shn__map_get(n, key);
    assert_non_null(s);
    assert_true(index < s->n);
    return s->items[index];
}

/* The header rows of the seed's blocks, shortened to four article columns. */
#define HEAD                                                                                                   \
    "施策番号\t施策名\tKPI\t課題・取組概要\t官デ法第3章基本的施策の条（◎：主に該当するもの、○：連携するもの）\t\t" \
    "デジタル社会形成基本法第4章\t\t府省庁名\n"                                                                \
    "\t\t\t\t10条\t11条 1項 2項\t21条\t22条\t\n"

/* Seed 003 has 48 rows whose first cell matches ^[0-9]{2}-[0-9]{2} (`awk -F'\t' '$1 ~ /^[0-9][0-9]-[0-9][0-9]/'
 * counts 48): 03-01…03-02, 04-01…04-07, 06-10…06-30, 07-07, 08-01…08-06, 09-27…09-37. */
static void sakushu_should_import_every_measure_of_the_seed(void **state) {
    (void)state;
    imported im = import_seed();
    const shn_node *m = measures(&im);
    assert_int_equal(m->n, 48);
    assert_string_equal(shn__map_get_str(m->items[0], "id"), "03-01");
    assert_string_equal(shn__map_get_str(m->items[47], "id"), "09-37");
    assert_int_equal(m->items[0]->items[1]->style, SHN_STYLE_QUOTED);   /* id kept as a string */
    const shn_node *src = shn__map_get(im.docs[0]->root, "source");
    assert_string_equal(shn__map_get_str(src, "date"), "2023-06-09");
    drop(&im);
}

static void sakushu_should_produce_a_valid_measures_document(void **state) {
    (void)state;
    imported im = import_seed();
    shn_diags diags = {0};
    const char *kind = NULL;
    size_t errors = shn__validate(im.docs[0], &kind, &diags);
    for (size_t i = 0; i < diags.items.n; i++) {
        const shn_diagnostic *g = diags.items.items[i];
        print_message("%u:%u %s\n", g->line, g->column, g->message);
    }
    assert_string_equal(kind, "measures");
    assert_int_equal(errors, 0);
    assert_int_equal(diags.items.n, 0);
    shn__diags_free(&diags);
    drop(&im);
}

static void sakushu_should_split_ministries_and_mark_the_lead(void **state) {
    (void)state;
    imported im = import_seed();
    const shn_node *m = measure(&im, "03-01");
    const shn_node *ms = shn__map_get(m, "ministries");
    assert_int_equal(ms->n, 3);
    assert_string_equal(shn__map_get_str(ms->items[0], "name"), "総務省");
    assert_string_equal(shn__map_get_str(ms->items[0], "lead"), "true");
    assert_string_equal(shn__map_get_str(ms->items[2], "name"), "内閣府");
    assert_null(shn__map_get(ms->items[2], "lead"));
    /* 「総務省・デジタル庁・厚労省・経産省」 splits at 「・」 */
    assert_int_equal(shn__map_get(measure(&im, "06-22"), "ministries")->n, 4);
    /* a lone ◎ in the column before 「文部科学省」 is the lead mark, not an article */
    const shn_node *m31 = measure(&im, "09-31");
    assert_string_equal(shn__map_get_str(path(m31, "ministries", 0), "lead"), "true");
    assert_null(shn__map_get(m31, "articles"));
    drop(&im);
}

static void sakushu_should_map_marks_to_law_article_and_paragraphs(void **state) {
    (void)state;
    imported im = import_seed();
    const shn_node *a = shn__map_get(measure(&im, "08-03"), "articles");
    assert_int_equal(a->n, 4);
    assert_string_equal(shn__map_get_str(a->items[0], "law"), "官民データ活用推進基本法");
    assert_string_equal(shn__map_get_str(a->items[0], "article"), "11");
    const shn_node *ps = shn__map_get(a->items[0], "paragraphs");
    assert_int_equal(ps->n, 2);
    assert_string_equal(ps->items[0]->value, "1");
    assert_string_equal(ps->items[1]->value, "2");
    assert_string_equal(shn__map_get_str(a->items[0], "role"), "related");
    assert_string_equal(shn__map_get_str(a->items[3], "law"), "デジタル社会形成基本法");
    assert_string_equal(shn__map_get_str(a->items[3], "article"), "28");
    assert_string_equal(shn__map_get_str(a->items[3], "role"), "primary");
    /* 「15条 1項」 in the block whose header writes 「15条1項」 */
    const shn_node *b = path(measure(&im, "06-18"), "articles", 0);
    assert_string_equal(shn__map_get_str(b, "article"), "15");
    assert_int_equal(shn__map_get(b, "paragraphs")->n, 1);
    /* a mark past the header's columns is not guessed */
    const shn_node *n = shn__map_get(measure(&im, "09-35"), "notes");
    assert_non_null(n);
    assert_non_null(strstr(n->items[0]->value, "article mark outside"));
    drop(&im);
}

static void sakushu_should_split_kpis_and_recognise_deferral(void **state) {
    (void)state;
    imported im = import_seed();
    assert_null(shn__map_get(measure(&im, "03-01"), "kpi"));   /* 「—」 */
    assert_null(shn__map_get(measure(&im, "04-04"), "kpi"));   /* empty */
    const shn_node *k = shn__map_get(measure(&im, "06-11"), "kpi");
    assert_string_equal(shn__map_get_str(k, "deferred"), "KPIの設定時期：2023年度（令和5年度）末");
    assert_int_equal(shn__map_get(k, "unclassified")->n, 1);
    const shn_node *u = shn__map_get(shn__map_get(measure(&im, "04-02"), "kpi"), "unclassified");
    assert_int_equal(u->n, 4);
    assert_string_equal(u->items[3]->value, "APIリクエスト数（参考：2022年度（令和4年度）16,000,679件）");
    u = shn__map_get(shn__map_get(measure(&im, "06-23"), "kpi"), "unclassified");
    assert_int_equal(u->n, 6);   /* items separated only by the table's line breaks */
    u = shn__map_get(shn__map_get(measure(&im, "08-04"), "kpi"), "unclassified");
    assert_int_equal(u->n, 4);
    assert_string_equal(u->items[0]->value, "①地域の産学官金の関係者が一体となった支援コミュニティ拠点数（2023年度（令和5年度）見込：11拠点）");
    drop(&im);
}

static void sakushu_should_turn_html_into_lines(void **state) {
    (void)state;
    imported im = import_text(HEAD "01-01\t<b>題</b>名\t<ul><li>件数A</li><li>件数B &amp; C</li></ul>\t"
                                   "<p>- 一つ目。</p><p>- 二つ目。<br>続き</p>\t◎\t\t○\t\t◎省A、省B\n");
    const shn_node *m = measure(&im, "01-01");
    assert_string_equal(shn__map_get_str(m, "title"), "題名");
    assert_string_equal(shn__map_get_str(m, "summary"), "・一つ目。\n・二つ目。\n続き");
    const shn_node *u = shn__map_get(shn__map_get(m, "kpi"), "unclassified");
    assert_int_equal(u->n, 2);
    assert_string_equal(u->items[1]->value, "件数B & C");
    const shn_node *a = shn__map_get(m, "articles");
    assert_int_equal(a->n, 2);
    assert_string_equal(shn__map_get_str(a->items[0], "article"), "10");
    assert_string_equal(shn__map_get_str(a->items[1], "law"), "デジタル社会形成基本法");
    assert_string_equal(shn__map_get_str(a->items[1], "article"), "21");
    assert_string_equal(shn__map_get_str(a->items[1], "role"), "related");
    drop(&im);
}

static void sakushu_should_read_quoted_cells_with_tabs_and_newlines(void **state) {
    (void)state;
    imported im = import_text(HEAD "01-02\t\"題\t名\"\t\"指標A\n指標\"\"B\"\"\"\t概要\t\t\t\t\t◎省\n");
    const shn_node *m = measure(&im, "01-02");
    assert_string_equal(shn__map_get_str(m, "title"), "題 名");
    const shn_node *u = shn__map_get(shn__map_get(m, "kpi"), "unclassified");
    assert_int_equal(u->n, 2);
    assert_string_equal(u->items[1]->value, "指標\"B\"");
    assert_string_equal(shn__map_get_str(path(m, "ministries", 0), "name"), "省");
    drop(&im);
}

static void sakushu_should_refuse_input_without_measures_or_bad_utf8(void **state) {
    (void)state;
    shn_doc **docs = (shn_doc **)1;
    size_t nd = 7;
    shn_error err = {0};
    assert_int_equal(shn__sakushu_load("x.tsv", HEAD, strlen(HEAD), &docs, &nd, &err), SHN_E_PARSE);
    assert_null(docs);
    assert_int_equal(nd, 0);
    assert_non_null(strstr(err.message, "no measure rows"));
    const char bad[] = "01-01\tA\n01-02\t\xff\n";
    assert_int_equal(shn__sakushu_load("x.tsv", bad, sizeof bad - 1, &docs, &nd, &err), SHN_E_PARSE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 7);
    /* ragged rows, a lone quote, no header: still a document, never a crash */
    const char odd[] = "01-01\n01-02\t\"unterminated\n\t\t\t\t◎\t◎\n";
    assert_int_equal(shn__sakushu_load("x.tsv", odd, sizeof odd - 1, &docs, &nd, &err), SHN_OK);
    assert_int_equal(nd, 1);
    shn__doc_free(docs[0]);
    free(docs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sakushu_should_import_every_measure_of_the_seed),
        cmocka_unit_test(sakushu_should_produce_a_valid_measures_document),
        cmocka_unit_test(sakushu_should_split_ministries_and_mark_the_lead),
        cmocka_unit_test(sakushu_should_map_marks_to_law_article_and_paragraphs),
        cmocka_unit_test(sakushu_should_split_kpis_and_recognise_deferral),
        cmocka_unit_test(sakushu_should_turn_html_into_lines),
        cmocka_unit_test(sakushu_should_read_quoted_cells_with_tabs_and_newlines),
        cmocka_unit_test(sakushu_should_refuse_input_without_measures_or_bad_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
