/* test_kpi_lua.c — stdlib/shinsa/kpi.lua: hand-checked KPI strings (value, unit, year, kind, direction),
 * and every KPI string of the imported 施策集 seed parses without error. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <lua-lpeg.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "import_sakushu.h"
#include "lua_core.h"
#include "testutil.h"
#include "util.h"

/* Open the libraries, lpeg, shinsa.core and shinsa.kpi in L. */
static void open_kpi(lua_State *L) {
    luaL_openlibs(L);
    luaL_requiref(L, "lpeg", luaopen_lpeg, 0);
    lua_pop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushcfunction(L, shn__luaopen_core);
    lua_call(L, 0, 1);
    lua_setfield(L, -2, "shinsa.core");
    if (luaL_dofile(L, tu_src("stdlib/shinsa/kpi.lua")) != LUA_OK) fail_msg("kpi.lua: %s", lua_tostring(L, -1));
    lua_setfield(L, -2, "shinsa.kpi");
    lua_pop(L, 1);
}

static int setup(void **state) {
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    open_kpi(L);
    *state = L;
    return 0;
}

/* A Lua allocator that counts every byte it hands out (never what it takes back): a deterministic measure of
 * the work of a parse, for the cost test below, where time would depend on the machine. */
typedef struct { size_t total; } alloc_count;
static void *count_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    alloc_count *c = ud;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    size_t had = ptr ? osize : 0;   /* with ptr NULL, osize is a type tag, not a size */
    if (nsize > had) c->total += nsize - had;
    return realloc(ptr, nsize);
}

static int teardown(void **state) {
    lua_close(*state);
    return 0;
}

static void run_ok(lua_State *L, const char *code) {
    lua_settop(L, 0);
    if (luaL_dostring(L, code) != LUA_OK) fail_msg("Lua error: %s", lua_tostring(L, -1));
}

