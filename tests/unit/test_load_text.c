/* test_load_text.c — plain 条文 text → `kind: law` tree: headings and Nums, paragraphs, items, sentences and
 * provisos, 附則, divisions, positions, line ends, encoding errors, and real laws giving the same units as
 * their e-Gov tree (the *_egov.json files in tests/fixtures/text, rendered from the e-Gov XML). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "load.h"
#include "result_int.h"
#include "unit.h"
#include "util.h"
#include "validate.h"

typedef struct {
    shn_doc **docs;
    size_t nd;
} loaded;

/* Load text and check that it validates as `kind: law` without any diagnostic. */
static const shn_node *load_as(loaded *l, const char *file, const char *text, size_t len) {
    memset(l, 0, sizeof *l);
    shn_error err = {0};
    shn_load_opts opt = {{0}, NULL};
    shn_status st = shn__text_load(file, text, len, &opt, &l->docs, &l->nd, &err);
    if (st != SHN_OK) fail_msg("text: %s:%u:%u %s", err.file, err.line, err.column, err.message);
    assert_int_equal(l->nd, 1);
    shn_diags diags = {0};
    const char *kind = NULL;
    size_t errors = shn__validate(l->docs[0], &kind, &diags);
    for (size_t i = 0; i < diags.items.n; i++) {
        const shn_diagnostic *g = diags.items.items[i];
        fprintf(stderr, "diag %u:%u %s\n", g->line, g->column, g->message);
    }
    assert_int_equal(errors, 0);
    assert_int_equal(diags.items.n, 0);
    shn__diags_free(&diags);
    assert_string_equal(kind, "law");
    return l->docs[0]->root;
}

static const shn_node *load(loaded *l, const char *text) { return load_as(l, "draft.txt", text, strlen(text)); }

static void unload(loaded *l) {
    for (size_t i = 0; i < l->nd; i++) shn__doc_free(l->docs[i]);
    free(l->docs);
}

static const shn_node *at(const shn_node *seq, size_t i) {
    assert_non_null(seq);
    assert_int_equal(seq->type, SHN_NODE_SEQ);
    if (i >= seq->n) fail_msg("index %zu past %zu items", i, seq->n);
    return seq->items[i];
}

static const char *str(const shn_node *map, const char *key) {
    const char *s = shn__map_get_str(map, key);
    if (!s) fail_msg("no key %s", key);
    return s;
}

static const shn_node *get(const shn_node *map, const char *key) {
    const shn_node *n = shn__map_get(map, key);
    if (!n) fail_msg("no key %s", key);
    return n;
}

/* Text of sentence i of a paragraph or item (plain string or {text}). */
static const char *sentence(const shn_node *holder, size_t i) {
    const shn_node *s = at(get(holder, "sentences"), i);
    return s->type == SHN_NODE_MAP ? str(s, "text") : s->value;
}

/* ---- headings ----------------------------------------------------------------------------------------- */

static void text_load_should_read_article_headings_into_nums(void **state) {
    (void)state;
    static const struct { const char *line, *num, *title; int del; } cases[] = {
        {"第二十三条　貸金業者は、標識を掲示しなければならない。", "23", "第二十三条", 0},
        {"第十七条の三の三　登録を受けなければならない。", "17_3_3", "第十七条の三の三", 0},
        {"第二十三条の二　前条の規定を準用する。", "23_2", "第二十三条の二", 0},
        {"第23条 市長は、公表する。", "23", "第23条", 0},
        {"第２３条　市長は、公表する。", "23", "第２３条", 0},
        {"第十条ノ二　旧様式ノ条ナリ。", "10_2", "第十条ノ二", 0},
        {"第百八条　規則で定める。", "108", "第百八条", 0},
        {"第五条　削除", "5", "第五条", 1},
        {"第三十八条から第八十四条まで　削除", "38:84", "第三十八条から第八十四条まで", 1},
        {"第十八条及び第十九条　削除", "18:19", "第十八条及び第十九条", 1},
    };
    for (size_t i = 0; i < SHN__ARRAY_LEN(cases); i++) {
        char *text = shn__printf("題名\n%s\n", cases[i].line);
        loaded l;
        const shn_node *root = load(&l, text);
        const shn_node *a = at(get(root, "provisions"), 0);
        assert_string_equal(str(a, "article"), cases[i].num);
        assert_string_equal(str(a, "title"), cases[i].title);
        const char *del = shn__map_get_str(a, "delete");
        if (cases[i].del) assert_string_equal(del, "true");
        else assert_null(del);
        unload(&l);
        free(text);
    }
}

