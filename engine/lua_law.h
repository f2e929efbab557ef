/* lua_law.h — the document-wide view of a law that rules reach through `unit.law` (and stdlib/shinsa/xref.lua
 * through it: unit.article, cross-references). Built once per document from its units. Private to libshinsa. */
#ifndef SHN_LUA_LAW_H
#define SHN_LUA_LAW_H

#include <lua.h>
#include "unit.h"

/* Push a new (plain, writable) table describing the law whose units are `set`, as parallel arrays (1-based):
 *   { law_id, file, title,
 *     art_provision, art_num ("" for the paragraphs of a 項建て provision), art_caption, art_citation,
 *     art_para (index of its first paragraph), art_npara,
 *     para_art (index of its article), para_num, para_text, para_citation, para_address ("LAWID#main:5:2::"),
 *     para_sen (index of its first sentence), para_nsen,
 *     sen_text, sen_function ("main"|"proviso"), sen_item ("" when none), sen_num }
 * Articles in document order, 附則 after 本則; 別表 cells are left out. Missing strings are "". stdlib/shinsa/xref.lua
 * turns these into article and paragraph tables on demand. */
void shn__lua_push_law(lua_State *L, const shn_unit_set *set);

#endif
