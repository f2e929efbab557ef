/* test_clause_lua.c — stdlib/shinsa/clause.lua: how the parts of real statutory sentences end, and whether the
 * predicate governs an act named early in a long sentence (law id and article in each case). */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include "lua_core.h"
#include "testutil.h"

static int setup(void **state) {
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    luaL_openlibs(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushcfunction(L, shn__luaopen_core);
    lua_call(L, 0, 1);
    lua_setfield(L, -2, "shinsa.core");
    if (luaL_dofile(L, tu_src("stdlib/shinsa/clause.lua")) != LUA_OK) fail_msg("clause.lua: %s", lua_tostring(L, -1));
    lua_setfield(L, -2, "shinsa.clause");
    lua_pop(L, 1);
    *state = L;
    return 0;
}

static int teardown(void **state) {
    lua_close(*state);
    return 0;
}

static void run_ok(lua_State *L, const char *code) {
    lua_settop(L, 0);
    if (luaL_dostring(L, code) != LUA_OK) fail_msg("Lua error: %s", lua_tostring(L, -1));
}

/* clause.governed on real sentences: {sentence, the word, governed?, why}. The word is found literally (its
 * first occurrence) and the predicate is the last なければならない/ものとする of the sentence. */
static const char GOVERNED[] =
    "local clause = require 'shinsa.clause'\n"
    "local core = require 'shinsa.core'\n"
    "local cases = {\n"
    /* 南極地域の環境の保護に関する法律 第九条第一項: 「ため」 inside a later conjunct */
    " {'環境大臣は、環境省令で定める事項を公告し、及び当該公告の日から起算して三十日間、当該南極地域活動計画に係る申請書を縦覧に供し、"
    "並びに当該南極地域活動計画についての意見を求めるため包括的な環境評価書を作成して締約国の政府に送付する手続をとらなければならない。',"
    " '縦覧に供し', true, 'coordination'},\n"
    /* composed on 消防法 第十七条の三の三: 定期に far from the verb, a chain of noun phrases */
    " {'防火対象物の関係者は、当該防火対象物における消防用設備等について、総務省令で定めるところにより、定期に、当該防火対象物のうち"
    "政令で定めるものにあつては消防設備士免状の交付を受けている者に点検させ、その他のものにあつては自ら点検し、その結果を消防長又は"
    "消防署長に報告しなければならない。', '定期に', true, 'chain'},\n"
    /* 温泉法 第十八条第四項: the posting is the conjunct of a condition */
    " {'温泉を公共の浴用又は飲用に供する者は、第一項の規定による掲示をし、又はその内容を変更しようとするときは、環境省令で定める"
    "ところにより、あらかじめ、その内容を都道府県知事に届け出なければならない。', '掲示', false, 'condition'},\n"
    /* 検察審査会法 第四十条: a later condition conditions only the later act */
    " {'検察審査会は、審査の結果議決をしたときは、理由を附した議決書を作成し、その議決後七日間当該検察審査会事務局の掲示場に議決の要旨を"
    "掲示し、且つ、第三十条の規定による申立をした者があるときは、その申立にかかる事件についての議決の要旨をこれに通知しなければならない。',"
    " '要旨を掲示', true, 'coordination'},\n"
    /* 地方自治法 第二百七条: a relative clause 「出頭した選挙人」 */
    " {'普通地方公共団体は、条例の定めるところにより、第百条第一項後段の規定により出頭した選挙人その他の関係人の要した実費を弁償しなければならない。',"
    " '出頭し', false, 'relative'},\n"
    /* 補助金等に係る予算の執行の適正化に関する法律 第六条第一項 (shortened): a condition ends the part */
    " {'各省各庁の長は、補助金等の交付の申請があつたときは、当該申請に係る書類等の審査により、当該申請に係る補助金等の交付が法令に違反しないかどうかを調査しなければならない。',"
    " '申請があつた', false, 'condition'},\n"
    /* 種苗法 第十五条の三第一項: a noun that only modifies another (「現地調査…に係る実費」) */
    " {'出願者は、前条第一項の現地調査に係る実費を勘案して農林水産省令で定める額の手数料を国に納付しなければならない。',"
    " '現地調査', false, 'modifier'},\n"
    /* 地方自治法 第二百五十一条の五第四項: a method phrase far from its verb */
    " {'原告は、第一項の訴えを提起したときは、直ちに、文書により、その旨を被告に通知するとともに、当該高等裁判所に対し、その通知をした日時、場所及び方法を文書により届け出なければならない。',"
    " '文書により', true, 'coordination'},\n"
    /* 少年鑑別所法 第十七条第二項: after 「書面で、」 the addressee 「…者に対し、」 is an argument of the later act */
    " {'少年鑑別所の長は、前項の規定による鑑別を終えたときは、速やかに、書面で、鑑別を求めた者に対し、鑑別の結果を通知するものとする。',"
    " '書面で', true, 'argument'},\n"
    /* 銃砲刀剣類所持等取締法 第五条の五第二項: after a verb, 「その課程を修了した者に対し、」 takes the verb in */
    " {'都道府県公安委員会は、政令で定めるところにより、前項の講習を受け、その課程を修了した者に対し、技能講習修了証明書を交付しなければならない。',"
    " '講習を受け', false, 'relative'},\n"
    "}\n"
    "for i, c in ipairs(cases) do\n"
    "  local st, en = core.find(c[1], core.escape(c[2]))\n"
    "  assert(st, 'case ' .. i .. ': word not found')\n"
    "  local ok, why = clause.governed(c[1], {start = st, ['end'] = en, text = c[2]})\n"
    "  assert(ok == c[3] and why == c[4], 'case ' .. i .. ': got ' .. tostring(ok) .. ' ' .. tostring(why))\n"
    "end\n"
    "return #cases\n";

static void clause_governed_should_follow_the_grammar_not_the_distance(void **state) {
    lua_State *L = *state;
    run_ok(L, GOVERNED);
    assert_int_equal(lua_tointeger(L, -1), 10);
}

/* 刑事訴訟費用等に関する法律 第八条第一項ただし書: the predicate 「ものとし、」 closes the act's own conjunct, which
 * is a condition (「…出頭し、又は…立ち会つた場合に限るものとし」); with 「又は…立ち会わなければならない」 it is a coordination the predicate governs. */
static void clause_governed_should_read_a_condition_closing_the_predicates_own_conjunct(void **state) {
    lua_State *L = *state;
    run_ok(L, "local clause = require 'shinsa.clause'\n"
              "local core = require 'shinsa.core'\n"
              "local s = 'ただし、弁護人が期日に出頭し、又は取調べ若しくは処分に立ち会つた場合に限るものとし、旅費のうち船賃の算定に係る"
              "運賃の等級については、裁判所が相当と認めるところによる。'\n"
              "local st, en = core.find(s, '出頭し')\n"
              "local ps = core.find(s, 'ものとし、')\n"
              "local ok, why = clause.governed(s, {start = st, ['end'] = en, text = '出頭し'}, {start = ps})\n"
              "assert(ok == false and why == 'condition', tostring(ok) .. ' ' .. tostring(why))\n"
              "local t = '弁護人は、期日に出頭し、又は処分に立ち会わなければならない。'\n"
              "st, en = core.find(t, '出頭し')\n"
              "ps = core.find(t, 'なければならない')\n"
              "ok, why = clause.governed(t, {start = st, ['end'] = en, text = '出頭し'}, {start = ps})\n"
              "assert(ok == true and why == 'coordination', tostring(ok) .. ' ' .. tostring(why))\n");
}

static void clause_parts_should_skip_commas_in_parentheses_and_classify_endings(void **state) {
    lua_State *L = *state;
    run_ok(L, "local clause = require 'shinsa.clause'\n"
              "local p = clause.parts('申請者は、書面（電子的方式、磁気的方式その他の方式で作られる記録を含む。）を提出し、"
              "又は前項の規定による届出をした場合において、これを保存しなければならない。')\n"
              "assert(#p == 4, 'parts: ' .. #p)\n"
              "assert(p[1].ending == 'argument', p[1].ending)\n"
              "assert(p[2].ending == 'coordination', p[2].ending)\n"
              "assert(p[3].ending == 'condition', p[3].ending)\n"
              "assert(p[4].ending == 'final', p[4].ending)\n"
              "assert(p[2].start == 5)\n"
              "assert(clause.ending('当該土地に立ち入り', 'その状況を調査し') == 'continuative')\n"
              "assert(clause.ending('当該事業に関し', '報告を求め') == 'argument')\n"
              "assert(clause.ending('意見を求めるため', '公聴会を開き') == 'purpose')\n"
              "assert(clause.ending('このため', '次の措置を講じ') == 'argument')\n"
              "assert(clause.ending('許可を受けた者は', 'x') == 'relative')\n"
              "return true\n");
    assert_true(lua_toboolean(L, -1));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(clause_governed_should_follow_the_grammar_not_the_distance, setup, teardown),
        cmocka_unit_test_setup_teardown(clause_governed_should_read_a_condition_closing_the_predicates_own_conjunct, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(clause_parts_should_skip_commas_in_parentheses_and_classify_endings, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
