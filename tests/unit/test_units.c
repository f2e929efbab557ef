/* test_units.c — checkable units of law and measures documents: order, addresses, citations, context,
 * locating matches, example units, law ids from paths. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "unit.h"
#include "util.h"

typedef struct {
    shn_doc **docs;
    size_t nd;
    shn_unit_list l;
    shn_unit_opts opt;
} fixture;

static void load(fixture *f, const char *file, const char *yaml, const char *law_id) {
    memset(f, 0, sizeof *f);
    shn_error err = {0};
    shn_status st = shn__yaml_load(file, yaml, strlen(yaml), NULL, &f->docs, &f->nd, &err);
    if (st != SHN_OK) fail_msg("yaml: %s:%u:%u %s", err.file, err.line, err.column, err.message);
    assert_int_equal(f->nd, 1);
    f->opt.law_id = law_id;
    st = shn__units_build(f->docs[0], file, &f->opt, &f->l, &err);
    if (st != SHN_OK) fail_msg("units: %s", err.message);
}

static void unload(fixture *f) {
    shn__units_free(&f->l);
    for (size_t i = 0; i < f->nd; i++) shn__doc_free(f->docs[i]);
    free(f->docs);
}

/* The unit whose address string is `addr` (fails when absent). */
static const shn_unit *by_addr(const fixture *f, const char *addr) {
    for (size_t i = 0; i < f->l.n; i++)
        if (strcmp(f->l.items[i]->address_str, addr) == 0) return f->l.items[i];
    fail_msg("no unit %s", addr);
    return NULL;
}

static const char LAW[] =
    "shinsa: 1\n"
    "kind: law\n"
    "law: {id: 347AC0000000057, num: 昭和四十七年法律第五十七号, title: 労働安全衛生法, type: Act, as_of: 2025-05-28}\n"
    "provisions:\n"
    "  - chapter: \"7_3\"\n"
    "    title: 第七章の三　検査\n"
    "    provisions:\n"
    "      - article: \"45\"\n"
    "        caption: （定期自主検査）\n"
    "        paragraphs:\n"
    "          - num: 1\n"
    "            sentences:\n"
    "              - {num: 1, function: main, text: 事業者は、定期に自主検査を行わなければならない。}\n"
    "              - {num: 2, function: proviso, text: ただし、この限りでない。}\n"
    "            items:\n"
    "              - num: \"1\"\n"
    "                title: 一\n"
    "                sentences: [ボイラー]\n"
    "              - num: \"4_2\"\n"
    "                title: 四の二\n"
    "                sentences: [クレーン]\n"
    "                items:\n"
    "                  - num: \"1\"\n"
    "                    title: イ\n"
    "                    sentences: [移動式]\n"
    "                    items:\n"
    "                      - num: \"3\"\n"
    "                        title: (3)\n"
    "                        sentences: [小型]\n"
    "          - num: 2\n"
    "            sentences: [前項の検査は、目視により行う。]\n"
    "  - article: \"17_3_3\"\n"
    "    paragraphs:\n"
    "      - sentences: [\"事業者は、書面を掲示する。\"]\n"
    "        items:\n"
    "          - {num: \"2\", sentences: [第二号の文。]}\n"
    "          - {num: \"3\", sentences: [第三号の文。], items: [{num: \"2\", sentences: [ロの文。]}]}\n"
    "suppl_provisions:\n"
    "  - provisions:\n"
    "      - article: \"1\"\n"
    "        paragraphs: [{num: 1, sentences: [この法律は、公布の日から施行する。]}]\n"
    "  - amend_law_num: 令和五年法律第六十三号\n"
    "    extract: true\n"
    "    provisions:\n"
    "      - paragraph: 2\n"
    "        sentences: [改正附則の文。]\n"
    "appendix_tables:\n"
    "  - num: \"1\"\n"
    "    title: 別表第一\n"
    "    related_article: （第四十五条関係）\n"
    "    rows:\n"
    "      - [区分, 検査方法]\n"
    "      - [ボイラー, \"\"]\n"
    "      - [クレーン, 目視]\n"
    "  - num: \"2\"\n"
    "    rows: [[手数料]]\n";

typedef struct { const char *kind, *addr, *citation, *text; } expect;

