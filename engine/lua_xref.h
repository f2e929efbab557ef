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

#endif
