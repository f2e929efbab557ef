/* test_load_egov.c — the e-Gov 法令標準XML loader: element mapping, numbering, positions, safety limits,
 * errors; and that the tree it builds is a valid `kind: law` document that units.c walks. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "load.h"
#include "result_int.h"
#include "unit.h"
#include "util.h"
#include "validate.h"

typedef struct {
    shn_doc **docs;
    size_t n;
    shn_error err;
    shn_status st;
} loaded;

static loaded load_as(const char *file, const char *xml, unsigned depth, const char *law_id) {
    loaded r;
    memset(&r, 0, sizeof r);
    shn_load_opts o = {{depth, 0, 0}, law_id};
    r.st = shn__egov_load(file, xml, strlen(xml), &o, &r.docs, &r.n, &r.err);
    return r;
}

static loaded load(const char *xml) { return load_as("t.xml", xml, 0, NULL); }

static void unload(loaded *r) {
    for (size_t i = 0; i < r->n; i++) shn__doc_free(r->docs[i]);
    free(r->docs);
    memset(r, 0, sizeof *r);
}

static const shn_node *root_of(const loaded *r) {
    if (r->st != SHN_OK) fail_msg("load failed: %s:%u:%u %s", r->err.file, r->err.line, r->err.column, r->err.message);
    assert_int_equal(r->n, 1);
    assert_non_null(r->docs[0]->root);
    return r->docs[0]->root;
}

static const shn_node *get(const shn_node *map, const char *key) {
    const shn_node *v = shn__map_get(map, key);
    if (!v) fail_msg("missing key %s", key);
    return v;
}

static const shn_node *at(const shn_node *seq, size_t i) {
    assert_non_null(seq);
    assert_int_equal(seq->type, SHN_NODE_SEQ);
    if (i >= seq->n) fail_msg("index %zu past %zu items", i, seq->n);
    return seq->items[i];
}

static void assert_str(const shn_node *map, const char *key, const char *want) {
    const char *v = shn__map_get_str(map, key);
    if (!v) fail_msg("missing key %s (want %s)", key, want);
    assert_string_equal(v, want);
}

/* The sentence map i of a paragraph/item. */
static const shn_node *sentence(const shn_node *owner, size_t i) { return at(get(owner, "sentences"), i); }

#define LAW_HEAD                                                                                          \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                      \
    "<Law Era=\"Heisei\" Lang=\"ja\" LawType=\"Act\" Num=\"088\" Year=\"05\">\n"                        \
    "  <LawNum>平成五年法律第八十八号</LawNum>\n"                                                      \
    "  <LawBody>\n"                                                                                     \
    "    <LawTitle Kana=\"x\">行政手続法</LawTitle>\n"                                                 \
    "    <TOC><TOCLabel>目次</TOCLabel><TOCChapter Num=\"1\"><ChapterTitle>目次の章</ChapterTitle></TOCChapter></TOC>\n"
#define LAW_TAIL "  </LawBody>\n</Law>\n"

static const char ARTICLE_LAW[] =
    LAW_HEAD
    "    <MainProvision>\n"
    "      <Chapter Num=\"1\">\n"
    "        <ChapterTitle>第一章　総則</ChapterTitle>\n"
    "        <Article Num=\"3_2\">\n"
    "          <ArticleCaption>（届出）</ArticleCaption>\n"
    "          <ArticleTitle>第三条の二</ArticleTitle>\n"
    "          <Paragraph Num=\"1\">\n"
    "            <ParagraphNum/>\n"
    "            <ParagraphSentence>\n"
    "              <Sentence Num=\"1\" Function=\"main\">書面を提出しなければならない。</Sentence>\n"
    "              <Sentence Num=\"2\" Function=\"proviso\">ただし、電子情報処理組織を使用する場合は、この限りでない。</Sentence>\n"
    "            </ParagraphSentence>\n"
    "          </Paragraph>\n"
    "          <Paragraph Num=\"2\">\n"
    "            <ParagraphCaption>（例外）</ParagraphCaption>\n"
    "            <ParagraphNum>２</ParagraphNum>\n"
    "            <ParagraphSentence><Sentence Num=\"1\">前項の規定は、適用しない。</Sentence></ParagraphSentence>\n"
    "          </Paragraph>\n"
    "        </Article>\n"
    "        <Article Num=\"4\" Delete=\"true\"><ArticleTitle>第四条</ArticleTitle>"
    "<Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>削除</Sentence></ParagraphSentence></Paragraph></Article>\n"
    "      </Chapter>\n"
    "    </MainProvision>\n"
    LAW_TAIL;

