/* lua_rule.c — rule{…}: validating a rule's metadata in the rule file (see lua_host.h). */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <string.h>
#include "util.h"

/* ---- rule{…} ---------------------------------------------------------------------------------------- */

static const char *const rule_fields[] = {"id",      "title",  "severity",    "principle", "analog_types",
                                          "target",  "triggers", "description", "examples",  "check"};

static int kebab(const char *s) {
    if (!*s) return 0;
    int prev_dash = 1;
    for (; *s; s++) {
        if (*s == '-') {
            if (prev_dash) return 0;
            prev_dash = 1;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            prev_dash = 0;
        } else {
            return 0;
        }
    }
    return !prev_dash;
}

/* Field `key` of the spec (at 1) must be a string (non-empty); pushes it, or nil when absent and optional. */
static const char *spec_string(lua_State *L, const char *key, int required) {
    int t = lua_getfield(L, 1, key);
    if (t == LUA_TNIL) {
        if (required) luaL_error(L, "必須の項目がありません (missing required field): %s", key);
        return NULL;
    }
    if (t != LUA_TSTRING) luaL_error(L, "項目 %s は文字列である必要があります (field %s must be a string)", key, key);
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    if (required && n == 0) luaL_error(L, "項目 %s が空です (field %s is empty)", key, key);
    if (!shn__utf8_valid(s, n, NULL)) luaL_error(L, "項目 %s が UTF-8 として不正です (field %s is not valid UTF-8)", key, key);
    return s;
}

/* Copy the list at stack index `idx` (a table or proxy; nil -> empty) into a new plain array of strings,
 * each checked by `ok` (may be NULL). `what` names the field in messages. */
static void copy_str_list(lua_State *L, int idx, const char *what, int (*ok)(const char *), const char *bad_msg) {
    idx = lua_absindex(L, idx);
    if (lua_isnil(L, idx)) { lua_newtable(L); return; }
    if (lua_type(L, idx) != LUA_TTABLE)
        luaL_error(L, "項目 %s は文字列のリストである必要があります (field %s must be a list of strings)", what, what);
    lua_Integer n = luaL_len(L, idx);
    lua_createtable(L, n > 0 && n < 4096 ? (int)n : 0, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, idx, i) != LUA_TSTRING)
            luaL_error(L, "項目 %s は文字列のリストである必要があります (field %s must be a list of strings): item %d",
                       what, what, (int)i);
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        if (len == 0 || !shn__utf8_valid(s, len, NULL))
            luaL_error(L, "項目 %s に空または不正な文字列があります (field %s has an empty or invalid string): item %d",
                       what, what, (int)i);
        if (ok && !ok(s)) luaL_error(L, "%s: %s", bad_msg, s);
        lua_rawseti(L, -2, i);
    }
}

/* rule{…}: validate the metadata (nmap's required_fields, stricter), keep the record hidden in the
 * registry and return a read-only view of it. Upvalues: 1 pack name, 2 file path. */
