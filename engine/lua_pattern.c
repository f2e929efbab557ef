/* lua_pattern.c — the cost guard around Lua's pattern functions (see lua_pattern.h for why). */
#include "lua_pattern.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua_core.h"
#include "util.h"

#define FALLBACK_MAX_BYTES ((size_t)1 << 20)

/* The index just past the set that starts at p[i] == '[' (Lua's rules: the first character after '[' or
 * '[^' is part of the set even when it is ']'; '%' escapes the next character). */
static size_t skip_set(const char *p, size_t plen, size_t i) {
    i++;
    if (i < plen && p[i] == '^') i++;
    do {
        if (i >= plen) return plen;
        if (p[i++] == '%' && i < plen) i++;
    } while (i < plen && p[i] != ']');
    return i < plen ? i + 1 : plen;
}

double shn__lua_pattern_cost(int kind, const char *p, size_t plen, size_t n) {
    double nn = (double)n + 1.0;
    if (strcspn(p, "^$*+?.([%-") >= plen) return nn;    /* no specials: a plain search */
    int anchored = (kind == SHN__PAT_FIND || kind == SHN__PAT_MATCH) && plen > 0 && p[0] == '^';
    size_t i = anchored ? 1 : 0;
    int q = 0, item = 0;
    while (i < plen) {
        char c = p[i];
        if (c == '%' && i + 1 < plen) {
            char d = p[i + 1];
            if (d == 'b') {                              /* %bxy scans to the balancing character */
                q++;
                i += 4;
                item = 0;
            } else if (d == 'f') {
                i = i + 2 < plen && p[i + 2] == '[' ? skip_set(p, plen, i + 2) : i + 2;
                item = 0;
            } else {
                item = !(d >= '0' && d <= '9');          /* a back-reference takes no quantifier */
                i += 2;
            }
        } else if (c == '[') {
            i = skip_set(p, plen, i);
            item = 1;
        } else if (c == '(' || c == ')') {
            i++;
            item = 0;
        } else if (item && (c == '*' || c == '+' || c == '-')) {
            q++;
            i++;
            item = 0;
        } else if (item && c == '?') {
            i++;
            item = 0;
        } else {
            i++;
            item = 1;
        }
    }
    double cost = anchored ? 1.0 : nn;
    for (int k = 0; k < q && cost < 1e300; k++) cost *= nn;
    return cost;
}

/* The number of subject bytes a call can look at: from init (argument 3 of find, match and gmatch; Lua's
 * rules for negative and out-of-range values) to the end. */
static size_t remaining(lua_State *L, int kind, size_t sl) {
    if (kind == SHN__PAT_GSUB || lua_type(L, 3) != LUA_TNUMBER) return sl;
    lua_Integer init = lua_tointeger(L, 3);
    size_t start;
    if (init > 0) start = (size_t)init;
    else if (init == 0) start = 1;
    else if ((size_t)(-(init + 1)) >= sl) start = 1;       /* -(init) > sl, written without overflow */
    else start = sl - (size_t)(-(init + 1));
    return start > sl ? 0 : sl - start + 1;
}

/* The guarded function. Upvalues: 1 the kind, 2 the original C function, 3 the pure-Lua fallback. */
static int guarded(lua_State *L) {
    int kind = (int)lua_tointeger(L, lua_upvalueindex(1));
    int nargs = lua_gettop(L);
    int slow = 0;
    int t1 = lua_type(L, 1), t2 = lua_type(L, 2);
    if (t1 == LUA_TSTRING) shn__lua_core_charge(L, lua_rawlen(L, 1));   /* plain finds too */
    if ((t1 == LUA_TSTRING || t1 == LUA_TNUMBER) && (t2 == LUA_TSTRING || t2 == LUA_TNUMBER) &&
        !(kind == SHN__PAT_FIND && nargs >= 4 && lua_toboolean(L, 4))) {
        size_t sl = 0, pl = 0;
        (void)lua_tolstring(L, 1, &sl);
        const char *p = lua_tolstring(L, 2, &pl);
        size_t rem = remaining(L, kind, sl);
        slow = shn__lua_pattern_cost(kind, p, pl, rem) > SHN__PATTERN_BUDGET;
    }
    /* anything else (bad arguments included) goes to the C function, which raises Lua's own errors */
    lua_pushvalue(L, lua_upvalueindex(slow ? 3 : 2));
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

void shn__lua_pattern_install(lua_State *L, int strtab, const char *fallback_path) {
    static const char *const names[] = {"find", "match", "gmatch", "gsub"};
    static const int kinds[] = {SHN__PAT_FIND, SHN__PAT_MATCH, SHN__PAT_GMATCH, SHN__PAT_GSUB};
    strtab = lua_absindex(L, strtab);
    shn_error err = {0};
    char *buf = NULL;
    size_t len = 0;
    if (shn__read_file(fallback_path, FALLBACK_MAX_BYTES, &buf, &len, &err) != SHN_OK)
        luaL_error(L, "パターン照合モジュールが読めません (cannot read the pattern module): %s", err.message);
    /* a machine-independent chunk name, like the other stdlib files */
    int st = luaL_loadbufferx(L, buf, len, "@stdlib/internal/lpattern.lua", "t");
    free(buf);
    if (st != LUA_OK) lua_error(L);
    /* its environment: base functions and the libraries as they are now (unguarded, so no recursion) */
    lua_newtable(L);
    static const char *const base[] = {"assert", "error", "ipairs", "pairs", "select", "tonumber",
                                       "tostring", "type", "rawequal", "rawget", "rawlen", "next",
                                       "setmetatable", "getmetatable"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(base); i++) {
        lua_getglobal(L, base[i]);
        lua_setfield(L, -2, base[i]);
    }
    lua_newtable(L);                                     /* a copy of the string table */
    lua_pushnil(L);
    while (lua_next(L, strtab)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    lua_setfield(L, -2, "string");
    lua_getglobal(L, "table");
    lua_setfield(L, -2, "table");
    lua_getglobal(L, "math");
    lua_setfield(L, -2, "math");
    lua_getglobal(L, "utf8");
    lua_setfield(L, -2, "utf8");
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    lua_call(L, 0, 1);
    if (!lua_istable(L, -1)) luaL_error(L, "パターン照合モジュールが表を返しません (the pattern module returned no table)");
    int mod = lua_gettop(L);
    for (size_t i = 0; i < SHN__ARRAY_LEN(names); i++) {
        lua_pushinteger(L, kinds[i]);
        lua_getfield(L, strtab, names[i]);
        if (lua_getfield(L, mod, names[i]) != LUA_TFUNCTION)
            luaL_error(L, "パターン照合モジュールに %s がありません (the pattern module lacks %s)", names[i], names[i]);
        lua_pushcclosure(L, guarded, 3);
        lua_setfield(L, strtab, names[i]);
    }
    lua_pop(L, 1);
}
