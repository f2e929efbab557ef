/* test_lua_law.c — the law view (engine/lua_law.c) built from the units of real statute excerpts
 * (tests/fixtures/xref: 住宅宿泊事業法 第三十三条〜第三十五条・第五十九条, 商品先物取引法 第百九十七条の四〜六・
 * 第二百十七条・第二百二十条の二, 会社法 第三百十八条), and stdlib/shinsa/xref.lua on it: 準用 of an
 * electromagnetic-method paragraph reaching the paper duty it applies to, lists and 「それぞれ準用する」,
 * provisos. Runs in a plain Lua state with shinsa.core preloaded, so the view is tested apart from the host. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "load.h"
#include "lua_core.h"
#include "lua_law.h"
#include "testutil.h"
#include "unit.h"
#include "util.h"

/* Load tests/fixtures/xref/<id>.xml, build its units, push the view as global LAW, run `code` (which returns
 * a string) and compare it with `want`. */
static void expect_view(const char *id, const char *code, const char *want) {
    char rel[128];
    snprintf(rel, sizeof rel, "tests/fixtures/xref/%s.xml", id);
    char *buf = NULL;
    size_t len = 0;
    shn_error err = {0};
    if (shn__read_file(tu_src(rel), 1 << 22, &buf, &len, &err) != SHN_OK) fail_msg("read: %s", err.message);
    shn_doc **docs = NULL;
    size_t nd = 0;
    shn_load_opts lo = {{0, 0, 0}, NULL};
    char file[160];
    snprintf(file, sizeof file, "%s.xml", id);
    if (shn__egov_load(file, buf, len, &lo, &docs, &nd, &err) != SHN_OK) fail_msg("load: %s", err.message);
    free(buf);
    shn_unit_list ul = {0};
    if (shn__units_build(docs[0], file, NULL, &ul, &err) != SHN_OK) fail_msg("units: %s", err.message);
    assert_non_null(ul.set);
    assert_ptr_equal(ul.items[1]->set, ul.set);

    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, shn__luaopen_core);
    lua_setfield(L, -2, "shinsa.core");
    lua_pop(L, 1);
    lua_getglobal(L, "package");
    lua_pushfstring(L, "%s/?.lua", tu_src("stdlib"));
    lua_setfield(L, -2, "path");
    lua_pop(L, 1);
    shn__lua_push_law(L, ul.set);
    lua_setglobal(L, "LAW");
    if (luaL_dostring(L, code) != LUA_OK) fail_msg("Lua: %s", lua_tostring(L, -1));
    const char *got = lua_tostring(L, -1);
    if (!got || strcmp(got, want) != 0) fail_msg("got:\n%s\nwant:\n%s", got ? got : "(nil)", want);
    lua_close(L);
    shn__units_free(&ul);
    for (size_t i = 0; i < nd; i++) shn__doc_free(docs[i]);
    free(docs);
}

#define PRELUDE                                                                                              \
    "local xref = require 'shinsa.xref'\n"                                                                  \
    "local function u(art, para, item) return {law = LAW, address = {provision = 'main', article = art,\n"  \
    "  paragraph = para, item = item}} end\n"

static void law_view_should_group_articles_paragraphs_and_sentences(void **state) {
    (void)state;
    expect_view("429AC0000000065",
                "local xref = require 'shinsa.xref'\n"
                "local a = xref.articles(nil, LAW)\n"
                "local p = a[1].paragraphs[2]\n"
                "return table.concat({LAW.law_id, LAW.title, #a, #LAW.sen_text, a[1].num, a[1].caption,\n"
                "  a[1].citation, #a[1].paragraphs, p.num, p.citation, p.address, #p.sentences,\n"
                "  p.sentences[2]['function'], p.sentences[1].address, tostring(p.article == a[1]),\n"
                "  #a[2].paragraphs[1].sentences, a[2].paragraphs[1].sentences[3].item,\n"
                "  a[2].paragraphs[1].sentences[3].address}, ' ')\n",
                "429AC0000000065 住宅宿泊事業法 4 14 33 （管理受託契約の締結前の書面の交付） 第三十三条 2 2 "
                "第三十三条第二項 429AC0000000065#main:33:2:: 2 main 429AC0000000065#main:33:2::1 true 7 2 "
                "429AC0000000065#main:34:1:2:1");
}

