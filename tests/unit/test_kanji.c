/* test_kanji.c — kanji numerals both ways and Num → citation. */
#include "testutil.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "kanji.h"

typedef struct { long n; const char *k; } pair;

/* Values whose written form is canonical: from_int(n) == k and to_int(k) == n. */
static const pair canonical[] = {
    {0, "〇"}, {1, "一"}, {2, "二"}, {9, "九"}, {10, "十"}, {11, "十一"}, {17, "十七"}, {20, "二十"},
    {99, "九十九"}, {100, "百"}, {101, "百一"}, {108, "百八"}, {110, "百十"}, {300, "三百"},
    {1000, "千"}, {1001, "千一"}, {1234, "千二百三十四"}, {2025, "二千二十五"}, {9999, "九千九百九十九"},
    {10000, "一万"}, {10001, "一万一"}, {12345, "一万二千三百四十五"}, {100000, "十万"},
    {105000, "十万五千"}, {10000000, "千万"}, {100000000, "一億"}, {123456789, "一億二千三百四十五万六千七百八十九"},
    {1000000000000L, "一兆"}, {10000000000000000L, "一京"}, {100020003, "一億二万三"},
};

static void kanji_from_int_should_write_statute_form(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof canonical / sizeof canonical[0]; i++) {
        char *k = shn__kanji_from_int(canonical[i].n);
        assert_non_null(k);
        assert_string_equal(k, canonical[i].k);
        free(k);
    }
}

static void kanji_to_int_should_read_statute_form(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof canonical / sizeof canonical[0]; i++)
        assert_int_equal(shn__kanji_to_int(canonical[i].k), canonical[i].n);
}

static void kanji_should_round_trip_every_value_to_twenty_thousand(void **state) {
    (void)state;
    for (long n = 0; n <= 20000; n++) {
        char *k = shn__kanji_from_int(n);
        assert_non_null(k);
        assert_int_equal(shn__kanji_to_int(k), n);
        free(k);
    }
}

static void kanji_from_int_should_handle_long_max_and_reject_negative(void **state) {
    (void)state;
    assert_null(shn__kanji_from_int(-1));
    char *k = shn__kanji_from_int(LONG_MAX);
    assert_non_null(k);
    assert_int_equal(shn__kanji_to_int(k), LONG_MAX);
    free(k);
}

static void kanji_to_int_should_read_other_forms(void **state) {
    (void)state;
    static const pair other[] = {
        {2025, "二〇二五"}, {2025, "2025"}, {2025, "２０２５"}, {17, "１７"}, {0, "0"}, {0, "零"},
        {1000, "一千"}, {100, "一百"}, {10, "一十"}, {12000, "1万2千"}, {120000, "12万"}, {30, "参拾"},
        {2, "弐"}, {10000, "壱萬"}, {2025, "二千〇二十五"}, {7, "007"}, {50, "五十"},
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        assert_int_equal(shn__kanji_to_int(other[i].k), other[i].n);
}

static void kanji_to_int_should_reject_non_numerals(void **state) {
    (void)state;
    static const char *const bad[] = {
        "", "元", "第一", "一条", "十十", "十百", "百千", "万", "十二三", "万億", "一万一万", "〇十", "12千",
        "12345万", "a", "1 2", "-1", "1.5", "\xE4\xB8", "\xFF", "99999999999999999999", "一京一京",
        "九千京",
    };
    assert_int_equal(shn__kanji_to_int(NULL), -1);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long v = shn__kanji_to_int(bad[i]);
        if (v != -1) fail_msg("\"%s\" read as %ld", bad[i], v);
    }
}

typedef struct { const char *num, *unit, *cite; } cite_case;

static void num_to_kanji_cite_should_write_egov_citations(void **state) {
    (void)state;
    static const cite_case cases[] = {
        {"17", "条", "第十七条"},
        {"17_3_3", "条", "第十七条の三の三"},
        {"3_2", "条", "第三条の二"},
        {"108_2", "条", "第百八条の二"},
        {"1", "条", "第一条"},
        {"2", "項", "第二項"},
        {"1", "項", "第一項"},
        {"4_2", "号", "第四号の二"},
        {"12", "号", "第十二号"},
        {"7_3", "章", "第七章の三"},
        {"38:84", "条", "第三十八条から第八十四条まで"},
        {"1:4", "号", "第一号から第四号まで"},
        {"3_2:3_5", "条", "第三条の二から第三条の五まで"},
        {"1", "", "第一"},
        {"1", NULL, "第一"},
        {"1000", "条", "第千条"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *c = shn__num_to_kanji_cite(cases[i].num, cases[i].unit);
        assert_non_null(c);
        assert_string_equal(c, cases[i].cite);
        free(c);
    }
}

static void num_to_kanji_cite_should_reject_malformed_nums(void **state) {
    (void)state;
    static const char *const bad[] = {"", "_", "17_", "_3", "17__3", "a", "17a", "38:", ":84", "1:2:3",
                                      "十七", " 17", "17 ", "-1", "9999999999999"};
    assert_null(shn__num_to_kanji_cite(NULL, "条"));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *c = shn__num_to_kanji_cite(bad[i], "条");
        if (c) fail_msg("\"%s\" cited as %s", bad[i], c);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kanji_from_int_should_write_statute_form),
        cmocka_unit_test(kanji_to_int_should_read_statute_form),
        cmocka_unit_test(kanji_should_round_trip_every_value_to_twenty_thousand),
        cmocka_unit_test(kanji_from_int_should_handle_long_max_and_reject_negative),
        cmocka_unit_test(kanji_to_int_should_read_other_forms),
        cmocka_unit_test(kanji_to_int_should_reject_non_numerals),
        cmocka_unit_test(num_to_kanji_cite_should_write_egov_citations),
        cmocka_unit_test(num_to_kanji_cite_should_reject_malformed_nums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