static void egov_load_should_map_law_chapter_article_and_paragraphs(void **state) {
    (void)state;
    loaded r = load_as("dir/405AC0000000088_x.xml", ARTICLE_LAW, 0, NULL);
    const shn_node *root = root_of(&r);
    assert_str(root, "shinsa", "1");
    assert_str(root, "kind", "law");
    const shn_node *law = get(root, "law");
    assert_str(law, "id", "405AC0000000088");
    assert_str(law, "num", "平成五年法律第八十八号");
    assert_str(law, "title", "行政手続法");
    assert_str(law, "type", "Act");
    const shn_node *provs = get(root, "provisions");
    assert_int_equal(provs->n, 1);                       /* the TOC's chapter is not a provision */
    const shn_node *ch = at(provs, 0);
    assert_str(ch, "chapter", "1");
    assert_str(ch, "title", "第一章　総則");
    const shn_node *art = at(get(ch, "provisions"), 0);
    assert_str(art, "article", "3_2");
    assert_str(art, "caption", "（届出）");
    assert_str(art, "title", "第三条の二");
    assert_null(shn__map_get(art, "delete"));
    const shn_node *p1 = at(get(art, "paragraphs"), 0), *p2 = at(get(art, "paragraphs"), 1);
    assert_str(p1, "num", "1");
    assert_int_equal(get(p1, "num")->style, SHN_STYLE_PLAIN);   /* an integer, as the schema wants */
    assert_str(sentence(p1, 0), "num", "1");
    assert_str(sentence(p1, 0), "function", "main");
    assert_str(sentence(p1, 0), "text", "書面を提出しなければならない。");
    assert_str(sentence(p1, 1), "num", "2");
    assert_str(sentence(p1, 1), "function", "proviso");
    assert_str(p2, "num", "2");
    assert_str(p2, "caption", "（例外）");
    assert_null(shn__map_get(sentence(p2, 0), "function"));
    const shn_node *a4 = at(get(ch, "provisions"), 1);
    assert_str(a4, "article", "4");
    assert_str(a4, "delete", "true");
    assert_int_equal(get(a4, "delete")->style, SHN_STYLE_PLAIN);
    unload(&r);
}

static void egov_load_should_take_law_id_from_option_before_path(void **state) {
    (void)state;
    loaded r = load_as("405AC0000000088.xml", ARTICLE_LAW, 0, "347AC0000000057");
    assert_str(get(root_of(&r), "law"), "id", "347AC0000000057");
    unload(&r);
    r = load_as("law.xml", ARTICLE_LAW, 0, NULL);
    assert_null(shn__map_get(get(root_of(&r), "law"), "id"));
    unload(&r);
}

static void egov_load_should_build_a_valid_law_document_with_units(void **state) {
    (void)state;
    loaded r = load_as("405AC0000000088.xml", ARTICLE_LAW, 0, NULL);
    root_of(&r);
    shn_diags diags = {0};
    const char *kind = NULL;
    assert_int_equal(shn__validate(r.docs[0], &kind, &diags), 0);
    assert_string_equal(kind, "law");
    assert_int_equal(diags.items.n, 0);                  /* not even an unknown-key warning */
    shn__diags_free(&diags);
    shn_unit_list units = {0};
    shn_error err;
    assert_int_equal(shn__units_build(r.docs[0], "405AC0000000088.xml", NULL, &units, &err), SHN_OK);
    /* law.document, law.article 3_2, its 3 sentences, law.article 4, its sentence */
    assert_int_equal(units.n, 7);
    assert_string_equal(units.items[3]->address_str, "405AC0000000088#main:3_2:1::2");
    assert_string_equal(units.items[3]->citation, "第三条の二第一項");
    assert_string_equal(shn__unit_ctx(units.items[3], "function"), "proviso");
    assert_string_equal(shn__unit_ctx(units.items[3], "chapter_title"), "第一章　総則");
    shn__units_free(&units);
    unload(&r);
}

