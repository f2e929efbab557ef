/* lua_ctx.c — what a rule's check(unit, ctx) sees: the unit table, ctx, ctx:trace and ctx:report (see
 * lua_host.h). */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <string.h>
#include "lua_core.h"
#include "lua_law.h"
#include "util.h"

/* Registry and metatable keys of the law view and of the context strings (only their addresses matter). */
static const char K_SET = 's', K_LAWVIEW = 'w', K_CTXSTR = 'c';

/* ---- the unit table --------------------------------------------------------------------------------- */

void shn__lua_set_str(lua_State *L, int t, const char *key, const char *v) {
    if (!v) return;
    lua_pushstring(L, v);
    lua_setfield(L, t, key);
}

/* Push the law view of `set` (lua_law.h), frozen: built once per document and kept in the registry (one
 * document at a time: a worker checks one after the other). */
static void push_law_view(lua_State *L, const shn_unit_set *set) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &K_LAWVIEW) == LUA_TTABLE) {
        lua_getfield(L, -1, "serial");
        int same = lua_tointeger(L, -1) == (lua_Integer)set->serial;
        lua_pop(L, 1);
        if (same) {
            lua_getfield(L, -1, "view");
            lua_remove(L, -2);
            return;
        }
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 2);
    int C = lua_gettop(L);
    lua_pushinteger(L, (lua_Integer)set->serial);
    lua_setfield(L, C, "serial");
    shn__lua_push_law(L, set);
    shn__lua_push_frozen(L, -1);
    lua_remove(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, C, "view");
    lua_pushvalue(L, C);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &K_LAWVIEW);
    lua_remove(L, C);
}

/* require("shinsa.xref")[name] */
static void push_xref_fn(lua_State *L, const char *name) {
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushcclosure(L, shn__lua_require, 2);
    lua_pushliteral(L, "shinsa.xref");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
}

/* __index of the unit proxy: the real table, then unit.data / unit.parent / unit.law / unit.article converted
 * on first use. Upvalue 1: the real unit table. */
static int unit_index(lua_State *L) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    const char *k = lua_tostring(L, 2);
    int data = k && strcmp(k, "data") == 0, parent = k && strcmp(k, "parent") == 0;
    int law = k && strcmp(k, "law") == 0, article = k && strcmp(k, "article") == 0;
    if (lua_type(L, 2) != LUA_TSTRING || (!data && !parent && !law && !article)) return 0;
    shn_lua *h = shn__lua_host_of(L);
    lua_getmetatable(L, 1);
    lua_rawgetp(L, -1, K_GEN);
    if (lua_tointeger(L, -1) != h->unit_gen)
        return luaL_error(L, "unit.%s は check の実行中にだけ使えます (unit.%s is only available during the check call)",
                          k, k);
    lua_pop(L, 1);
    if (law || article) {
        lua_rawgetp(L, -1, &K_SET);
        const shn_unit_set *set = lua_touserdata(L, -1);
        if (!set) return 0;
        if (article) {                       /* xref.article(unit): built from the view on demand */
            push_xref_fn(L, "article");
            lua_pushvalue(L, 1);
            lua_call(L, 1, 1);
        } else {
            push_law_view(L, set);
        }
    } else {
        lua_rawgetp(L, -1, data ? K_DATA : K_PARENT);
        const shn_node *n = lua_touserdata(L, -1);
        if (!n) return 0;
        shn__lua_push_node_frozen(L, n);
    }
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, lua_upvalueindex(1));
    return 1;
}

static int unit_cached(const shn_lua *h, const shn_unit *u) {
    if (h->cu != u || h->cu_text != u->text || h->cu_addr != u->address_str || h->cu_file != u->file ||
        h->cu_data != u->data || h->cu_parent != u->parent || h->cu_ctxk != u->ctx_keys ||
        h->cu_ctxv != u->ctx_vals || h->cu_nctx != u->n_ctx || h->cu_index != u->index)
        return 0;
    return 1;
}

/* Push the context value i of u. The context strings of a law document are shared by its units (the same
 * paragraph_text and article_text for every sentence of a paragraph, units.c), so the last string pushed in each
 * slot is kept in the registry and pushed again while the same document (set serial) hands the same pointer:
 * copying a paragraph's text into Lua once per sentence was quadratic in a paragraph of many sentences. The
 * document's strings live as long as its units, so within one serial a pointer always holds the same text. */
