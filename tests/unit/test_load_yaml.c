/* test_load_yaml.c — the YAML/JSON loader: positions, styles, documents, aliases, limits, errors. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "doc.h"
#include "util.h"

typedef struct {
    shn_doc **docs;
    size_t n;
    shn_error err;
    shn_status st;
} loaded;

static loaded load_lim(const char *text, size_t len, unsigned depth, size_t nodes) {
    loaded r;
    memset(&r, 0, sizeof r);
    shn_load_limits lim = {depth, nodes, 0};
    r.st = shn__yaml_load("t.yaml", text, len, &lim, &r.docs, &r.n, &r.err);
    return r;
}

static loaded load(const char *text) { return load_lim(text, strlen(text), 0, 0); }

static void unload(loaded *r) {
    for (size_t i = 0; i < r->n; i++) shn__doc_free(r->docs[i]);
    free(r->docs);
    r->docs = NULL;
    r->n = 0;
}

static const shn_node *get(const shn_node *map, const char *key) {
    const shn_node *v = shn__map_get(map, key);
    assert_non_null(v);
    return v;
}

/* A macro, so that a failure names the caller's line. */
#define assert_at(node, l, c)                             \
    do {                                                  \
        const shn_node *n_ = (node);                      \
        assert_non_null(n_);                              \
        assert_int_equal(n_->start.line, (l));            \
        assert_int_equal(n_->start.column, (c));          \
    } while (0)

static void assert_err_at(const loaded *r, shn_status st, unsigned line, unsigned column, const char *needle) {
    assert_int_equal(r->st, st);
    assert_null(r->docs);
    assert_int_equal(r->n, 0);
    assert_string_equal(r->err.file, "t.yaml");
    assert_int_equal(r->err.line, line);
    assert_int_equal(r->err.column, column);
    if (needle && !strstr(r->err.message, needle)) fail_msg("message \"%s\" lacks \"%s\"", r->err.message, needle);
}

static void yaml_load_should_report_line_and_column_of_nested_nodes(void **state) {
    (void)state;
    loaded r = load("shinsa: 1\n"
                    "source:\n"
                    "  title: 重点計画\n"
                    "measures:\n"
                    "  - id: \"1-1\"\n"
                    "    tags: [a, bb]\n"
                    "    kpi: {effect: [x]}\n");
    assert_int_equal(r.st, SHN_OK);
    assert_int_equal(r.n, 1);
    const shn_node *root = r.docs[0]->root;
    assert_int_equal(root->type, SHN_NODE_MAP);
    assert_at(root, 1, 1);
    assert_int_equal(root->n, 3);
    assert_at(root->items[0], 1, 1);                 /* key shinsa */
    assert_at(get(root, "shinsa"), 1, 9);
    const shn_node *src = get(root, "source");
    assert_int_equal(src->type, SHN_NODE_MAP);
    assert_at(src, 3, 3);
    const shn_node *title = get(src, "title");
    assert_at(title, 3, 10);
    assert_string_equal(title->value, "重点計画");
    assert_int_equal(title->end.line, 3);
    assert_int_equal(title->end.column, 14);         /* exclusive end, four code points later */
    const shn_node *ms = get(root, "measures");
    assert_int_equal(ms->type, SHN_NODE_SEQ);
    assert_at(ms, 5, 3);
    const shn_node *m0 = ms->items[0];
    assert_at(m0, 5, 5);
    assert_at(get(m0, "id"), 5, 9);
    const shn_node *tags = get(m0, "tags");
    assert_at(tags, 6, 11);
    assert_int_equal(tags->n, 2);
    assert_at(tags->items[1], 6, 15);
    assert_int_equal(tags->end.line, 6);
    assert_int_equal(tags->end.column, 18);
    const shn_node *kpi = get(m0, "kpi");
    assert_at(kpi, 7, 10);
    assert_at(get(kpi, "effect")->items[0], 7, 20);
    unload(&r);
}

