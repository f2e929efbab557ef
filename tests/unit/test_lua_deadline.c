/* test_lua_deadline.c — the per-rule-call deadline (engine/lua_sandbox.c): it counts the CPU time of the
 * thread that runs the call, so a call that waits for a core is not stopped, while a call that spends the
 * time is, wherever it spends it (the Lua VM, a C helper, LPeg, allocation); and a wall-clock backstop. The instruction budget is set far above what the limit allows, so a deadline that stopped
 * working makes these tests fail with "instruction limit" instead of the time limit. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lua_host.h"
#include "lua_host_int.h"
#include "rule.h"
#include "testutil.h"
#include "unit.h"
#include "util.h"

#define LIMIT_MS 300u
/* ~15 s of Lua on the 2-core build machine (50x the limit): a rule that gets here was not stopped in time */
#define FAR_INSTRUCTIONS 2000000000ULL

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_ms(unsigned ms) {
    struct timespec ts = {ms / 1000u, (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {}
}

static shn_lua *new_state(unsigned timeout_ms, unsigned wall_ms) {
    shn_lua_limits lim = {.stdlib_dir = tu_src("stdlib"), .instructions = FAR_INSTRUCTIONS, .timeout_ms = timeout_ms,
                          .wall_ms = wall_ms};
    shn_error err = {0};
    shn_lua *L = shn__lua_new(&lim, &err);
    if (!L) fail_msg("shn__lua_new: %s", err.message);
    return L;
}

/* escape.eval (tests/fixtures/packs/escape) runs the unit's text as Lua. */
static void run_eval(shn_lua *L, const shn_rule *r, const char *code, shn_status *st, char *msg, size_t msgsz) {
    shn_unit u = {0};
    u.kind = "law.sentence";
    u.text = (char *)code;
    u.text_cps = shn__utf8_len(code, strlen(code));
    u.file = (char *)"test.yaml";
    u.address_str = (char *)"TEST#main:1:1::1";
    u.citation = (char *)"第一条第一項";
    shn_vec found = {0};
    shn_diags diags = {0};
    shn__lua_input_start(L);
    *st = shn__lua_run(L, r, &u, NULL, &found, &diags);
    snprintf(msg, msgsz, "%s", diags.items.n ? ((shn_diagnostic *)diags.items.items[0])->message : "");
    for (size_t i = 0; i < found.n; i++) shn__finding_free(found.items[i]);
    shn__vec_free(&found);
    shn__diags_free(&diags);
}

/* A call that spends the limit is stopped there, in the VM, in C helpers, in LPeg and while allocating. */
static void deadline_should_stop_a_call_that_spends_its_cpu_time(void **state) {
    (void)state;
    shn_lua *L = new_state(LIMIT_MS, 0);   /* the default backstop: 60 s */
    shn_pack *p = NULL;
    shn_error err = {0};
    if (shn__pack_load(tu_src("tests/fixtures/packs/escape"), &p, &err) != SHN_OK) fail_msg("%s", err.message);
    shn_vec rules = {0};
    shn_diags diags = {0};
    assert_int_equal(shn__lua_load_pack(L, p, &rules, &diags), SHN_OK);
    shn__pack_free(p);
    assert_int_equal(rules.n, 1);
    const shn_rule *r = rules.items[0];
    const char *code[] = {
        "local n = 0 while true do n = n + 1 end",
        "local s = ('x'):rep(4096) while true do pcall(string.find, s, 'y', 1, true) end",
        "local core = require 'shinsa.core' local s = ('ア'):rep(2000) while true do pcall(core.nfkc, s) end",
        "local l = require 'lpeg' local p = (#(l.P(1)^0 * -1) * 1)^0 while true do pcall(l.match, p, ('a'):rep(100000)) end",
        "local t = {} while true do t[#t % 64 + 1] = ('x'):rep(65536) .. #t end",
    };
    for (size_t i = 0; i < SHN__ARRAY_LEN(code); i++) {
        shn_status st;
        char msg[1024];
        double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
        run_eval(L, r, code[i], &st, msg, sizeof msg);
        double cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0, wall = clock_s(CLOCK_MONOTONIC) - w0;
        if (st != SHN_E_LIMIT || !strstr(msg, "CPU time limit of 300 ms reached"))
            fail_msg("not stopped by the CPU time limit (status %d, %.2f s CPU, %.2f s wall): %s\n%s", st, cpu,
                     wall, code[i], msg);
        /* it ran until its CPU time was spent, not until a wall clock said so */
        if (cpu < LIMIT_MS / 1000.0 * 0.95) fail_msg("stopped after %.3f s of CPU time: %s", cpu, code[i]);
        if (cpu > 10.0) fail_msg("stopped only after %.1f s of CPU time: %s", cpu, code[i]);
    }
    for (size_t i = 0; i < rules.n; i++) shn__rule_free(rules.items[i]);
    shn__vec_free(&rules);
    shn__diags_free(&diags);
    shn__lua_free(L);
}

/* Run a chunk on the raw state inside a running budget (what a rule call does, without the rule). */
static int pcall_chunk(shn_lua *h, const char *code) {
    lua_State *L = h->L;
    if (luaL_loadstring(L, code) != LUA_OK) fail_msg("%s", lua_tostring(L, -1));
    int rc = lua_pcall(L, 0, 1, 0);
    lua_pop(L, 1);
    return rc;
}

/* Time the thread spends waiting (for a core, here: asleep) is not the rule's: a call whose wall clock is well
 * past the limit still runs, and is stopped once it has spent the limit itself; past the wall-clock backstop
 * it is stopped. Two states, so that neither half depends on how long the chunks take on a loaded machine or
 * under memcheck (~50x slower): the first has a backstop far away, the second a CPU limit it cannot reach
 * before its backstop is checked. */
static void deadline_should_not_count_time_spent_waiting(void **state) {
    (void)state;
    const char *small = "local n = 0 for i = 1, 10000 do n = n + i end return n";
    shn_lua *h = new_state(1000, 3600u * 1000u);
    shn__lua_budget_start(h);
    sleep_ms(1500);   /* 1.5x the limit, no CPU */
    assert_int_equal(pcall_chunk(h, small), LUA_OK);
    assert_int_equal(h->over, 0);
    double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
    assert_int_not_equal(pcall_chunk(h, "while true do end"), LUA_OK);
    assert_int_equal(h->limit, SHN_LE_DEADLINE);
    if (!strstr(h->limit_msg, "CPU time limit of 1000 ms reached")) fail_msg("%s", h->limit_msg);
    assert_true(clock_s(CLOCK_THREAD_CPUTIME_ID) - c0 < 30.0);
    shn__lua_budget_stop(h);
    shn__lua_budget_start(h);   /* the next call starts afresh */
    assert_int_equal(pcall_chunk(h, small), LUA_OK);
    assert_int_equal(h->over, 0);
    shn__lua_budget_stop(h);
    shn__lua_free(h);

    h = new_state(100, 300);
    shn__lua_budget_start(h);
    sleep_ms(400);   /* past the backstop */
    assert_int_not_equal(pcall_chunk(h, small), LUA_OK);
    assert_int_equal(h->limit, SHN_LE_DEADLINE);
    if (!strstr(h->limit_msg, "wall-clock limit of 300 ms reached")) fail_msg("%s", h->limit_msg);
    shn__lua_budget_stop(h);
    shn__lua_free(h);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deadline_should_stop_a_call_that_spends_its_cpu_time),
        cmocka_unit_test(deadline_should_not_count_time_spent_waiting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