static void egov_load_should_nest_items_and_subitems(void **state) {
    (void)state;
    loaded r = load(LAW_HEAD
                    "<MainProvision><Article Num=\"5\"><ArticleTitle>第五条</ArticleTitle>"
                    "<Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>次に掲げる者</Sentence></ParagraphSentence>"
                    "<Item Num=\"1\"><ItemTitle>一</ItemTitle><ItemSentence><Sentence>甲</Sentence></ItemSentence></Item>"
                    "<Item Num=\"2_2\"><ItemTitle>二の二</ItemTitle><ItemSentence><Sentence>乙</Sentence></ItemSentence>"
                    "<Subitem1 Num=\"1\"><Subitem1Title>イ</Subitem1Title><Subitem1Sentence><Sentence>丙</Sentence></Subitem1Sentence>"
                    "<Subitem2 Num=\"3\"><Subitem2Title>（３）</Subitem2Title><Subitem2Sentence><Sentence>丁</Sentence></Subitem2Sentence>"
                    "<Subitem3 Num=\"1\"><Subitem3Title>ｉ</Subitem3Title><Subitem3Sentence><Sentence>戊</Sentence></Subitem3Sentence>"
                    "</Subitem3></Subitem2></Subitem1></Item></Paragraph></Article></MainProvision>" LAW_TAIL);
    const shn_node *p = at(get(at(get(root_of(&r), "provisions"), 0), "paragraphs"), 0);
    assert_str(sentence(p, 0), "text", "次に掲げる者");
    const shn_node *i1 = at(get(p, "items"), 0), *i2 = at(get(p, "items"), 1);
    assert_str(i1, "num", "1");
    assert_str(i1, "title", "一");
    assert_str(sentence(i1, 0), "text", "甲");
    assert_str(sentence(i1, 0), "num", "1");             /* numbered within the item */
    assert_str(i2, "num", "2_2");
    assert_str(i2, "title", "二の二");
    const shn_node *s1 = at(get(i2, "items"), 0);
    assert_str(s1, "title", "イ");
    assert_str(sentence(s1, 0), "text", "丙");
    const shn_node *s2 = at(get(s1, "items"), 0);
    assert_str(s2, "num", "3");
    assert_str(s2, "title", "（３）");
    const shn_node *s3 = at(get(s2, "items"), 0);
    assert_str(s3, "title", "ｉ");
    assert_str(sentence(s3, 0), "text", "戊");
    shn_unit_list units = {0};
    shn_error err;
    assert_int_equal(shn__units_build(r.docs[0], "405AC0000000088.xml", NULL, &units, &err), SHN_OK);
    assert_string_equal(units.items[units.n - 1]->address_str, "405AC0000000088#main:5:1:2_2/1/3/1:1");
    shn__units_free(&units);
    unload(&r);
}

static void egov_load_should_number_column_sentences_and_keep_ruby_base_text(void **state) {
    (void)state;
    loaded r = load(LAW_HEAD
                    "<MainProvision><Article Num=\"1\"><ArticleTitle>第一条</ArticleTitle>"
                    "<Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence>"
                    "<Sentence Num=\"1\">検査の<Ruby>為<Rt>ため</Rt></Ruby>、<Sup>注</Sup>を付す。</Sentence>"
                    "</ParagraphSentence>"
                    "<Item Num=\"1\"><ItemTitle>一</ItemTitle><ItemSentence>"
                    "<Column Num=\"1\"><Sentence Num=\"1\">第二条の規定</Sentence></Column>\n"
                    "            <Column Num=\"2\"><Sentence Num=\"1\">公布の日</Sentence><Sentence Num=\"2\">又は別の日</Sentence></Column>"
                    "</ItemSentence></Item></Paragraph></Article></MainProvision>" LAW_TAIL);
    const shn_node *p = at(get(at(get(root_of(&r), "provisions"), 0), "paragraphs"), 0);
    assert_str(sentence(p, 0), "text", "検査の為、注を付す。");
    const shn_node *item = at(get(p, "items"), 0);
    assert_int_equal(get(item, "sentences")->n, 3);
    assert_str(sentence(item, 0), "column", "1");
    assert_str(sentence(item, 0), "num", "1");
    assert_str(sentence(item, 1), "column", "2");
    assert_str(sentence(item, 1), "num", "2");
    assert_str(sentence(item, 2), "column", "2");
    assert_str(sentence(item, 2), "num", "3");           /* counted across Columns */
    assert_str(sentence(item, 2), "text", "又は別の日");
    unload(&r);
}