static void text_load_should_not_take_references_for_headings(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l, "題名\n第一条　事業者は、\n第五条の規定により届け出なければならない。\n第二章の規定は適用しない。\n");
    const shn_node *provs = get(root, "provisions");
    assert_int_equal(provs->n, 1);       /* one article: the other lines continue its text */
    const shn_node *p = at(get(at(provs, 0), "paragraphs"), 0);
    assert_string_equal(sentence(p, 0), "事業者は、第五条の規定により届け出なければならない。");
    assert_string_equal(sentence(p, 1), "第二章の規定は適用しない。");
    unload(&l);
}

static void text_load_should_read_title_num_and_captions(void **state) {
    (void)state;
    loaded l;
    static const char text[] = "貸金業法\n（昭和五十八年法律第三十二号）\n\n（標識の掲示等）\n第二十三条　掲示する。\n";
    const shn_node *root = load_as(&l, "x/358AC1000000032_kashikin.txt", text, strlen(text));
    const shn_node *law = get(root, "law");
    assert_string_equal(str(law, "title"), "貸金業法");
    assert_string_equal(str(law, "num"), "昭和五十八年法律第三十二号");
    assert_string_equal(str(law, "id"), "358AC1000000032");
    assert_string_equal(str(law, "type"), "Act");
    const shn_node *a = at(get(root, "provisions"), 0);
    assert_string_equal(str(a, "caption"), "（標識の掲示等）");
    unload(&l);
}

static void text_load_should_take_the_title_from_the_file_name_when_absent(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load_as(&l, "drafts/kouen-jorei.txt", "第一条　目的を定める。\n", strlen("第一条　目的を定める。\n"));
    assert_string_equal(str(get(root, "law"), "title"), "kouen-jorei");
    assert_null(shn__map_get(get(root, "law"), "id"));
    unload(&l);
}

static void text_load_should_build_divisions(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l,
                                "題名\n第一編　総則\n第一章　通則\n第一条　一。\n第二章　貸金業者\n第一節　通則\n第二条　二。\n"
                                "第二節　業務\n第一款　掲示\n第三条　三。\n第七章の三　雑則\n第四条　四。\n");
    const shn_node *part = at(get(root, "provisions"), 0);
    assert_string_equal(str(part, "part"), "1");
    assert_string_equal(str(part, "title"), "第一編　総則");
    const shn_node *chs = get(part, "provisions");
    assert_int_equal(chs->n, 3);
    assert_string_equal(str(at(chs, 0), "chapter"), "1");
    const shn_node *ch2 = at(chs, 1);
    assert_string_equal(str(ch2, "title"), "第二章　貸金業者");
    const shn_node *secs = get(ch2, "provisions");
    assert_int_equal(secs->n, 2);
    assert_string_equal(str(at(secs, 0), "section"), "1");
    const shn_node *sub = at(get(at(secs, 1), "provisions"), 0);
    assert_string_equal(str(sub, "subsection"), "1");
    assert_string_equal(str(at(get(sub, "provisions"), 0), "article"), "3");
    assert_string_equal(str(at(chs, 2), "chapter"), "7_3");
    assert_string_equal(str(at(get(at(chs, 2), "provisions"), 0), "article"), "4");
    unload(&l);
}

static void text_load_should_skip_the_table_of_contents(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l,
                                "題名\n（令和四年法律第三十九号）\n\n目次\n　第一章　総則（第一条・第二条）\n"
                                "　第二章　情報通信技術を利用して指定納付受託者に委託して納付する方法による納付（\n"
                                "　第三条）\n　附則\n\n　　　第一章　総則\n\n（目的）\n第一条　目的。\n\n附　則\nこの法律は、施行する。\n");
    const shn_node *provs = get(root, "provisions");
    assert_int_equal(provs->n, 1);
    const shn_node *ch = at(provs, 0);
    assert_string_equal(str(ch, "title"), "第一章　総則");
    assert_string_equal(str(at(get(ch, "provisions"), 0), "caption"), "（目的）");
    assert_int_equal(get(root, "suppl_provisions")->n, 1);
    unload(&l);
}

