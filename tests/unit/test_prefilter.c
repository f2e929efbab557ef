/* test_prefilter.c — the one-automaton trigger prefilter gives the answer of the rule-by-rule substring search. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prefilter.h"
#include "rule.h"

static shn_rule *mk_rule(const char *const *triggers, size_t n) {
    shn_rule *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->n_triggers = n;
    r->triggers = calloc(n ? n : 1, sizeof *r->triggers);
    for (size_t i = 0; i < n; i++) r->triggers[i] = strdup(triggers[i]);
    return r;
}

static int bit(const uint64_t *mask, size_t i) { return (int)((mask[i / 64] >> (i % 64)) & 1); }

/* Triggers that overlap, nest and share prefixes and suffixes (「実地」 inside 「実地監査」, 「検査」 at its end),
 * a rule without triggers, one with an empty trigger, and 70 more rules so that masks span two words. */
static void prefilter_should_agree_with_substring_search(void **state) {
    (void)state;
    static const char *const t0[] = {"実地", "立入"};
    static const char *const t1[] = {"検査", "点検", "実地監査"};
    static const char *const t2[] = {"書面", "文書"};
    static const char *const t4[] = {""};
    static const char *const t5[] = {"CD-ROM", "ＣＤ－ＲＯＭ", "ディスク"};
    static const char *const t6[] = {"面"};
    shn_rule *rules[80];
    size_t n = 0;
    rules[n++] = mk_rule(t0, 2);
    rules[n++] = mk_rule(t1, 3);
    rules[n++] = mk_rule(t2, 2);
    rules[n++] = mk_rule(NULL, 0);
    rules[n++] = mk_rule(t4, 1);
    rules[n++] = mk_rule(t5, 3);
    rules[n++] = mk_rule(t6, 1);
    char buf[80][16];
    while (n < 80) {
        snprintf(buf[n], sizeof buf[n], "語%zu号", n);
        const char *t = buf[n];
        rules[n] = mk_rule(&t, 1);
        n++;
    }
    shn_prefilter *pf = shn__prefilter_new(rules, n);
    assert_non_null(pf);
    assert_int_equal(shn__prefilter_words(pf), 2);
    static const char *const texts[] = {
        "", "実地監査を行う。", "実地に", "監査", "定期に点検し、書面で報告する。", "ＣＤ－ＲＯＭ又はCD-RO",
        "CD-ROM", "文書の面前で", "語79号及び語7号", "語8", "立ち入り", "実地監実地監査検",
    };
    uint64_t mask[2];
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        shn__prefilter_scan(pf, texts[k], mask);
        for (size_t i = 0; i < n; i++)
            if (bit(mask, i) != shn__rule_prefilter(rules[i], texts[k]))
                fail_msg("rule %zu on 「%s」: automaton %d, substring search %d", i, texts[k], bit(mask, i),
                         shn__rule_prefilter(rules[i], texts[k]));
    }
    shn__prefilter_scan(pf, "実地監査", mask);
    assert_true(bit(mask, 0) && bit(mask, 1) && bit(mask, 3) && bit(mask, 4) && !bit(mask, 2));
    shn__prefilter_scan(pf, NULL, mask);   /* no text: only the rule without triggers */
    for (size_t i = 0; i < n; i++) assert_int_equal(bit(mask, i), shn__rule_prefilter(rules[i], NULL));
    assert_true(bit(mask, 3) && !bit(mask, 4));
    shn__prefilter_free(pf);
    for (size_t i = 0; i < n; i++) shn__rule_free(rules[i]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prefilter_should_agree_with_substring_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
