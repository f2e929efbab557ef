/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "lua_host.h"
#include "rule.h"
#include "unit.h"
#include "util.h"

const char *tu_src(const char *rel) {
    static char buf[8][4096];
    static int slot;
    slot = (slot + 1) % 8;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", SHN_SOURCE_DIR, rel);
    return buf[slot];
}

char *tu_tmpfile(const char *suffix, const char *text) {
    const char *tmp = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/shinsa-test-XXXXXX%s", tmp ? tmp : "/tmp", suffix);
    int fd = mkstemps(tmpl, (int)strlen(suffix));
    if (fd < 0) return NULL;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) { close(fd); return NULL; }
    close(fd);
    return strdup(tmpl);
}

char *tu_tmpdir(void) {
    const char *tmp = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/shinsa-test-XXXXXX", tmp ? tmp : "/tmp");
    return mkdtemp(tmpl) ? strdup(tmpl) : NULL;
}

struct tu_host {
    shn_lua *L;
    shn_vec rules; /* shn_rule * */
    shn_diags diags;
};

int tu_host_setup(void **state) {
    tu_host *h = calloc(1, sizeof *h);
    assert_non_null(h);
    shn_lua_limits lim = {.stdlib_dir = tu_src("stdlib"), .instructions = 0, .memory = 0};
    shn_error err = {0};
    h->L = shn__lua_new(&lim, &err);
    if (!h->L) fail_msg("shn__lua_new: %s", err.message);
    shn_pack *p = NULL;
    if (shn__pack_load(tu_src("tests/fixtures/packs/good"), &p, &err) != SHN_OK) fail_msg("pack: %s", err.message);
    shn_status st = shn__lua_load_pack(h->L, p, &h->rules, &h->diags);
    shn__pack_free(p);
    assert_int_equal(st, SHN_OK);
    *state = h;
    return 0;
}

int tu_host_teardown(void **state) {
    tu_host *h = *state;
    shn__lua_free(h->L);
    for (size_t i = 0; i < h->rules.n; i++) shn__rule_free(h->rules.items[i]);
    shn__vec_free(&h->rules);
    shn__diags_free(&h->diags);
    free(h);
    return 0;
}

char *tu_host_eval(const tu_host *h, const char *code, const char *citation) {
    const shn_rule *rule = NULL;
    for (size_t i = 0; i < h->rules.n; i++)
        if (strcmp(((const shn_rule *)h->rules.items[i])->id, "good.eval") == 0) rule = h->rules.items[i];
    assert_non_null(rule);
    shn_unit *u = calloc(1, sizeof *u);
    assert_non_null(u);
    u->kind = "law.document";
    u->text = strdup(code);
    assert_non_null(u->text);
    u->text_cps = shn__utf8_len(code, strlen(code));
    u->file = strdup("test.yaml");
    u->address_str = strdup("TEST#main:1:1::1");
    u->citation = citation ? strdup(citation) : NULL;
    u->start.line = u->start.column = u->end.line = 1;
    u->end.column = 1 + (unsigned)u->text_cps;
    shn_vec found = {0};
    shn_diags d = {0};
    shn_status st = shn__lua_run(h->L, rule, u, NULL, &found, &d);
    if (st != SHN_OK) fail_msg("Lua failed: %s", d.items.n ? ((shn_diagnostic *)d.items.items[0])->message : "?");
    assert_int_equal(found.n, 1);
    char *got = strdup(((shn_finding *)found.items[0])->message);
    assert_non_null(got);
    for (size_t i = 0; i < found.n; i++) shn__finding_free(found.items[i]);
    shn__vec_free(&found);
    shn__diags_free(&d);
    free(u->text);
    free(u->file);
    free(u->address_str);
    free(u->citation);
    free(u);
    return got;
}
