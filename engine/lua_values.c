/* lua_values.c — document nodes (YAML/JSON/XML trees) as Lua values: YAML 1.2 core-schema scalars, shared
 * aliases, frozen results (see lua_host.h). */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <string.h>
#include "doc.h"

/* ---- document nodes -> Lua values ------------------------------------------------------------------- */

static int all_digits(const char *s, const char *set) {
    if (!*s) return 0;
    for (; *s; s++)
        if (!strchr(set, *s)) return 0;
    return 1;
}

/* YAML 1.2 core schema numbers; pushes the number and returns 1, or returns 0. */
static int push_yaml_number(lua_State *L, const char *s, size_t n) {
    if (n == 0 || n > 64 || strlen(s) != n) return 0;
    const char *p = s;
    if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF") || !strcmp(s, "+.inf") ||
        !strcmp(s, "+.Inf") || !strcmp(s, "+.INF")) {
        lua_pushnumber(L, HUGE_VAL);
        return 1;
    }
    if (!strcmp(s, "-.inf") || !strcmp(s, "-.Inf") || !strcmp(s, "-.INF")) {
        lua_pushnumber(L, -HUGE_VAL);
        return 1;
    }
    if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN")) {
        lua_pushnumber(L, NAN);
        return 1;
    }
    if (p[0] == '0' && p[1] == 'o' && all_digits(p + 2, "01234567")) {
        lua_Integer v = 0;
        for (p += 2; *p; p++) {
            if (v > (LUA_MAXINTEGER >> 3)) return 0;
            v = v * 8 + (*p - '0');
        }
        lua_pushinteger(L, v);
        return 1;
    }
    if (p[0] == '0' && p[1] == 'x') {
        if (!all_digits(p + 2, "0123456789abcdefABCDEF")) return 0;
        return lua_stringtonumber(L, s) != 0;
    }
    /* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
    if (*p == '-' || *p == '+') p++;
    size_t int_digits = 0, frac_digits = 0;
    while (*p >= '0' && *p <= '9') { p++; int_digits++; }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') { p++; frac_digits++; }
        if (!int_digits && !frac_digits) return 0;
    } else if (!int_digits) {
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p) return 0;
    return lua_stringtonumber(L, s) != 0;
}

static void push_scalar(lua_State *L, const shn_node *n) {
    if (n->style != SHN_STYLE_PLAIN) { lua_pushlstring(L, n->value, n->len); return; }
    if (shn__scalar_is_null(n)) { lua_pushnil(L); return; }
    const char *s = n->value;
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) { lua_pushboolean(L, 1); return; }
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) { lua_pushboolean(L, 0); return; }
    if (push_yaml_number(L, s, n->len)) return;
    lua_pushlstring(L, s, n->len);
}

/* Convert a node: maps -> tables, sequences -> arrays, scalars -> strings / numbers / booleans, null -> nil.
 * `seen` (stack index) maps node -> table so that aliases stay shared. */
void shn__lua_push_node(lua_State *L, const shn_node *n, int seen, int depth) {
    if (depth > MAX_NEST) luaL_error(L, "入れ子が深すぎます (document nested too deeply)");
    luaL_checkstack(L, 6, "document nested too deeply");
    if (!n) { lua_pushnil(L); return; }
    if (n->type == SHN_NODE_SCALAR) { push_scalar(L, n); return; }
    if (lua_rawgetp(L, seen, n) != LUA_TNIL) return;
    lua_pop(L, 1);
    int is_seq = n->type == SHN_NODE_SEQ;
    int cnt = n->n < 100000 ? (int)n->n : 0;
    lua_createtable(L, is_seq ? cnt : 0, is_seq ? 0 : cnt);
    int t = lua_gettop(L);
    lua_pushvalue(L, t);
    lua_rawsetp(L, seen, n);
    for (size_t i = 0; i < n->n; i++) {
        if (is_seq) {
            shn__lua_push_node(L, n->items[i], seen, depth + 1);
            lua_rawseti(L, t, (lua_Integer)i + 1);
        } else {
            const shn_node *k = n->items[2 * i];
            if (!k || k->type != SHN_NODE_SCALAR) continue;
            lua_pushlstring(L, k->value, k->len);
            shn__lua_push_node(L, n->items[2 * i + 1], seen, depth + 1);
            lua_rawset(L, t);
        }
    }
}

void shn__lua_push_node_frozen(lua_State *L, const shn_node *n) {
    lua_newtable(L);
    int seen = lua_gettop(L);
    shn__lua_push_node(L, n, seen, 0);
    shn__lua_push_frozen(L, -1);
    lua_remove(L, -2);
    lua_remove(L, seen);
}