/* Each case: text, then expected target value, unit, year (nil = absent), and optional checks. */
static const char CASES[] =
    "local kpi = require 'shinsa.kpi'\n"
    "local cases = {\n"
    " {'（2023年度（令和5年度）末までに講演等10件）', 10, '件', 2023},\n"
    " {'地方公共団体におけるオープンデータ取組率（令和2年度100%）', 100, '%', 2020, dir='increase'},\n"
    " {'道路メッシュカバー率（令和6年度までに90%以上）', 90, '%', 2024, dir='increase'},\n"
    " {'地方公共団体向け研修開催回数（令和2年度40回）', 40, '回', 2020},\n"
    " {'ホームページの…割合（令和3年77%）', 77, '%', 2021, fiscal=false},\n"
    " {'整備済箇所数（令和3年度までに約3万箇所）', 30000, 'か所', 2021},\n"
    " {'スマートシティ数（2025年（令和7年）までに100）', 100, nil, 2025, fiscal=false},\n"
    " {'総務省スマートシティ事業による補助事業数（年15件）', 15, '件/年', nil},\n"
    " {'DX認定制度の認定件数を累計1,000件、DX推進指標の回答数を累計1万件', 1000, '件', nil, n=2},\n"
    " {'富岳の年間稼働率（年間90%以上）', 90, '%', nil, dir='increase'},\n"
    " {'論文発表数（年間250件以上）', 250, '件/年', nil},\n"
    " {'地球環境情報プラットフォームの利用者数（2030年度（令和12年度）19,000人）', 19000, '人', 2030},\n"
    " {'観光地経営の先進事例創出数（2023年度（令和5年度）5～10件）', 5, '件', 2023, max=10},\n"
    " {'支援コミュニティ拠点数 （2023年度（令和5年度）見込：11拠点）', nil, nil, nil, kind='current', bval=11},\n"
    " {'RESAS普及のための研修等の開催件数（参考：2022年度（令和4年度）234件、2023年度（令和5年度）250件見込）', nil, nil, nil, kind='baseline', bval=234, byear=2022},\n"
    " {'労働生産性 （2026年度（令和8年度）までに6%以上増加）', 6, '%', 2026, dir='increase'},\n"
    " {'売上計上を予定する事業の割合 （2026年度（令和8年度）までに50%以上）', 50, '%', 2026},\n"
    " {'学習者用デジタル教科書の整備率を2024年度（令和6年度）に100%とする', 100, '%', 2024},\n"
    " {'全国3か所以上で整備し', 3, 'か所', nil},\n"
    " {'データ創出件数を約100万件/年', 1000000, '件/年', nil},\n"
    " {'産学利用件数が40件以上', 40, '件', nil},\n"
    " {'合計30の認定情報銀行事業者数を達成（2025年度（令和7年度））', 30, nil, 2025, quant=true, dl=2025},\n"
    " {'海しるAPIの利用数を試行時点と比べ2倍にする（2023年度末（令和5年度末））', 2, '倍', 2023, dir='increase'},\n"
    " {'１か月当たり平均１０，０００件', 10000, '件/月', nil},\n"
    " {'令和元年度に三十件', 30, '件', 2019},\n"
    " {'R7年度末までに500団体', 500, '団体', 2025},\n"
    " {'R7までに5割', 5, '割', 2025},\n"
    " {'事務コストを半減', 50, '%', nil, dir='decrease', tkind='relative'},\n"
    " {'前年度と同水準を維持', nil, nil, nil, dir='maintain'},\n"
    " {'G20で1位を目指す', 1, '位', nil},\n"
    " {'平成29年度末時点で約98万世帯', nil, nil, nil, bval=980000, byear=2017},\n"
    " {'交付額1.5億円', 150000000, '円', nil},\n"
    " {'①支援拠点数（2023年度見込：11拠点）', nil, nil, nil, kind='current', n=1},\n"
    " {'1人1台端末の活用', nil, nil, nil, quant=false},\n"
    " {'整備率：36.1%（令和3年度調査（2022年3月1日現在）〔確定値〕）', nil, nil, nil, kind='baseline', byear=2021},\n"
    " {'累計1,000件（2023年度末まで）、回答数を累計1万件', 1000, '件', 2023, n=2},\n"
    "}\n"
    "local bad = {}\n"
    "for i, c in ipairs(cases) do\n"
    "  local k = kpi.parse(c[1])\n"
    "  local function check(what, got, want)\n"
    "    if got ~= want then bad[#bad + 1] = ('case %d (%s): %s = %s, want %s'):format(i, c[1], what, tostring(got), tostring(want)) end\n"
    "  end\n"
    "  local t = k.target or {}\n"
    "  check('target.value', t.value, c[2]); check('target.unit', t.unit, c[3]); check('target.year', t.year, c[4])\n"
    "  if c.dir then check('direction', k.direction, c.dir) end\n"
    "  if c.quant ~= nil then check('quantitative', k.quantitative, c.quant) end\n"
    "  if c.n then check('#values', #k.values, c.n) end\n"
    "  if c.max then check('max', k.values[1].max, c.max) end\n"
    "  if c.fiscal ~= nil then check('fiscal', k.values[1].fiscal, c.fiscal) end\n"
    "  if c.kind then check('values[1].kind', k.values[1].kind, c.kind) end\n"
    "  if c.bval then check('baseline.value', (k.baseline or {}).value, c.bval) end\n"
    "  if c.byear then check('baseline.year', (k.baseline or {}).year, c.byear) end\n"
    "  if c.dl then check('deadline.year', (k.deadline or {}).year, c.dl) end\n"
    "  if c.tkind then check('target.kind', t.kind, c.tkind) end\n"
    "end\n"
    "if #bad > 0 then error(table.concat(bad, '\\n')) end\n"
    "return #cases\n";

static void kpi_parse_should_read_hand_checked_cases(void **state) {
    lua_State *L = *state;
    run_ok(L, CASES);
    assert_true(lua_tointeger(L, -1) >= 30);
}

