/* test_kpi_read.c — shn_kpi_reading (the reading behind `shinsa kpi`): JSON output is valid UTF-8 even when
 * the stdlib's reading holds a cut multi-byte character (tests/fixtures/stdlib-cut), and the real grammar's
 * reading comes back as JSON with sorted keys. */
#include <stdlib.h>
#include <string.h>

#include "shinsa.h"
#include "testutil.h"
#include "util.h"

static void kpi_reading_should_write_invalid_utf8_as_replacement_character(void **state) {
    (void)state;
    shn_options opt = {0};
    opt.stdlib_dir = tu_src("tests/fixtures/stdlib-cut");
    const char *text = "【出典】行政手続調査";
    char *out = NULL;
    shn_error err = {0};
    assert_int_equal(shn_kpi_reading(&opt, text, strlen(text), 1, &out, &err), SHN_OK);
    assert_true(shn__utf8_valid(out, strlen(out), NULL));
    assert_non_null(strstr(out, "\"source\":\"\xEF\xBF\xBD"));   /* U+FFFD where the cut byte pair was */
    free(out);
}

static void kpi_reading_should_give_the_grammar_reading_as_json(void **state) {
    (void)state;
    shn_options opt = {0};
    opt.stdlib_dir = tu_src("stdlib");
    const char *text = "電子申請の利用率を2027年度までに80%とする";
    char *out = NULL;
    shn_error err = {0};
    assert_int_equal(shn_kpi_reading(&opt, text, strlen(text), 1, &out, &err), SHN_OK);
    assert_true(shn__utf8_valid(out, strlen(out), NULL));
    assert_non_null(strstr(out, "\"year\":2027"));
    assert_non_null(strstr(out, "\"value\":80"));
    assert_true(strstr(out, "\"deadline\"") < strstr(out, "\"target\""));   /* keys sorted */
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kpi_reading_should_write_invalid_utf8_as_replacement_character),
        cmocka_unit_test(kpi_reading_should_give_the_grammar_reading_as_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