static void law_units_should_come_in_document_order_with_addresses_and_citations(void **state) {
    (void)state;
    static const expect want[] = {
        {"law.document", "347AC0000000057#", "労働安全衛生法", "労働安全衛生法"},
        {"law.article", "347AC0000000057#main:45:::", "第四十五条",
         "事業者は、定期に自主検査を行わなければならない。ただし、この限りでない。ボイラークレーン移動式小型"
         "前項の検査は、目視により行う。"},
        {"law.sentence", "347AC0000000057#main:45:1::1", "第四十五条第一項",
         "事業者は、定期に自主検査を行わなければならない。"},
        {"law.sentence", "347AC0000000057#main:45:1::2", "第四十五条第一項", "ただし、この限りでない。"},
        {"law.sentence", "347AC0000000057#main:45:1:1:1", "第四十五条第一項第一号", "ボイラー"},
        {"law.sentence", "347AC0000000057#main:45:1:4_2:1", "第四十五条第一項第四号の二", "クレーン"},
        {"law.sentence", "347AC0000000057#main:45:1:4_2/1:1", "第四十五条第一項第四号の二イ", "移動式"},
        {"law.sentence", "347AC0000000057#main:45:1:4_2/1/3:1", "第四十五条第一項第四号の二イ(3)", "小型"},
        {"law.sentence", "347AC0000000057#main:45:2::1", "第四十五条第二項", "前項の検査は、目視により行う。"},
        {"law.article", "347AC0000000057#main:17_3_3:::", "第十七条の三の三",
         "事業者は、書面を掲示する。第二号の文。第三号の文。ロの文。"},
        {"law.sentence", "347AC0000000057#main:17_3_3:1::1", "第十七条の三の三第一項", "事業者は、書面を掲示する。"},
        {"law.sentence", "347AC0000000057#main:17_3_3:1:2:1", "第十七条の三の三第一項第二号", "第二号の文。"},
        {"law.sentence", "347AC0000000057#main:17_3_3:1:3:1", "第十七条の三の三第一項第三号", "第三号の文。"},
        {"law.sentence", "347AC0000000057#main:17_3_3:1:3/2:1", "第十七条の三の三第一項第三号2", "ロの文。"},
        {"law.article", "347AC0000000057#suppl:1:::", "附則第一条", "この法律は、公布の日から施行する。"},
        {"law.sentence", "347AC0000000057#suppl:1:1::1", "附則第一条第一項", "この法律は、公布の日から施行する。"},
        {"law.sentence", "347AC0000000057#suppl:令和五年法律第六十三号::2::1", "附則（令和五年法律第六十三号）第二項",
         "改正附則の文。"},
        {"law.sentence", "347AC0000000057#別表第一::::1", "別表第一", "区分"},
        {"law.sentence", "347AC0000000057#別表第一::::2", "別表第一", "検査方法"},
        {"law.sentence", "347AC0000000057#別表第一::::3", "別表第一", "ボイラー"},
        {"law.sentence", "347AC0000000057#別表第一::::4", "別表第一", "クレーン"},
        {"law.sentence", "347AC0000000057#別表第一::::5", "別表第一", "目視"},
        {"law.sentence", "347AC0000000057#別表第二::::1", "別表第二", "手数料"},
    };
    fixture f;
    load(&f, "laws/anzen.yaml", LAW, NULL);
    assert_int_equal(f.l.n, SHN__ARRAY_LEN(want));
    for (size_t i = 0; i < f.l.n; i++) {
        const shn_unit *u = f.l.items[i];
        assert_int_equal(u->index, i);
        assert_string_equal(u->kind, want[i].kind);
        assert_string_equal(u->address_str, want[i].addr);
        assert_string_equal(u->citation, want[i].citation);
        assert_string_equal(u->text, want[i].text);
        assert_int_equal(u->text_cps, shn__utf8_len(u->text, strlen(u->text)));
        assert_string_equal(u->file, "laws/anzen.yaml");
        assert_string_equal(u->addr.kind, "law");
        assert_string_equal(u->addr.law_id, "347AC0000000057");
    }
    assert_string_equal(f.opt.as_of, "2025-05-28");
    unload(&f);
}

static void law_units_should_fill_address_fields(void **state) {
    (void)state;
    fixture f;
    load(&f, "laws/anzen.yaml", LAW, NULL);
    const shn_unit *doc = f.l.items[0];
    assert_null(doc->addr.provision);
    assert_null(doc->addr.article);
    assert_int_equal(doc->addr.sentence, 0);
    assert_ptr_equal(doc->data, f.docs[0]->root);

    const shn_unit *art = by_addr(&f, "347AC0000000057#main:45:::");
    assert_string_equal(art->addr.provision, "main");
    assert_string_equal(art->addr.article, "45");
    assert_null(art->addr.paragraph);
    assert_null(art->addr.item);
    assert_int_equal(art->addr.sentence, 0);

    const shn_unit *sub = by_addr(&f, "347AC0000000057#main:45:1:4_2/1/3:1");
    assert_string_equal(sub->addr.provision, "main");
    assert_string_equal(sub->addr.article, "45");
    assert_string_equal(sub->addr.paragraph, "1");
    assert_string_equal(sub->addr.item, "4_2/1/3");
    assert_int_equal(sub->addr.sentence, 1);
    assert_null(sub->addr.table);

    const shn_unit *amend = by_addr(&f, "347AC0000000057#suppl:令和五年法律第六十三号::2::1");
    assert_string_equal(amend->addr.provision, "suppl:令和五年法律第六十三号");
    assert_null(amend->addr.article);
    assert_string_equal(amend->addr.paragraph, "2");

    const shn_unit *cell = by_addr(&f, "347AC0000000057#別表第一::::5");
    assert_string_equal(cell->addr.table, "別表第一");
    assert_string_equal(cell->addr.provision, "main");   /* never null: the contract says a value */
    assert_null(cell->addr.article);
    assert_null(cell->addr.paragraph);
    assert_int_equal(cell->addr.sentence, 5);
    assert_string_equal(shn__unit_ctx(cell, "paragraph_text"), "クレーン\t目視");
    assert_string_equal(shn__unit_ctx(cell, "related_article"), "（第四十五条関係）");
    assert_string_equal(by_addr(&f, "347AC0000000057#別表第二::::1")->addr.table, "別表第二");
    unload(&f);
}

