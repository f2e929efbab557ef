/* test_law_lua.c — stdlib/shinsa/law.lua run inside the sandboxed host (the "good" fixture pack's good.eval
 * rule runs a unit's text as Lua): citations ↔ address fields in a round-trip table (枝番, 附則, 別表,
 * sub-items, full-width digits), address strings both ways, the numeral wrappers, and bad input giving
 * nil + message, never an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "lua_host.h"
#include "rule.h"
#include "testutil.h"
#include "unit.h"
#include "util.h"

/* Run `code` (which returns a string) with good.eval on a hand-built unit; assert the result is `want`. */
static void expect_eval(const tu_host *h, const char *code, const char *want) {
    char *got = tu_host_eval(h, code, "第一条第一項");
    if (strcmp(got, want) != 0) fail_msg("got:\n%s\nwant:\n%s", got, want);
    free(got);
}

/* Each case: the citation as written, the fields it parses to, and the canonical form format_citation gives
 * (nil = the same as written). The check formats the fields and parses the result again. */
static const char ROUND_TRIP[] =
    "local law = require 'shinsa.law'\n"
    "local cases = {\n"
    " {'第一条', {article='1'}},\n"
    " {'第十七条', {article='17'}},\n"
    " {'第十七条の三の三第一項第二号イ', {article='17_3_3', paragraph='1', item='2/1'}},\n"
    " {'第十七条の三の三第一項第二号イ(3)', {article='17_3_3', paragraph='1', item='2/1/3'}},\n"
    " {'第十七条の三の三第一項第二号イ（３）', {article='17_3_3', paragraph='1', item='2/1/3'},\n"
    "   '第十七条の三の三第一項第二号イ(3)'},\n"
    " {'第四十五条第一項', {article='45', paragraph='1'}},\n"
    " {'第百八条の二第三項', {article='108_2', paragraph='3'}},\n"
    " {'第二千条', {article='2000'}},\n"
    " {'第十二条第二号', {article='12', item='2'}},\n"
    " {'第十二条第二号の二', {article='12', item='2_2'}},\n"
    " {'第十二条第二号の二ロ', {article='12', item='2_2/2'}},\n"
    " {'第三条第一項第一号ハ(2)(iii)', {article='3', paragraph='1', item='1/3/2/3'}},\n"
    " {'第三条第一項第一号ヌ', {article='3', paragraph='1', item='1/10'}},\n"
    " {'第三条第一項第一号ス', {article='3', paragraph='1', item='1/47'}},\n"
    " {'第二項', {paragraph='2'}},\n"
    " {'第２項第３号', {paragraph='2', item='3'}, '第二項第三号'},\n"
    " {'第１７条の３第１項', {article='17_3', paragraph='1'}, '第十七条の三第一項'},\n"
    " {'第17条の3の3', {article='17_3_3'}, '第十七条の三の三'},\n"
    " {'第 十七 条', {article='17'}, '第十七条'},\n"
    " {'附則第三条', {provision='suppl', article='3'}},\n"
    " {'附則第一項', {provision='suppl', paragraph='1'}},\n"
    " {'附則', {provision='suppl'}},\n"
    " {'附則（令和五年法律第六十三号）第三条', {provision='suppl:令和五年法律第六十三号', article='3'}},\n"
    " {'附則(平成十一年法律第百六十号)第二条第一項第一号',\n"
    "   {provision='suppl:平成十一年法律第百六十号', article='2', paragraph='1', item='1'},\n"
    "   '附則（平成十一年法律第百六十号）第二条第一項第一号'},\n"
    " {'別表第一', {table='別表第一'}},\n"
    " {'別表第二の二', {table='別表第二の二'}},\n"
    " {'別表第３', {table='別表第三'}, '別表第三'},\n"
    " {'第一条第一項第一号イ(1)(i)(1)', {article='1', paragraph='1', item='1/1/1/1/1'}},\n"
    " {'附則第二条の二', {provision='suppl', article='2_2'}},\n"
    " {'第三十三条の二十第二項', {article='33_20', paragraph='2'}},\n"
    " {'第五条の二第二項第十号の三イ(10)', {article='5_2', paragraph='2', item='10_3/1/10'}},\n"
    "}\n"
    "local keys = {'provision', 'article', 'paragraph', 'item', 'table'}\n"
    "local function show(t) local o = {} for _, k in ipairs(keys) do o[#o + 1] = k .. '=' .. tostring(t[k]) end\n"
    "  return table.concat(o, ' ') end\n"
    "local bad = {}\n"
    "for i, c in ipairs(cases) do\n"
    "  local want = c[2]\n"
    "  if want.provision == nil and want.table == nil then want.provision = 'main' end\n"
    "  local got, err = law.parse_citation(c[1])\n"
    "  if not got then bad[#bad + 1] = i .. ' ' .. c[1] .. ': ' .. tostring(err)\n"
    "  elseif show(got) ~= show(want) then bad[#bad + 1] = i .. ' ' .. c[1] .. ': ' .. show(got)\n"
    "  else\n"
    "    local s, ferr = law.format_citation(got)\n"
    "    if s ~= (c[3] or c[1]) then bad[#bad + 1] = i .. ' format: ' .. tostring(s) .. ' ' .. tostring(ferr)\n"
    "    else\n"
    "      local again = law.parse_citation(s)\n"
    "      if not again or show(again) ~= show(want) then bad[#bad + 1] = i .. ' reparse: ' .. s end\n"
    "    end\n"
    "  end\n"
    "end\n"
    "return #cases .. ' ' .. (#bad == 0 and 'ok' or table.concat(bad, '\\n'))\n";

