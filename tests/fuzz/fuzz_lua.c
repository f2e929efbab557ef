/* fuzz_lua.c — libFuzzer target for code reached through the Lua host (built once per rule of
 * tests/fuzz/pack by tests/fuzz/CMakeLists.txt): FUZZ_RULE "fuzz.xref" (the citation parser,
 * stdlib/shinsa/xref.lua), "fuzz.kpi" (the KPI parser, stdlib/shinsa/kpi.lua) or "fuzz.core" (the C helpers
 * of shinsa.core and the guarded string patterns, called with pieces of the input). The input is the text
 * of one unit; a Lua error or a limit is an ordinary outcome, the sanitizers catch the rest. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lua_host.h"
#include "rule.h"
#include "unit.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static shn_lua *host;
static const shn_rule *rule;

static void setup(void) {
    shn_lua_limits lim = {.stdlib_dir = SHN_SOURCE_DIR "/stdlib", .instructions = 2000000, .memory = (size_t)64 << 20,
                          .timeout_ms = 2000};
    shn_error err = {0};
    host = shn__lua_new(&lim, &err);
    shn_pack *p = NULL;
    if (!host || shn__pack_load(SHN_SOURCE_DIR "/tests/fuzz/pack", &p, &err) != SHN_OK) abort();
    static shn_vec rules;
    shn_diags diags = {0};
    if (shn__lua_load_pack(host, p, &rules, &diags) != SHN_OK || diags.items.n) {
        for (size_t i = 0; i < diags.items.n; i++)
            fprintf(stderr, "fuzz pack: %s\n", ((shn_diagnostic *)diags.items.items[i])->message);
        abort();
    }
    shn__pack_free(p);
    for (size_t i = 0; i < rules.n; i++)
        if (strcmp(((shn_rule *)rules.items[i])->id, FUZZ_RULE) == 0) rule = rules.items[i];
    if (!rule) abort();
    shn__diags_free(&diags);   /* the host and the rules live as long as the process */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!host) setup();
    if (size > 1 << 16 || !shn__utf8_valid((const char *)data, size, NULL) || memchr(data, 0, size)) return 0;
    char *text = shn__strndup((const char *)data, size);
    shn_error err = {0};
    shn_unit *u = text ? shn__unit_example(rule->target, text, &err) : NULL;
    if (u) {
        shn_vec found = {0};
        shn_diags diags = {0};
        shn__lua_input_start(host);
        shn__lua_run(host, rule, u, NULL, &found, &diags);
        for (size_t i = 0; i < found.n; i++) shn__finding_free(found.items[i]);
        shn__vec_free(&found);
        shn__diags_free(&diags);
        shn__unit_free(u);
    }
    free(text);
    return 0;
}