static void push_ctx_value(lua_State *L, shn_lua *h, const shn_unit *u, size_t i) {
    const char *v = u->ctx_vals[i];
    if (!u->set || i >= SHN_CTX_SLOTS) {
        lua_pushstring(L, v);
        return;
    }
    if (h->ctx_serial != u->set->serial) {
        for (size_t k = 0; k < SHN_CTX_SLOTS; k++) h->ctx_ptr[k] = NULL;
        h->ctx_serial = u->set->serial;
    }
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &K_CTXSTR) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, SHN_CTX_SLOTS, 0);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &K_CTXSTR);
        for (size_t k = 0; k < SHN_CTX_SLOTS; k++) h->ctx_ptr[k] = NULL;
    }
    lua_Integer slot = (lua_Integer)i + 1;
    if (h->ctx_ptr[i] == v && lua_rawgeti(L, -1, slot) == LUA_TSTRING) {
        lua_remove(L, -2);
        return;
    }
    if (h->ctx_ptr[i] == v) lua_pop(L, 1);    /* (not a string after all: push it anew) */
    lua_pushstring(L, v);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, slot);
    h->ctx_ptr[i] = v;
    lua_remove(L, -2);
}

/* Push the unit proxy for u (cached across consecutive calls on the same unit). */
void shn__lua_push_unit(lua_State *L, shn_lua *h, const shn_unit *u) {
    if (unit_cached(h, u) && u->set && u->set->serial == h->cu_serial) {
        /* a law unit of the same set (serials are unique in the process) at the same place: the same unit, so
         * its contents need no comparing (that cost the length of its paragraph and article text per rule call:
         * quadratic in a paragraph of many sentences) */
        if (lua_rawgetp(L, LUA_REGISTRYINDEX, K_UNIT) == LUA_TTABLE && lua_getmetatable(L, -1)) {
            lua_pushlightuserdata(L, (void *)u->set);
            lua_rawsetp(L, -2, &K_SET);
            lua_pop(L, 1);
            return;
        }
        lua_pop(L, 1);
    }
    if (unit_cached(h, u)) {
        /* the pointers match; compare contents too, since a freed unit's memory may hold another one now */
        lua_rawgetp(L, LUA_REGISTRYINDEX, K_UNIT);
        shn__lua_push_real(L, -1);
        int ok = lua_type(L, -1) == LUA_TTABLE && !lua_rawequal(L, -1, -2);
        if (ok) {
            lua_getfield(L, -1, "text");
            ok = streq_null(lua_tostring(L, -1), u->text ? u->text : "");
            lua_pop(L, 1);
            lua_getfield(L, -1, "address_str");
            ok = ok && streq_null(lua_tostring(L, -1), u->address_str);
            lua_pop(L, 1);
            lua_getfield(L, -1, "file");
            ok = ok && streq_null(lua_tostring(L, -1), u->file);
            lua_pop(L, 1);
            if (ok) {
                lua_getfield(L, -1, "context");
                shn__lua_push_real(L, -1);
                for (size_t i = 0; ok && i < u->n_ctx; i++) {
                    if (!u->ctx_keys[i]) continue;
                    lua_getfield(L, -1, u->ctx_keys[i]);
                    ok = streq_null(lua_tostring(L, -1), u->ctx_vals[i]);
                    lua_pop(L, 1);
                }
                lua_pop(L, 2);
            }
        }
        lua_pop(L, 1);
        if (ok) {
            lua_getmetatable(L, -1);            /* the same unit: keep its law view pointer current */
            lua_pushlightuserdata(L, (void *)u->set);
            lua_rawsetp(L, -2, &K_SET);
            lua_pop(L, 1);
            return;
        }
        lua_pop(L, 1);
    }
    h->cu = NULL;
    h->unit_gen++;
    shn__lua_core_forget(L);   /* the previous unit's strings need no longer be remembered as valid UTF-8 */
    lua_createtable(L, 0, 10);
    int U = lua_gettop(L);
    shn__lua_set_str(L, U, "kind", u->kind);
    lua_pushstring(L, u->text ? u->text : "");
    lua_setfield(L, U, "text");
    shn__lua_set_str(L, U, "address_str", u->address_str);
    shn__lua_set_str(L, U, "citation", u->citation);
    shn__lua_set_str(L, U, "file", u->file);

    lua_createtable(L, 0, 10);
    int A = lua_gettop(L);
    const shn_address *a = &u->addr;
    shn__lua_set_str(L, A, "kind", a->kind);
    shn__lua_set_str(L, A, "law_id", a->law_id);
    shn__lua_set_str(L, A, "provision", a->provision);
    shn__lua_set_str(L, A, "article", a->article);
    shn__lua_set_str(L, A, "paragraph", a->paragraph);
    shn__lua_set_str(L, A, "item", a->item);
    shn__lua_set_str(L, A, "table", a->table);
    shn__lua_set_str(L, A, "measure", a->measure);
    shn__lua_set_str(L, A, "path", a->path);
    if (a->sentence) {
        lua_pushinteger(L, (lua_Integer)a->sentence);
        lua_setfield(L, A, "sentence");
    }
    shn__lua_push_frozen(L, A);
    lua_setfield(L, U, "address");
    lua_pop(L, 1);

    lua_createtable(L, 0, (int)(u->n_ctx < 64 ? u->n_ctx : 64));
    int C = lua_gettop(L);
    for (size_t i = 0; i < u->n_ctx; i++) {
        if (!u->ctx_keys[i] || !u->ctx_vals[i]) continue;
        push_ctx_value(L, h, u, i);
        lua_setfield(L, C, u->ctx_keys[i]);
    }
    shn__lua_push_frozen(L, C);
    lua_setfield(L, U, "context");
    lua_pop(L, 1);

    /* the proxy: data and parent are converted on first access */
    lua_newtable(L);
    int P = lua_gettop(L);
    lua_pushvalue(L, U);
    lua_pushcclosure(L, unit_index, 1);
    shn__lua_push_ro_meta(L, U, -1);
    lua_pushlightuserdata(L, (void *)u->data);
    lua_rawsetp(L, -2, K_DATA);
    lua_pushlightuserdata(L, (void *)u->parent);
    lua_rawsetp(L, -2, K_PARENT);
    lua_pushlightuserdata(L, (void *)u->set);
    lua_rawsetp(L, -2, &K_SET);
    lua_pushinteger(L, h->unit_gen);
    lua_rawsetp(L, -2, K_GEN);
    lua_setmetatable(L, P);
    lua_pop(L, 1);                          /* the closure */
    lua_pushvalue(L, P);
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_UNIT);
    lua_remove(L, U);
    h->cu = u;
    h->cu_text = u->text;
    h->cu_addr = u->address_str;
    h->cu_file = u->file;
    h->cu_data = u->data;
    h->cu_parent = u->parent;
    h->cu_ctxk = u->ctx_keys;
    h->cu_ctxv = u->ctx_vals;
    h->cu_nctx = u->n_ctx;
    h->cu_index = u->index;
    h->cu_serial = u->set ? u->set->serial : 0;
}