static void law_citation_should_round_trip_the_table(void **state) {
    expect_eval(*state, ROUND_TRIP, "31 ok");
}

static const char BAD_INPUT[] =
    "local law = require 'shinsa.law'\n"
    "local bad = {'', '第条', '第十七', '条', '第十七条X', '第一項第十七条', '十七条', '附則（令和五年', '別表',\n"
    "  '第二号(', '第二号イ(z)', '第一条第一項第二号ン', '\\xff\\xfe', '第十十条', 'hello'}\n"
    "local out = {}\n"
    "for i, s in ipairs(bad) do\n"
    "  local ok, r, msg = pcall(law.parse_citation, s)\n"
    "  if not ok then out[#out + 1] = i .. ' raised: ' .. tostring(r)\n"
    "  elseif r ~= nil then out[#out + 1] = i .. ' parsed: ' .. s\n"
    "  elseif type(msg) ~= 'string' or not msg:find('(', 1, true) then out[#out + 1] = i .. ' no message' end\n"
    "end\n"
    "for i, v in ipairs({42, nil, {}, true}) do\n"
    "  local ok, r, msg = pcall(law.parse_citation, v)\n"
    "  if not ok or r ~= nil or type(msg) ~= 'string' then out[#out + 1] = 'type ' .. i end\n"
    "end\n"
    "local fbad = {{article='x'}, {article='17__3'}, {article='17_'}, {item='2/a'}, {item='2/100'}, {},\n"
    "  {provision='suppl:'}, {provision='other'}, {paragraph=5}, {item='/1'}}\n"
    "for i, a in ipairs(fbad) do\n"
    "  local ok, r, msg = pcall(law.format_citation, a)\n"
    "  if not ok then out[#out + 1] = 'f' .. i .. ' raised: ' .. tostring(r)\n"
    "  elseif r ~= nil or type(msg) ~= 'string' then out[#out + 1] = 'f' .. i .. ' formatted: ' .. tostring(r) end\n"
    "end\n"
    "local ok, r = pcall(law.format_citation, 'x')\n"
    "if not ok or r ~= nil then out[#out + 1] = 'f string' end\n"
    "return #out == 0 and 'ok' or table.concat(out, '\\n')\n";

static void law_parse_citation_should_return_nil_and_message_on_bad_input(void **state) {
    expect_eval(*state, BAD_INPUT, "ok");
}

