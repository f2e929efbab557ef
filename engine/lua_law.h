/* lua_law.h — the document-wide view of a law that rules reach through `unit.law` (and stdlib/shinsa/xref.lua
 * through it: unit.article, cross-references). Built once per document from its units. Private to libshinsa. */
#ifndef SHN_LUA_LAW_H
#define SHN_LUA_LAW_H

#include <lua.h>
#include "unit.h"

/* Push a new (plain, writable) table describing the law whose units are `set`:
 *   { law_id, file, title, articles = { art, … } }   articles in document order, 附則 after 本則;
 *   art  = { provision, num, caption, citation, paragraphs = { para, … } }   num is nil for the paragraphs of
 *          a 項建て provision (grouped into one article per provision);
 *   para = { num, text, citation, address, sentences = { sen, … } }   address "LAWID#main:5:2::";
 *   sen  = { text, function ("main"|"proviso"), item, sentence, address, citation }.
 * 別表 cells are left out. Strings shared between units (paragraph texts) are pushed once each. */
void shn__lua_push_law(lua_State *L, const shn_unit_set *set);

#endif