/* ---- paragraphs ----------------------------------------------------------------------------------------- */

static void text_load_should_number_paragraphs_in_every_form(void **state) {
    (void)state;
    static const char *const texts[] = {
        "題名\n第一条　甲。\n２　乙。\n３　丙。\n",
        "題名\n第一条 甲。\n2 乙。\n3 丙。\n",
        "題名\n第一条　甲。\n②乙。\n③　丙。\n",
        "題名\n第一条\n甲。\n\n乙。\n\n丙。\n",              /* drafts: first on its own line, no numbers */
        "題名\n第一条\n１　甲。\n２　乙。\n３　丙。\n",
    };
    for (size_t i = 0; i < SHN__ARRAY_LEN(texts); i++) {
        loaded l;
        const shn_node *root = load(&l, texts[i]);
        const shn_node *ps = get(at(get(root, "provisions"), 0), "paragraphs");
        assert_int_equal(ps->n, 3);
        static const char *const want[] = {"甲。", "乙。", "丙。"};
        for (size_t k = 0; k < 3; k++) {
            char num[4];
            snprintf(num, sizeof num, "%zu", k + 1);
            assert_string_equal(str(at(ps, k), "num"), num);
            assert_string_equal(sentence(at(ps, k), 0), want[k]);
        }
        unload(&l);
    }
}

static void text_load_should_join_hard_wrapped_lines(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l, "題名\n第一条　貸金業者は、営業所\n　ごとに、標識を掲示し\nなければならない。\n２　次項。\n");
    const shn_node *ps = get(at(get(root, "provisions"), 0), "paragraphs");
    assert_int_equal(ps->n, 2);
    assert_string_equal(sentence(at(ps, 0), 0), "貸金業者は、営業所ごとに、標識を掲示しなければならない。");
    unload(&l);
}

/* ---- items ------------------------------------------------------------------------------------------- */

static void text_load_should_read_items_and_sub_items(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l,
                                "題名\n第二条　次に掲げる者\n一　甲\n四の二　乙\nイ　丙\nロ　丁\n（１）　戊\n(2) 己\n（ｉ）　庚\n"
                                "（ii）　辛\nハ　壬\n一から四まで　削除\n二及び三　略\n");
    const shn_node *items = get(at(get(at(get(root, "provisions"), 0), "paragraphs"), 0), "items");
    assert_int_equal(items->n, 4);
    assert_string_equal(str(at(items, 0), "num"), "1");
    assert_string_equal(str(at(items, 0), "title"), "一");
    const shn_node *i42 = at(items, 1);
    assert_string_equal(str(i42, "num"), "4_2");
    assert_string_equal(str(i42, "title"), "四の二");
    assert_string_equal(sentence(i42, 0), "乙");
    const shn_node *sub = get(i42, "items");
    assert_int_equal(sub->n, 3);
    assert_string_equal(str(at(sub, 0), "num"), "1");
    assert_string_equal(str(at(sub, 1), "num"), "2");
    assert_string_equal(str(at(sub, 1), "title"), "ロ");
    assert_string_equal(str(at(sub, 2), "num"), "3");    /* ハ, back at the イロハ level */
    const shn_node *sub2 = get(at(sub, 1), "items");
    assert_int_equal(sub2->n, 2);
    assert_string_equal(str(at(sub2, 0), "num"), "1");
    assert_string_equal(str(at(sub2, 0), "title"), "（１）");
    assert_string_equal(str(at(sub2, 1), "num"), "2");
    const shn_node *sub3 = get(at(sub2, 1), "items");
    assert_int_equal(sub3->n, 2);
    assert_string_equal(str(at(sub3, 0), "num"), "1");
    assert_string_equal(str(at(sub3, 1), "num"), "2");
    assert_string_equal(sentence(at(sub3, 1), 0), "辛");
    assert_string_equal(str(at(items, 2), "num"), "1:4");
    assert_string_equal(str(at(items, 3), "num"), "2:3");
    unload(&l);
}