static void yaml_load_should_count_columns_in_code_points_after_japanese_text(void **state) {
    (void)state;
    loaded r = load("{題名: 労働安全衛生法, 番号: [第一条, 第二条]}\n"
                    "---\n"
                    "条文: 「事業者は」: x\n");
    /* the second document has a plain scalar containing ": " — libyaml refuses it, at code point column 11 */
    assert_err_at(&r, SHN_E_PARSE, 3, 11, "YAML syntax error");
    r = load("{題名: 労働安全衛生法, 番号: [第一条, 第二条]}\n");
    assert_int_equal(r.st, SHN_OK);
    const shn_node *root = r.docs[0]->root;
    assert_at(get(root, "題名"), 1, 6);
    assert_at(root->items[2], 1, 15);                /* key 番号 */
    const shn_node *nums = get(root, "番号");
    assert_at(nums, 1, 19);
    assert_at(nums->items[1], 1, 25);
    assert_int_equal(nums->items[1]->start.offset, 24);
    assert_int_equal(nums->end.column, 29);
    unload(&r);
}

static void yaml_load_should_distinguish_plain_quoted_and_block_scalars(void **state) {
    (void)state;
    loaded r = load("a: 1\nb: \"1\"\nc: '1'\nd: |\n  text\ne: >\n  folded\nf: !!str 1\ng:\n");
    assert_int_equal(r.st, SHN_OK);
    const shn_node *root = r.docs[0]->root;
    assert_int_equal(get(root, "a")->style, SHN_STYLE_PLAIN);
    assert_int_equal(get(root, "b")->style, SHN_STYLE_QUOTED);
    assert_int_equal(get(root, "c")->style, SHN_STYLE_QUOTED);
    assert_int_equal(get(root, "d")->style, SHN_STYLE_BLOCK);
    assert_string_equal(get(root, "d")->value, "text\n");
    assert_int_equal(get(root, "e")->style, SHN_STYLE_BLOCK);
    assert_int_equal(get(root, "f")->style, SHN_STYLE_QUOTED);
    assert_true(shn__scalar_is_null(get(root, "g")));
    assert_false(shn__scalar_is_null(get(root, "b")));
    unload(&r);
}

static void yaml_load_should_return_every_document_of_a_stream(void **state) {
    (void)state;
    loaded r = load("a: 1\n---\n- x\n---\n...\n--- b\n");
    assert_int_equal(r.st, SHN_OK);
    assert_int_equal(r.n, 4);
    for (unsigned i = 0; i < 4; i++) assert_int_equal(r.docs[i]->index, i);
    assert_int_equal(r.docs[0]->root->type, SHN_NODE_MAP);
    assert_int_equal(r.docs[1]->root->type, SHN_NODE_SEQ);
    assert_at(r.docs[1]->root->items[0], 3, 3);
    assert_null(r.docs[2]->root);                    /* an empty document */
    assert_string_equal(r.docs[3]->root->value, "b");
    assert_string_equal(r.docs[3]->file, "t.yaml");
    unload(&r);
}

static void yaml_load_should_yield_no_documents_for_an_empty_file(void **state) {
    (void)state;
    loaded r = load_lim(NULL, 0, 0, 0);
    assert_int_equal(r.st, SHN_OK);
    assert_int_equal(r.n, 0);
    unload(&r);
    r = load("# only a comment\n\n");
    assert_int_equal(r.st, SHN_OK);
    assert_int_equal(r.n, 0);
    unload(&r);
}

static void yaml_load_should_share_aliased_nodes(void **state) {
    (void)state;
    loaded r = load("base: &b {name: デジタル庁, lead: true}\n"
                    "list: [*b, *b]\n"
                    "again: *b\n"
                    "merged: {<<: *b, extra: 1}\n");
    assert_int_equal(r.st, SHN_OK);
    const shn_node *root = r.docs[0]->root;
    const shn_node *base = get(root, "base");
    assert_ptr_equal(get(root, "list")->items[0], base);
    assert_ptr_equal(get(root, "list")->items[1], base);
    assert_ptr_equal(get(root, "again"), base);
    assert_ptr_equal(get(get(root, "merged"), "<<"), base);  /* merge keys stay ordinary keys */
    assert_at(base, 1, 7);                                     /* the anchor's position */
    unload(&r);
}