/* tests/kpi/grammar_cases.lua: one case or more per rule of KPI grammar, from the KPI corpus */
static void kpi_parse_should_read_the_grammar_fixtures(void **state) {
    lua_State *L = *state;
    lua_settop(L, 0);
    if (luaL_dofile(L, tu_src("tests/kpi/grammar_cases.lua")) != LUA_OK) fail_msg("%s", lua_tostring(L, -1));
    lua_setglobal(L, "CASES");
    run_ok(L, "local kpi = require 'shinsa.kpi'\n"
              "local bad = {}\n"
              "for i, c in ipairs(CASES) do\n"
              "  local k = kpi.parse(c[1])\n"
              "  for path, want in pairs(c[2]) do\n"
              "    local got = k\n"
              "    for part in path:gmatch('[^.]+') do\n"
              "      if type(got) ~= 'table' then got = nil break end\n"
              "      got = got[tonumber(part) or part]\n"
              "    end\n"
              "    if want == 'absent' then want = nil end\n"
              "    if type(got) == 'table' and want == nil then got = 'a table' end\n"
              "    if got ~= want then\n"
              "      bad[#bad + 1] = ('case %d [%s] %s: %s = %s, want %s'):format(i, c.rule, c[1], path, tostring(got), tostring(want))\n"
              "    end\n"
              "  end\n"
              "end\n"
              "if #bad > 0 then error(table.concat(bad, '\\n')) end\n"
              "return #CASES\n");
    assert_true(lua_tointeger(L, -1) >= 20);
}

/* The scan tries the labels at every character: a look behind that copied the text before each one made a
 * 20,000-character string take 15 s (quadratic: about 600 MB of string copies). The cost is measured as the bytes
 * the parse allocates (count_alloc), not as time: the bound, 32 MiB for 20,000 characters (60 KB of text), holds
 * with room to spare for a linear scan and fails on a return of the quadratic copy. */
static void kpi_parse_should_read_a_long_text_in_linear_time(void **state) {
    (void)state;
    alloc_count c = {0};
    lua_State *L = lua_newstate(count_alloc, &c);
    assert_non_null(L);
    open_kpi(L);
    run_ok(L, "KPI = require 'shinsa.kpi'\nTEXT = ('あ'):rep(20000) .. 'を完了する'\n");
    size_t before = c.total;
    run_ok(L, "local k = KPI.parse(TEXT)\nassert(k.indicator, 'no reading')\n");
    size_t used = c.total - before;
    lua_close(L);
    if (used > (size_t)32 << 20) fail_msg("parsing 20,000 characters allocated %zu bytes", used);
}

/* The cost of parsing `unit` repeated n times: VM instructions (a count hook every 100) and bytes allocated. */
static int steps_hook_calls;
static void steps_hook(lua_State *L, lua_Debug *ar) {
    (void)L; (void)ar;
    steps_hook_calls++;
}
static void parse_cost(const char *unit, int n, size_t *steps, size_t *bytes) {
    alloc_count c = {0};
    lua_State *L = lua_newstate(count_alloc, &c);
    assert_non_null(L);
    open_kpi(L);
    lua_pushstring(L, unit);
    lua_setglobal(L, "UNIT");
    lua_pushinteger(L, n);
    lua_setglobal(L, "N");
    run_ok(L, "KPI = require 'shinsa.kpi'\nTEXT = UNIT:rep(N)\n");
    size_t before = c.total;
    steps_hook_calls = 0;
    lua_sethook(L, steps_hook, LUA_MASKCOUNT, 100);
    run_ok(L, "local k = KPI.parse(TEXT)\nassert(type(k) == 'table')\n");
    lua_sethook(L, NULL, 0, 0);
    *steps = (size_t)steps_hook_calls * 100;
    *bytes = c.total - before;
    lua_close(L);
}

/* Texts made of one piece repeated many times (10,000 「、」 took 11 s: every piece of the split between KPIs was
 * looked at through all the tokens of the text; brackets, arrows, labels and values had the same kind of loop).
 * Linear means: twice the text costs about twice the work. The cost is counted in VM instructions and bytes
 * allocated, both deterministic, never in time: doubling n may at most multiply either by 2.6 (a quadratic loop
 * multiplies it by 4), and 10,000 「、」 stay under a fixed budget. */