static void law_sentence_context_should_describe_surroundings(void **state) {
    (void)state;
    fixture f;
    load(&f, "laws/anzen.yaml", LAW, NULL);
    const shn_unit *proviso = by_addr(&f, "347AC0000000057#main:45:1::2");
    assert_string_equal(shn__unit_ctx(proviso, "law_title"), "労働安全衛生法");
    assert_string_equal(shn__unit_ctx(proviso, "law_type"), "Act");
    assert_string_equal(shn__unit_ctx(proviso, "chapter_title"), "第七章の三　検査");
    assert_string_equal(shn__unit_ctx(proviso, "article_caption"), "（定期自主検査）");
    assert_string_equal(shn__unit_ctx(proviso, "function"), "proviso");
    assert_string_equal(shn__unit_ctx(proviso, "paragraph_text"),
                        "事業者は、定期に自主検査を行わなければならない。ただし、この限りでない。"
                        "ボイラークレーン移動式小型");
    assert_string_equal(shn__unit_ctx(proviso, "article_text"), by_addr(&f, "347AC0000000057#main:45:::")->text);
    assert_string_equal(shn__unit_ctx(by_addr(&f, "347AC0000000057#main:45:1::1"), "function"), "main");
    assert_string_equal(shn__unit_ctx(by_addr(&f, "347AC0000000057#main:45:2::1"), "paragraph_text"),
                        "前項の検査は、目視により行う。");
    assert_null(shn__unit_ctx(proviso, "no_such_key"));

    /* Outside any division the chapter title is empty; the article unit has no function. */
    const shn_unit *art = by_addr(&f, "347AC0000000057#main:17_3_3:::");
    assert_string_equal(shn__unit_ctx(art, "chapter_title"), "");
    assert_string_equal(shn__unit_ctx(art, "article_caption"), "");
    assert_null(shn__unit_ctx(art, "function"));
    assert_string_equal(shn__unit_ctx(art, "article_text"), art->text);
    const shn_unit *doc = f.l.items[0];
    assert_string_equal(shn__unit_ctx(doc, "law_title"), "労働安全衛生法");
    unload(&f);
}

static void law_units_should_number_sentences_by_position_without_num(void **state) {
    (void)state;
    static const char yaml[] =
        "kind: law\n"
        "law: {id: 405AC0000000088, title: 行政手続法}\n"
        "provisions:\n"
        "  - article: \"3_2\"\n"
        "    paragraphs:\n"
        "      - sentences: [一文目。, {function: proviso, text: ただし書。}, 三文目。]\n"
        "        items:\n"
        "          - {num: \"1\", title: 一, sentences: [号の一文目。, 号の二文目。]}\n"
        "      - sentences: [第二項。]\n";
    fixture f;
    load(&f, "x.yaml", yaml, NULL);
    assert_int_equal(f.l.n, 8);
    assert_string_equal(f.l.items[2]->address_str, "405AC0000000088#main:3_2:1::1");
    assert_string_equal(f.l.items[3]->address_str, "405AC0000000088#main:3_2:1::2");
    assert_string_equal(shn__unit_ctx(f.l.items[3], "function"), "proviso");
    assert_string_equal(f.l.items[3]->citation, "第三条の二第一項");
    assert_string_equal(f.l.items[4]->address_str, "405AC0000000088#main:3_2:1::3");
    assert_string_equal(f.l.items[5]->address_str, "405AC0000000088#main:3_2:1:1:1");
    assert_string_equal(f.l.items[6]->address_str, "405AC0000000088#main:3_2:1:1:2");
    assert_string_equal(f.l.items[6]->citation, "第三条の二第一項第一号");
    assert_string_equal(f.l.items[7]->address_str, "405AC0000000088#main:3_2:2::1");
    assert_string_equal(f.l.items[7]->citation, "第三条の二第二項");
    unload(&f);
}

static void law_units_should_handle_paragraph_only_laws(void **state) {
    (void)state;
    static const char yaml[] =
        "kind: law\n"
        "law: {id: 321AC0000000001, title: 項建ての法}\n"
        "provisions:\n"
        "  - paragraph: 1\n"
        "    sentences: [第一項の文。]\n"
        "  - paragraph: 2\n"
        "    caption: （見出し）\n"
        "    sentences: [第二項の文。]\n"
        "    items: [{num: \"1\", sentences: [号の文。]}]\n";
    fixture f;
    load(&f, "x.yaml", yaml, NULL);
    assert_int_equal(f.l.n, 4);
    for (size_t i = 1; i < f.l.n; i++) {
        assert_string_equal(f.l.items[i]->kind, "law.sentence");
        assert_null(f.l.items[i]->addr.article);
    }
    assert_string_equal(f.l.items[1]->address_str, "321AC0000000001#main::1::1");
    assert_string_equal(f.l.items[1]->citation, "第一項");
    assert_string_equal(f.l.items[2]->address_str, "321AC0000000001#main::2::1");
    assert_string_equal(f.l.items[2]->citation, "第二項");
    assert_string_equal(shn__unit_ctx(f.l.items[2], "article_caption"), "（見出し）");
    assert_string_equal(f.l.items[3]->address_str, "321AC0000000001#main::2:1:1");
    assert_string_equal(f.l.items[3]->citation, "第二項第一号");
    assert_string_equal(shn__unit_ctx(f.l.items[3], "paragraph_text"), "第二項の文。号の文。");
    unload(&f);
}