static void law_view_should_reach_the_electromagnetic_method_applied_by_junyo(void **state) {
    (void)state;
    /* 第三十四条第二項 「前条第二項の規定は、前項の規定による書面の交付について準用する。」 and 第五十九条第二項
     * 「第三十三条第二項の規定は、宿泊者に対する前項の規定による書面の交付について準用する。」 */
    expect_view("429AC0000000065",
                PRELUDE
                "local out = {}\n"
                "for _, k in ipairs({{'34', '1'}, {'59', '1'}, {'33', '1'}, {'35', '1'}}) do\n"
                "  local a = xref.applied_by(u(k[1], k[2]))\n"
                "  local parts = {k[1] .. '-' .. k[2], #a}\n"
                "  for _, e in ipairs(a) do\n"
                "    parts[#parts + 1] = e.relation .. ':' .. e.citation\n"
                "    for _, x in ipairs(e.applies) do\n"
                "      parts[#parts + 1] = x.citation .. (x.provisions[1].text:find('情報通信の技術', 1, true)\n"
                "        and '+it' or '')\n"
                "    end\n"
                "  end\n"
                "  out[#out + 1] = table.concat(parts, ' ')\n"
                "end\n"
                "return table.concat(out, ' / ')\n",
                "34-1 1 applies_to:第三十四条第二項 第三十三条第二項+it / "
                "59-1 1 applies_to:第五十九条第二項 第三十三条第二項+it / "
                "33-1 0 / 35-1 0");
}

static void law_view_should_resolve_lists_and_sorezore_junyo(void **state) {
    (void)state;
    /* 商品先物取引法 第百九十七条の六第六項: 「前条第二項から第六項までの規定は…について、同条第八項及び第九項の規定は
     * …について、同条第十一項から第十四項までの規定は…について、それぞれ準用する。」 */
    expect_view("325AC0000000239",
                PRELUDE
                "local out = {}\n"
                "for _, r in ipairs(xref.cites(u('197_6', '6'))) do\n"
                "  out[#out + 1] = r.relation .. ':' .. r.text .. '=' .. tostring(r.citation) .. '#' .. #r.provisions\n"
                "end\n"
                "local a = xref.applied_by(u('220_2', '1'))\n"
                "out[#out + 1] = a[1].relation .. ':' .. a[1].citation .. '<' .. a[1].applies[1].citation\n"
                "local b = xref.applied_by(u('197_6', '2'))\n"
                "out[#out + 1] = b[1].relation .. ':' .. b[1].citation .. '<' .. b[1].applies[1].citation\n"
                "return table.concat(out, '\\n')\n",
                "applies:前条第二項=第百九十七条の五第二項#1\n"
                "applies:第六項=第百九十七条の五第六項#4\n"
                "applies_to:第一項=第百九十七条の六第一項#1\n"
                "applies:同条第八項=第百九十七条の五第八項#1\n"
                "applies:第九項=第百九十七条の五第九項#1\n"
                "applies_to:第四項=第百九十七条の六第四項#1\n"
                "applies:同条第十一項=第百九十七条の五第十一項#1\n"
                "applies:第十四項=第百九十七条の五第十四項#3\n"
                "applies_to:前項=第百九十七条の六第五項#1\n"
                "reads:同条第二項=第百九十七条の五第二項#1\n"
                "reads:同条第十二項=第百九十七条の五第十二項#1\n"
                "applies_to:第二百二十条の二第二項<第二百十七条第二項\n"
                "applies_to:第百九十七条の六第三項<第百九十七条の四第四項");
}

static void law_view_should_show_the_proviso_of_the_paragraph(void **state) {
    (void)state;
    expect_view("417AC0000000086",
                PRELUDE
                "local p = xref.provisos(u('318', '3'))\n"
                "return #p .. ' ' .. tostring(p[1] and p[1].text:find('電磁的記録', 1, true) ~= nil) .. ' ' ..\n"
                "  #xref.provisos(u('318', '2')) .. ' ' .. xref.article(u('318', '3')).caption\n",
                "1 true 0 （議事録）");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(law_view_should_group_articles_paragraphs_and_sentences),
        cmocka_unit_test(law_view_should_reach_the_electromagnetic_method_applied_by_junyo),
        cmocka_unit_test(law_view_should_resolve_lists_and_sorezore_junyo),
        cmocka_unit_test(law_view_should_show_the_proviso_of_the_paragraph),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