static void text_load_should_split_item_columns(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l, "題名\n第二条　定義\n一　貸金業　金銭の貸付けをいう。\n");
    const shn_node *it = at(get(at(get(at(get(root, "provisions"), 0), "paragraphs"), 0), "items"), 0);
    const shn_node *ss = get(it, "sentences");
    assert_int_equal(ss->n, 2);
    assert_string_equal(str(at(ss, 0), "text"), "貸金業");
    assert_string_equal(str(at(ss, 0), "column"), "1");
    assert_string_equal(str(at(ss, 1), "text"), "金銭の貸付けをいう。");
    assert_string_equal(str(at(ss, 1), "column"), "2");
    assert_string_equal(str(at(ss, 1), "num"), "2");
    unload(&l);
}

/* ---- sentences -------------------------------------------------------------------------------------- */

static void text_load_should_mark_provisos(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l,
                                "題名\n第一条　閲覧に供しなければならない。ただし、小規模な場合は、この限りでない。\n"
                                "２　届け出る。この場合において、書面を添える。\n");
    const shn_node *ps = get(at(get(root, "provisions"), 0), "paragraphs");
    const shn_node *ss = get(at(ps, 0), "sentences");
    assert_int_equal(ss->n, 2);
    assert_string_equal(str(at(ss, 0), "function"), "main");
    assert_string_equal(str(at(ss, 0), "num"), "1");
    assert_string_equal(str(at(ss, 0), "text"), "閲覧に供しなければならない。");
    assert_string_equal(str(at(ss, 1), "function"), "proviso");
    assert_string_equal(str(at(ss, 1), "text"), "ただし、小規模な場合は、この限りでない。");
    /* without a proviso, sentences stay plain strings (as e-Gov sets no Function) */
    const shn_node *s2 = get(at(ps, 1), "sentences");
    assert_int_equal(s2->n, 2);
    assert_int_equal(at(s2, 0)->type, SHN_NODE_SCALAR);
    assert_string_equal(at(s2, 1)->value, "この場合において、書面を添える。");
    unload(&l);
}

static void text_load_should_not_split_inside_brackets(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l, "題名\n第一条　前項各号（第四号を除く。）に掲げる事項（「標識。」という。）を掲示する。\n");
    const shn_node *ss = get(at(get(at(get(root, "provisions"), 0), "paragraphs"), 0), "sentences");
    assert_int_equal(ss->n, 1);
    unload(&l);
}

/* ---- 附則 ------------------------------------------------------------------------------------------------- */

static void text_load_should_read_both_kinds_of_suppl_provisions(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l,
                                "題名\n第一条　本則。\n\n　　　附　則\n（施行期日）\n１　この法律は、公布の日から施行する。\n"
                                "２　経過措置。\n\n附　則　（令和五年法律第六十三号）　抄\n（施行期日）\n第一条　この法律は、施行する。\n"
                                "\n附則\nこの条例は、公布の日から施行する。\n\n別の段落。\n");
    const shn_node *sp = get(root, "suppl_provisions");
    assert_int_equal(sp->n, 3);
    const shn_node *orig = at(sp, 0);
    assert_null(shn__map_get(orig, "amend_law_num"));
    assert_null(shn__map_get(orig, "extract"));
    const shn_node *op = get(orig, "provisions");
    assert_int_equal(op->n, 2);
    assert_string_equal(str(at(op, 0), "paragraph"), "1");
    assert_string_equal(str(at(op, 0), "caption"), "（施行期日）");
    assert_string_equal(str(at(op, 1), "paragraph"), "2");
    const shn_node *amend = at(sp, 1);
    assert_string_equal(str(amend, "amend_law_num"), "令和五年法律第六十三号");
    assert_string_equal(str(amend, "extract"), "true");
    const shn_node *aa = at(get(amend, "provisions"), 0);
    assert_string_equal(str(aa, "article"), "1");
    assert_string_equal(str(aa, "caption"), "（施行期日）");
    const shn_node *third = get(at(sp, 2), "provisions");
    assert_int_equal(third->n, 2);      /* unnumbered paragraphs, one per blank-line block */
    assert_string_equal(str(at(third, 1), "paragraph"), "2");
    unload(&l);
}