static void egov_load_should_map_paragraph_only_law_and_suppl_provisions(void **state) {
    (void)state;
    loaded r = load(LAW_HEAD
                    "<MainProvision><Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>第一項の文。</Sentence>"
                    "</ParagraphSentence></Paragraph><Paragraph Num=\"2\"><ParagraphNum>２</ParagraphNum><ParagraphSentence>"
                    "<Sentence>第二項の文。</Sentence></ParagraphSentence></Paragraph></MainProvision>"
                    "<SupplProvision><SupplProvisionLabel>附　則</SupplProvisionLabel><Paragraph Num=\"1\"><ParagraphNum/>"
                    "<ParagraphSentence><Sentence>この法律は、公布の日から施行する。</Sentence></ParagraphSentence></Paragraph></SupplProvision>"
                    "<SupplProvision AmendLawNum=\"令和五年法律第六十三号\" Extract=\"true\"><SupplProvisionLabel>附　則</SupplProvisionLabel>"
                    "<Article Num=\"1\"><ArticleCaption>（施行期日）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>"
                    "<Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>略</Sentence></ParagraphSentence></Paragraph>"
                    "</Article></SupplProvision>" LAW_TAIL);
    const shn_node *root = root_of(&r);
    const shn_node *p2 = at(get(root, "provisions"), 1);
    assert_str(p2, "paragraph", "2");
    assert_null(shn__map_get(p2, "num"));
    assert_str(sentence(p2, 0), "text", "第二項の文。");
    const shn_node *orig = at(get(root, "suppl_provisions"), 0), *amend = at(get(root, "suppl_provisions"), 1);
    assert_null(shn__map_get(orig, "amend_law_num"));
    assert_str(at(get(orig, "provisions"), 0), "paragraph", "1");
    assert_str(amend, "amend_law_num", "令和五年法律第六十三号");
    assert_str(amend, "extract", "true");
    assert_str(at(get(amend, "provisions"), 0), "caption", "（施行期日）");
    shn_unit_list units = {0};
    shn_error err;
    assert_int_equal(shn__units_build(r.docs[0], "405AC0000000088.xml", NULL, &units, &err), SHN_OK);
    assert_string_equal(units.items[2]->address_str, "405AC0000000088#main::2::1");
    assert_string_equal(units.items[units.n - 1]->address_str,
                        "405AC0000000088#suppl:令和五年法律第六十三号:1:1::1");
    shn__units_free(&units);
    unload(&r);
}

static void egov_load_should_map_appendix_table_rows_and_paragraph_tables(void **state) {
    (void)state;
    loaded r = load(LAW_HEAD
                    "<MainProvision><Article Num=\"1\"><ArticleTitle>第一条</ArticleTitle><Paragraph Num=\"1\"><ParagraphNum/>"
                    "<ParagraphSentence><Sentence>次の表のとおりとする。</Sentence></ParagraphSentence>"
                    "<TableStruct><Table><TableRow><TableColumn><Sentence>区分</Sentence></TableColumn>"
                    "<TableColumn/><TableColumn><Sentence>書面</Sentence></TableColumn></TableRow></Table></TableStruct>"
                    "</Paragraph></Article></MainProvision>"
                    "<AppdxTable Num=\"1\"><AppdxTableTitle>別表第一</AppdxTableTitle><RelatedArticleNum>（第二条関係）</RelatedArticleNum>"
                    "<TableStruct><Table>\n"
                    "  <TableRow><TableColumn><Sentence>マラリア</Sentence>\n    <Sentence>痘瘡</Sentence></TableColumn>"
                    "<TableColumn><Item Num=\"1\"><ItemTitle>一</ItemTitle><ItemSentence><Sentence>目視</Sentence></ItemSentence></Item></TableColumn></TableRow>\n"
                    "  <TableRow><TableColumn></TableColumn><TableColumn><Sentence>十円</Sentence></TableColumn></TableRow>\n"
                    "</Table><Remarks><RemarksLabel>備考</RemarksLabel></Remarks></TableStruct></AppdxTable>" LAW_TAIL);
    const shn_node *root = root_of(&r);
    const shn_node *p = at(get(at(get(root, "provisions"), 0), "paragraphs"), 0);
    assert_int_equal(get(p, "sentences")->n, 3);         /* the sentence, then the two non-empty cells */
    assert_str(sentence(p, 1), "text", "区分");
    assert_str(sentence(p, 2), "text", "書面");
    assert_str(sentence(p, 2), "num", "3");
    const shn_node *t = at(get(root, "appendix_tables"), 0);
    assert_str(t, "num", "1");
    assert_str(t, "title", "別表第一");
    assert_str(t, "related_article", "（第二条関係）");
    const shn_node *rows = get(t, "rows");
    assert_int_equal(rows->n, 2);
    assert_int_equal(at(rows, 0)->n, 2);
    assert_string_equal(at(at(rows, 0), 0)->value, "マラリア\n痘瘡");
    assert_string_equal(at(at(rows, 0), 1)->value, "一\xE3\x80\x80目視");
    assert_string_equal(at(at(rows, 1), 0)->value, "");
    assert_string_equal(at(at(rows, 1), 1)->value, "十円");
    unload(&r);
}