static const char ADDRESSES[] =
    "local law = require 'shinsa.law'\n"
    "local cases = {\n"
    " {'347AC0000000057#main:45:1::1', {law_id='347AC0000000057', provision='main', article='45', paragraph='1',\n"
    "   sentence=1}},\n"
    " {'335AC0000000145#main:17_3_3:1:2/1/3:2', {law_id='335AC0000000145', provision='main', article='17_3_3',\n"
    "   paragraph='1', item='2/1/3', sentence=2}},\n"
    " {'335AC0000000145#suppl:3:::', {law_id='335AC0000000145', provision='suppl', article='3'}},\n"
    " {'335AC0000000145#suppl:令和五年法律第六十三号:3:1::1', {law_id='335AC0000000145',\n"
    "   provision='suppl:令和五年法律第六十三号', article='3', paragraph='1', sentence=1}},\n"
    " {'laws/x.yaml#main::2:1:1', {law_id='laws/x.yaml', provision='main', paragraph='2', item='1', sentence=1}},\n"
    " {'335AC0000000145#別表第一::::4', {law_id='335AC0000000145', table='別表第一', sentence=4}},\n"
    "}\n"
    "local keys = {'kind', 'law_id', 'provision', 'article', 'paragraph', 'item', 'sentence', 'table'}\n"
    "local function show(t) local o = {} for _, k in ipairs(keys) do o[#o + 1] = k .. '=' .. tostring(t[k]) end\n"
    "  return table.concat(o, ' ') end\n"
    "local out = {}\n"
    "for i, c in ipairs(cases) do\n"
    "  c[2].kind = 'law'\n"
    "  local got, err = law.parse_address(c[1])\n"
    "  if not got then out[#out + 1] = i .. ': ' .. tostring(err)\n"
    "  elseif show(got) ~= show(c[2]) then out[#out + 1] = i .. ': ' .. show(got)\n"
    "  elseif math.type(got.sentence or 0) ~= 'integer' then out[#out + 1] = i .. ': sentence not an integer'\n"
    "  elseif law.format_address(got) ~= c[1] then out[#out + 1] = i .. ' format: ' .. tostring(law.format_address(got))\n"
    "  end\n"
    "end\n"
    "for i, s in ipairs({'', 'no-hash', '#main:1:1::1', 'X#main:1:1:1', 'X#main:a:1::1', 'X#main:1:1::x',\n"
    "    'X#main:1:1:2//1:1', 'X#main:1_:1::1', 'X#\\xff:1:1::1', 42}) do\n"
    "  local ok, r, msg = pcall(law.parse_address, s)\n"
    "  if not ok or r ~= nil or type(msg) ~= 'string' then out[#out + 1] = 'bad ' .. i end\n"
    "end\n"
    "for i, t in ipairs({{}, {law_id='A#B'}, {law_id='X', article=17}, {law_id='X', item='1:2'},\n"
    "    {law_id='X', sentence=0}, {law_id='X', sentence='1'}, {law_id='X', sentence=1.5}, 'x'}) do\n"
    "  local ok, r, msg = pcall(law.format_address, t)\n"
    "  if not ok or r ~= nil or type(msg) ~= 'string' then out[#out + 1] = 'fbad ' .. i .. ' ' .. tostring(r) end\n"
    "end\n"
    "out[#out + 1] = law.format_address{file='a.yaml', provision='main', article='1'}\n"
    "return table.concat(out, '\\n')\n";

static void law_address_should_round_trip_and_reject_bad_strings(void **state) {
    expect_eval(*state, ADDRESSES, "a.yaml#main:1:::");
}

static const char NUMERALS[] =
    "local law = require 'shinsa.law'\n"
    "return table.concat({law.kanji_to_int('十七'), law.kanji_to_int('百八'), law.kanji_to_int('二〇二五'),\n"
    "  law.kanji_to_int('１７'), law.kanji_to_int('17'), tostring(law.kanji_to_int('十十')),\n"
    "  tostring(law.kanji_to_int('')), tostring(law.kanji_to_int(17)), tostring(law.kanji_to_int('\\xff')),\n"
    "  law.int_to_kanji(17), law.int_to_kanji(108), law.int_to_kanji(0), law.int_to_kanji(2025),\n"
    "  tostring(law.int_to_kanji(-1)), tostring(law.int_to_kanji(1.5)), tostring(law.int_to_kanji('3')),\n"
    "  law.int_to_kanji(3.0)}, ' ')\n";

static void law_numerals_should_wrap_core_without_raising(void **state) {
    expect_eval(*state, NUMERALS, "17 108 2025 17 17 nil nil nil nil 十七 百八 〇 二千二十五 nil nil nil 三");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(law_citation_should_round_trip_the_table, tu_host_setup, tu_host_teardown),
        cmocka_unit_test_setup_teardown(law_parse_citation_should_return_nil_and_message_on_bad_input, tu_host_setup,
                                        tu_host_teardown),
        cmocka_unit_test_setup_teardown(law_address_should_round_trip_and_reject_bad_strings, tu_host_setup, tu_host_teardown),
        cmocka_unit_test_setup_teardown(law_numerals_should_wrap_core_without_raising, tu_host_setup, tu_host_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