int shn__lua_rule(lua_State *L) {
    const char *pack = lua_tostring(L, lua_upvalueindex(1));
    const char *path = lua_tostring(L, lua_upvalueindex(2));
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    /* unknown keys */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "rule{} のキーは文字列である必要があります (rule{} keys must be strings)");
        const char *k = lua_tostring(L, -1);
        int known = 0;
        for (size_t i = 0; i < SHN__ARRAY_LEN(rule_fields); i++)
            if (strcmp(k, rule_fields[i]) == 0) known = 1;
        if (!known) return luaL_error(L, "未知の項目です (unknown field): %s", k);
    }
    lua_createtable(L, 0, 20);
    int R = lua_gettop(L);

    const char *id = spec_string(L, "id", 1);
    size_t pl = strlen(pack);
    if (strncmp(id, pack, pl) != 0 || id[pl] != '.')
        return luaL_error(L, "ルールIDはパック名で始まる必要があります (rule id must start with the pack name '%s.'): %s", pack,
                          id);
    if (!kebab(id + pl + 1))
        return luaL_error(L, "ルールIDの形式が不正です (rule id must be <pack>.<kebab-name>): %s", id);
    lua_setfield(L, R, "id");

    spec_string(L, "title", 1);
    lua_setfield(L, R, "title");

    const char *sev = spec_string(L, "severity", 1);
    int sv = shn_severity_parse(sev);
    if (sv < SHN_SEV_INFO)
        return luaL_error(L, "重大度は error / warning / info のいずれかです (severity must be error, warning or info): %s",
                          sev);
    lua_setfield(L, R, "severity");
    lua_pushinteger(L, sv);
    lua_setfield(L, R, "sev");
    lua_pushinteger(L, sv);
    lua_setfield(L, R, "declared_sev");

    int t = lua_getfield(L, 1, "principle");
    if (t == LUA_TSTRING) {
        if (!shn__principle_known(lua_tostring(L, -1)))
            return luaL_error(L, "未知の原則です (unknown principle): %s", lua_tostring(L, -1));
        lua_setfield(L, R, "principle");
    } else if (t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(L, -1))) {
        lua_pop(L, 1);
    } else {
        return luaL_error(L, "項目 principle は原則のIDか nil です (field principle must be a principle id or nil)");
    }

    const char *target = spec_string(L, "target", 1);
    if (!shn__target_known(target))
        return luaL_error(L, "未知の対象です (unknown target): %s (law.sentence, law.article, law.document, measure, "
                             "measure.kpi, measures.document)",
                          target);
    lua_setfield(L, R, "target");

    lua_getfield(L, 1, "analog_types");
    copy_str_list(L, -1, "analog_types", shn__analog_type_known,
                  "未知のアナログ規制の類型です (unknown analog type)");
    lua_setfield(L, R, "analog_types");
    lua_pop(L, 1);

    lua_getfield(L, 1, "triggers");
    copy_str_list(L, -1, "triggers", NULL, NULL);
    lua_setfield(L, R, "triggers");
    lua_pop(L, 1);

    if (spec_string(L, "description", 0)) lua_setfield(L, R, "description");
    else lua_pop(L, 1);

    t = lua_getfield(L, 1, "examples");
    if (t == LUA_TTABLE) {
        int ex = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, ex)) {
            lua_pop(L, 1);
            const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            if (strcmp(k, "fire") != 0 && strcmp(k, "quiet") != 0)
                return luaL_error(L, "examples の項目は fire と quiet です (examples holds only fire and quiet): %s", k);
        }
        lua_getfield(L, ex, "fire");
        copy_str_list(L, -1, "examples.fire", NULL, NULL);
        lua_setfield(L, R, "fire");
        lua_pop(L, 1);
        lua_getfield(L, ex, "quiet");
        copy_str_list(L, -1, "examples.quiet", NULL, NULL);
        lua_setfield(L, R, "quiet");
        lua_pop(L, 1);
    } else if (t != LUA_TNIL) {
        return luaL_error(L, "項目 examples は {fire={…}, quiet={…}} です (field examples must be a table)");
    }
    lua_pop(L, 1);

    if (lua_getfield(L, 1, "check") != LUA_TFUNCTION)
        return luaL_error(L, lua_isnil(L, -1) ? "必須の項目がありません (missing required field): check"
                                              : "項目 check は関数である必要があります (field check must be a function)");
    lua_setfield(L, R, "check");

    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
    lua_pushinteger(L, line);
    lua_setfield(L, R, "line");
    lua_pushstring(L, path);
    lua_setfield(L, R, "path");
    lua_pushstring(L, pack);
    lua_setfield(L, R, "pack");

    shn__lua_push_frozen(L, R);                    /* the view returned to the rule file */
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_MADE);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, R);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return 1;
}