/* ---- ctx -------------------------------------------------------------------------------------------- */

static int l_report(lua_State *L);
static int l_trace(lua_State *L);

/* ctx:cites(unit), ctx:applied_by(unit), ctx:cited_by(unit, containing), ctx:provisos(unit): the functions of
 * stdlib/shinsa/xref.lua of the same name (upvalue 1), called without ctx. */
static int l_xref(lua_State *L) {
    int n = lua_gettop(L);
    push_xref_fn(L, lua_tostring(L, lua_upvalueindex(1)));
    for (int i = 2; i <= n; i++) lua_pushvalue(L, i);
    lua_call(L, n > 1 ? n - 1 : 0, 1);
    return 1;
}

/* Push the ctx proxy of rule record R (cached in the record while as_of and severity stay the same). */
void shn__lua_push_ctx(lua_State *L, int R, const shn_rule *r, const char *as_of) {
    R = lua_absindex(L, R);
    if (lua_getfield(L, R, "_ctx") == LUA_TTABLE) {
        lua_getfield(L, R, "_ctx_as_of");
        lua_getfield(L, R, "_ctx_sev");
        int ok = streq_null(lua_tostring(L, -2), as_of) && lua_tointeger(L, -1) == (lua_Integer)r->severity;
        lua_pop(L, 2);
        if (ok) return;
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 4);
    int X = lua_gettop(L);
    shn__lua_set_str(L, X, "as_of", as_of);
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_PACKS);
    lua_getfield(L, R, "pack");
    lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) lua_getfield(L, -1, "lexicon");
    else lua_pushnil(L);
    lua_setfield(L, X, "lexicon");
    lua_pop(L, 2);
    lua_createtable(L, 0, 6);
    int I = lua_gettop(L);
    shn__lua_set_str(L, I, "id", r->id);
    shn__lua_set_str(L, I, "severity", shn_severity_name(r->severity));
    shn__lua_set_str(L, I, "title", r->title);
    shn__lua_set_str(L, I, "target", r->target);
    shn__lua_set_str(L, I, "principle", r->principle);
    lua_getfield(L, R, "analog_types");
    lua_setfield(L, I, "analog_types");
    lua_setfield(L, X, "rule");
    lua_pushcfunction(L, l_report);
    lua_setfield(L, X, "report");
    lua_pushcfunction(L, l_trace);
    lua_setfield(L, X, "trace");
    static const char *const xref_fns[] = {"cites", "applied_by", "cited_by", "provisos"};
    for (size_t i = 0; i < sizeof xref_fns / sizeof *xref_fns; i++) {
        lua_pushstring(L, xref_fns[i]);
        lua_pushcclosure(L, l_xref, 1);
        lua_setfield(L, X, xref_fns[i]);
    }
    lua_pushboolean(L, shn__lua_host_of(L)->explain);
    lua_setfield(L, X, "explain");
    shn__lua_push_frozen(L, X);
    lua_remove(L, X);
    lua_pushvalue(L, -1);
    lua_setfield(L, R, "_ctx");
    if (as_of) lua_pushstring(L, as_of); else lua_pushboolean(L, 0);
    lua_setfield(L, R, "_ctx_as_of");
    lua_pushinteger(L, (lua_Integer)r->severity);
    lua_setfield(L, R, "_ctx_sev");
}

