/* lua_require.c — the host's own `require` for rules and modules (see lua_host.h).
 *
 *
 * require. "shinsa.core" is the C module (lua_core.c); "lpeg" is LPeg, linked in and opened under the budget
 * by lua_lpeg.c;
 * "shinsa.<name>" loads <stdlib_dir>/shinsa/<name>.lua;
 * "<pack>.<name>" and plain "<name>" load <pack dir>/<name>.lua from the requiring file's own pack (dots are
 * folder separators). Names are [A-Za-z0-9_-] components joined by dots, so no "..", "/" or absolute path
 * can be expressed. Modules are loaded once per state, text-only, each with its own strict _ENV, and their
 * result is frozen.
 */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>
#include "lua_core.h"
#include "util.h"

/* ---- require ---------------------------------------------------------------------------------------- */

/* Dotted name of [A-Za-z0-9_-] components. */
static int valid_module_name(const char *s) {
    if (!*s) return 0;
    int comp = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '.') {
            if (!comp) return 0;
            comp = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                   c == '-') {
            comp++;
        } else {
            return 0;
        }
    }
    return comp > 0;
}

/* Load the module file at `path` (string at stack top is not consumed) and push its (frozen) value. */
static void load_module(lua_State *L, const char *name, const char *path, const char *pack, const char *dir) {
    shn_error err = {0};
    char *buf = NULL;
    size_t len = 0;
    /* Chunk names are machine-independent: "@stdlib/shinsa/text.lua", "@analog/common.lua". */
    size_t dl = dir ? strlen(dir) : 0;
    if (pack && dir && strncmp(path, dir, dl) == 0 && path[dl] == '/') {
        lua_pushfstring(L, "@%s/%s", pack, path + dl + 1);
    } else {
        luaL_gsub(L, name, ".", "/");
        lua_pushfstring(L, "@stdlib/%s.lua", lua_tostring(L, -1));
        lua_remove(L, -2);
    }
    const char *chunk = lua_tostring(L, -1);
    if (shn__read_file(path, SRC_MAX_BYTES, &buf, &len, &err) != SHN_OK)
        luaL_error(L, "モジュールが見つかりません (module not found): '%s' (%s)", name, err.message);
    int st = luaL_loadbufferx(L, buf, len, chunk, "t");
    free(buf);
    if (st == LUA_ERRSYNTAX) shn__lua_err_syntax(L, chunk);
    if (st != LUA_OK) lua_error(L);
    lua_remove(L, -2);                       /* chunkname */
    shn__lua_push_env(L, pack, dir, path, 0);
    lua_setupvalue(L, -2, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        shn__lua_push_frozen(L, -1);
        lua_remove(L, -2);
    }
}

/* Protected loaders: (name, path, pack, dir) -> module value. */
static int module_loader(lua_State *L) {
    load_module(L, lua_tostring(L, 1), lua_tostring(L, 2), lua_tostring(L, 3), lua_tostring(L, 4));
    return 1;
}

static int core_loader(lua_State *L) {
    shn__luaopen_core(L);
    shn__lua_push_frozen(L, -1);
    return 1;
}

int shn__lua_require(lua_State *L) {
    shn_lua *h = shn__lua_host_of(L);
    const char *name = luaL_checkstring(L, 1);
    const char *pack = lua_tostring(L, lua_upvalueindex(1));
    const char *dir = lua_tostring(L, lua_upvalueindex(2));
    lua_settop(L, 1);
    if (!valid_module_name(name))
        return luaL_error(L, "require できないモジュール名です (module name not allowed): '%s'", name);
    int core = 0;
    const char *mpack = NULL, *mdir = NULL;
    /* stack: 1 name, 2 cache key, 3 path */
    if (strcmp(name, "shinsa.core") == 0 || strcmp(name, "lpeg") == 0) {
        core = name[0] == 'l' ? 2 : 1;
        lua_pushstring(L, name);
        lua_pushnil(L);
    } else if (strncmp(name, "shinsa.", 7) == 0) {
        lua_pushstring(L, name);
        luaL_gsub(L, name + 7, ".", "/");
        lua_pushfstring(L, "%s/shinsa/%s.lua", h->stdlib_dir, lua_tostring(L, -1));
        lua_remove(L, -2);
    } else if (pack && dir) {
        size_t pl = strlen(pack);
        const char *rest = strncmp(name, pack, pl) == 0 && name[pl] == '.' ? name + pl + 1 : name;
        lua_pushfstring(L, "%s:%s", pack, rest);
        luaL_gsub(L, rest, ".", "/");
        lua_pushfstring(L, "%s/%s.lua", dir, lua_tostring(L, -1));
        lua_remove(L, -2);
        mpack = pack;
        mdir = dir;
    } else {
        return luaL_error(L, "モジュールが見つかりません (module not found): '%s'", name);
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_MODULES);   /* 4 modules */
    lua_pushvalue(L, 2);
    lua_rawget(L, 4);
    if (lua_touserdata(L, -1) == (void *)K_LOADING)
        return luaL_error(L, "モジュールの require が循環しています (circular require of '%s')", name);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);
    lua_pushvalue(L, 2);
    lua_pushlightuserdata(L, (void *)K_LOADING);
    lua_rawset(L, 4);
    int st;
    lua_pushcfunction(L, shn__lua_msgh);             /* 5: records a module's error where it happens */
    if (core) {
        lua_pushcfunction(L, core == 2 ? shn__lua_open_lpeg : core_loader);
        st = lua_pcall(L, 0, 1, 5);
    } else {
        lua_pushcfunction(L, module_loader);
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 3);
        if (mpack) lua_pushstring(L, mpack); else lua_pushnil(L);
        if (mdir) lua_pushstring(L, mdir); else lua_pushnil(L);
        st = lua_pcall(L, 4, 1, 5);
    }
    if (st != LUA_OK) {
        lua_pushvalue(L, 2);
        lua_pushnil(L);
        lua_rawset(L, 4);
        return lua_error(L);   /* rethrow; an exhausted budget keeps raising anyway */
    }
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 4);
    return 1;
}