static void law_units_should_take_the_law_id_from_options_then_path(void **state) {
    (void)state;
    static const char yaml[] =
        "kind: law\n"
        "law: {title: 法}\n"
        "provisions: [{article: \"1\", paragraphs: [{sentences: [文。]}]}]\n";
    fixture f;
    load(&f, "laws/347/347AC0000000057/current.yaml", yaml, NULL);
    assert_string_equal(f.l.items[2]->addr.law_id, "347AC0000000057");
    assert_string_equal(f.l.items[2]->address_str, "347AC0000000057#main:1:1::1");
    unload(&f);

    load(&f, "laws/347/347AC0000000057/current.yaml", yaml, "405AC0000000088");
    assert_string_equal(f.l.items[2]->address_str, "405AC0000000088#main:1:1::1");
    unload(&f);

    /* No id anywhere: the file as given stands in, backslashes and all. */
    load(&f, "drafts\\案.yaml", yaml, NULL);
    assert_null(f.l.items[0]->addr.law_id);
    assert_string_equal(f.l.items[0]->address_str, "drafts\\案.yaml#");
    assert_string_equal(f.l.items[2]->address_str, "drafts\\案.yaml#main:1:1::1");
    assert_string_equal(f.l.items[2]->file, "drafts\\案.yaml");
    unload(&f);
}

static void law_units_should_accept_articles_without_paragraphs_and_skip_deleted_text(void **state) {
    (void)state;
    static const char yaml[] =
        "kind: law\n"
        "law: {id: 347AC0000000057, title: 法}\n"
        "provisions:\n"
        "  - article: \"38:84\"\n"
        "    delete: true\n"
        "    paragraphs: [{sentences: [削除]}]\n"
        "  - article: \"2\"\n"
        "    sentences: [段落なしの文。]\n"
        "  - article: \"3\"\n"
        "    paragraphs: [{sentences: [\"\", 二番目。]}]\n";
    fixture f;
    load(&f, "x.yaml", yaml, NULL);
    assert_int_equal(f.l.n, 7);
    assert_string_equal(f.l.items[1]->citation, "第三十八条から第八十四条まで");
    assert_string_equal(f.l.items[2]->citation, "第三十八条から第八十四条まで第一項");
    assert_string_equal(f.l.items[4]->address_str, "347AC0000000057#main:2:1::1");
    assert_string_equal(f.l.items[4]->text, "段落なしの文。");
    /* The empty first sentence gives no unit but keeps its number. */
    assert_string_equal(f.l.items[6]->address_str, "347AC0000000057#main:3:1::2");
    unload(&f);
}

static void law_units_should_bound_deep_nesting(void **state) {
    (void)state;
    shn_buf b = {0};
    shn__buf_puts(&b, "kind: law\nlaw: {id: 347AC0000000057, title: 法}\nprovisions:\n");
    /* 12 nested chapters in flow style, an article inside each level. */
    for (int i = 0; i < 12; i++)
        shn__buf_printf(&b, "%*s- chapter: \"%d\"\n%*s  provisions:\n%*s  - article: \"%d\"\n"
                            "%*s    paragraphs: [{sentences: [章%dの文。]}]\n",
                        i * 2 + 2, "", i + 1, i * 2 + 2, "", i * 2 + 2, "", i + 1, i * 2 + 2, "", i + 1);
    /* 15 nested items in the article of the outermost chapter would need more YAML; use a second law. */
    fixture f;
    load(&f, "deep.yaml", b.data, NULL);
    shn__buf_free(&b);
    /* Divisions nest at most 8 deep: articles 1..8 (each an article unit and a sentence unit). */
    assert_int_equal(f.l.n, 1 + 8 * 2);
    assert_string_equal(f.l.items[f.l.n - 1]->address_str, "347AC0000000057#main:8:1::1");
    assert_string_equal(shn__unit_ctx(f.l.items[f.l.n - 1], "chapter_title"), "第八章");
    unload(&f);

    shn__buf_puts(&b, "kind: law\nlaw: {id: 347AC0000000057, title: 法}\n"
                      "provisions: [{article: \"1\", paragraphs: [{items: ");
    for (int i = 0; i < 15; i++) shn__buf_printf(&b, "[{num: \"%d\", sentences: [深さ%d], items: ", i + 1, i + 1);
    shn__buf_puts(&b, "[]");
    for (int i = 0; i < 15; i++) shn__buf_puts(&b, "}]");
    shn__buf_puts(&b, "}]}]\n");
    load(&f, "deep.yaml", b.data, NULL);
    shn__buf_free(&b);
    /* Items with sub-items nest at most 11 deep (Item, Subitem1..Subitem10). */
    assert_int_equal(f.l.n, 1 + 1 + 11);
    assert_string_equal(f.l.items[f.l.n - 1]->addr.item, "1/2/3/4/5/6/7/8/9/10/11");
    assert_string_equal(f.l.items[f.l.n - 1]->citation, "第一条第一項第一号234567891011");
    unload(&f);
}

static void law_units_should_share_aliased_nodes_without_trouble(void **state) {
    (void)state;
    static const char yaml[] =
        "kind: law\n"
        "law: {id: 347AC0000000057, title: 法}\n"
        "provisions:\n"
        "  - &a {article: \"1\", paragraphs: [{sentences: [同じ文。]}]}\n"
        "  - *a\n"
        "  - *a\n";
    fixture f;
    load(&f, "x.yaml", yaml, NULL);
    assert_int_equal(f.l.n, 7);
    assert_string_equal(f.l.items[6]->text, "同じ文。");
    unload(&f);
}