static void yaml_load_should_stop_an_alias_bomb_quickly(void **state) {
    (void)state;
    const char *bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                       "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                       "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                       "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                       "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                       "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                       "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                       "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
                       "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    clock_t t0 = clock();
    loaded r = load(bomb);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* f expands to 597,871 nodes; the first *f on line 7 takes the running total past 1,000,000 */
    assert_int_equal(r.st, SHN_E_LIMIT);
    assert_null(r.docs);
    assert_int_equal(r.err.line, 7);
    assert_int_equal(r.err.column, 8);
    assert_true(strstr(r.err.message, "alias expansion") != NULL);
    assert_true(secs < 1.0);
    /* the same file under a lower cap fails earlier, at an alias */
    r = load_lim(bomb, strlen(bomb), 0, 1000);
    assert_int_equal(r.st, SHN_E_LIMIT);
    assert_int_equal(r.err.line, 4);
    assert_int_equal(r.err.column, 8);
}

static void yaml_load_should_count_expanded_nodes_exactly(void **state) {
    (void)state;
    /* nodes: root, key a, seq, 3 items = 6; key b + alias of size 4 = 11 */
    const char *text = "a: &x [1, 2, 3]\nb: *x\n";
    loaded r = load_lim(text, strlen(text), 0, 11);
    assert_int_equal(r.st, SHN_OK);
    unload(&r);
    r = load_lim(text, strlen(text), 0, 10);
    assert_err_at(&r, SHN_E_LIMIT, 2, 4, "alias");
}

static void yaml_load_should_refuse_undefined_and_recursive_aliases(void **state) {
    (void)state;
    loaded r = load("a: 1\nb: [x, *nope]\n");
    assert_err_at(&r, SHN_E_PARSE, 2, 8, "undefined alias): *nope");
    r = load("a: &r [1, *r]\n");
    assert_err_at(&r, SHN_E_PARSE, 1, 11, "recursive alias");
    /* anchors do not cross documents */
    r = load("a: &x 1\n---\nb: *x\n");
    assert_err_at(&r, SHN_E_PARSE, 3, 4, "undefined alias");
}

static void yaml_load_should_limit_nesting_depth(void **state) {
    (void)state;
    loaded r = load_lim("[[[[1]]]]", 9, 4, 0);
    assert_int_equal(r.st, SHN_OK);
    unload(&r);
    r = load_lim("[[[[[1]]]]]", 11, 4, 0);
    assert_err_at(&r, SHN_E_LIMIT, 1, 5, "nesting too deep");
    /* the default is 64 */
    char deep[200];
    memset(deep, '[', 65);
    memset(deep + 65, ']', 65);
    deep[130] = '\0';
    r = load(deep);
    assert_err_at(&r, SHN_E_LIMIT, 1, 65, "64");
    r = load("a:\n  b:\n    c:\n      d: 1\n");
    assert_int_equal(r.st, SHN_OK);
    unload(&r);
    r = load_lim("a:\n  b:\n    c:\n      d: 1\n", 26, 3, 0);
    assert_err_at(&r, SHN_E_LIMIT, 4, 7, NULL);
}

