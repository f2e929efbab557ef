/* kpi_read.c — the reading of KPI strings by stdlib/shinsa/kpi.lua, outside any rule: `shinsa kpi "…"`.
 *
 * The stdlib is trusted code (not a rule), so this runs it in a plain Lua state with base, string, table,
 * math and utf8 only (no io, os, package), the C modules it needs (shinsa.core, lpeg) preloaded and a
 * `require` that answers those two names and stdlib/shinsa/<name>.lua. The reading comes back as the text
 * of kpi.describe or as JSON (cJSON; keys sorted, so the output is deterministic). */
#include <cjson/cJSON.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <lua-lpeg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "lua_core.h"
#include "lua_host_int.h"
#include "shinsa.h"
#include "util.h"

/* require(name): the preloaded C modules, else stdlib_dir/shinsa/<name>.lua (upvalue 1: stdlib dir,
 * upvalue 2: the table of loaded modules). */
static int k_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    lua_getfield(L, lua_upvalueindex(2), name);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);
    if (strncmp(name, "shinsa.", 7) != 0 || strchr(name + 7, '.') || strchr(name + 7, '/'))
        return luaL_error(L, "モジュールが見つかりません (module not found): '%s'", name);
    const char *path = lua_pushfstring(L, "%s/shinsa/%s.lua", lua_tostring(L, lua_upvalueindex(1)), name + 7);
    if (luaL_loadfilex(L, path, "t") != LUA_OK) return lua_error(L);
    lua_call(L, 0, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(2), name);
    return 1;
}

static const char *keep_cp(uint32_t cp, size_t i, const unsigned char *s, char tmp[8]) {
    (void)cp; (void)i; (void)s; (void)tmp;
    return NULL;
}

/* A Lua string as a JSON string: invalid UTF-8 (a byte cut of a multi-byte character by the stdlib) becomes
 * U+FFFD, so the output is always valid UTF-8 whatever the reading holds. */
static cJSON *json_string(lua_State *L, int idx) {
    size_t n = 0;
    const char *s = lua_tolstring(L, idx, &n);
    if (shn__utf8_valid(s, n, NULL)) return cJSON_CreateString(s);
    shn_buf b = {0};
    shn__buf_put_escaped(&b, s, n, keep_cp);
    if (b.failed) { shn__buf_free(&b); return NULL; }
    char *t = shn__buf_take(&b);
    cJSON *j = t ? cJSON_CreateString(t) : NULL;
    free(t);
    return j;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The Lua value at idx as cJSON (NULL on memory exhaustion). Keys starting with "_" are internal. */
static cJSON *to_json(lua_State *L, int idx, int depth) {
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: return cJSON_CreateBool(lua_toboolean(L, idx));
    case LUA_TNUMBER: return cJSON_CreateNumber(lua_tonumber(L, idx));
    case LUA_TSTRING: return json_string(L, idx);
    case LUA_TTABLE: break;
    default: return cJSON_CreateNull();
    }
    if (depth > 16) return cJSON_CreateNull();
    size_t n = lua_rawlen(L, idx);
    if (n > 0) {
        cJSON *a = cJSON_CreateArray();
        for (size_t i = 1; a && i <= n; i++) {
            lua_rawgeti(L, idx, (lua_Integer)i);
            cJSON *v = to_json(L, -1, depth + 1);
            lua_pop(L, 1);
            if (!v) { cJSON_Delete(a); return NULL; }
            cJSON_AddItemToArray(a, v);
        }
        return a;
    }
    size_t cap = 16, k = 0;
    char **keys = malloc(cap * sizeof *keys);
    if (!keys) return NULL;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) continue;
        const char *key = lua_tostring(L, -1);
        if (key[0] == '_') continue;
        if (k == cap) {
            char **nk = realloc(keys, (cap *= 2) * sizeof *keys);
            if (!nk) { free(keys); lua_pop(L, 1); return NULL; }
            keys = nk;
        }
        keys[k++] = (char *)key;   /* the key string stays alive: it is in the table */
    }
    qsort(keys, k, sizeof *keys, cmp_str);
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < k; i++) {
        lua_getfield(L, idx, keys[i]);
        cJSON *v = to_json(L, -1, depth + 1);
        lua_pop(L, 1);
        if (!v) { cJSON_Delete(o); o = NULL; break; }
        cJSON_AddItemToObject(o, keys[i], v);
    }
    free(keys);
    return o;
}

/* Push the `kpi` lexicon of the kpi pack (<rules>/kpi/lexicon/kpi.yaml: the level lists kpi.parse reads), or
 * nil when it cannot be read (the reading then has only the rate/count fallback for the level). */