static void kpi_parse_should_cost_linear_work_on_repeated_pieces(void **state) {
    (void)state;
    static const char *const units[] = {"、", "(", "（", "→", "1件、", "1件(", "基準値：", "毎年", "令和5年度、", "「1件",
                                        "及び", "10%、", "全ての市町村、", "指標：1件 | ", "/"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        size_t s1, b1, s2, b2;
        parse_cost(units[i], 1000, &s1, &b1);
        parse_cost(units[i], 2000, &s2, &b2);
        if (s2 > s1 * 26 / 10 || b2 > b1 * 26 / 10)
            fail_msg("「%s」 × 1000 → × 2000: %zu → %zu steps, %zu → %zu bytes (not linear)", units[i], s1, s2, b1, b2);
    }
    size_t steps, bytes;
    parse_cost("、", 10000, &steps, &bytes);
    if (steps > 20000000 || bytes > ((size_t)64 << 20))
        fail_msg("10,000 「、」: %zu steps, %zu bytes", steps, bytes);
}

/* The level of an indicator comes from a lexicon (the kpi pack's lists level_outcome, level_activity,
 * level_output, literals or re:), in that order; without one only the rate/count fallback applies. */
static void kpi_level_should_come_from_the_lexicon(void **state) {
    lua_State *L = *state;
    run_ok(L, "local kpi = require 'shinsa.kpi'\n"
              "local lex = {level_outcome = {'満足度'}, level_activity = {'説明会', {re = '^研修.*回数$'}},\n"
              "             level_output = {'設置'}}\n"
              "assert(kpi.level('説明会の開催回数', lex) == 'activity')\n"
              "assert(kpi.level('説明会の開催回数') == 'output', 'fallback: a count')\n"
              "assert(kpi.level('研修の開催回数', lex) == 'activity', 're: entry')\n"
              "assert(kpi.level('説明会の満足度', lex) == 'outcome', 'outcome is read first')\n"
              "assert(kpi.level('窓口の設置率', lex) == 'output')\n"
              "assert(kpi.level('窓口の設置率') == 'outcome', 'fallback: a rate')\n"
              "assert(kpi.parse('説明会の開催回数を2027年度までに10回とする', {lexicon = lex}).level == 'activity')\n"
              "assert(kpi.parse('説明会の開催回数を2027年度までに10回とする').level == 'output')\n");
}

static void kpi_parse_should_recognise_unset_and_deferred(void **state) {
    lua_State *L = *state;
    run_ok(L, "local kpi = require 'shinsa.kpi'\n"
              "assert(kpi.parse('—').unset and kpi.parse('－').unset and kpi.parse('').unset)\n"
              "assert(kpi.parse('未設定（令和2年度中を目途に設定予定）').unset)\n"
              "local d = kpi.parse('利用数 KPIの設定時期：2024年度（令和6年度）末').deferred\n"
              "assert(d and d.year == 2024 and d.raw:find('KPIの設定時期', 1, true) == 1, 'deferred')\n"
              "assert(not kpi.parse('件数（令和2年度40回）').unset)\n"
              "local y = kpi.years('令和元年、令和7年度末、2020年')\n"
              "assert(#y == 3 and y[1].year == 2019 and y[2].year == 2025 and y[2].fiscal and not y[3].fiscal)\n"
              "assert(kpi.parse('ウェブサイトのアクセス数（参考：2022年度 102,673件）').indicator == 'ウェブサイトのアクセス数')\n"
              "assert(kpi.parse(nil).unset)\n");
}