static void yaml_load_should_reject_duplicate_keys_with_both_positions(void **state) {
    (void)state;
    loaded r = load("title: a\nid: 1\ntitle: b\n");
    assert_err_at(&r, SHN_E_PARSE, 3, 1, "duplicate key");
    assert_non_null(strstr(r.err.message, "\"title\" at line 1, column 1 and line 3, column 1"));
    /* large mappings take the sorted path */
    shn_buf b = {0};
    for (int i = 0; i < 40; i++) shn__buf_printf(&b, "k%d: %d\n", i, i);
    shn__buf_puts(&b, "k7: again\n");
    r = load(b.data);
    shn__buf_free(&b);
    assert_err_at(&r, SHN_E_PARSE, 41, 1, "\"k7\" at line 8, column 1 and line 41, column 1");
    /* the same key in different mappings is fine */
    r = load("a: {x: 1}\nb: {x: 2}\n");
    assert_int_equal(r.st, SHN_OK);
    unload(&r);
}

static void yaml_load_should_reject_collection_keys(void **state) {
    (void)state;
    loaded r = load("? [a, b]\n: c\n");
    assert_err_at(&r, SHN_E_PARSE, 1, 3, "mapping keys must be scalars");
    r = load("x: &s [1]\ny: {*s : 2}\n");
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_int_equal(r.err.line, 2);
}

static void yaml_load_should_report_syntax_errors_at_the_problem(void **state) {
    (void)state;
    loaded r = load("a: 1\nb: [1, 2\nc: 3\n");
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_true(strstr(r.err.message, "YAMLの構文エラー (YAML syntax error): ") == r.err.message);
    assert_int_equal(r.err.line, 3);
    assert_int_equal(r.err.column, 2);
    r = load("measures:\n  - id: 1\n   title: x\n");
    assert_err_at(&r, SHN_E_PARSE, 3, 4, "YAML syntax error");
    r = load("a: \"unterminated\n");
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_int_equal(r.err.line, 2);
}

static void yaml_load_should_reject_text_that_is_not_utf8(void **state) {
    (void)state;
    /* 「労働」 in Shift_JIS after a valid UTF-8 line */
    const char sjis[] = "title: ok\nlaw: \x98\x4A\x93\xAD\n";
    loaded r = load_lim(sjis, sizeof sjis - 1, 0, 0);
    assert_err_at(&r, SHN_E_PARSE, 2, 6, "not UTF-8");
    assert_non_null(strstr(r.err.message, "UTF-8ではありません"));
    assert_non_null(strstr(r.err.message, "0x98"));
    /* column counts code points of the valid text before the bad byte */
    const char mixed[] = "題名: 労働\xff\n";
    r = load_lim(mixed, sizeof mixed - 1, 0, 0);
    assert_err_at(&r, SHN_E_PARSE, 1, 7, "not UTF-8");
    /* UTF-16 with a BOM is not UTF-8 either */
    const char u16[] = "\xff\xfe" "a\0:\0";
    r = load_lim(u16, sizeof u16 - 1, 0, 0);
    assert_err_at(&r, SHN_E_PARSE, 1, 1, "not UTF-8");
}

static void yaml_load_should_reject_nul_bytes(void **state) {
    (void)state;
    const char text[] = "a: 1\nb: x\0y\n";
    loaded r = load_lim(text, sizeof text - 1, 0, 0);
    assert_err_at(&r, SHN_E_PARSE, 2, 5, "NUL byte");
}

static void yaml_load_should_accept_a_utf8_bom(void **state) {
    (void)state;
    loaded r = load("\xEF\xBB\xBF" "a: 題\n");
    assert_int_equal(r.st, SHN_OK);
    const shn_node *root = r.docs[0]->root;
    assert_at(root->items[0], 1, 1);
    assert_at(get(root, "a"), 1, 4);
    unload(&r);
    r = load("\xEF\xBB\xBF" "a: [\n");
    assert_int_equal(r.st, SHN_E_PARSE);
    assert_int_equal(r.err.line, 2);
}