/* ---- ctx:trace(text) ------------------------------------------------------------------------------- */

#define MAX_TRACE_BYTES (64 * 1024)   /* per rule call; further lines are dropped */

/* Append one line to the current call's trace when explaining; otherwise do nothing. */
static int l_trace(lua_State *L) {
    if (!shn__lua_host_of(L)->explain) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_RUN);
    run_t *run = lua_type(L, -1) == LUA_TLIGHTUSERDATA ? lua_touserdata(L, -1) : NULL;
    lua_pop(L, 1);
    if (!run) return 0;   /* outside a rule call (e.g. while loading): nothing to attach it to */
    size_t n;
    const char *s = luaL_tolstring(L, lua_gettop(L) >= 2 ? 2 : 1, &n);   /* ctx:trace(text) or ctx.trace(text) */
    if (run->trace.len + n + 1 > MAX_TRACE_BYTES || !shn__utf8_valid(s, n, NULL)) return 0;
    for (size_t i = 0; i < n; i++) {   /* one line per call: line breaks inside become spaces */
        char c = s[i] == '\n' || s[i] == '\r' || s[i] == '\0' ? ' ' : s[i];
        shn__buf_add(&run->trace, &c, 1);
    }
    shn__buf_add(&run->trace, "\n", 1);
    if (run->trace.failed) return luaL_error(L, "メモリ不足 (out of memory)");
    return 0;
}

void shn__lua_set_explain(shn_lua *h, int on) {
    if (h) h->explain = on != 0;
}

/* ---- ctx:report{…} ---------------------------------------------------------------------------------- */

static const char *const report_fields[] = {"message",    "message_en", "severity",     "match",  "match_text",
                                            "suggestion", "confidence", "analog_types", "related"};
enum { F_MSG = 3, F_MSG_EN, F_SEV, F_MATCH, F_MATCH_TEXT, F_SUGG, F_CONF, F_TYPES, F_RELATED, F_ANCHOR };

#define MAX_REPORT_TYPES 64
#define MAX_RELATED 256

