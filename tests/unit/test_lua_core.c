/* test_lua_core.c — the shinsa.core C module: PCRE2 offsets in code points, compile errors with offsets,
 * match limits, the pattern cache, NFKC and width folding, code-point helpers, invalid UTF-8. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include "lua_core.h"
#include "testutil.h"

static int setup(void **state) {
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    luaL_openlibs(L);
    luaL_requiref(L, "core", shn__luaopen_core, 1);
    lua_pop(L, 1);
    *state = L;
    return 0;
}

static int teardown(void **state) {
    lua_close(*state);
    return 0;
}

/* Run a chunk that must succeed; its results are left on the stack. */
static void run_ok(lua_State *L, const char *code) {
    lua_settop(L, 0);
    if (luaL_dostring(L, code) != LUA_OK) fail_msg("Lua error: %s\nin: %s", lua_tostring(L, -1), code);
}

/* Run a chunk that must fail; returns its error message (valid until the next call). */
static const char *run_err(lua_State *L, const char *code) {
    lua_settop(L, 0);
    if (luaL_dostring(L, code) == LUA_OK) fail_msg("expected an error from: %s", code);
    const char *m = lua_tostring(L, -1);
    assert_non_null(m);
    return m;
}

static void assert_contains(const char *hay, const char *needle) {
    if (!hay || !strstr(hay, needle)) fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static void core_find_should_return_code_point_offsets(void **state) {
    lua_State *L = *state;
    run_ok(L, "return core.find('第四十五条の掲示', '掲示')");
    assert_int_equal(lua_gettop(L), 3);
    assert_int_equal(lua_tointeger(L, 1), 6);
    assert_int_equal(lua_tointeger(L, 2), 8);
    assert_string_equal(lua_tostring(L, 3), "掲示");
    run_ok(L, "return core.find('aあbいc', 'い(c)')");
    assert_int_equal(lua_tointeger(L, 1), 3);
    assert_int_equal(lua_tointeger(L, 2), 5);
    assert_string_equal(lua_tostring(L, 3), "いc");
    assert_string_equal(lua_tostring(L, 4), "c");
    run_ok(L, "return core.find('あいう', 'え')");
    assert_true(lua_isnil(L, 1));
}

static void core_find_should_start_at_init_code_point(void **state) {
    lua_State *L = *state;
    run_ok(L, "return core.find('あいあい', 'あ', 1)");
    assert_int_equal(lua_tointeger(L, 1), 2);
    assert_int_equal(lua_tointeger(L, 2), 3);
    run_ok(L, "return core.find('あいあい', '(?<=い)あ', 1)");   /* lookbehind sees text before init */
    assert_int_equal(lua_tointeger(L, 1), 2);
    run_ok(L, "return core.find('あいあい', 'あ', -1)");
    assert_true(lua_isnil(L, 1));
}

static void core_match_should_return_captures_or_whole_match(void **state) {
    lua_State *L = *state;
    run_ok(L, "return core.match('令和7年度末', '(令和|平成)(\\\\d+)年')");
    assert_int_equal(lua_gettop(L), 2);
    assert_string_equal(lua_tostring(L, 1), "令和");
    assert_string_equal(lua_tostring(L, 2), "7");
    run_ok(L, "return core.match('令和7年度末', '\\\\d+年度')");
    assert_string_equal(lua_tostring(L, 1), "7年度");
    run_ok(L, "return core.match('ab', '(x)?b')");
    assert_true(lua_isnil(L, 1));   /* unset group */
}

static void core_find_all_should_iterate_every_match(void **state) {
    lua_State *L = *state;
    run_ok(L,
           "local out = {}\n"
           "for s, e, t in core.find_all('第1条第22項第333号', '\\\\d+') do out[#out+1] = s..'-'..e..':'..t end\n"
           "return table.concat(out, ' ')");
    assert_string_equal(lua_tostring(L, 1), "1-2:1 4-6:22 8-11:333");
    run_ok(L,
           "local n = 0\n"
           "for s, e in core.find_all('あい', 'x*') do n = n + 1; assert(s == e) end\n"
           "return n");
    assert_int_equal(lua_tointeger(L, 1), 3);   /* empty matches at 0, 1, 2 and no endless loop */
}

static void core_compile_should_report_error_offset(void **state) {
    lua_State *L = *state;
    const char *m = run_err(L, "core.compile('あい(う')");
    assert_contains(m, "offset 4");
    assert_contains(m, "missing closing parenthesis");
    m = run_err(L, "core.find('x', 'いろ[z-a]')");
    assert_contains(m, "offset 5");   /* code points, not bytes */
    run_ok(L, "local rx = core.compile('(\\\\d)号'); return rx:find('第2号')");
    assert_int_equal(lua_tointeger(L, 1), 1);
    assert_int_equal(lua_tointeger(L, 2), 3);
    assert_string_equal(lua_tostring(L, 4), "2");
    run_ok(L, "local rx = core.compile('\\\\d'); return core.find('a1', rx)");
    assert_int_equal(lua_tointeger(L, 1), 1);
}

static void core_should_raise_match_limit_error(void **state) {
    lua_State *L = *state;
    shn__lua_core_limit_hit(L, 1);
    const char *m = run_err(L, "return core.find(string.rep('a', 40) .. 'b', '(a+)+$')");
    assert_contains(m, "match limit");
    assert_true(shn__lua_core_limit_hit(L, 1));
    assert_false(shn__lua_core_limit_hit(L, 0));
    /* a tighter limit set from C */
    assert_int_equal(shn__lua_core_set_limits(L, 100, 0), 0);
    m = run_err(L, "return core.find(string.rep('a', 12) .. 'b', '(a+)+$')");
    assert_contains(m, "match limit");
    /* the state still works */
    run_ok(L, "return core.find('abc', 'b')");
    assert_int_equal(lua_tointeger(L, 1), 1);
}

static void core_should_reject_invalid_utf8(void **state) {
    lua_State *L = *state;
    assert_contains(run_err(L, "return core.find('a\\xffb', 'b')"), "invalid UTF-8");
    assert_contains(run_err(L, "return core.len('\\xe3\\x81')"), "invalid UTF-8");
    assert_contains(run_err(L, "return core.nfkc('\\xc0\\x80')"), "invalid UTF-8");
    assert_contains(run_err(L, "return core.fold('\\xed\\xa0\\x80')"), "invalid UTF-8");
    assert_contains(run_err(L, "return core.sub('\\xff', 0, 1)"), "invalid UTF-8");
    assert_contains(run_err(L, "return core.gsub('a', 'a', '\\xff')"), "invalid UTF-8");
    assert_contains(run_err(L, "return core.compile('\\xff')"), "regex error");
}

/* Long subjects are remembered once checked; a string that failed the check is checked again every time, and
 * a valid one searched many times from different starting points gives the same answers. */
static void core_should_check_long_subjects_every_time_they_are_new(void **state) {
    lua_State *L = *state;
    const char *bad = "local s = string.rep('あ', 40) .. '\\xff' .. string.rep('い', 40) ";
    char code[512];
    snprintf(code, sizeof code, "%s core.find(s, 'い') return core.find(s, 'い')", bad);
    assert_contains(run_err(L, code), "invalid UTF-8");
    snprintf(code, sizeof code, "%s local ok = pcall(core.find, s, 'い') return core.find(s, 'い')", bad);
    assert_contains(run_err(L, code), "invalid UTF-8");
    snprintf(code, sizeof code, "%s for _ in core.find_all(s, 'x') do end", bad);
    assert_contains(run_err(L, code), "invalid UTF-8");
    run_ok(L, "local s = string.rep('あい', 50) .. '掲示' local n, last = 0 "
              "for i = 0, 101, 3 do local a = core.find(s, '掲示', i) if a then n = n + 1 last = a end end "
              "return n, last, core.find(s, 'あ', 99), core.find(s, 'い', 200)");
    assert_int_equal(lua_tointeger(L, 1), 34);
    assert_int_equal(lua_tointeger(L, 2), 100);
    assert_true(lua_isnil(L, 3));
    assert_true(lua_isnil(L, 4));
}

static void core_fold_should_fold_width_and_keep_kana(void **state) {
    lua_State *L = *state;
    run_ok(L, "return core.fold('ＣＤ－ＲＯＭ'), core.fold('１２３号'), core.fold('ﾃﾞｼﾞﾀﾙ'), core.fold('漢字かなカナ'),"
              " core.fold('A\\u{2212}B〜C'), core.fold('ABC', true), core.nfkc('ｶﾞ'), core.nfkc('㍻'), core.fold('')");
    assert_string_equal(lua_tostring(L, 1), "CD-ROM");
    assert_string_equal(lua_tostring(L, 2), "123号");
    assert_string_equal(lua_tostring(L, 3), "デジタル");
    assert_string_equal(lua_tostring(L, 4), "漢字かなカナ");
    assert_string_equal(lua_tostring(L, 5), "A-B~C");
    assert_string_equal(lua_tostring(L, 6), "abc");
    assert_string_equal(lua_tostring(L, 7), "ガ");
    assert_string_equal(lua_tostring(L, 8), "平成");
    assert_string_equal(lua_tostring(L, 9), "");
}

static void core_len_and_sub_should_count_code_points(void **state) {
    lua_State *L = *state;
    run_ok(L, "return core.len('あいうe'), core.sub('あいうえ', 1, 3), core.sub('あいうえ', -2), core.sub('あいう', 2, 1),"
              " core.sub('あいう', 0, 99)");
    assert_int_equal(lua_tointeger(L, 1), 4);
    assert_string_equal(lua_tostring(L, 2), "いう");
    assert_string_equal(lua_tostring(L, 3), "うえ");
    assert_string_equal(lua_tostring(L, 4), "");
    assert_string_equal(lua_tostring(L, 5), "あいう");
    /* find offsets cut the matched text back out */
    run_ok(L, "local s, e, t = core.find('申請書に押印する', '押印'); return core.sub('申請書に押印する', s, e) == t");
    assert_true(lua_toboolean(L, 1));
}

static void core_gsub_and_escape_should_work(void **state) {
    lua_State *L = *state;
    run_ok(L, "return core.gsub('第1条第22項', '\\\\d+', '<$0>')");
    assert_string_equal(lua_tostring(L, 1), "第<1>条第<22>項");
    assert_int_equal(lua_tointeger(L, 2), 2);
    run_ok(L, "return core.gsub(string.rep('あ', 300), 'あ', 'いい')");   /* output longer than the first buffer */
    assert_int_equal(lua_tointeger(L, 2), 300);
    assert_int_equal(strlen(lua_tostring(L, 1)), 1800);
    run_ok(L, "return core.find('x(a+b)*y', core.escape('(a+b)*'))");
    assert_int_equal(lua_tointeger(L, 1), 1);
    assert_int_equal(lua_tointeger(L, 2), 7);
}

static void core_cache_should_survive_many_patterns(void **state) {
    lua_State *L = *state;
    run_ok(L,
           "local n = 0\n"
           "local keep = core.find_all('a1a2', 'a(\\\\d)')\n"
           "for i = 1, 1200 do\n"
           "  local s = core.find('x' .. i .. 'y', 'x' .. i .. 'y')\n"
           "  if s == 0 then n = n + 1 end\n"
           "end\n"
           "collectgarbage()\n"
           "local a, b, t = keep()\n"
           "return n, t");
    assert_int_equal(lua_tointeger(L, 1), 1200);
    assert_string_equal(lua_tostring(L, 2), "a1");
}

static void core_kanji_should_convert_numerals(void **state) {
    lua_State *L = *state;
    run_ok(L, "return core.kanji_to_int('十七'), core.kanji_to_int('二〇二五'), core.kanji_to_int('条'),"
              " core.int_to_kanji(108)");
    assert_int_equal(lua_tointeger(L, 1), 17);
    assert_int_equal(lua_tointeger(L, 2), 2025);
    assert_true(lua_isnil(L, 3));
    assert_string_equal(lua_tostring(L, 4), "百八");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(core_find_should_return_code_point_offsets, setup, teardown),
        cmocka_unit_test_setup_teardown(core_find_should_start_at_init_code_point, setup, teardown),
        cmocka_unit_test_setup_teardown(core_match_should_return_captures_or_whole_match, setup, teardown),
        cmocka_unit_test_setup_teardown(core_find_all_should_iterate_every_match, setup, teardown),
        cmocka_unit_test_setup_teardown(core_compile_should_report_error_offset, setup, teardown),
        cmocka_unit_test_setup_teardown(core_should_raise_match_limit_error, setup, teardown),
        cmocka_unit_test_setup_teardown(core_should_check_long_subjects_every_time_they_are_new, setup, teardown),
        cmocka_unit_test_setup_teardown(core_should_reject_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(core_fold_should_fold_width_and_keep_kana, setup, teardown),
        cmocka_unit_test_setup_teardown(core_len_and_sub_should_count_code_points, setup, teardown),
        cmocka_unit_test_setup_teardown(core_gsub_and_escape_should_work, setup, teardown),
        cmocka_unit_test_setup_teardown(core_cache_should_survive_many_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(core_kanji_should_convert_numerals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