static void yaml_load_should_load_json_with_positions(void **state) {
    (void)state;
    loaded r = load("{\n"
                    "  \"shinsa\": 1,\n"
                    "  \"kind\": \"measures\",\n"
                    "  \"measures\": [\n"
                    "    {\"id\": \"1-1\", \"title\": \"\\u30c7\\u30b8\\u30bf\\u30eb \\\"x\\\"\\n\\/\",\n"
                    "\t\"n\": -12.5e3, \"ok\": true, \"no\": false, \"none\": null, \"empty\": {}, \"list\": []}\n"
                    "  ]\n"
                    "}\n");
    assert_int_equal(r.st, SHN_OK);
    assert_int_equal(r.n, 1);
    const shn_node *root = r.docs[0]->root;
    assert_at(root, 1, 1);
    assert_at(root->items[0], 2, 3);
    assert_at(get(root, "shinsa"), 2, 13);
    assert_int_equal(get(root, "shinsa")->style, SHN_STYLE_PLAIN);
    assert_int_equal(get(root, "kind")->style, SHN_STYLE_QUOTED);
    const shn_node *m = get(root, "measures")->items[0];
    assert_at(m, 5, 5);
    assert_at(get(m, "title"), 5, 28);
    assert_string_equal(get(m, "title")->value, "デジタル \"x\"\n/");
    assert_string_equal(get(m, "n")->value, "-12.5e3");
    assert_at(get(m, "n"), 6, 7);
    assert_string_equal(get(m, "ok")->value, "true");
    assert_true(shn__scalar_is_null(get(m, "none")));
    assert_int_equal(get(m, "empty")->type, SHN_NODE_MAP);
    assert_int_equal(get(m, "list")->type, SHN_NODE_SEQ);
    assert_int_equal(get(m, "list")->n, 0);
    unload(&r);
    /* compact JSON without spaces */
    r = load("{\"a\":[1,2,{\"b\":\"c\"}],\"d\":\"e\"}");
    assert_int_equal(r.st, SHN_OK);
    assert_at(get(r.docs[0]->root, "d"), 1, 26);
    assert_string_equal(get(get(r.docs[0]->root, "a")->items[2], "b")->value, "c");
    unload(&r);
}

static void yaml_load_should_accept_null_limits_and_no_error_struct(void **state) {
    (void)state;
    shn_doc **docs = NULL;
    size_t n = 0;
    assert_int_equal(shn__yaml_load("x", "a: [", 4, NULL, &docs, &n, NULL), SHN_E_PARSE);
    assert_null(docs);
    assert_int_equal(shn__yaml_load("x", "a: 1", 4, NULL, &docs, &n, NULL), SHN_OK);
    assert_int_equal(n, 1);
    shn__doc_free(docs[0]);
    free(docs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yaml_load_should_report_line_and_column_of_nested_nodes),
        cmocka_unit_test(yaml_load_should_count_columns_in_code_points_after_japanese_text),
        cmocka_unit_test(yaml_load_should_distinguish_plain_quoted_and_block_scalars),
        cmocka_unit_test(yaml_load_should_return_every_document_of_a_stream),
        cmocka_unit_test(yaml_load_should_yield_no_documents_for_an_empty_file),
        cmocka_unit_test(yaml_load_should_share_aliased_nodes),
        cmocka_unit_test(yaml_load_should_stop_an_alias_bomb_quickly),
        cmocka_unit_test(yaml_load_should_count_expanded_nodes_exactly),
        cmocka_unit_test(yaml_load_should_refuse_undefined_and_recursive_aliases),
        cmocka_unit_test(yaml_load_should_limit_nesting_depth),
        cmocka_unit_test(yaml_load_should_reject_duplicate_keys_with_both_positions),
        cmocka_unit_test(yaml_load_should_reject_collection_keys),
        cmocka_unit_test(yaml_load_should_report_syntax_errors_at_the_problem),
        cmocka_unit_test(yaml_load_should_reject_text_that_is_not_utf8),
        cmocka_unit_test(yaml_load_should_reject_nul_bytes),
        cmocka_unit_test(yaml_load_should_accept_a_utf8_bom),
        cmocka_unit_test(yaml_load_should_load_json_with_positions),
        cmocka_unit_test(yaml_load_should_accept_null_limits_and_no_error_struct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
