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

typedef struct {
    shn_lua *L;
    shn_vec rules;
    shn_diags diags;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    shn_lua_limits lim = {.stdlib_dir = tu_src("stdlib"), .instructions = 0, .memory = 0};
    shn_error err = {0};
    f->L = shn__lua_new(&lim, &err);
    if (!f->L) fail_msg("shn__lua_new: %s", err.message);
    shn_pack *p = NULL;
    if (shn__pack_load(tu_src("tests/fixtures/packs/good"), &p, &err) != SHN_OK) fail_msg("pack: %s", err.message);
    shn_status st = shn__lua_load_pack(f->L, p, &f->rules, &f->diags);
    shn__pack_free(p);
    assert_int_equal(st, SHN_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    shn__lua_free(f->L);
    for (size_t i = 0; i < f->rules.n; i++) shn__rule_free(f->rules.items[i]);
    shn__vec_free(&f->rules);
    shn__diags_free(&f->diags);
    free(f);
    return 0;
}

/* Run case `name` of tests/lua/xref_cases.lua (the file returns a table of functions) and expect "ok". */
static void run_case(const fixture *f, const char *name) {
    const shn_rule *rule = NULL;
    for (size_t i = 0; i < f->rules.n; i++)
        if (strcmp(((const shn_rule *)f->rules.items[i])->id, "good.eval") == 0) rule = f->rules.items[i];
    assert_non_null(rule);
    size_t len = 0;
    char *src = NULL;
    shn_error err = {0};
    if (shn__read_file(tu_src("tests/lua/xref_cases.lua"), 1 << 20, &src, &len, &err) != SHN_OK)
        fail_msg("read: %s", err.message);
    char *code = shn__printf("local cases = (function()\n%s\nend)()\nreturn cases['%s']()", src, name);
    free(src);
    assert_non_null(code);
    shn_unit *u = calloc(1, sizeof *u);
    assert_non_null(u);
    u->kind = "law.document";
    u->text = code;
    u->text_cps = shn__utf8_len(code, strlen(code));
    u->file = strdup("test.yaml");
    u->address_str = strdup("TEST#main:1:1::1");
    u->start.line = u->start.column = u->end.line = u->end.column = 1;
    shn_vec found = {0};
    shn_diags d = {0};
    shn_status st = shn__lua_run(f->L, rule, u, NULL, &found, &d);
    if (st != SHN_OK) fail_msg("Lua failed: %s", d.items.n ? ((shn_diagnostic *)d.items.items[0])->message : "?");
    assert_int_equal(found.n, 1);
    const char *got = ((shn_finding *)found.items[0])->message;
    if (strcmp(got, "ok") != 0) fail_msg("%s:\n%s", name, got);
    for (size_t i = 0; i < found.n; i++) shn__finding_free(found.items[i]);
    shn__vec_free(&found);
    shn__diags_free(&d);
    free(u->text);
    free(u->file);
    free(u->address_str);
    free(u);
}

static void xref_parse_should_read_real_references(void **state) { run_case(*state, "parse"); }
static void xref_cites_should_resolve_within_the_law(void **state) { run_case(*state, "cites"); }
static void xref_applied_by_should_find_junyo_and_cases(void **state) { run_case(*state, "applied_by"); }
static void xref_provisos_should_list_the_paragraphs_tadashigaki(void **state) { run_case(*state, "provisos"); }

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(xref_parse_should_read_real_references, setup, teardown),
        cmocka_unit_test_setup_teardown(xref_cites_should_resolve_within_the_law, setup, teardown),
        cmocka_unit_test_setup_teardown(xref_applied_by_should_find_junyo_and_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(xref_provisos_should_list_the_paragraphs_tadashigaki, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