static void units_build_should_refuse_text_multiplied_by_aliases(void **state) {
    (void)state;
    shn_buf b = {0};
    shn__buf_puts(&b, "kind: law\nlaw: {id: 347AC0000000057, title: 法}\nbig: &s ");
    for (int i = 0; i < 350000; i++) shn__buf_puts(&b, "あ");   /* about 1 MiB */
    shn__buf_puts(&b, "\nprovisions: [{article: \"1\", paragraphs: [{sentences: [");
    for (int i = 0; i < 100; i++) shn__buf_puts(&b, i ? ", *s" : "*s");
    shn__buf_puts(&b, "]}]}]\n");
    shn_doc **docs;
    size_t nd;
    shn_error err = {0};
    assert_int_equal(shn__yaml_load("big.yaml", b.data, b.len, NULL, &docs, &nd, &err), SHN_OK);
    shn__buf_free(&b);
    shn_unit_list l;
    assert_int_equal(shn__units_build(docs[0], "big.yaml", NULL, &l, &err), SHN_E_LIMIT);
    assert_int_equal(l.n, 0);
    assert_null(l.items);
    assert_non_null(strstr(err.message, "limit"));
    shn__doc_free(docs[0]);
    free(docs);
}

static void units_build_should_tolerate_odd_shapes(void **state) {
    (void)state;
    static const char *const docs_text[] = {
        "kind: law\n",
        "kind: law\nlaw: 5\nprovisions: 5\nsuppl_provisions: x\nappendix_tables: {a: b}\n",
        "kind: law\nprovisions: [1, [2], {article: [x]}, {chapter: {a: b}, provisions: 7},\n"
        "  {article: \"1\", paragraphs: [x, [y], {num: z, sentences: [[1], {text: [2]}, {num: -3, text: 文}],\n"
        "   items: [1, {items: {a: b}}, {num: [1], title: [2], sentences: 3}]}]}]\n"
        "suppl_provisions: [1, {amend_law_num: [x], provisions: {paragraph: x, sentences: [附]}}]\n"
        "appendix_tables: [1, {rows: [1, [[a, {text: b}], {sentences: [c, {text: d}]}, {sentences: e}, {x: 1}]]}]\n",
        "kind: measures\n",
        "kind: measures\nsource: 1\nmeasures: [1, {}, {id: [x], title: [y], kpi: 3},\n"
        "  {id: a, kpi: {progress: 文, effect: {indicator: 指標}, unclassified: [[1], {}, ~]}}]\n",
    };
    static const size_t counts[] = {1, 1, 10, 1, 9};
    for (size_t i = 0; i < SHN__ARRAY_LEN(docs_text); i++) {
        fixture f;
        load(&f, "odd.yaml", docs_text[i], NULL);
        if (f.l.n != counts[i]) fail_msg("document %zu: %zu units", i, f.l.n);
        for (size_t k = 0; k < f.l.n; k++) {
            unsigned l, c, el, ec;
            shn__unit_locate(f.l.items[k], 0, 3, &l, &c, &el, &ec);
            assert_true(l >= 1);
        }
        unload(&f);
    }
}

static const char MEASURES[] =
    "shinsa: 1\n"
    "kind: measures\n"
    "source: {title: 重点計画 施策集, date: 2024-06-21}\n"
    "measures:\n"
    "  - id: \"1-1\"\n"
    "    title: 施策名\n"
    "    summary: 概要です。\n"
    "    kpi:\n"
    "      progress: [進捗指標A, {text: 進捗指標B, indicator: x}]\n"
    "      effect: [{text: 効果指標}]\n"
    "      unclassified: [その他]\n"
    "      deferred: \"KPIの設定時期：2025年度中\"\n"
    "  - id: \"03-01\"\n"
    "    title: 二つ目\n";

static void measure_units_should_come_in_order_with_paths_and_citations(void **state) {
    (void)state;
    static const expect want[] = {
        {"measures.document", "plan/m.yaml#", "重点計画 施策集", "重点計画 施策集"},
        {"measure", "plan/m.yaml#1-1", "施策 1-1", "施策名\n概要です。"},
        {"measure.kpi", "plan/m.yaml#1-1:kpi.progress[0]", "施策 1-1 KPI（進捗）1", "進捗指標A"},
        {"measure.kpi", "plan/m.yaml#1-1:kpi.progress[1]", "施策 1-1 KPI（進捗）2", "進捗指標B"},
        {"measure.kpi", "plan/m.yaml#1-1:kpi.effect[0]", "施策 1-1 KPI（効果）1", "効果指標"},
        {"measure.kpi", "plan/m.yaml#1-1:kpi.unclassified[0]", "施策 1-1 KPI（分類なし）1", "その他"},
        {"measure", "plan/m.yaml#03-01", "施策 03-01", "二つ目"},
    };
    fixture f;
    load(&f, "plan/m.yaml", MEASURES, NULL);
    assert_int_equal(f.l.n, SHN__ARRAY_LEN(want));
    for (size_t i = 0; i < f.l.n; i++) {
        const shn_unit *u = f.l.items[i];
        assert_string_equal(u->kind, want[i].kind);
        assert_string_equal(u->address_str, want[i].addr);
        assert_string_equal(u->citation, want[i].citation);
        assert_string_equal(u->text, want[i].text);
        assert_non_null(u->addr.kind);   /* never null, the plan as a whole included */
        assert_string_equal(u->addr.kind, "measure");
    }
    assert_null(f.l.items[0]->addr.measure);
    assert_string_equal(f.l.items[1]->addr.measure, "1-1");
    assert_string_equal(f.opt.as_of, "2024-06-21");
    const shn_node *root = f.docs[0]->root;
    const shn_node *m0 = shn__map_get(root, "measures")->items[0];
    assert_ptr_equal(f.l.items[0]->data, root);
    assert_ptr_equal(f.l.items[1]->data, m0);
    assert_null(f.l.items[1]->parent);
    assert_string_equal(f.l.items[1]->addr.kind, "measure");
    assert_string_equal(f.l.items[1]->addr.measure, "1-1");
    assert_null(f.l.items[1]->addr.path);
    const shn_unit *k = f.l.items[3];
    assert_ptr_equal(k->parent, m0);
    assert_ptr_equal(k->data, shn__map_get(shn__map_get(m0, "kpi"), "progress")->items[1]);
    assert_string_equal(k->addr.measure, "1-1");
    assert_string_equal(k->addr.path, "kpi.progress[1]");
    unload(&f);
}