static void egov_load_should_give_sentence_text_line_and_code_point_column(void **state) {
    (void)state;
    loaded r = load(LAW_HEAD
                    "<MainProvision><Article Num=\"1\"><ArticleCaption>（目的）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>"
                    "<Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>この法律は、</Sentence>"
                    "<Sentence>定める。</Sentence></ParagraphSentence></Paragraph></Article></MainProvision>" LAW_TAIL);
    const shn_node *art = at(get(root_of(&r), "provisions"), 0);
    /* Line 7 is the line after LAW_HEAD's six lines. */
    assert_int_equal(art->start.line, 7);
    assert_int_equal(art->start.column, 16);             /* after "<MainProvision>" */
    const shn_node *p = at(get(art, "paragraphs"), 0);
    const shn_node *t1 = get(sentence(p, 0), "text"), *t2 = get(sentence(p, 1), "text");
    const char *line = "<MainProvision><Article Num=\"1\"><ArticleCaption>（目的）</ArticleCaption><ArticleTitle>第一条"
                       "</ArticleTitle><Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>";
    unsigned col = (unsigned)shn__utf8_len(line, strlen(line)) + 1;
    assert_int_equal(t1->start.line, 7);
    assert_int_equal(t1->start.column, col);
    assert_int_equal(t1->end.column, col + 6);           /* この法律は、 is six code points */
    assert_int_equal(t1->end.offset - t1->start.offset, 6);
    assert_int_equal(t2->start.column, col + 6 + strlen("</Sentence><Sentence>"));
    unload(&r);
}