/* A string argument or NULL for nil; anything else, invalid UTF-8 or an embedded NUL raises. */
static const char *report_str(lua_State *L, int idx, const char *name) {
    int t = lua_type(L, idx);
    if (t == LUA_TNIL) return NULL;
    if (t != LUA_TSTRING) luaL_error(L, "ctx:report: %s は文字列である必要があります (%s must be a string)", name, name);
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    if (strlen(s) != n || !shn__utf8_valid(s, n, NULL))
        luaL_error(L, "ctx:report: %s が UTF-8 として不正です (%s is not valid UTF-8 text)", name, name);
    return s;
}

/* Keep the value at the top alive in the anchor table (pops it). */
static void anchor(lua_State *L, int *na) {
    lua_rawseti(L, F_ANCHOR, ++*na);
}

/* The arguments of one ctx:report{…}, checked; strings stay alive on the Lua stack (the anchor table) until
 * the finding is built. */
typedef struct {
    const char *msg, *msg_en, *sugg;
    shn_severity sev;
    long ms, me;                        /* match in code points; -1: none */
    double conf;
    const char *types[MAX_REPORT_TYPES];
    size_t ntypes;
    int has_types;
    const char *(*rel)[4];              /* file, address, citation, note */
    size_t nrel;
} report_args;

/* Parse step: check the table at 2 (fields pushed at F_MSG.., anchor table at F_ANCHOR) into `a`; raises a Lua
 * error naming the field on anything invalid. */