static void text_load_should_skip_appendix_tables_up_to_the_next_suppl(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l, "題名\n第一条　本則。\n別表（第一条関係）\n区分　金額\n一　甲　百円\n附　則\n施行する。\n");
    const shn_node *a = at(get(root, "provisions"), 0);
    assert_int_equal(get(a, "paragraphs")->n, 1);
    assert_null(shn__map_get(at(get(a, "paragraphs"), 0), "items"));
    assert_int_equal(get(at(get(root, "suppl_provisions"), 0), "provisions")->n, 1);
    unload(&l);
}

/* ---- 項建て and unstructured text ------------------------------------------------------------------------- */

static void text_load_should_read_unstructured_text_as_paragraph_blocks(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l, "空き家条例素案\n\n町長は、助言することができる。\n続きの行。\n\n町長は、掲示しなければならない。\n");
    assert_string_equal(str(get(root, "law"), "title"), "空き家条例素案");
    const shn_node *provs = get(root, "provisions");
    assert_int_equal(provs->n, 2);
    assert_string_equal(str(at(provs, 0), "paragraph"), "1");
    assert_string_equal(sentence(at(provs, 0), 0), "町長は、助言することができる。");
    assert_string_equal(sentence(at(provs, 0), 1), "続きの行。");
    assert_string_equal(str(at(provs, 1), "paragraph"), "2");
    unload(&l);
}

static void text_load_should_give_units_for_paragraph_blocks(void **state) {
    (void)state;
    loaded l;
    load(&l, "町長は、助言することができる。\n\n町長は、掲示しなければならない。\n");
    shn_unit_list ul = {0};
    shn_unit_opts uo = {0};
    shn_error err = {0};
    assert_int_equal(shn__units_build(l.docs[0], "draft.txt", &uo, &ul, &err), SHN_OK);
    assert_int_equal(ul.n, 3);          /* law.document + two sentences */
    assert_string_equal(ul.items[2]->kind, "law.sentence");
    assert_string_equal(ul.items[2]->address_str, "draft.txt#main::2::1");
    assert_string_equal(ul.items[2]->citation, "第二項");
    assert_int_equal(ul.items[2]->start.line, 3);
    shn__units_free(&ul);
    unload(&l);
}

/* ---- positions, line ends, encoding ------------------------------------------------------------------- */

static void text_load_should_record_positions_in_code_points(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load(&l, "題名\n\n第一条　甲は、届け出る。ただし、乙は、この限りでない。\n　２　丙は、\n　掲示する。\n");
    const shn_node *ps = get(at(get(root, "provisions"), 0), "paragraphs");
    const shn_node *s1 = get(at(get(at(ps, 0), "sentences"), 1), "text");
    assert_int_equal(s1->start.line, 3);
    assert_int_equal(s1->start.column, 13);     /* 第一条　 (4) + 甲は、届け出る。 (8) */
    assert_int_equal(s1->end.column, 13 + 15);
    const shn_node *p2 = at(get(at(ps, 1), "sentences"), 0);
    assert_int_equal(p2->start.line, 4);
    assert_int_equal(p2->start.column, 4);      /* indented by one full-width space, then ２　 */
    assert_int_equal(p2->end.line, 5);
    assert_int_equal(p2->end.column, 7);
    assert_int_equal(p2->start.offset, 3 + 1 + 28 + 3);   /* 題名\n, \n, line 3 with \n, 　２　 */
    unload(&l);
}

static void text_load_should_accept_crlf_and_a_bom(void **state) {
    (void)state;
    const char text[] = "\xEF\xBB\xBF題名\r\n第一条　甲。\r\n２　乙。\r\n\r\n附則\r\n施行する。";
    loaded l;
    const shn_node *root = load_as(&l, "draft.txt", text, sizeof text - 1);
    assert_string_equal(str(get(root, "law"), "title"), "題名");
    const shn_node *t = get(root, "law");
    assert_int_equal(get(t, "title")->start.column, 1);
    const shn_node *ps = get(at(get(root, "provisions"), 0), "paragraphs");
    assert_string_equal(sentence(at(ps, 1), 0), "乙。");
    const shn_node *s = at(get(at(ps, 1), "sentences"), 0);
    assert_int_equal(s->start.line, 3);
    assert_int_equal(s->start.column, 3);
    assert_int_equal(s->start.offset, 4 + 8 + 2);   /* no BOM; CRLF counts as two code points */
    assert_int_equal(get(at(get(root, "suppl_provisions"), 0), "provisions")->n, 1);
    unload(&l);
}