static void measure_units_should_carry_context(void **state) {
    (void)state;
    fixture f;
    load(&f, "plan/m.yaml", MEASURES, NULL);
    const shn_unit *m = f.l.items[1];
    assert_string_equal(shn__unit_ctx(m, "measure_id"), "1-1");
    assert_string_equal(shn__unit_ctx(m, "measure_title"), "施策名");
    assert_string_equal(shn__unit_ctx(m, "plan_title"), "重点計画 施策集");
    assert_string_equal(shn__unit_ctx(m, "plan_date"), "2024-06-21");
    assert_null(shn__unit_ctx(m, "kpi_category"));
    assert_string_equal(shn__unit_ctx(f.l.items[2], "kpi_category"), "progress");
    assert_string_equal(shn__unit_ctx(f.l.items[4], "kpi_category"), "effect");
    assert_string_equal(shn__unit_ctx(f.l.items[5], "kpi_category"), "unclassified");
    assert_string_equal(shn__unit_ctx(f.l.items[5], "measure_id"), "1-1");
    assert_string_equal(shn__unit_ctx(f.l.items[6], "measure_title"), "二つ目");
    assert_string_equal(shn__unit_ctx(f.l.items[0], "plan_title"), "重点計画 施策集");
    unload(&f);
}

static void units_build_should_reject_unknown_kinds(void **state) {
    (void)state;
    shn_doc **docs;
    size_t nd;
    shn_error err = {0};
    const char *y = "kind: other\n";
    assert_int_equal(shn__yaml_load("x.yaml", y, strlen(y), NULL, &docs, &nd, &err), SHN_OK);
    shn_unit_list l;
    assert_int_equal(shn__units_build(docs[0], "x.yaml", NULL, &l, &err), SHN_E_USAGE);
    assert_int_equal(l.n, 0);
    assert_non_null(strstr(err.message, "unknown document kind"));
    shn__units_free(&l);
    shn__doc_free(docs[0]);
    free(docs);
}

/* Line 7 holds a plain scalar at column 13, line 8 a quoted one whose quote is at column 13. */
static const char LOCATE[] =
    "kind: law\n"
    "law: {title: 法}\n"
    "provisions:\n"
    "  - article: \"1\"\n"
    "    paragraphs:\n"
    "      - sentences:\n"
    "          - 前項の検査は、目視により行う。\n"
    "          - \"事業者は、書面を掲示する。\"\n"
    "          - |\n"
    "            ブロックの\n"
    "            目視\n";

static void unit_locate_should_map_offsets_in_plain_and_quoted_scalars(void **state) {
    (void)state;
    fixture f;
    load(&f, "loc.yaml", LOCATE, NULL);
    assert_int_equal(f.l.n, 5);
    unsigned l, c, el, ec;
    const shn_unit *plain = f.l.items[2];
    assert_string_equal(plain->text, "前項の検査は、目視により行う。");
    shn__unit_locate(plain, 7, 9, &l, &c, &el, &ec);      /* 目視 */
    assert_int_equal(l, 7);
    assert_int_equal(c, 20);
    assert_int_equal(el, 7);
    assert_int_equal(ec, 22);
    shn__unit_locate(plain, 0, 15, &l, &c, &el, &ec);     /* the whole sentence */
    assert_int_equal(c, 13);
    assert_int_equal(ec, 28);

    const shn_unit *quoted = f.l.items[3];
    shn__unit_locate(quoted, 5, 7, &l, &c, &el, &ec);     /* 書面 */
    assert_int_equal(l, 8);
    assert_int_equal(c, 19);
    assert_int_equal(el, 8);
    assert_int_equal(ec, 21);

    /* Block scalars: the node's start and end. */
    const shn_unit *block = f.l.items[4];
    const shn_node *bn = block->segs[0].node;
    shn__unit_locate(block, 6, 8, &l, &c, &el, &ec);
    assert_int_equal(l, bn->start.line);
    assert_int_equal(c, bn->start.column);
    assert_int_equal(el, bn->end.line);
    assert_int_equal(ec, bn->end.column);
    assert_int_equal(l, 9);
    unload(&f);
}