static int report_parse(lua_State *L, const run_t *run, report_args *a) {
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int known = 0;
        for (size_t i = 0; k && i < SHN__ARRAY_LEN(report_fields); i++)
            if (strcmp(k, report_fields[i]) == 0) known = 1;
        if (!known) return luaL_error(L, "ctx:report: 未知の項目です (unknown field): %s", k ? k : luaL_typename(L, -1));
    }
    for (size_t i = 0; i < SHN__ARRAY_LEN(report_fields); i++) lua_getfield(L, 2, report_fields[i]);
    lua_newtable(L);                                   /* F_ANCHOR: keeps strings alive until the finding is built */
    int na = 0;
    const shn_rule *r = run->r;
    const shn_unit *u = run->u;
    const char *text = u->text ? u->text : "";
    size_t tcps = shn__utf8_len(text, strlen(text));

    const char *msg = a->msg = report_str(L, F_MSG, "message");
    if (!msg || !*msg) return luaL_error(L, "ctx:report: message は必須です (message is required)");
    a->msg_en = report_str(L, F_MSG_EN, "message_en");
    a->sugg = report_str(L, F_SUGG, "suggestion");
    const char *sevs = report_str(L, F_SEV, "severity");
    a->sev = r->severity;
    if (sevs) {
        int v = shn_severity_parse(sevs);
        if (v < SHN_SEV_INFO)
            return luaL_error(L, "ctx:report: severity は error / warning / info です (severity must be error, warning or "
                                 "info): %s",
                              sevs);
        /* an override from pack.yaml or the engine wins over the rule's own choice */
        if ((int)r->severity == run->declared_sev) a->sev = (shn_severity)v;
    }
    a->ms = a->me = -1;
    if (!lua_isnil(L, F_MATCH)) {
        if (lua_type(L, F_MATCH) != LUA_TTABLE)
            return luaL_error(L, "ctx:report: match は {start=, [\"end\"]=} です (match must be a table)");
        if (!lua_isnil(L, F_MATCH_TEXT))
            return luaL_error(L, "ctx:report: match と match_text は同時に使えません (give match or match_text, not both)");
        lua_getfield(L, F_MATCH, "start");
        lua_getfield(L, F_MATCH, "end");
        int ok1 = 0, ok2 = 0;
        lua_Integer s = lua_tointegerx(L, -2, &ok1), e = lua_tointegerx(L, -1, &ok2);
        lua_pop(L, 2);
        if (!ok1 || !ok2)
            return luaL_error(L, "ctx:report: match には整数の start と end が必要です (match needs integer start and end)");
        if (s < 0 || e <= s || (size_t)e > tcps)
            return luaL_error(L,
                              "ctx:report: match の範囲が unit.text の外です (match range outside unit.text): start=%d "
                              "end=%d, text has %d code points (0-based start, exclusive end)",
                              (int)s, (int)e, (int)tcps);
        a->ms = (long)s;
        a->me = (long)e;
    }
    const char *mt = report_str(L, F_MATCH_TEXT, "match_text");
    if (mt) {
        const char *p = *mt ? strstr(text, mt) : NULL;
        if (!p)
            return luaL_error(L, "ctx:report: match_text が unit.text にありません (match_text not found in unit.text): %s",
                              mt);
        a->ms = (long)shn__utf8_len(text, (size_t)(p - text));
        a->me = a->ms + (long)shn__utf8_len(mt, strlen(mt));
    }
    a->conf = 0.7;
    if (!lua_isnil(L, F_CONF)) {
        lua_Number c = lua_tonumber(L, F_CONF);
        if (lua_type(L, F_CONF) != LUA_TNUMBER || !(c >= 0.0 && c <= 1.0))
            return luaL_error(L, "ctx:report: confidence は 0 から 1 の数です (confidence must be a number from 0 to 1)");
        a->conf = (double)c;
    }
    a->ntypes = 0;
    a->has_types = 0;
    if (!lua_isnil(L, F_TYPES)) {
        a->has_types = 1;
        if (lua_type(L, F_TYPES) != LUA_TTABLE)
            return luaL_error(L, "ctx:report: analog_types は類型IDのリストです (analog_types must be a list of ids)");
        lua_Integer n = luaL_len(L, F_TYPES);
        if (n > MAX_REPORT_TYPES) return luaL_error(L, "ctx:report: analog_types が多すぎます (too many analog_types)");
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, F_TYPES, i) != LUA_TSTRING)
                return luaL_error(L, "ctx:report: analog_types は類型IDのリストです (analog_types must be a list of ids)");
            const char *s = lua_tostring(L, -1);
            if (!shn__analog_type_known(s))
                return luaL_error(L, "ctx:report: 未知のアナログ規制の類型です (unknown analog type): %s", s);
            a->types[a->ntypes++] = s;
            anchor(L, &na);
        }
    }
    const char *(*rel)[4] = NULL;
    a->nrel = 0;
    if (!lua_isnil(L, F_RELATED)) {
        if (lua_type(L, F_RELATED) != LUA_TTABLE)
            return luaL_error(L, "ctx:report: related は表のリストです (related must be a list of tables)");
        lua_Integer n = luaL_len(L, F_RELATED), more = 0;
        if (n < 0) n = 0;
        if (n > MAX_RELATED) {   /* the list is capped, and its last entry says how many were left out */
            more = n - (MAX_RELATED - 1);
            n = MAX_RELATED - 1;
        }
        if (n + (more > 0) > 0) {
            rel = lua_newuserdatauv(L, (size_t)(n + (more > 0)) * sizeof *rel, 0);
            anchor(L, &na);
        }
        static const char *const rk[4] = {"file", "address", "citation", "note"};
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, F_RELATED, i) != LUA_TTABLE)
                return luaL_error(L, "ctx:report: related の要素は表です (related entries must be tables): item %d", (int)i);
            int e = lua_gettop(L);
            shn__lua_push_real(L, e);
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                lua_pop(L, 1);
                const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
                if (strcmp(k, "file") && strcmp(k, "address") && strcmp(k, "citation") && strcmp(k, "note"))
                    return luaL_error(L, "ctx:report: related の未知の項目です (unknown field in related): %s", k);
            }
            lua_pop(L, 1);
            for (int k = 0; k < 4; k++) {
                lua_getfield(L, e, rk[k]);
                rel[a->nrel][k] = report_str(L, -1, rk[k]);
                anchor(L, &na);
            }
            a->nrel++;
            lua_pop(L, 1);
        }
        if (more > 0) {
            rel[a->nrel][0] = rel[a->nrel][1] = rel[a->nrel][2] = NULL;
            rel[a->nrel][3] = lua_pushfstring(L, "ほか %I 件 (%I more not listed)", more, more);
            anchor(L, &na);
            a->nrel++;
        }
    }
    a->rel = rel;
    return 0;
}

/* Build step: the finding for `a`, appended to run->found. Calls no Lua function, so nothing raises while the
 * finding is not yet owned. Returns 0, or -1 when out of memory. */