static void text_load_should_reject_invalid_utf8_with_its_position(void **state) {
    (void)state;
    const char text[] = "題名\n第一条　申請書を\x93\xfc\x97\xcd\n";
    shn_doc **docs = NULL;
    size_t nd = 0;
    shn_error err = {0};
    shn_status st = shn__text_load("sjis.txt", text, sizeof text - 1, NULL, &docs, &nd, &err);
    assert_int_equal(st, SHN_E_PARSE);
    assert_null(docs);
    assert_int_equal(nd, 0);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 9);
    assert_non_null(strstr(err.message, "UTF-8"));
    const char nul[] = "題名\n第一条\0";
    st = shn__text_load("nul.txt", nul, sizeof nul - 1, NULL, &docs, &nd, &err);
    assert_int_equal(st, SHN_E_PARSE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
}

static void text_load_should_load_an_empty_file(void **state) {
    (void)state;
    loaded l;
    const shn_node *root = load_as(&l, "empty.txt", "", 0);
    assert_int_equal(get(root, "provisions")->n, 0);
    assert_string_equal(str(get(root, "law"), "title"), "empty");
    unload(&l);
}

/* ---- real laws: the same units as the e-Gov tree --------------------------------------------------------- */

static char *slurp(const char *rel, size_t *len) {
    char *buf = NULL;
    shn_error err = {0};
    if (shn__read_file(tu_src(rel), 1 << 24, &buf, len, &err) != SHN_OK) fail_msg("read %s: %s", rel, err.message);
    return buf;
}

static void units_of(const char *rel, int text, shn_unit_list *ul, shn_doc ***docs, size_t *nd) {
    size_t len;
    char *buf = slurp(rel, &len);
    shn_error err = {0};
    shn_load_opts opt = {{0}, NULL};
    shn_status st = text ? shn__text_load(rel, buf, len, &opt, docs, nd, &err)
                         : shn__yaml_load(rel, buf, len, NULL, docs, nd, &err);
    free(buf);
    if (st != SHN_OK) fail_msg("%s: %s", rel, err.message);
    shn_diags diags = {0};
    const char *kind = NULL;
    assert_int_equal(shn__validate((*docs)[0], &kind, &diags), 0);
    shn__diags_free(&diags);
    shn_unit_opts uo = {0};
    assert_int_equal(shn__units_build((*docs)[0], rel, &uo, ul, &err), SHN_OK);
}

static void text_load_should_give_real_laws_the_units_of_their_egov_tree(void **state) {
    (void)state;
    static const struct { const char *txt, *json; size_t min_units; } laws[] = {
        {"tests/fixtures/text/329AC0000000100_egov.txt", "tests/fixtures/text/329AC0000000100_egov.json", 80},
        {"tests/fixtures/text/430AC1000000103_egov.txt", "tests/fixtures/text/430AC1000000103_egov.json", 28},
        {"tests/fixtures/text/504AC0000000039_wrapped.txt", "tests/fixtures/text/504AC0000000039_egov.json", 56},
    };
    for (size_t k = 0; k < SHN__ARRAY_LEN(laws); k++) {
        shn_unit_list a = {0}, b = {0};
        shn_doc **da = NULL, **db = NULL;
        size_t na = 0, nb = 0;
        units_of(laws[k].txt, 1, &a, &da, &na);
        units_of(laws[k].json, 0, &b, &db, &nb);
        assert_int_equal(a.n, b.n);
        assert_true(a.n >= laws[k].min_units);
        for (size_t i = 0; i < a.n; i++) {
            const shn_unit *x = a.items[i], *y = b.items[i];
            if (strcmp(x->address_str, y->address_str) || strcmp(x->text, y->text))
                fail_msg("%s unit %zu: %s 「%s」 vs %s 「%s」", laws[k].txt, i, x->address_str, x->text,
                         y->address_str, y->text);
            assert_string_equal(x->kind, y->kind);
            assert_string_equal(x->citation, y->citation);
            for (size_t c = 0; c < y->n_ctx; c++) {
                const char *v = shn__unit_ctx(x, y->ctx_keys[c]);
                if (strcmp(y->ctx_keys[c], "law_type") == 0) continue;
                assert_non_null(v);
                assert_string_equal(v, y->ctx_vals[c]);
            }
            /* positions point into the .txt: the unit's first line holds the start of its text */
            assert_true(x->start.line >= 1);
        }
        shn__units_free(&a);
        shn__units_free(&b);
        for (size_t i = 0; i < na; i++) shn__doc_free(da[i]);
        for (size_t i = 0; i < nb; i++) shn__doc_free(db[i]);
        free(da);
        free(db);
    }
}

