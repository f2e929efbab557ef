/* test_emit_yaml.c — the YAML writer: block layout, quoting that keeps each scalar's meaning, round trips
 * through the YAML loader, limits. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "emit_yaml.h"
#include "util.h"

static char *emit_yaml(const char *yaml) {
    shn_doc **docs = NULL;
    size_t n = 0;
    shn_error err;
    assert_int_equal(shn__yaml_load("in.yaml", yaml, strlen(yaml), NULL, &docs, &n, &err), SHN_OK);
    assert_int_equal(n, 1);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(shn__yaml_emit(docs[0], 0, &out, &len, &err), SHN_OK);
    assert_int_equal(strlen(out), len);
    shn__doc_free(docs[0]);
    free(docs);
    return out;
}

static void yaml_emit_should_write_block_style_with_two_space_indent(void **state) {
    (void)state;
    char *out = emit_yaml("{a: 1, b: [x, {c: true}], d: {e: null}}");
    assert_string_equal(out, "a: 1\nb:\n- x\n- c: true\nd:\n  e: null\n");
    free(out);
}

static void yaml_emit_should_quote_strings_that_would_change_meaning(void **state) {
    (void)state;
    char *out = emit_yaml("- \"1\"\n- 'true'\n- \"null\"\n- \"\"\n- \"3.5\"\n- \"-1\"\n- '2024-06-21'\n"
                          "- \"a: b\"\n- \"#x\"\n- \"- y\"\n- plain\n- 7\n- false\n- \"yes\"\n");
    assert_string_equal(out, "- \"1\"\n- \"true\"\n- \"null\"\n- \"\"\n- \"3.5\"\n- \"-1\"\n- \"2024-06-21\"\n"
                             "- 'a: b'\n- '#x'\n- '- y'\n- plain\n- 7\n- false\n- \"yes\"\n");
    free(out);
}

static void yaml_emit_should_write_japanese_text_unescaped_and_unfolded(void **state) {
    (void)state;
    shn_buf long_text = {0};
    shn__buf_puts(&long_text, "text: \"");
    for (int i = 0; i < 200; i++) shn__buf_puts(&long_text, "書面 ");
    shn__buf_puts(&long_text, "終\"\n");
    char *out = emit_yaml(long_text.data);
    assert_non_null(strstr(out, "書面 書面"));
    assert_null(strchr(out, '\\'));
    assert_int_equal(strchr(out, '\n') - out, (long)strlen(out) - 1);   /* one line */
    free(out);
    shn__buf_free(&long_text);
}

static void yaml_emit_should_round_trip_through_the_loader(void **state) {
    (void)state;
    static const char src[] = "shinsa: 1\nkind: law\nlaw: {title: \"2024\", num: 平成五年法律第八十八号}\n"
                              "provisions:\n- article: \"3_2\"\n  paragraphs:\n  - num: 1\n    sentences:\n"
                              "    - {num: 1, function: proviso, text: \"ただし、\\n改行: あり\"}\n";
    char *once = emit_yaml(src);
    char *twice = emit_yaml(once);
    assert_string_equal(once, twice);                    /* a fixed point */
    shn_doc **docs = NULL;
    size_t n = 0;
    shn_error err;
    assert_int_equal(shn__yaml_load("o.yaml", once, strlen(once), NULL, &docs, &n, &err), SHN_OK);
    const shn_node *law = shn__map_get(docs[0]->root, "law");
    assert_int_equal(shn__map_get(law, "title")->style, SHN_STYLE_QUOTED);
    assert_string_equal(shn__map_get_str(law, "title"), "2024");
    const shn_node *prov = shn__map_get(docs[0]->root, "provisions")->items[0];
    assert_int_equal(shn__map_get(prov, "article")->style, SHN_STYLE_QUOTED);
    const shn_node *para = shn__map_get(prov, "paragraphs")->items[0];
    assert_int_equal(shn__map_get(para, "num")->style, SHN_STYLE_PLAIN);
    const shn_node *s = shn__map_get(para, "sentences")->items[0];
    assert_string_equal(shn__map_get_str(s, "text"), "ただし、\n改行: あり");
    shn__doc_free(docs[0]);
    free(docs);
    free(once);
    free(twice);
}

static void yaml_emit_should_write_null_for_an_empty_document(void **state) {
    (void)state;
    shn_doc *d = shn__doc_new("e.yaml");
    assert_non_null(d);
    char *out = NULL;
    size_t len = 0;
    shn_error err;
    assert_int_equal(shn__yaml_emit(d, 0, &out, &len, &err), SHN_OK);
    assert_string_equal(out, "null\n");
    free(out);
    shn__doc_free(d);
}

static void yaml_emit_should_refuse_alias_bombs(void **state) {
    (void)state;
    /* 10 levels of 10 aliases each: 10^10 nodes when written out in full (limit lowered to keep it quick). */
    shn_buf b = {0};
    shn__buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 10; i++) {
        shn__buf_printf(&b, "a%d: &a%d [", i, i);
        for (int k = 0; k < 10; k++) shn__buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
        shn__buf_puts(&b, "]\n");
    }
    shn_doc **docs = NULL;
    size_t n = 0;
    shn_error err;
    shn_load_limits lim = {64, (size_t)1 << 40, 0};
    assert_int_equal(shn__yaml_load("bomb.yaml", b.data, b.len, &lim, &docs, &n, &err), SHN_OK);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(shn__yaml_emit(docs[0], 100000, &out, &len, &err), SHN_E_LIMIT);
    assert_null(out);
    assert_non_null(strstr(err.message, "more than 100000 nodes"));
    shn__doc_free(docs[0]);
    free(docs);
    shn__buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yaml_emit_should_write_block_style_with_two_space_indent),
        cmocka_unit_test(yaml_emit_should_quote_strings_that_would_change_meaning),
        cmocka_unit_test(yaml_emit_should_write_japanese_text_unescaped_and_unfolded),
        cmocka_unit_test(yaml_emit_should_round_trip_through_the_loader),
        cmocka_unit_test(yaml_emit_should_write_null_for_an_empty_document),
        cmocka_unit_test(yaml_emit_should_refuse_alias_bombs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
