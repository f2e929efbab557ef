/* test_xref_lua.c — stdlib/shinsa/xref.lua run inside the sandboxed host (the "good" fixture pack's good.eval
 * rule runs a unit's text as Lua): references parsed from real statute sentences (relative and absolute,
 * lists and ranges, 附則, another law's articles, quoted 読替え text), resolved against hand-built law views
 * (準用 applying an electromagnetic-method paragraph to 前項, 「前項の場合において」, provisos), and
 * applied_by as the reverse of cites. The cases live in tests/lua/xref_cases.lua; each returns "ok" or what
 * went wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lua_host.h"
#include "rule.h"
#include "testutil.h"
#include "unit.h"
#include "util.h"

/* Run case `name` of tests/lua/xref_cases.lua (the file returns a table of functions) and expect "ok". */
static void run_case(const tu_host *h, const char *name) {
    size_t len = 0;
    char *src = NULL;
    shn_error err = {0};
    if (shn__read_file(tu_src("tests/lua/xref_cases.lua"), 1 << 20, &src, &len, &err) != SHN_OK)
        fail_msg("read: %s", err.message);
    char *code = shn__printf("local cases = (function()\n%s\nend)()\nreturn cases['%s']()", src, name);
    free(src);
    assert_non_null(code);
    char *got = tu_host_eval(h, code, NULL);
    free(code);
    if (strcmp(got, "ok") != 0) fail_msg("%s:\n%s", name, got);
    free(got);
}

static void xref_parse_should_read_real_references(void **state) { run_case(*state, "parse"); }
static void xref_cites_should_resolve_within_the_law(void **state) { run_case(*state, "cites"); }
static void xref_applied_by_should_find_junyo_and_cases(void **state) { run_case(*state, "applied_by"); }
static void xref_provisos_should_list_the_paragraphs_tadashigaki(void **state) { run_case(*state, "provisos"); }
static void xref_index_should_check_the_view(void **state) { run_case(*state, "index_checks"); }

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(xref_parse_should_read_real_references, tu_host_setup, tu_host_teardown),
        cmocka_unit_test_setup_teardown(xref_cites_should_resolve_within_the_law, tu_host_setup, tu_host_teardown),
        cmocka_unit_test_setup_teardown(xref_applied_by_should_find_junyo_and_cases, tu_host_setup, tu_host_teardown),
        cmocka_unit_test_setup_teardown(xref_provisos_should_list_the_paragraphs_tadashigaki, tu_host_setup, tu_host_teardown),
        cmocka_unit_test_setup_teardown(xref_index_should_check_the_view, tu_host_setup, tu_host_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