static void push_kpi_lexicon(lua_State *L, const char *rules_dir) {
    lua_pushnil(L);
    if (!rules_dir) return;
    static const char rel[] = "/kpi/lexicon/kpi.yaml";
    size_t n = strlen(rules_dir) + sizeof rel;
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s%s", rules_dir, rel);
    char *buf = NULL;
    size_t len = 0;
    shn_error err = {0};
    shn_doc **docs = NULL;
    size_t nd = 0;
    if (path && shn__read_file(path, 1 << 20, &buf, &len, &err) == SHN_OK &&
        shn__yaml_load(path, buf, len, NULL, &docs, &nd, &err) == SHN_OK && nd == 1 && docs[0]->root &&
        docs[0]->root->type == SHN_NODE_MAP) {
        const shn_node *root = docs[0]->root;
        for (size_t k = 0; k < root->n; k++) {
            const shn_node *key = root->items[2 * k];
            if (key && key->type == SHN_NODE_SCALAR && strcmp(key->value, "kpi") == 0) {
                lua_pop(L, 1);
                lua_newtable(L);
                int seen = lua_gettop(L);
                shn__lua_push_node(L, root->items[2 * k + 1], seen, 0);
                lua_remove(L, seen);
                break;
            }
        }
    }
    for (size_t i = 0; i < nd; i++) shn__doc_free(docs[i]);
    free(docs);
    free(buf);
    free(path);
}

/* Lua side of shn_kpi_reading: (text, json, rules_dir) -> string. */
static int k_read(lua_State *L) {
    const char *text = lua_tostring(L, 1);
    int json = lua_toboolean(L, 2);
    const char *rules_dir = lua_tostring(L, 3);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "shinsa.kpi");
    lua_call(L, 1, 1);
    int M = lua_gettop(L);
    lua_getfield(L, M, "parse");
    lua_pushstring(L, text);
    lua_createtable(L, 0, 1);
    push_kpi_lexicon(L, rules_dir);
    lua_setfield(L, -2, "lexicon");
    lua_call(L, 2, 1);
    if (json) {
        cJSON *j = to_json(L, -1, 0);
        char *s = j ? cJSON_PrintUnformatted(j) : NULL;
        cJSON_Delete(j);
        if (!s) return luaL_error(L, "メモリ不足 (out of memory)");
        lua_pushstring(L, s);
        free(s);
        return 1;
    }
    lua_getfield(L, M, "describe");
    lua_insert(L, -2);
    lua_call(L, 1, 1);
    return 1;
}

shn_status shn_kpi_reading(const shn_options *opt, const char *text, size_t len, int json, char **out,
                           shn_error *err) {
    *out = NULL;
    char *dir = opt && opt->stdlib_dir ? shn__strdup(opt->stdlib_dir) : shn__data_dir("stdlib");
    if (!dir) return shn__err(err, SHN_E_IO, NULL, 0, 0, "stdlib が見つかりません (stdlib folder not found)");
    char *t = shn__strndup(text, len);
    lua_State *L = luaL_newstate();
    if (!t || !L) {
        free(dir); free(t);
        if (L) lua_close(L);
        return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
    }
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base}, {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8}};
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        luaL_requiref(L, libs[i].name, libs[i].func, 1);
        lua_pop(L, 1);
    }
    lua_pushstring(L, dir);
    lua_newtable(L);
    luaL_requiref(L, "lpeg", luaopen_lpeg, 0);
    lua_setfield(L, -2, "lpeg");
    luaL_requiref(L, "shinsa.core", shn__luaopen_core, 0);
    lua_setfield(L, -2, "shinsa.core");
    lua_pushcclosure(L, k_require, 2);
    lua_setglobal(L, "require");
    char *rules = opt && opt->default_rules_dir ? shn__strdup(opt->default_rules_dir) : shn__data_dir("rules");
    lua_pushcfunction(L, k_read);
    lua_pushstring(L, t);
    lua_pushboolean(L, json);
    if (rules) lua_pushstring(L, rules); else lua_pushnil(L);
    free(rules);
    shn_status st = SHN_OK;
    if (lua_pcall(L, 3, 1, 0) != LUA_OK) {
        st = shn__err(err, SHN_E_RULE_RUNTIME, NULL, 0, 0, "KPIを読めません (cannot read the KPI): %s",
                      lua_tostring(L, -1));
    } else if (!(*out = shn__strdup(lua_tostring(L, -1)))) {
        st = shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
    }
    lua_close(L);
    free(dir);
    free(t);
    return st;
}