static void unit_locate_should_follow_segments_of_an_article(void **state) {
    (void)state;
    fixture f;
    load(&f, "loc.yaml", LOCATE, NULL);
    const shn_unit *art = f.l.items[1];
    assert_int_equal(art->n_segs, 3);
    unsigned l, c, el, ec;
    shn__unit_locate(art, 15 + 5, 15 + 7, &l, &c, &el, &ec);   /* 書面, in the second sentence */
    assert_int_equal(l, 8);
    assert_int_equal(c, 19);
    assert_int_equal(ec, 21);
    shn__unit_locate(art, 14, 16, &l, &c, &el, &ec);           /* 。事 across two sentences */
    assert_int_equal(l, 7);
    assert_int_equal(c, 27);
    assert_int_equal(el, 8);
    assert_int_equal(ec, 15);
    /* Out-of-range offsets are clamped, empty ranges collapse to the start. */
    shn__unit_locate(art, -5, -1, &l, &c, &el, &ec);
    assert_int_equal(l, 7);
    assert_int_equal(c, 13);
    assert_int_equal(el, 7);
    assert_int_equal(ec, 13);
    shn__unit_locate(art, 100000, 200000, &l, &c, NULL, NULL);
    assert_true(l >= 9);
    unload(&f);
}

static void unit_locate_should_map_the_summary_of_a_measure(void **state) {
    (void)state;
    fixture f;
    load(&f, "plan/m.yaml", MEASURES, NULL);
    const shn_unit *m = f.l.items[1];           /* 施策名\n概要です。 */
    unsigned l, c, el, ec;
    shn__unit_locate(m, 4, 6, &l, &c, &el, &ec);  /* 概要 */
    assert_int_equal(l, 7);
    assert_int_equal(c, 14);
    assert_int_equal(el, 7);
    assert_int_equal(ec, 16);
    shn__unit_locate(m, 3, 3, &l, &c, &el, &ec);  /* the newline between the fields: the next field */
    assert_int_equal(l, 7);
    assert_int_equal(c, 14);
    const shn_unit *k = f.l.items[3];            /* {text: 進捗指標B, …} in a flow sequence */
    shn__unit_locate(k, 2, 4, &l, &c, &el, &ec);
    assert_int_equal(l, 9);
    assert_int_equal(c, 34);
    assert_int_equal(ec, 36);
    unload(&f);
}

static void unit_example_should_build_law_units(void **state) {
    (void)state;
    static const char *const kinds[] = {"law.sentence", "law.article", "law.document"};
    const char *text = "書面を掲示しなければならない。";
    for (size_t i = 0; i < SHN__ARRAY_LEN(kinds); i++) {
        shn_error err = {0};
        shn_unit *u = shn__unit_example(kinds[i], text, &err);
        assert_non_null(u);
        assert_string_equal(u->kind, kinds[i]);
        assert_string_equal(u->text, text);
        assert_string_equal(u->citation, "例");
        assert_string_equal(u->file, "<example>");
        assert_string_equal(u->addr.kind, "law");
        assert_null(u->addr.law_id);
        assert_non_null(u->own_doc);
        unsigned l, c, el, ec;
        shn__unit_locate(u, 3, 5, &l, &c, &el, &ec);
        assert_int_equal(l, 1);
        assert_int_equal(c, 4);
        assert_int_equal(ec, 6);
        shn__unit_free(u);
    }
    shn_unit *s = shn__unit_example("law.sentence", "目視により確認する。", NULL);
    assert_string_equal(s->address_str, "<example>#main:1:1::1");
    assert_string_equal(shn__unit_ctx(s, "function"), "main");
    assert_string_equal(shn__unit_ctx(s, "article_text"), "目視により確認する。");
    shn__unit_free(s);
}

static void unit_example_should_build_measure_units(void **state) {
    (void)state;
    shn_error err = {0};
    shn_unit *u = shn__unit_example("measure", "{id: X1, title: 標題, summary: 概要}", &err);
    assert_non_null(u);
    assert_string_equal(u->kind, "measure");
    assert_string_equal(u->text, "標題\n概要");
    assert_string_equal(u->addr.measure, "X1");
    assert_string_equal(shn__unit_ctx(u, "measure_id"), "X1");
    assert_string_equal(u->citation, "例");
    shn__unit_free(u);

    u = shn__unit_example("measure", "KPIは設定されていない", &err);
    assert_non_null(u);
    assert_string_equal(u->text, "KPIは設定されていない");
    shn__unit_free(u);

    /* A mapping that is no measure is plain text. */
    u = shn__unit_example("measure", "KPI: 未定", &err);
    assert_non_null(u);
    assert_string_equal(u->text, "KPI: 未定");
    shn__unit_free(u);

    u = shn__unit_example("measure.kpi", "{text: 利用率, target: {value: 80, year: 2027}}", &err);
    assert_non_null(u);
    assert_string_equal(u->kind, "measure.kpi");
    assert_string_equal(u->text, "利用率");
    assert_non_null(u->parent);
    assert_non_null(shn__map_get(u->data, "target"));
    assert_string_equal(shn__unit_ctx(u, "kpi_category"), "unclassified");
    shn__unit_free(u);

    u = shn__unit_example("measure.kpi", "{text: 利用率, category: effect}", &err);
    assert_non_null(u);
    assert_string_equal(shn__unit_ctx(u, "kpi_category"), "effect");
    assert_string_equal(u->addr.path, "kpi.effect[0]");
    shn__unit_free(u);

    u = shn__unit_example("measure.kpi", "研修の実施回数", &err);
    assert_non_null(u);
    assert_string_equal(u->text, "研修の実施回数");
    assert_string_equal(shn__unit_ctx(u, "kpi_category"), "unclassified");
    shn__unit_free(u);

    u = shn__unit_example("measure.kpi", "{id: M, kpi: {progress: [進捗]}}", &err);
    assert_non_null(u);
    assert_string_equal(u->text, "進捗");
    assert_string_equal(shn__unit_ctx(u, "kpi_category"), "progress");
    shn__unit_free(u);

    u = shn__unit_example("measures.document", "計画の名前", &err);
    assert_non_null(u);
    assert_string_equal(u->kind, "measures.document");
    assert_string_equal(u->text, "計画の名前");
    shn__unit_free(u);

    /* Broken YAML is plain text too. */
    u = shn__unit_example("measure", "{未閉じ: [", &err);
    assert_non_null(u);
    assert_string_equal(u->text, "{未閉じ: [");
    shn__unit_free(u);
}

