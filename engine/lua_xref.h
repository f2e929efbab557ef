/* lua_xref.h — core.parse_refs(s): the references written in one law sentence, for stdlib/shinsa/xref.lua
 * (`xref.parse` returns its result). Private to libshinsa. */
#ifndef SHN_LUA_XREF_H
#define SHN_LUA_XREF_H

#include <lua.h>

/* core.parse_refs(s) -> a list of references `{start, ["end"], text, part, provision, article, article_rel,
 * article_n, paragraph, paragraph_rel, paragraph_n, item, item_rel, bstart, bend, external, range_from}`
 * (see xref.parse for their meaning), in order; empty when s holds none. Raises on invalid UTF-8. Charges
 * the scan to the running rule's budget; the patterns are compiled once per state. */
int shn__lua_xref_parse(lua_State *L);

/* core.xref_index(law) -> an index of a law view (engine/lua_law.h: a copy of its articles' provisions and
 * numbers, its paragraphs' numbers and places; the sentence texts are read from the view). Raises when the
 * view's arrays do not fit together. */
int shn__lua_xref_index(lua_State *L);

/* core.xref_para(index, j) -> the references of every sentence of paragraph j, resolved within the law: a
 * list of {ref (as core.parse_refs gives it), relation ("applies", "applies_to", "reads", "case" or "cites"),
 * sentence (its position in the paragraph), stext (its text), targets = {{ai, pj, item}, ...}} where ai is an
 * article's and pj a paragraph's index in the view (pj and item absent for a whole article). This is the
 * resolving half of stdlib/shinsa/xref.lua (see there for the rules: 前条, 同項, 前各項, ranges, 附則). */
int shn__lua_xref_para(lua_State *L);

#endif
