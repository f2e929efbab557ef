/* lua_pattern.h — Lua's pattern functions (string.find, match, gmatch, gsub) with a cost guard for the sandbox.
 *
 * Lua's pattern matcher runs in C, where the instruction-count hook of lua_sandbox.c never fires, and it
 * backtracks: ("a"):rep(3000):find("(.-)(.-)(.-)(.-)b") runs for hours. The guard estimates the worst-case
 * work of each call from the subject's length and the pattern's quantifiers (starts × n^q, see
 * shn__lua_pattern_cost). A call under the bound runs in C as before; a call over it runs the same operation
 * in stdlib/internal/lpattern.lua, a pure-Lua matcher with Lua's semantics, where the hook counts every step
 * and stops a runaway match with the usual instruction-limit error. */
#ifndef SHN_LUA_PATTERN_H
#define SHN_LUA_PATTERN_H

#include <lua.h>
#include <stddef.h>

/* Calls whose estimated cost is at most this run in C (about 0.3 s of C matching in the worst case). */
#define SHN__PATTERN_BUDGET 1e8

enum { SHN__PAT_FIND, SHN__PAT_MATCH, SHN__PAT_GMATCH, SHN__PAT_GSUB };

/* The estimated worst-case number of matcher steps for applying pattern `p` (length `plen`) to `n` bytes
 * of subject: starts × n^q, where q counts the unbounded quantifiers (*, +, -) and %b items and starts is 1
 * for a pattern anchored with ^ in find/match and n otherwise. A pattern without special characters costs n.
 * Returns a double (it can exceed any integer); exposed for the unit tests. */
double shn__lua_pattern_cost(int kind, const char *p, size_t plen, size_t n);

/* Replace find, match, gmatch and gsub in the string table at index `strtab` with guarded versions whose
 * fallback is the module loaded from `fallback_path` (run with an environment holding only the base
 * functions and the original, unguarded libraries it needs). Raises a Lua error when the module cannot be
 * read or does not return a table with the four functions. Call during state setup, in protected mode. */
void shn__lua_pattern_install(lua_State *L, int strtab, const char *fallback_path);

#endif
