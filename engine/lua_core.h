/* lua_core.h — the `shinsa.core` C module for rules (PCRE2 regex with a per-state compiled-pattern cache,
 * utf8proc normalization and width folding, code-point string helpers, kanji numerals). Private to libshinsa.
 *
 * Offsets everywhere in this module are 0-based code points with an exclusive end, the convention of
 * ctx:report{match=…}: core.find("あいう", "い") returns 1, 2, "い", so core.sub(s, start, end) == text. */
#ifndef SHN_LUA_CORE_H
#define SHN_LUA_CORE_H

#include <stdint.h>
#include <lua.h>

/* Push the module table (creating the per-state regex data on first use; it lives in the registry and is
 * released when the state closes). Meant for the host's require or luaL_requiref. */
int shn__luaopen_core(lua_State *L);

/* The block of C data a module keeps per state in the registry at `key` (compiled patterns, match contexts):
 * pushes it and returns it with *created = 0; else pushes a new zeroed userdata of `size` bytes with `nuv` user
 * values and the metatable `tname` (its __gc is `gc`, getmetatable gives false) and returns it with *created = 1,
 * not yet in the registry: the caller fills it, then stores it with lua_rawsetp(L, LUA_REGISTRYINDEX, key) (a
 * block whose setup raised is not stored, and the next call starts again). */
void *shn__lua_state_block(lua_State *L, const void *key, size_t size, int nuv, const char *tname, lua_CFunction gc,
                           int *created);

/* Nonzero when a regex call hit PCRE2's match, depth, heap or JIT-stack limit since the last reset. Such a
 * call raises a Lua error mentioning "match limit"; the host uses this flag to turn it into SHN_E_LIMIT.
 * `reset` clears the flag. Never raises; 0 when the module was never opened in L. */
int shn__lua_core_limit_hit(lua_State *L, int reset);

/* Change the PCRE2 limits of this state (0 keeps the current value). Defaults: match limit 10,000,000,
 * depth limit 100,000, heap limit 16 MiB. Returns 0, or -1 when the module was never opened in L. */
int shn__lua_core_set_limits(lua_State *L, uint32_t match_limit, uint32_t depth_limit);

/* Forget the subjects remembered as valid UTF-8 (a new unit is about to be checked): what they pinned can be
 * collected. */
void shn__lua_core_forget(lua_State *L);

/* Work charging. A host sets a charger in the registry; core functions (and the guarded string patterns of
 * lua_pattern.c) call shn__lua_core_charge with the bytes they are about to examine or produce, and the
 * charger adds them to the running rule's budget and raises when the budget or the deadline is spent. Without
 * a charger (plain states in tests) charging does nothing. */
typedef struct {
    void (*fn)(lua_State *L, size_t work);
    void (*limit)(lua_State *L, const char *msg);   /* a PCRE2 limit was hit: stop the rule call (raises) */
} shn_lua_charger;
void shn__lua_core_set_charger(lua_State *L, const shn_lua_charger *c);   /* c must outlive the state */
void shn__lua_core_charge(lua_State *L, size_t work);
/* Work units: shn__lua_core_charge(L, n) costs n / 8 instructions. Helpers whose work per byte is far above a
 * scan charge a multiple of their bytes. */
#define SHN_WORK_NFKC 16        /* per input byte of core.nfkc / core.fold */
#define SHN_WORK_SUBST 16       /* per output byte of core.gsub (PCRE2 expands each $n again) */
#define SHN_WORK_MATCH 4        /* per subject byte a regex match may look at */

#endif