static void unit_example_should_reject_unknown_kinds(void **state) {
    (void)state;
    shn_error err = {0};
    assert_null(shn__unit_example("law.chapter", "x", &err));
    assert_int_equal(err.code, SHN_E_USAGE);
    assert_non_null(strstr(err.message, "law.chapter"));
    assert_null(shn__unit_example(NULL, "x", NULL));
    shn__unit_free(NULL);
}

static void law_id_from_path_should_follow_the_contract(void **state) {
    (void)state;
    static const struct { const char *path, *id; } cases[] = {
        {"laws/347/347AC0000000057/current.xml", "347AC0000000057"},
        {"347AC0000000057_20240401.xml", "347AC0000000057"},
        {"dir/405AC0000000088_20240401_504AC0100000052.xml", "405AC0000000088"},
        {"347AC0000000057.xml", "347AC0000000057"},
        {"/abs/428M60000800066/x.yaml", "428M60000800066"},
        {"323AC1000000186", "323AC1000000186"},
        {"321CONSTITUTION.xml", "321CONSTITUTION"},
        {"3471C0000000057.xml", NULL},
        {"foo.xml", NULL},
        {"347ac0000000057.xml", NULL},
        {"347AC000000005.xml", NULL},
        {"347AC00000000570.xml", NULL},
        {"a\\347AC0000000057\\x.xml", NULL},
        {"347AC0000000057/", "347AC0000000057"},
        {"", NULL},
        {"/", NULL},
    };
    assert_null(shn__law_id_from_path(NULL));
    for (size_t i = 0; i < SHN__ARRAY_LEN(cases); i++) {
        char *id = shn__law_id_from_path(cases[i].path);
        if (!cases[i].id) {
            if (id) fail_msg("%s gave %s", cases[i].path, id);
        } else {
            if (!id) fail_msg("%s gave no id", cases[i].path);
            assert_string_equal(id, cases[i].id);
        }
        free(id);
    }
}

/* The ministry a law's number names: ordinances and commission rules name their issuer (joint ones all of
 * them); Acts, Cabinet Orders and anything unlike a 法令番号 name none. */
static void law_num_ministry_should_name_an_ordinances_issuer_only(void **state) {
    (void)state;
    static const char *const cases[][2] = {
        {"昭和二十一年厚生省令第四十二号", "厚生省"},
        {"令和二年厚生労働省令第三号", "厚生労働省"},
        {"平成十二年総理府・大蔵省令第一号", "総理府・大蔵省"},
        {"令和三年内閣府令第五十号", "内閣府"},
        {"昭和三十五年国家公安委員会規則第三号", "国家公安委員会"},
        {"昭和四十七年法律第五十七号", NULL},
        {"昭和四十七年政令第三百十八号", NULL},
        {"明治二十三年勅令第百号", NULL},
        {"令和二年・省令第一号", NULL},
        {"厚生労働省令第三号", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = shn__law_num_ministry(cases[i][0]);
        if (cases[i][1]) {
            assert_non_null(got);
            assert_string_equal(got, cases[i][1]);
        } else {
            assert_null(got);
        }
        free(got);
    }
    assert_null(shn__law_num_ministry(NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(law_units_should_come_in_document_order_with_addresses_and_citations),
        cmocka_unit_test(law_units_should_fill_address_fields),
        cmocka_unit_test(law_sentence_context_should_describe_surroundings),
        cmocka_unit_test(law_units_should_number_sentences_by_position_without_num),
        cmocka_unit_test(law_units_should_handle_paragraph_only_laws),
        cmocka_unit_test(law_units_should_take_the_law_id_from_options_then_path),
        cmocka_unit_test(law_units_should_accept_articles_without_paragraphs_and_skip_deleted_text),
        cmocka_unit_test(law_units_should_bound_deep_nesting),
        cmocka_unit_test(law_units_should_share_aliased_nodes_without_trouble),
        cmocka_unit_test(units_build_should_refuse_text_multiplied_by_aliases),
        cmocka_unit_test(units_build_should_tolerate_odd_shapes),
        cmocka_unit_test(measure_units_should_come_in_order_with_paths_and_citations),
        cmocka_unit_test(measure_units_should_carry_context),
        cmocka_unit_test(units_build_should_reject_unknown_kinds),
        cmocka_unit_test(unit_locate_should_map_offsets_in_plain_and_quoted_scalars),
        cmocka_unit_test(unit_locate_should_follow_segments_of_an_article),
        cmocka_unit_test(unit_locate_should_map_the_summary_of_a_measure),
        cmocka_unit_test(unit_example_should_build_law_units),
        cmocka_unit_test(unit_example_should_build_measure_units),
        cmocka_unit_test(unit_example_should_reject_unknown_kinds),
        cmocka_unit_test(law_id_from_path_should_follow_the_contract),
        cmocka_unit_test(law_num_ministry_should_name_an_ordinances_issuer_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