static int report_build(run_t *run, const report_args *a) {
    const shn_rule *r = run->r;
    const shn_unit *u = run->u;
    shn_rule tmp = *r;
    tmp.severity = a->sev;
    if (a->has_types) {
        tmp.analog_types = (char **)a->types;
        tmp.n_analog_types = a->ntypes;
    }
    shn_finding *f = shn__finding_new(&tmp, u);
    if (!f) goto nomem;
    f->confidence = a->conf;
    if (shn__set_str(&f->message, a->msg) != 0 || shn__set_str(&f->message_en, a->msg_en) != 0 ||
        shn__set_str(&f->suggestion, a->sugg) != 0)
        goto nomem;
    for (size_t i = 0; i < a->nrel; i++)
        if (shn__finding_add_related(f, a->rel[i][0], a->rel[i][1], a->rel[i][2], a->rel[i][3]) != 0) goto nomem;
    if (a->ms >= 0 && shn__finding_set_match(f, u, a->ms, a->me) != 0) goto nomem;
    if (shn__finding_finish(f, u) != 0) goto nomem;
    if (run->h->explain && run->trace.len) {
        size_t tl = run->trace.len;
        while (tl && run->trace.data[tl - 1] == '\n') tl--;
        if (!(f->explain = shn__strndup(run->trace.data, tl))) goto nomem;
    }
    if (shn__vec_push(&run->found, f) != 0) goto nomem;
    return 0;
nomem:
    shn__finding_free(f);
    return -1;
}

static size_t slen(const char *s) { return s ? strlen(s) : 0; }

/* The caps on findings and their text per rule call and per input: past one, the call stops at an output
 * limit (its findings are dropped and the rule is not run again on this input). */
static void report_cap(lua_State *L, run_t *run, const report_args *a) {
    shn_lua *h = run->h;
    size_t bytes = slen(a->msg) + slen(a->msg_en) + slen(a->sugg);
    for (size_t i = 0; i < a->nrel; i++)
        for (int k = 0; k < 4; k++) bytes += slen(a->rel[i][k]);
    char msg[400];
    if (run->found.n + 1 > h->call_findings || run->bytes + bytes > h->call_bytes)
        snprintf(msg, sizeof msg, "1回の実行の指摘が上限 (%zu 件, %zu バイト) を超えました (more than %zu findings or %zu "
                 "bytes from one rule call; --limit rule-findings=N, --limit rule-bytes=BYTES)", h->call_findings,
                 h->call_bytes, h->call_findings, h->call_bytes);
    else if (h->in_findings + run->found.n + 1 > h->input_findings || h->in_bytes + run->bytes + bytes > h->input_bytes)
        snprintf(msg, sizeof msg, "この入力の指摘が上限 (%zu 件, %zu バイト) を超えました (more than %zu findings or %zu "
                 "bytes for this input; --limit input-findings=N, --limit input-finding-bytes=BYTES)",
                 h->input_findings, h->input_bytes, h->input_findings, h->input_bytes);
    else {
        run->bytes += bytes;
        return;
    }
    shn__lua_trip(h, L, SHN_LE_OUTPUT, msg);
}

static int l_report(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_RUN);
    run_t *run = lua_type(L, -1) == LUA_TLIGHTUSERDATA ? lua_touserdata(L, -1) : NULL;
    lua_pop(L, 1);
    if (!run)
        return luaL_error(L, "ctx:report はルールの実行中にだけ呼べます (ctx:report can only be called while the rule runs)");
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_CTX);
    int self_ok = lua_rawequal(L, 1, -1);
    lua_pop(L, 1);
    if (!self_ok)
        return luaL_error(L, "ctx:report{…} の形で呼んでください (call ctx:report{...} with a colon, on this call's ctx)");
    if (lua_type(L, 2) != LUA_TTABLE) return luaL_error(L, "ctx:report には表を渡してください (ctx:report expects a table)");
    lua_settop(L, 2);
    report_args a;
    report_parse(L, run, &a);
    report_cap(L, run, &a);
    if (report_build(run, &a) != 0) return luaL_error(L, "メモリ不足 (out of memory)");
    return 0;
}