static void text_load_should_read_the_composed_drafts(void **state) {
    (void)state;
    size_t len;
    char *buf = slurp("tests/fixtures/text/jorei-draft-tesuryo.txt", &len);
    loaded l;
    const shn_node *root = load_as(&l, "jorei-draft-tesuryo.txt", buf, len);
    free(buf);
    assert_string_equal(str(get(root, "law"), "title"), "みどり市公園使用料及び手数料条例（案）");
    const shn_node *provs = get(root, "provisions");
    assert_int_equal(provs->n, 6);
    const shn_node *a4 = at(provs, 3);
    assert_string_equal(str(a4, "caption"), "（許可証の掲示）");
    const shn_node *s = at(get(at(get(a4, "paragraphs"), 0), "sentences"), 0);
    assert_int_equal(s->start.line, 23);
    assert_int_equal(s->start.column, 5);
    assert_string_equal(str(at(provs, 4), "delete"), "true");
    unload(&l);

    buf = slurp("tests/fixtures/text/jorei-draft-akiya.txt", &len);
    root = load_as(&l, "jorei-draft-akiya.txt", buf, len);
    free(buf);
    provs = get(root, "provisions");
    assert_int_equal(provs->n, 3);       /* ①②③ 項建て */
    assert_string_equal(str(at(provs, 2), "paragraph"), "3");
    assert_string_equal(str(at(get(at(provs, 2), "sentences"), 1), "function"), "proviso");
    unload(&l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_load_should_read_article_headings_into_nums),
        cmocka_unit_test(text_load_should_not_take_references_for_headings),
        cmocka_unit_test(text_load_should_read_title_num_and_captions),
        cmocka_unit_test(text_load_should_take_the_title_from_the_file_name_when_absent),
        cmocka_unit_test(text_load_should_build_divisions),
        cmocka_unit_test(text_load_should_skip_the_table_of_contents),
        cmocka_unit_test(text_load_should_number_paragraphs_in_every_form),
        cmocka_unit_test(text_load_should_join_hard_wrapped_lines),
        cmocka_unit_test(text_load_should_read_items_and_sub_items),
        cmocka_unit_test(text_load_should_split_item_columns),
        cmocka_unit_test(text_load_should_mark_provisos),
        cmocka_unit_test(text_load_should_not_split_inside_brackets),
        cmocka_unit_test(text_load_should_read_both_kinds_of_suppl_provisions),
        cmocka_unit_test(text_load_should_skip_appendix_tables_up_to_the_next_suppl),
        cmocka_unit_test(text_load_should_read_unstructured_text_as_paragraph_blocks),
        cmocka_unit_test(text_load_should_give_units_for_paragraph_blocks),
        cmocka_unit_test(text_load_should_record_positions_in_code_points),
        cmocka_unit_test(text_load_should_accept_crlf_and_a_bom),
        cmocka_unit_test(text_load_should_reject_invalid_utf8_with_its_position),
        cmocka_unit_test(text_load_should_load_an_empty_file),
        cmocka_unit_test(text_load_should_give_real_laws_the_units_of_their_egov_tree),
        cmocka_unit_test(text_load_should_read_the_composed_drafts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