static void egov_load_should_reject_entity_declarations(void **state) {
    (void)state;
    static const char bomb[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE Law [\n"
        "  <!ENTITY a \"aaaaaaaaaa\">\n"
        "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "  <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        "]>\n"
        "<Law><LawNum>&d;&d;&d;&d;&d;&d;&d;&d;</LawNum></Law>\n";
    loaded r = load(bomb);
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_null(r.docs);
    assert_int_equal(r.err.line, 2);
    assert_non_null(strstr(r.err.message, "DOCTYPE"));
    unload(&r);
}

static void egov_load_should_not_load_external_entities(void **state) {
    (void)state;
    loaded r = load("<?xml version=\"1.0\"?>\n<!DOCTYPE Law SYSTEM \"file:///etc/passwd\">\n"
                    "<Law><LawNum>&ext;</LawNum><LawBody><LawTitle>t</LawTitle></LawBody></Law>\n");
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_null(r.docs);
    assert_int_equal(r.err.line, 3);
    assert_non_null(strstr(r.err.message, "ext"));
    unload(&r);
}

static void egov_load_should_report_malformed_xml_position(void **state) {
    (void)state;
    loaded r = load("<Law>\n  <LawNum>番号</LawNum>\n  <LawBody><LawTitle>題名</LawBody>\n</Law>\n");
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_null(r.docs);
    assert_string_equal(r.err.file, "t.xml");
    assert_int_equal(r.err.line, 3);
    assert_int_equal(r.err.column, 26);                  /* the name in "</LawBody>", which closes nothing open */
    assert_non_null(strstr(r.err.message, "XML syntax error"));
    unload(&r);
}

static void egov_load_should_refuse_empty_input(void **state) {
    (void)state;
    loaded r;
    memset(&r, 0, sizeof r);
    shn_load_opts o = {{0, 0, 0}, NULL};
    r.st = shn__egov_load("e.xml", NULL, 0, &o, &r.docs, &r.n, &r.err);
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_null(r.docs);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.err.line, 1);
    unload(&r);
}

static void egov_load_should_refuse_a_root_other_than_law(void **state) {
    (void)state;
    loaded r = load("<?xml version=\"1.0\"?>\n<DataRoot><Result/></DataRoot>\n");
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_int_equal(r.err.line, 2);
    assert_int_equal(r.err.column, 1);
    assert_non_null(strstr(r.err.message, "root element is <DataRoot>"));
    unload(&r);
}

static void egov_load_should_enforce_the_depth_limit(void **state) {
    (void)state;
    shn_buf b = {0};
    shn__buf_puts(&b, "<Law><LawBody><LawTitle>t</LawTitle><MainProvision>");
    for (int i = 0; i < 100; i++) shn__buf_puts(&b, "<Chapter Num=\"1\">");
    for (int i = 0; i < 100; i++) shn__buf_puts(&b, "</Chapter>");
    shn__buf_puts(&b, "</MainProvision></LawBody></Law>");
    assert_false(b.failed);
    loaded r = load_as("t.xml", b.data, 80, NULL);
    assert_int_equal(r.st, SHN_E_LIMIT);
    assert_null(r.docs);
    assert_int_equal(r.err.line, 1);
    assert_non_null(strstr(r.err.message, "80"));
    unload(&r);
    r = load_as("t.xml", b.data, 200, NULL);          /* a higher limit lets it through */
    assert_int_equal(r.st, SHN_OK);
    unload(&r);
    r = load_as("t.xml", b.data, 10, NULL);           /* below 64 the limit is 64 */
    assert_int_equal(r.st, SHN_E_LIMIT);
    assert_non_null(strstr(r.err.message, "64"));
    unload(&r);
    shn__buf_free(&b);
}

static void egov_load_should_load_a_real_law_fixture(void **state) {
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    shn_error err;
    const char *path = tu_src("tests/fixtures/egov/329AC0000000113.xml");
    assert_int_equal(shn__read_file(path, (size_t)16 << 20, &buf, &len, &err), SHN_OK);
    loaded r;
    memset(&r, 0, sizeof r);
    shn_load_opts o = {{64, 0, 0}, NULL};
    r.st = shn__egov_load(path, buf, len, &o, &r.docs, &r.n, &r.err);
    free(buf);
    const shn_node *root = root_of(&r);
    assert_str(get(root, "law"), "title", "交通事件即決裁判手続法");
    shn_diags diags = {0};
    const char *kind = NULL;
    assert_int_equal(shn__validate(r.docs[0], &kind, &diags), 0);
    assert_int_equal(diags.items.n, 0);
    shn__diags_free(&diags);
    unload(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(egov_load_should_map_law_chapter_article_and_paragraphs),
        cmocka_unit_test(egov_load_should_take_law_id_from_option_before_path),
        cmocka_unit_test(egov_load_should_build_a_valid_law_document_with_units),
        cmocka_unit_test(egov_load_should_nest_items_and_subitems),
        cmocka_unit_test(egov_load_should_number_column_sentences_and_keep_ruby_base_text),
        cmocka_unit_test(egov_load_should_map_paragraph_only_law_and_suppl_provisions),
        cmocka_unit_test(egov_load_should_map_appendix_table_rows_and_paragraph_tables),
        cmocka_unit_test(egov_load_should_give_sentence_text_line_and_code_point_column),
        cmocka_unit_test(egov_load_should_reject_entity_declarations),
        cmocka_unit_test(egov_load_should_not_load_external_entities),
        cmocka_unit_test(egov_load_should_report_malformed_xml_position),
        cmocka_unit_test(egov_load_should_refuse_empty_input),
        cmocka_unit_test(egov_load_should_refuse_a_root_other_than_law),
        cmocka_unit_test(egov_load_should_enforce_the_depth_limit),
        cmocka_unit_test(egov_load_should_load_a_real_law_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