/* Every KPI string of seed 003 (through the importer): parse never raises and returns a table. */
static void kpi_parse_should_never_fail_on_the_seed(void **state) {
    lua_State *L = *state;
    char *buf;
    size_t len;
    shn_error err = {0};
    if (shn__read_file(tu_src("tests/fixtures/sakushu/sakushu-2023.tsv"), 1 << 24, &buf, &len, &err) != SHN_OK)
        fail_msg("read: %s", err.message);
    shn_doc **docs;
    size_t nd;
    assert_int_equal(shn__sakushu_load("s.tsv", buf, len, &docs, &nd, &err), SHN_OK);
    free(buf);
    lua_settop(L, 0);
    assert_int_equal(luaL_dostring(L, "return require('shinsa.kpi').parse"), LUA_OK);
    const shn_node *ms = shn__map_get(docs[0]->root, "measures");
    size_t count = 0, quantitative = 0;
    for (size_t i = 0; i < ms->n; i++) {
        const shn_node *u = shn__map_get(shn__map_get(ms->items[i], "kpi"), "unclassified");
        for (size_t j = 0; u && j < u->n; j++) {
            lua_pushvalue(L, 1);
            lua_pushstring(L, u->items[j]->value);
            if (lua_pcall(L, 1, 1, 0) != LUA_OK) fail_msg("kpi.parse(%s): %s", u->items[j]->value, lua_tostring(L, -1));
            assert_int_equal(lua_type(L, -1), LUA_TTABLE);
            lua_getfield(L, -1, "quantitative");
            quantitative += lua_toboolean(L, -1);
            lua_pop(L, 2);
            count++;
        }
    }
    assert_true(count >= 90);
    assert_true(quantitative >= 15);
    shn__doc_free(docs[0]);
    free(docs);
}

/* Every KPI entry of the 2020 declaration (examples/measures/declaration-2020.yaml, 121 measures, made by
 * scripts/import-declaration-2020.py): parse never raises; the 未設定 entries are seen as unset. */
static void kpi_parse_should_never_fail_on_the_2020_declaration(void **state) {
    lua_State *L = *state;
    char *buf;
    size_t len;
    shn_error err = {0};
    if (shn__read_file(tu_src("examples/measures/declaration-2020.yaml"), 1 << 24, &buf, &len, &err) != SHN_OK)
        fail_msg("read: %s", err.message);
    shn_doc **docs;
    size_t nd;
    if (shn__yaml_load("d.yaml", buf, len, NULL, &docs, &nd, &err) != SHN_OK) fail_msg("yaml: %s", err.message);
    free(buf);
    lua_settop(L, 0);
    assert_int_equal(luaL_dostring(L, "return require('shinsa.kpi').parse"), LUA_OK);
    const shn_node *ms = shn__map_get(docs[0]->root, "measures");
    assert_int_equal(ms->n, 121);
    size_t count = 0, unset = 0;
    static const char *const slots[] = {"progress", "effect"};
    for (size_t i = 0; i < ms->n; i++) {
        for (size_t s = 0; s < 2; s++) {
            const shn_node *u = shn__map_get(shn__map_get(ms->items[i], "kpi"), slots[s]);
            for (size_t j = 0; u && j < u->n; j++) {
                lua_pushvalue(L, 1);
                lua_pushstring(L, u->items[j]->value);
                if (lua_pcall(L, 1, 1, 0) != LUA_OK)
                    fail_msg("kpi.parse(%s): %s", u->items[j]->value, lua_tostring(L, -1));
                lua_getfield(L, -1, "unset");
                unset += lua_toboolean(L, -1);
                lua_pop(L, 2);
                count++;
            }
        }
    }
    assert_true(count >= 230);
    assert_true(unset >= 15);
    shn__doc_free(docs[0]);
    free(docs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(kpi_parse_should_read_hand_checked_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(kpi_parse_should_read_the_grammar_fixtures, setup, teardown),
        cmocka_unit_test_setup_teardown(kpi_parse_should_read_a_long_text_in_linear_time, setup, teardown),
        cmocka_unit_test_setup_teardown(kpi_parse_should_cost_linear_work_on_repeated_pieces, setup, teardown),
        cmocka_unit_test_setup_teardown(kpi_level_should_come_from_the_lexicon, setup, teardown),
        cmocka_unit_test_setup_teardown(kpi_parse_should_recognise_unset_and_deferred, setup, teardown),
        cmocka_unit_test_setup_teardown(kpi_parse_should_never_fail_on_the_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(kpi_parse_should_never_fail_on_the_2020_declaration, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
