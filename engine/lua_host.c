/* lua_host.c — one sandboxed Lua 5.4 state per worker (see lua_host.h and STYLE.md's sandbox recipe).
 *
 * State. lua_newstate with an allocator that counts every byte against limits.memory and refuses past it
 * (Lua then raises LUA_ERRMEM), lua_atpanic, a version check, and the whole setup inside lua_pcall with a
 * traceback handler. Only base, table, string, math and utf8 are opened; string.dump, math.random and
 * math.randomseed are removed (no bytecode, no nondeterminism), and the real global table is replaced by an
 * empty one once setup has copied what rules may use.
 *
 * What rules see. Each rule file and each module runs with its own _ENV table. Reads fall back to a frozen
 * base table (assert error getmetatable ipairs next pairs pcall rawequal rawget rawlen rawset select
 * setmetatable tonumber tostring type xpcall _VERSION collectgarbage string table math utf8); reading an
 * undefined global and writing any global raise errors. `load` compiles text chunks only (mode "t" is
 * forced) and defaults to the caller's _ENV; `require` is the host's own (below); rule files also get
 * `rule{…}`. collectgarbage accepts only "count"; setmetatable refuses __gc (no rule code may run outside a
 * rule call); rawset refuses read-only tables, while next/rawget/rawlen see through them.
 *
 * Read-only tables. Stdlib and pack modules, lexicons, the unit and ctx are proxies: an empty table whose
 * hidden metatable has __index = the real table, __newindex raising, __len and __pairs forwarding, and
 * __metatable = false. Nested tables are frozen too, so nothing shared can be modified by a rule.
 *
 * require. "shinsa.core" is the C module (lua_core.c); "shinsa.<name>" loads <stdlib_dir>/shinsa/<name>.lua;
 * "<pack>.<name>" and plain "<name>" load <pack dir>/<name>.lua from the requiring file's own pack (dots are
 * folder separators). Names are [A-Za-z0-9_-] components joined by dots, so no "..", "/" or absolute path
 * can be expressed. Modules are loaded once per state, text-only, each with its own strict _ENV, and their
 * result is frozen.
 *
 * Limits. An instruction-count hook (every 1000 instructions) charges limits.instructions per rule call
 * (and per rule-file load); past it the hook switches to LUA_MASKLINE|LUA_MASKCOUNT with count 1 and raises
 * at every instruction, so a pcall inside the rule cannot swallow it. string.find/match/gmatch/gsub run in C,
 * beyond the hook, so they are guarded (lua_pattern.h): a call whose worst case is costly runs in the pure-Lua
 * matcher stdlib/internal/lpattern.lua instead, which the hook can stop. Memory is the state-wide cap; after a
 * failed call a full GC runs so the state stays usable. The current run (rule, unit, findings, as_of) is
 * light userdata in the registry, never in a global.
 *
 * Resources owned by C (file buffers, YAML documents, findings, rule records under construction) are never
 * held across a call that can raise a Lua error unless a "box" userdata whose __gc frees them holds them. */
#include "lua_host.h"
#include "lua_pattern.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "lua_core.h"
#include "util.h"

#define HOOK_STEP 1000
#define DEFAULT_MEMORY ((size_t)64 << 20)
#define DEFAULT_INSTRUCTIONS 50000000ULL
#define SRC_MAX_BYTES ((size_t)8 << 20)
#define MAX_NEST 200
#define BOX_MT "shinsa.box"

#ifndef SHN_SOURCE_DIR
#define SHN_SOURCE_DIR "."
#endif

/* Registry keys: only their addresses matter. */
static const char K_BASE = 'b', K_LOAD = 'l', K_RULES = 'r', K_PACKS = 'p', K_MODULES = 'm', K_MADE = 'M',
                  K_RUN = 'R', K_CTX = 'c', K_UNIT = 'u', K_MARK = 'k', K_REAL = 'e', K_LOADING = 'L',
                  K_DATA = 'd', K_PARENT = 'P', K_GEN = 'g';

struct shn_lua {
    lua_State *L;
    size_t total, cap;          /* bytes allocated by the state, and the cap */
    int mem_refused;            /* the allocator refused a request since the last reset */
    uint64_t budget, used;      /* instructions per call, and used in this call */
    int step;                   /* count-hook interval */
    int over;                   /* budget exhausted: the hook raises at every instruction */
    char *stdlib_dir;
    /* cache of the unit table: consecutive calls on the same unit share it */
    const shn_unit *cu;
    const char *cu_text, *cu_addr, *cu_file;
    const shn_node *cu_data, *cu_parent;
    char **cu_ctxk, **cu_ctxv;
    size_t cu_nctx, cu_index;
    lua_Integer unit_gen;
    /* lexicon entries from configuration, applied when packs load */
    const shn_lex_ext *ext;
    size_t n_ext;
    unsigned *ext_hits;
    int explain;                /* collect ctx:trace lines (shn__lua_set_explain) */
};

typedef struct {
    shn_lua *h;
    const shn_rule *r;
    const shn_unit *u;
    const char *as_of;
    shn_vec found;              /* shn_finding *, moved to the caller on success */
    int declared_sev;           /* the rule{} severity before pack and engine overrides */
    const char *rule_path;      /* the rule file (a Lua string kept alive by the rule record) */
    shn_buf trace;              /* ctx:trace lines of this call, when explaining */
} run_t;

/* ---- allocator, panic, hook ------------------------------------------------------------------------- */

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    shn_lua *h = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        h->total -= old <= h->total ? old : h->total;
        return NULL;
    }
    if (nsize > old) {
        size_t grow = nsize - old;
        if (grow > h->cap || h->total > h->cap - grow) {
            h->mem_refused = 1;
            return NULL;
        }
    }
    void *p = realloc(ptr, nsize);
    if (!p) {
        if (nsize <= old) p = ptr;   /* a failed shrink keeps the old block, which is large enough */
        else { h->mem_refused = 1; return NULL; }
    }
    h->total = h->total - old + nsize;
    return p;
}

static shn_lua *host_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

static int l_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "shinsa: Lua panic: %s\n", msg ? msg : "(no message)");
    return 0;   /* Lua aborts */
}

static void hook(lua_State *L, lua_Debug *ar) {
    shn_lua *h = host_of(L);
    if (!h->over) {
        if (ar->event != LUA_HOOKCOUNT) return;
        h->used += (uint64_t)h->step;
        if (h->used < h->budget) return;
        h->over = 1;
        lua_sethook(L, hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
    }
    luaL_error(L, "命令数の上限に達しました (instruction limit of %I reached)", (lua_Integer)h->budget);
}

static void budget_start(shn_lua *h) {
    h->used = 0;
    h->over = 0;
    lua_sethook(h->L, hook, LUA_MASKCOUNT, h->step);
}

static void budget_stop(shn_lua *h) {
    lua_sethook(h->L, NULL, 0, 0);
    h->over = 0;
}

/* Message handler: the error with a traceback. */
static int msgh(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) msg = lua_tostring(L, -1);
        else msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Call f(ud) in protected mode with the traceback handler. On error the message is left on the stack
 * top; the caller restores the top. */
static int pcall_host(shn_lua *h, lua_CFunction f, void *ud) {
    lua_State *L = h->L;
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    int base = lua_gettop(L);
    lua_pushcfunction(L, msgh);
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, ud);
    return lua_pcall(L, 1, 0, base + 1);
}

/* Reset a registry slot that always holds a non-nil value (no allocation, safe outside protected mode). */
static void reg_reset(lua_State *L, const void *key) {
    lua_pushboolean(L, 0);
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

/* ---- boxes: C resources owned by a userdata until released ------------------------------------------ */

typedef struct {
    void *p;
    size_t n;
    void (*fn)(void *p, size_t n);
} box;

static int box_gc(lua_State *L) {
    box *b = lua_touserdata(L, 1);
    if (b && b->p && b->fn) b->fn(b->p, b->n);
    if (b) b->p = NULL;
    return 0;
}

static box *box_new(lua_State *L, void (*fn)(void *, size_t)) {
    box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->p = NULL;
    b->n = 0;
    b->fn = fn;
    luaL_setmetatable(L, BOX_MT);
    return b;
}

static void box_free_now(box *b) {
    if (b->p && b->fn) b->fn(b->p, b->n);
    b->p = NULL;
}

static void free_docs(void *p, size_t n) {
    shn_doc **docs = p;
    for (size_t i = 0; i < n; i++) shn__doc_free(docs[i]);
    free(docs);
}

static void free_rule_box(void *p, size_t n) {
    (void)n;
    shn__rule_free(p);
}

/* ---- read-only proxies ------------------------------------------------------------------------------ */

static int is_proxy(lua_State *L, int idx) {
    if (!lua_getmetatable(L, idx)) return 0;
    int yes = lua_rawgetp(L, -1, &K_MARK) != LUA_TNIL;
    lua_pop(L, 2);
    return yes;
}

/* Push the real table behind a proxy, or the value itself. */
static void push_real(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TTABLE && lua_getmetatable(L, idx)) {
        if (lua_rawgetp(L, -1, &K_MARK) != LUA_TNIL) {
            lua_pop(L, 1);
            lua_rawgetp(L, -1, &K_REAL);
            lua_remove(L, -2);
            return;
        }
        lua_pop(L, 2);
    }
    lua_pushvalue(L, idx);
}

static int ro_newindex(lua_State *L) {
    const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
    return luaL_error(L, "読み取り専用の表には代入できません (attempt to modify a read-only table): field '%s'", k);
}

static int ro_len(lua_State *L) {
    push_real(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int ro_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    push_real(L, 1);
    lua_insert(L, 2);                 /* proxy, real, key */
    if (lua_next(L, 2)) return 2;
    lua_pushnil(L);
    return 1;
}

static int ro_pairs(lua_State *L) {
    lua_pushcfunction(L, ro_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* Push a metatable for a proxy of the table at `real`, with `index` (a table or function) as __index. */
static void push_ro_meta(lua_State *L, int real, int index) {
    real = lua_absindex(L, real);
    index = lua_absindex(L, index);
    lua_createtable(L, 0, 7);
    lua_pushvalue(L, index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, ro_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, ro_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, ro_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushboolean(L, 1);
    lua_rawsetp(L, -2, &K_MARK);
    lua_pushvalue(L, real);
    lua_rawsetp(L, -2, &K_REAL);
}

/* Push the proxy of the table at idx; nested tables are frozen in place. `seen` maps real -> proxy. */
static void freeze_rec(lua_State *L, int idx, int seen, int depth) {
    if (depth > MAX_NEST) luaL_error(L, "表の入れ子が深すぎます (tables nested too deeply)");
    luaL_checkstack(L, 8, "tables nested too deeply");
    idx = lua_absindex(L, idx);
    if (is_proxy(L, idx)) { lua_pushvalue(L, idx); return; }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) != LUA_TNIL) return;
    lua_pop(L, 1);
    lua_newtable(L);
    int proxy = lua_gettop(L);
    push_ro_meta(L, idx, idx);
    lua_setmetatable(L, proxy);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, proxy);
    lua_rawset(L, seen);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -1) == LUA_TTABLE && !is_proxy(L, -1)) {
            freeze_rec(L, -1, seen, depth + 1);  /* key, value, child proxy */
            lua_pushvalue(L, -3);
            lua_insert(L, -2);                   /* key, value, key, child proxy */
            lua_rawset(L, idx);                  /* assigning an existing key is allowed while traversing */
        }
        lua_pop(L, 1);
    }
}

static void push_frozen(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) { lua_pushvalue(L, idx); return; }
    lua_newtable(L);
    int seen = lua_gettop(L);
    freeze_rec(L, idx, seen, 0);
    lua_remove(L, seen);
}

/* ---- base library wrappers -------------------------------------------------------------------------- */

static int b_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    push_real(L, 1);
    lua_replace(L, 1);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int b_rawget(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    push_real(L, 1);
    lua_replace(L, 1);
    lua_rawget(L, 1);
    return 1;
}

static int b_rawlen(lua_State *L) {
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
    push_real(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int b_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_proxy(L, 1)) return ro_newindex(L);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int b_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    if (t == LUA_TTABLE && lua_getfield(L, 2, "__gc") != LUA_TNIL)
        return luaL_error(L, "ルールでは __gc は使えません (__gc metamethods are not allowed in rules)");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static int b_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage: ルールでは \"count\" 以外は使えません (only \"count\" is allowed in rules): %s",
                          opt);
    int k = lua_gc(L, LUA_GCCOUNT, 0), b = lua_gc(L, LUA_GCCOUNTB, 0);
    lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
    return 1;
}

/* load(chunk [, chunkname [, mode [, env]]]): text only; env defaults to the caller's _ENV (upvalue 1). */
static int b_load(lua_State *L) {
    int n = lua_gettop(L);
    lua_settop(L, 4);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    if (n < 4) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_replace(L, 4);
    }
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, 4, LUA_MULTRET);
    return lua_gettop(L);
}

/* ---- strict _ENV ------------------------------------------------------------------------------------ */

static const char *key_name(lua_State *L, int idx) {
    return lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx) : luaL_typename(L, idx);
}

static int env_index(lua_State *L) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
    return luaL_error(L, "未定義のグローバル変数 (undefined global '%s')", key_name(L, 2));
}

static int env_newindex(lua_State *L) {
    return luaL_error(L, "グローバル変数への代入は禁止 (assignment to undefined global '%s')", key_name(L, 2));
}

static int l_require(lua_State *L);
static int l_rule(lua_State *L);

/* Push a new _ENV for a chunk. `pack`/`dir` NULL for stdlib modules; `path` the file (for rule{}). */
static void push_env(lua_State *L, const char *pack, const char *dir, const char *path, int with_rule) {
    luaL_checkstack(L, 8, NULL);
    lua_createtable(L, 0, 4);
    int env = lua_gettop(L);
    if (pack) lua_pushstring(L, pack); else lua_pushnil(L);
    if (dir) lua_pushstring(L, dir); else lua_pushnil(L);
    lua_pushcclosure(L, l_require, 2);
    lua_setfield(L, env, "require");
    lua_pushvalue(L, env);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_LOAD);
    lua_pushcclosure(L, b_load, 2);
    lua_setfield(L, env, "load");
    if (with_rule) {
        lua_pushstring(L, pack);
        lua_pushstring(L, path);
        lua_pushcclosure(L, l_rule, 2);
        lua_setfield(L, env, "rule");
    }
    lua_createtable(L, 0, 3);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_BASE);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);
}

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
    if (st != LUA_OK) lua_error(L);
    lua_remove(L, -2);                       /* chunkname */
    push_env(L, pack, dir, path, 0);
    lua_setupvalue(L, -2, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        push_frozen(L, -1);
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
    push_frozen(L, -1);
    return 1;
}

static int l_require(lua_State *L) {
    shn_lua *h = host_of(L);
    const char *name = luaL_checkstring(L, 1);
    const char *pack = lua_tostring(L, lua_upvalueindex(1));
    const char *dir = lua_tostring(L, lua_upvalueindex(2));
    lua_settop(L, 1);
    if (!valid_module_name(name))
        return luaL_error(L, "require できないモジュール名です (module name not allowed): '%s'", name);
    int core = 0;
    const char *mpack = NULL, *mdir = NULL;
    /* stack: 1 name, 2 cache key, 3 path */
    if (strcmp(name, "shinsa.core") == 0) {
        core = 1;
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
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_MODULES);   /* 4 modules */
    lua_pushvalue(L, 2);
    lua_rawget(L, 4);
    if (lua_touserdata(L, -1) == (void *)&K_LOADING)
        return luaL_error(L, "モジュールの require が循環しています (circular require of '%s')", name);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);
    lua_pushvalue(L, 2);
    lua_pushlightuserdata(L, (void *)&K_LOADING);
    lua_rawset(L, 4);
    int st;
    if (core) {
        lua_pushcfunction(L, core_loader);
        st = lua_pcall(L, 0, 1, 0);
    } else {
        lua_pushcfunction(L, module_loader);
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 3);
        if (mpack) lua_pushstring(L, mpack); else lua_pushnil(L);
        if (mdir) lua_pushstring(L, mdir); else lua_pushnil(L);
        st = lua_pcall(L, 4, 1, 0);
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
static int l_rule(lua_State *L) {
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

    push_frozen(L, R);                    /* the view returned to the rule file */
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_MADE);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, R);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return 1;
}

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
static void push_node(lua_State *L, const shn_node *n, int seen, int depth) {
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
            push_node(L, n->items[i], seen, depth + 1);
            lua_rawseti(L, t, (lua_Integer)i + 1);
        } else {
            const shn_node *k = n->items[2 * i];
            if (!k || k->type != SHN_NODE_SCALAR) continue;
            lua_pushlstring(L, k->value, k->len);
            push_node(L, n->items[2 * i + 1], seen, depth + 1);
            lua_rawset(L, t);
        }
    }
}

static void push_node_frozen(lua_State *L, const shn_node *n) {
    lua_newtable(L);
    int seen = lua_gettop(L);
    push_node(L, n, seen, 0);
    push_frozen(L, -1);
    lua_remove(L, -2);
    lua_remove(L, seen);
}

/* ---- the unit table --------------------------------------------------------------------------------- */

static void set_str(lua_State *L, int t, const char *key, const char *v) {
    if (!v) return;
    lua_pushstring(L, v);
    lua_setfield(L, t, key);
}

/* __index of the unit proxy: the real table, then unit.data / unit.parent converted on first use.
 * Upvalue 1: the real unit table. */
static int unit_index(lua_State *L) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    const char *k = lua_tostring(L, 2);
    int data = k && strcmp(k, "data") == 0, parent = k && strcmp(k, "parent") == 0;
    if (lua_type(L, 2) != LUA_TSTRING || (!data && !parent)) return 0;
    shn_lua *h = host_of(L);
    lua_getmetatable(L, 1);
    lua_rawgetp(L, -1, &K_GEN);
    if (lua_tointeger(L, -1) != h->unit_gen)
        return luaL_error(L, "unit.%s は check の実行中にだけ使えます (unit.%s is only available during the check call)",
                          k, k);
    lua_pop(L, 1);
    lua_rawgetp(L, -1, data ? &K_DATA : &K_PARENT);
    const shn_node *n = lua_touserdata(L, -1);
    if (!n) return 0;
    push_node_frozen(L, n);
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

static int streq_null(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Push the unit proxy for u (cached across consecutive calls on the same unit). */
static void push_unit(lua_State *L, shn_lua *h, const shn_unit *u) {
    if (unit_cached(h, u)) {
        /* the pointers match; compare contents too, since a freed unit's memory may hold another one now */
        lua_rawgetp(L, LUA_REGISTRYINDEX, &K_UNIT);
        push_real(L, -1);
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
                push_real(L, -1);
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
        if (ok) return;
        lua_pop(L, 1);
    }
    h->cu = NULL;
    h->unit_gen++;
    lua_createtable(L, 0, 10);
    int U = lua_gettop(L);
    set_str(L, U, "kind", u->kind);
    lua_pushstring(L, u->text ? u->text : "");
    lua_setfield(L, U, "text");
    set_str(L, U, "address_str", u->address_str);
    set_str(L, U, "citation", u->citation);
    set_str(L, U, "file", u->file);

    lua_createtable(L, 0, 10);
    int A = lua_gettop(L);
    const shn_address *a = &u->addr;
    set_str(L, A, "kind", a->kind);
    set_str(L, A, "law_id", a->law_id);
    set_str(L, A, "provision", a->provision);
    set_str(L, A, "article", a->article);
    set_str(L, A, "paragraph", a->paragraph);
    set_str(L, A, "item", a->item);
    set_str(L, A, "table", a->table);
    set_str(L, A, "measure", a->measure);
    set_str(L, A, "path", a->path);
    if (a->sentence) {
        lua_pushinteger(L, (lua_Integer)a->sentence);
        lua_setfield(L, A, "sentence");
    }
    push_frozen(L, A);
    lua_setfield(L, U, "address");
    lua_pop(L, 1);

    lua_createtable(L, 0, (int)(u->n_ctx < 64 ? u->n_ctx : 64));
    int C = lua_gettop(L);
    for (size_t i = 0; i < u->n_ctx; i++) set_str(L, C, u->ctx_keys[i], u->ctx_vals[i]);
    push_frozen(L, C);
    lua_setfield(L, U, "context");
    lua_pop(L, 1);

    /* the proxy: data and parent are converted on first access */
    lua_newtable(L);
    int P = lua_gettop(L);
    lua_pushvalue(L, U);
    lua_pushcclosure(L, unit_index, 1);
    push_ro_meta(L, U, -1);
    lua_pushlightuserdata(L, (void *)u->data);
    lua_rawsetp(L, -2, &K_DATA);
    lua_pushlightuserdata(L, (void *)u->parent);
    lua_rawsetp(L, -2, &K_PARENT);
    lua_pushinteger(L, h->unit_gen);
    lua_rawsetp(L, -2, &K_GEN);
    lua_setmetatable(L, P);
    lua_pop(L, 1);                          /* the closure */
    lua_pushvalue(L, P);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &K_UNIT);
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
}

/* ---- ctx -------------------------------------------------------------------------------------------- */

static int l_report(lua_State *L);
static int l_trace(lua_State *L);

/* Push the ctx proxy of rule record R (cached in the record while as_of and severity stay the same). */
static void push_ctx(lua_State *L, int R, const shn_rule *r, const char *as_of) {
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
    set_str(L, X, "as_of", as_of);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_PACKS);
    lua_getfield(L, R, "pack");
    lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) lua_getfield(L, -1, "lexicon");
    else lua_pushnil(L);
    lua_setfield(L, X, "lexicon");
    lua_pop(L, 2);
    lua_createtable(L, 0, 6);
    int I = lua_gettop(L);
    set_str(L, I, "id", r->id);
    set_str(L, I, "severity", shn_severity_name(r->severity));
    set_str(L, I, "title", r->title);
    set_str(L, I, "target", r->target);
    set_str(L, I, "principle", r->principle);
    lua_getfield(L, R, "analog_types");
    lua_setfield(L, I, "analog_types");
    lua_setfield(L, X, "rule");
    lua_pushcfunction(L, l_report);
    lua_setfield(L, X, "report");
    lua_pushcfunction(L, l_trace);
    lua_setfield(L, X, "trace");
    lua_pushboolean(L, host_of(L)->explain);
    lua_setfield(L, X, "explain");
    push_frozen(L, X);
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
    if (!host_of(L)->explain) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_RUN);
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

static int l_report(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_RUN);
    run_t *run = lua_type(L, -1) == LUA_TLIGHTUSERDATA ? lua_touserdata(L, -1) : NULL;
    lua_pop(L, 1);
    if (!run)
        return luaL_error(L, "ctx:report はルールの実行中にだけ呼べます (ctx:report can only be called while the rule runs)");
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_CTX);
    int self_ok = lua_rawequal(L, 1, -1);
    lua_pop(L, 1);
    if (!self_ok)
        return luaL_error(L, "ctx:report{…} の形で呼んでください (call ctx:report{...} with a colon, on this call's ctx)");
    if (lua_type(L, 2) != LUA_TTABLE) return luaL_error(L, "ctx:report には表を渡してください (ctx:report expects a table)");
    lua_settop(L, 2);
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

    const char *msg = report_str(L, F_MSG, "message");
    if (!msg || !*msg) return luaL_error(L, "ctx:report: message は必須です (message is required)");
    const char *msg_en = report_str(L, F_MSG_EN, "message_en");
    const char *sugg = report_str(L, F_SUGG, "suggestion");
    const char *sevs = report_str(L, F_SEV, "severity");
    shn_severity sev = r->severity;
    if (sevs) {
        int v = shn_severity_parse(sevs);
        if (v < SHN_SEV_INFO)
            return luaL_error(L, "ctx:report: severity は error / warning / info です (severity must be error, warning or "
                                 "info): %s",
                              sevs);
        /* an override from pack.yaml or the engine wins over the rule's own choice */
        if ((int)r->severity == run->declared_sev) sev = (shn_severity)v;
    }
    long ms = -1, me = -1;
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
        ms = (long)s;
        me = (long)e;
    }
    const char *mt = report_str(L, F_MATCH_TEXT, "match_text");
    if (mt) {
        const char *p = *mt ? strstr(text, mt) : NULL;
        if (!p)
            return luaL_error(L, "ctx:report: match_text が unit.text にありません (match_text not found in unit.text): %s",
                              mt);
        ms = (long)shn__utf8_len(text, (size_t)(p - text));
        me = ms + (long)shn__utf8_len(mt, strlen(mt));
    }
    double conf = 0.7;
    if (!lua_isnil(L, F_CONF)) {
        lua_Number c = lua_tonumber(L, F_CONF);
        if (lua_type(L, F_CONF) != LUA_TNUMBER || !(c >= 0.0 && c <= 1.0))
            return luaL_error(L, "ctx:report: confidence は 0 から 1 の数です (confidence must be a number from 0 to 1)");
        conf = (double)c;
    }
    const char *types[MAX_REPORT_TYPES];
    size_t ntypes = 0;
    int has_types = 0;
    if (!lua_isnil(L, F_TYPES)) {
        has_types = 1;
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
            types[ntypes++] = s;
            anchor(L, &na);
        }
    }
    const char *(*rel)[4] = NULL;
    size_t nrel = 0;
    if (!lua_isnil(L, F_RELATED)) {
        if (lua_type(L, F_RELATED) != LUA_TTABLE)
            return luaL_error(L, "ctx:report: related は表のリストです (related must be a list of tables)");
        lua_Integer n = luaL_len(L, F_RELATED);
        if (n < 0 || n > MAX_RELATED) return luaL_error(L, "ctx:report: related が多すぎます (too many related entries)");
        if (n > 0) {
            rel = lua_newuserdatauv(L, (size_t)n * sizeof *rel, 0);
            anchor(L, &na);
        }
        static const char *const rk[4] = {"file", "address", "citation", "note"};
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, F_RELATED, i) != LUA_TTABLE)
                return luaL_error(L, "ctx:report: related の要素は表です (related entries must be tables): item %d", (int)i);
            int e = lua_gettop(L);
            push_real(L, e);
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
                rel[nrel][k] = report_str(L, -1, rk[k]);
                anchor(L, &na);
            }
            nrel++;
            lua_pop(L, 1);
        }
    }

    /* Build the finding: from here on nothing may raise until it is owned by run->found or freed. */
    shn_rule tmp = *r;
    tmp.severity = sev;
    if (has_types) {
        tmp.analog_types = (char **)types;
        tmp.n_analog_types = ntypes;
    }
    shn_finding *f = shn__finding_new(&tmp, u);
    if (!f) goto nomem;
    f->confidence = conf;
    if (shn__set_str(&f->message, msg) != 0 || shn__set_str(&f->message_en, msg_en) != 0 ||
        shn__set_str(&f->suggestion, sugg) != 0)
        goto nomem;
    for (size_t i = 0; i < nrel; i++)
        if (shn__finding_add_related(f, rel[i][0], rel[i][1], rel[i][2], rel[i][3]) != 0) goto nomem;
    if (ms >= 0 && shn__finding_set_match(f, u, ms, me) != 0) goto nomem;
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
    return luaL_error(L, "メモリ不足 (out of memory)");
}

/* ---- error messages --------------------------------------------------------------------------------- */

typedef struct {
    char msg[768];
    char file[512];
    unsigned line;
} errinfo;

static const char *find_n(const char *s, size_t n, const char *needle) {
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0) return s + i;
    return NULL;
}

/* "<file>.lua:<N>:" at s (n bytes): fills file and line, returns the end of the match or NULL. */
static const char *parse_pos(const char *s, size_t n, errinfo *ei) {
    const char *lua = find_n(s, n, ".lua:");
    if (!lua) return NULL;
    const char *d = lua + 5;
    unsigned line = 0;
    int digits = 0;
    while (d < s + n && *d >= '0' && *d <= '9' && digits < 9) { line = line * 10 + (unsigned)(*d++ - '0'); digits++; }
    if (!digits) return NULL;
    snprintf(ei->file, sizeof ei->file, "%.*s", (int)(lua + 4 - s), s);
    ei->line = line;
    return d;
}

/* Split an error (with traceback) into its first line and a position: the message's own "file.lua:N:"
 * prefix, else the first Lua frame of the traceback. */
static void parse_error(const char *tb, errinfo *ei) {
    memset(ei, 0, sizeof *ei);
    if (!tb) tb = "(no message)";
    const char *nl = strchr(tb, '\n');
    size_t n = nl ? (size_t)(nl - tb) : strlen(tb);
    const char *end = NULL;
    const char *lua = find_n(tb, n, ".lua:");
    if (lua && !find_n(tb, (size_t)(lua - tb), ": ") && !find_n(tb, (size_t)(lua - tb), " (")) end = parse_pos(tb, n, ei);
    if (end && *end == ':') {
        end++;
        while (*end == ' ') end++;
        snprintf(ei->msg, sizeof ei->msg, "%.*s", (int)(n - (size_t)(end - tb)), end);
        return;
    }
    ei->file[0] = '\0';
    ei->line = 0;
    snprintf(ei->msg, sizeof ei->msg, "%.*s", (int)n, tb);
    for (const char *p = nl; p && *p;) {
        p++;
        const char *e = strchr(p, '\n');
        size_t ln = e ? (size_t)(e - p) : strlen(p);
        const char *q = p;
        while (q < p + ln && (*q == '\t' || *q == ' ')) q++;
        if (parse_pos(q, ln - (size_t)(q - p), ei)) return;
        p = e;
    }
}

/* ---- running a rule --------------------------------------------------------------------------------- */

static int run_impl(lua_State *L) {
    run_t *run = lua_touserdata(L, 1);
    shn_lua *h = run->h;
    lua_pushlightuserdata(L, run);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &K_RUN);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_RULES);
    if (lua_getfield(L, -1, run->r->id) != LUA_TTABLE)
        return luaL_error(L, "ルールがこの Lua 状態に読み込まれていません (rule is not loaded in this Lua state): %s",
                          run->r->id);
    int R = lua_gettop(L);
    lua_getfield(L, R, "declared_sev");
    run->declared_sev = (int)lua_tointeger(L, -1);
    lua_getfield(L, R, "path");
    run->rule_path = lua_tostring(L, -1);
    lua_pop(L, 2);
    lua_getfield(L, R, "check");
    push_unit(L, h, run->u);
    push_ctx(L, R, run->r, run->as_of);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &K_CTX);
    budget_start(h);
    lua_call(L, 2, 0);
    return 0;
}

static void free_findings(shn_vec *v) {
    for (size_t i = 0; i < v->n; i++) shn__finding_free(v->items[i]);
    shn__vec_free(v);
}

shn_status shn__lua_run(shn_lua *h, const shn_rule *r, const shn_unit *u, const char *as_of, shn_vec *findings,
                        shn_diags *diags) {
    if (!h || !r || !u || !findings) return SHN_E_USAGE;
    lua_State *L = h->L;
    int top = lua_gettop(L);
    run_t run = {h, r, u, as_of, {0}, (int)r->severity, NULL, {0}};
    h->mem_refused = 0;
    shn__lua_core_limit_hit(L, 1);
    int st = pcall_host(h, run_impl, &run);
    int over = h->over;
    budget_stop(h);
    reg_reset(L, &K_RUN);
    reg_reset(L, &K_CTX);
    shn__buf_free(&run.trace);
    if (st == LUA_OK) {
        lua_settop(L, top);
        shn_status out = SHN_OK;
        for (size_t i = 0; i < run.found.n; i++) {
            if (out == SHN_OK && shn__vec_push(findings, run.found.items[i]) == 0) continue;
            shn__finding_free(run.found.items[i]);
            out = SHN_E_NOMEM;
        }
        shn__vec_free(&run.found);
        if (out != SHN_OK)
            shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_ERROR, r->id,
                          "メモリ不足 (out of memory) [%s @ %s]", r->id, u->address_str ? u->address_str : "");
        return out;
    }
    const char *m = lua_gettop(L) > top ? lua_tostring(L, -1) : NULL;
    int mem = st == LUA_ERRMEM || (m && strstr(m, "not enough memory")) || (st == LUA_ERRERR && h->mem_refused);
    int rx = !over && !mem && m && strstr(m, "match limit") && shn__lua_core_limit_hit(L, 0);
    errinfo ei;
    parse_error(m ? m : "not enough memory", &ei);
    if (strncmp(ei.file, "...", 3) == 0 && run.rule_path) {   /* Lua shortened a long chunk name */
        size_t tl = strlen(ei.file + 3), pl = strlen(run.rule_path);
        if (pl >= tl && strcmp(run.rule_path + pl - tl, ei.file + 3) == 0)
            snprintf(ei.file, sizeof ei.file, "%s", run.rule_path);
    }
    char where[600] = "", at[620] = "";
    if (ei.file[0]) {
        snprintf(where, sizeof where, "%s:%u: ", ei.file, ei.line);
        snprintf(at, sizeof at, " (at %s:%u)", ei.file, ei.line);
    }
    lua_settop(L, top);
    free_findings(&run.found);
    lua_gc(L, LUA_GCCOLLECT, 0);
    const char *addr = u->address_str ? u->address_str : "";
    if (over || mem || rx) {
        char what[160];
        if (over) snprintf(what, sizeof what, "命令数の上限に達しました (instruction limit of %llu reached)",
                           (unsigned long long)h->budget);
        else if (mem) snprintf(what, sizeof what, "メモリの上限に達しました (memory limit of %zu bytes reached)", h->cap);
        else snprintf(what, sizeof what, "正規表現の照合が上限に達しました (regex match limit reached)");
        shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_ERROR, r->id,
                      "ルールが資源の上限に達しました (rule hit a resource limit) [%s @ %s]: %s%s", r->id, addr, what, at);
        return SHN_E_LIMIT;
    }
    shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_ERROR, r->id,
                  "ルールの実行に失敗しました (rule failed) [%s @ %s]: %s%s", r->id, addr, where, ei.msg);
    return SHN_E_RULE_RUNTIME;
}

/* ---- loading a pack --------------------------------------------------------------------------------- */

typedef struct {
    shn_lua *h;
    const shn_pack *pack;
    shn_vec *rules;
    shn_diags *diags;
    size_t loaded;
    const char *cur_file;       /* the rule file being loaded, relative to the pack folder */
} load_t;

static void free_buf_box(void *p, size_t n) {
    (void)n;
    free(p);
}

static void diag_from_error(load_t *job, const char *path, const char *prefix, const char *tb) {
    errinfo ei;
    parse_error(tb, &ei);
    const char *file = ei.file[0] && strncmp(ei.file, "...", 3) != 0 ? ei.file : path;
    /* Chunk names are "<pack>/<file>"; a loading error names the file as the author can open it. */
    size_t pl = strlen(job->pack->name);
    char *real = strncmp(file, job->pack->name, pl) == 0 && file[pl] == '/'
                     ? shn__printf("%s/%s", job->pack->dir, file + pl + 1) : NULL;
    shn__diag_add(job->diags, real ? real : file, ei.line, 0, SHN_SEV_ERROR, NULL, "%s: %s", prefix, ei.msg);
    free(real);
}

/* Merge every lexicon file of the pack into the table at `lex` by top-level key. */
static void load_lexicons(lua_State *L, load_t *job, int lex) {
    const shn_pack *p = job->pack;
    lua_newtable(L);
    int origin = lua_gettop(L);                         /* key -> file that defined it */
    for (size_t i = 0; i < p->n_lexicon_files; i++) {
        int top = lua_gettop(L);
        const char *path = lua_pushfstring(L, "%s/%s", p->dir, p->lexicon_files[i]);
        box *b = box_new(L, free_buf_box);
        shn_error err = {0};
        char *buf = NULL;
        size_t len = 0;
        if (shn__read_file(path, SRC_MAX_BYTES, &buf, &len, &err) != SHN_OK) {
            shn__diag_add_error(job->diags, &err, SHN_SEV_ERROR);
            lua_settop(L, top);
            continue;
        }
        b->p = buf;
        shn_doc **docs = NULL;
        size_t nd = 0;
        shn_status st = shn__yaml_load(path, buf, len, NULL, &docs, &nd, &err);
        box_free_now(b);
        if (st != SHN_OK) {
            shn__diag_add_error(job->diags, &err, SHN_SEV_ERROR);
            lua_settop(L, top);
            continue;
        }
        b->fn = free_docs;
        b->p = docs;
        b->n = nd;
        const shn_node *root = nd ? docs[0]->root : NULL;
        if (nd > 1)
            shn__diag_add(job->diags, path, docs[1]->root ? docs[1]->root->start.line : 0, 0, SHN_SEV_ERROR, NULL,
                          "辞書ファイルは1つの文書である必要があります (a lexicon file must hold a single document)");
        if (root && root->type != SHN_NODE_MAP) {
            shn__diag_add(job->diags, path, root->start.line, root->start.column, SHN_SEV_ERROR, NULL,
                          "辞書の最上位はマッピングである必要があります (a lexicon must be a mapping at the top level)");
            root = NULL;
        }
        lua_newtable(L);
        int seen = lua_gettop(L);
        for (size_t k = 0; root && k < root->n; k++) {
            const shn_node *key = root->items[2 * k];
            if (!key || key->type != SHN_NODE_SCALAR) continue;
            lua_pushlstring(L, key->value, key->len);
            if (lua_rawget(L, origin) != LUA_TNIL) {
                shn__diag_add(job->diags, path, key->start.line, key->start.column, SHN_SEV_ERROR, NULL,
                              "辞書の項目が重複しています (duplicate lexicon key): %s (also in %s)", key->value,
                              lua_tostring(L, -1));
                lua_pop(L, 1);
                continue;
            }
            lua_pop(L, 1);
            lua_pushlstring(L, key->value, key->len);
            push_node(L, root->items[2 * k + 1], seen, 0);
            lua_rawset(L, lex);
            lua_pushlstring(L, key->value, key->len);
            lua_pushstring(L, path);
            lua_rawset(L, origin);
        }
        box_free_now(b);
        lua_settop(L, top);
    }
    lua_pop(L, 1);
}

/* Append the configured entries (shn__lua_set_lexicon_ext) to the merged, not yet frozen lexicon at `lex`. */
static void apply_lexicon_ext(lua_State *L, load_t *job, int lex) {
    shn_lua *h = job->h;
    for (size_t i = 0; i < h->n_ext; i++) {
        const shn_lex_ext *x = &h->ext[i];
        int top = lua_gettop(L);
        if (lua_getfield(L, lex, x->key) != LUA_TTABLE) { lua_settop(L, top); continue; }
        int K = lua_gettop(L);
        if (h->ext_hits) h->ext_hits[i]++;   /* the key is known here, even when the field turns out bad */
        int t = lua_getfield(L, K, x->field);
        if (t == LUA_TNIL) {
            lua_pop(L, 1);
            lua_newtable(L);
            lua_pushvalue(L, -1);
            lua_setfield(L, K, x->field);
            t = LUA_TTABLE;
        }
        int F = lua_gettop(L);
        int is_entry_table = 0;
        if (t == LUA_TTABLE) {
            lua_getfield(L, F, "re");
            lua_getfield(L, F, "literal");
            is_entry_table = !lua_isnil(L, -1) || !lua_isnil(L, -2);
            lua_pop(L, 2);
        }
        if (t != LUA_TTABLE || is_entry_table) {
            shn__diag_add(job->diags, x->file, x->line, x->column, SHN_SEV_ERROR, NULL,
                          "辞書の項目がリストではありません (lexicon field is not a list): %s.%s", x->key, x->field);
            lua_settop(L, top);
            continue;
        }
        if (lua_rawlen(L, F) == 0) {
            lua_pushnil(L);
            int is_map = 0;
            while (lua_next(L, F)) {
                lua_pop(L, 1);
                if (lua_type(L, -1) == LUA_TSTRING) { is_map = 1; lua_pop(L, 1); break; }
            }
            if (is_map) {   /* a map of named lists: add to its list `config` */
                if (lua_getfield(L, F, "config") != LUA_TTABLE) {
                    lua_pop(L, 1);
                    lua_newtable(L);
                    lua_pushvalue(L, -1);
                    lua_setfield(L, F, "config");
                }
                F = lua_gettop(L);
            }
        }
        if (x->is_regex) {
            lua_createtable(L, 0, 1);
            lua_pushstring(L, x->entry);
            lua_setfield(L, -2, "re");
        } else {
            lua_pushstring(L, x->entry);
        }
        lua_rawseti(L, F, (lua_Integer)lua_rawlen(L, F) + 1);
        lua_settop(L, top);
    }
}

void shn__lua_set_lexicon_ext(shn_lua *h, const shn_lex_ext *ext, size_t n, unsigned *hits) {
    if (!h) return;
    h->ext = ext;
    h->n_ext = ext ? n : 0;
    h->ext_hits = hits;
}

static char *dup_field(lua_State *L, int t, const char *key) {
    lua_getfield(L, t, key);
    const char *s = lua_tostring(L, -1);
    char *d = s ? shn__strdup(s) : NULL;
    lua_pop(L, 1);
    if (s && !d) luaL_error(L, "メモリ不足 (out of memory)");
    return d;
}

static void dup_list(lua_State *L, int t, const char *key, char ***out, size_t *n) {
    lua_getfield(L, t, key);
    int l = lua_gettop(L);
    lua_Integer len = lua_istable(L, l) ? luaL_len(L, l) : 0;
    if (len > 0) {
        if (!(*out = calloc((size_t)len, sizeof **out))) luaL_error(L, "メモリ不足 (out of memory)");
        for (lua_Integer i = 1; i <= len; i++) {
            lua_geti(L, l, i);
            const char *s = lua_tostring(L, -1);
            char *d = s ? shn__strdup(s) : NULL;
            lua_pop(L, 1);
            if (!d) luaL_error(L, "メモリ不足 (out of memory)");
            (*out)[(*n)++] = d;
        }
    }
    lua_pop(L, 1);
}

/* A shn_rule for the record at R, appended to job->rules. */
static void make_rule(lua_State *L, load_t *job, int R) {
    box *b = box_new(L, free_rule_box);
    shn_rule *nr = calloc(1, sizeof *nr);
    if (!nr) luaL_error(L, "メモリ不足 (out of memory)");
    b->p = nr;
    nr->id = dup_field(L, R, "id");
    nr->pack = dup_field(L, R, "pack");
    nr->title = dup_field(L, R, "title");
    nr->principle = dup_field(L, R, "principle");
    nr->target = dup_field(L, R, "target");
    nr->description = dup_field(L, R, "description");
    if (!(nr->file = shn__printf("%s/%s", job->pack->name, job->cur_file))) luaL_error(L, "メモリ不足 (out of memory)");
    lua_getfield(L, R, "sev");
    nr->severity = (shn_severity)lua_tointeger(L, -1);
    lua_pop(L, 1);
    dup_list(L, R, "analog_types", &nr->analog_types, &nr->n_analog_types);
    dup_list(L, R, "triggers", &nr->triggers, &nr->n_triggers);
    dup_list(L, R, "fire", &nr->fire, &nr->n_fire);
    dup_list(L, R, "quiet", &nr->quiet, &nr->n_quiet);
    nr->enabled = 1;
    nr->order = job->rules->n;
    if (shn__vec_push(job->rules, nr) != 0) luaL_error(L, "メモリ不足 (out of memory)");
    b->p = NULL;
    lua_pop(L, 1);
}

static void register_rule(lua_State *L, load_t *job, int R, const char *path) {
    int top = lua_gettop(L);
    lua_getfield(L, R, "id");
    const char *id = lua_tostring(L, -1);
    lua_getfield(L, R, "line");
    unsigned line = (unsigned)lua_tointeger(L, -1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_RULES);
    int rules = lua_gettop(L);
    if (lua_getfield(L, rules, id) == LUA_TTABLE) {
        lua_getfield(L, -1, "path");
        lua_getfield(L, -2, "line");
        shn__diag_add(job->diags, path, line, 0, SHN_SEV_ERROR, id,
                      "ルールIDが重複しています (duplicate rule id): %s (first defined at %s:%d)", id,
                      lua_tostring(L, -2), (int)lua_tointeger(L, -1));
        lua_settop(L, top);
        return;
    }
    lua_pop(L, 1);
    for (size_t k = 0; k < job->pack->n_sev; k++) {
        if (strcmp(job->pack->sev_rules[k], id) != 0) continue;
        lua_pushinteger(L, job->pack->sev_values[k]);
        lua_setfield(L, R, "sev");
        lua_pushstring(L, shn_severity_name((shn_severity)job->pack->sev_values[k]));
        lua_setfield(L, R, "severity");
    }
    lua_pushvalue(L, R);
    lua_setfield(L, rules, id);
    job->loaded++;
    if (job->rules) make_rule(L, job, R);
    lua_settop(L, top);
}

/* The value at v returned by a rule file: one rule{} or a list of them. */
static void register_returned(lua_State *L, load_t *job, int v, const char *path) {
    v = lua_absindex(L, v);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_MADE);
    int made = lua_gettop(L);
    lua_newtable(L);
    int list = lua_gettop(L);
    lua_Integer n = 0;
    int bad = 0;
    lua_pushvalue(L, v);
    if (lua_rawget(L, made) == LUA_TTABLE) {
        lua_rawseti(L, list, ++n);
    } else {
        lua_pop(L, 1);
        if (lua_type(L, v) == LUA_TTABLE && !is_proxy(L, v)) {
            lua_Integer len = (lua_Integer)lua_rawlen(L, v);
            for (lua_Integer i = 1; i <= len && !bad; i++) {
                lua_rawgeti(L, v, i);
                if (lua_rawget(L, made) != LUA_TTABLE) bad = 1;
                else lua_rawseti(L, list, ++n);
                if (bad) lua_pop(L, 1);
            }
        }
    }
    if (bad || n == 0) {
        shn__diag_add(job->diags, path, 0, 0, SHN_SEV_ERROR, NULL,
                      "ルールファイルは rule{...} またはそのリストを返す必要があります (a rule file must return rule{...} "
                      "or a list of them)");
        lua_pop(L, 2);
        return;
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);
        register_rule(L, job, lua_gettop(L), path);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

static void load_rule_file(lua_State *L, load_t *job, size_t i) {
    shn_lua *h = job->h;
    const shn_pack *p = job->pack;
    int top = lua_gettop(L);
    const char *path = lua_pushfstring(L, "%s/%s", p->dir, p->rule_files[i]);
    const char *chunk = lua_pushfstring(L, "@%s/%s", p->name, p->rule_files[i]);   /* machine-independent */
    box *b = box_new(L, free_buf_box);
    shn_error err = {0};
    size_t len = 0;
    char *buf = NULL;
    if (shn__read_file(path, SRC_MAX_BYTES, &buf, &len, &err) != SHN_OK) {
        shn__diag_add_error(job->diags, &err, SHN_SEV_ERROR);
        lua_settop(L, top);
        return;
    }
    b->p = buf;
    int st = luaL_loadbufferx(L, buf, len, chunk, "t");
    box_free_now(b);
    if (st != LUA_OK) {
        diag_from_error(job, path,
                        st == LUA_ERRSYNTAX ? "Luaの構文エラー (Lua syntax error)"
                                            : "ルールファイルを読み込めません (rule file could not be loaded)",
                        lua_tostring(L, -1));
        lua_settop(L, top);
        return;
    }
    push_env(L, p->name, p->dir, path, 1);
    lua_setupvalue(L, -2, 1);
    lua_pushcfunction(L, msgh);
    lua_insert(L, -2);
    int hidx = lua_gettop(L) - 1;
    h->mem_refused = 0;
    budget_start(h);
    st = lua_pcall(L, 0, 1, hidx);
    int over = h->over;
    budget_stop(h);
    if (st != LUA_OK) {
        const char *m = lua_tostring(L, -1);
        int limit = over || st == LUA_ERRMEM || (m && strstr(m, "not enough memory"));
        diag_from_error(job, path,
                        limit ? "ルールファイルの読み込みが資源の上限に達しました (rule file hit a resource limit while loading)"
                              : "ルールファイルを読み込めません (rule file could not be loaded)",
                        m ? m : "not enough memory");
        lua_settop(L, top);
        lua_gc(L, LUA_GCCOLLECT, 0);
        return;
    }
    register_returned(L, job, -1, path);
    lua_settop(L, top);
}

static int load_impl(lua_State *L) {
    load_t *job = lua_touserdata(L, 1);
    const shn_pack *p = job->pack;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_PACKS);
    int packs = lua_gettop(L);
    if (lua_getfield(L, packs, p->name) != LUA_TNIL)
        return luaL_error(L, "同じ名前のパックが既に読み込まれています (a pack with this name is already loaded): %s", p->name);
    lua_pop(L, 1);
    lua_createtable(L, 0, 2);
    int P = lua_gettop(L);
    lua_pushstring(L, p->dir);
    lua_setfield(L, P, "dir");
    lua_newtable(L);
    load_lexicons(L, job, lua_gettop(L));
    apply_lexicon_ext(L, job, lua_gettop(L));
    push_frozen(L, -1);
    lua_setfield(L, P, "lexicon");
    lua_pop(L, 1);
    lua_pushvalue(L, P);
    lua_setfield(L, packs, p->name);
    for (size_t i = 0; i < p->n_rule_files; i++) {
        job->cur_file = p->rule_files[i];
        load_rule_file(L, job, i);
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_RULES);
    for (size_t k = 0; k < p->n_sev; k++) {
        int known = lua_getfield(L, -1, p->sev_rules[k]) == LUA_TTABLE;
        if (known) {
            lua_getfield(L, -1, "pack");
            known = streq_null(lua_tostring(L, -1), p->name);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        if (!known)
            shn__diag_add(job->diags, lua_pushfstring(L, "%s/pack.yaml", p->dir), 0, 0, SHN_SEV_ERROR, NULL,
                          "severities に未知のルールがあります (severities names a rule this pack does not define): %s",
                          p->sev_rules[k]);
    }
    return 0;
}

shn_status shn__lua_load_pack(shn_lua *h, const shn_pack *pack, shn_vec *rules, shn_diags *diags) {
    if (!h || !pack || !pack->name || !pack->dir) return SHN_E_USAGE;
    lua_State *L = h->L;
    int top = lua_gettop(L);
    load_t job = {h, pack, rules, diags, 0, NULL};
    int st = pcall_host(h, load_impl, &job);
    budget_stop(h);
    if (st != LUA_OK) {
        const char *m = lua_gettop(L) > top ? lua_tostring(L, -1) : NULL;
        errinfo ei;
        parse_error(m ? m : "not enough memory", &ei);
        shn__diag_add(diags, pack->dir, 0, 0, SHN_SEV_ERROR, NULL, "パックを読み込めません (pack could not be loaded): %s",
                      ei.msg);
        lua_settop(L, top);
        lua_gc(L, LUA_GCCOLLECT, 0);
        return st == LUA_ERRMEM ? SHN_E_LIMIT : SHN_E_RULE_SYNTAX;
    }
    lua_settop(L, top);
    if (pack->n_rule_files && job.loaded == 0) return SHN_E_RULE_SYNTAX;
    return SHN_OK;
}

/* ---- inline examples -------------------------------------------------------------------------------- */

typedef struct {
    const char *id;
    char path[512];
    unsigned line;
} rule_pos;

static int pos_impl(lua_State *L) {
    rule_pos *p = lua_touserdata(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &K_RULES);
    if (lua_getfield(L, -1, p->id) != LUA_TTABLE) return 0;
    lua_getfield(L, -1, "path");
    lua_getfield(L, -2, "line");
    if (lua_tostring(L, -2)) snprintf(p->path, sizeof p->path, "%s", lua_tostring(L, -2));
    p->line = (unsigned)lua_tointeger(L, -1);
    return 0;
}

size_t shn__lua_check_examples(shn_lua *h, const shn_rule *r, shn_diags *diags) {
    if (!h || !r) return 0;
    rule_pos pos = {r->id, "", 0};
    int top = lua_gettop(h->L);
    pcall_host(h, pos_impl, &pos);
    lua_settop(h->L, top);
    const char *file = pos.path[0] ? pos.path : r->file;
    size_t failures = 0;
    for (int quiet = 0; quiet < 2; quiet++) {
        char **ex = quiet ? r->quiet : r->fire;
        size_t n = quiet ? r->n_quiet : r->n_fire;
        const char *kind = quiet ? "quiet" : "fire";
        for (size_t i = 0; i < n; i++) {
            if (!shn__rule_prefilter(r, ex[i])) {
                if (quiet) continue;   /* the engine would not even run the rule: quiet holds */
                shn__diag_add(diags, file, pos.line, 0, SHN_SEV_ERROR, r->id,
                              "例が期待どおりではありません (example did not behave as declared): fire example %zu does "
                              "not contain any trigger",
                              i + 1);
                failures++;
                continue;
            }
            shn_error err = {0};
            shn_unit *u = shn__unit_example(r->target, ex[i], &err);
            if (!u) {
                shn__diag_add(diags, file, pos.line, 0, SHN_SEV_ERROR, r->id,
                              "例を作れません (example could not be built): %s example %zu: %s", kind, i + 1,
                              err.message[0] ? err.message : shn_strerror(err.code));
                failures++;
                continue;
            }
            shn_vec found = {0};
            shn_status st = shn__lua_run(h, r, u, NULL, &found, diags);
            h->cu = NULL;   /* the example unit is about to be freed */
            if (st != SHN_OK) {
                failures++;
            } else if (!quiet && found.n == 0) {
                shn__diag_add(diags, file, pos.line, 0, SHN_SEV_ERROR, r->id,
                              "例が期待どおりではありません (example did not behave as declared): fire example %zu "
                              "produced no finding",
                              i + 1);
                failures++;
            } else if (quiet && found.n > 0) {
                const shn_finding *f = found.items[0];
                shn__diag_add(diags, file, pos.line, 0, SHN_SEV_ERROR, r->id,
                              "例が期待どおりではありません (example did not behave as declared): quiet example %zu "
                              "produced %zu finding(s): %s",
                              i + 1, found.n, f->message ? f->message : "");
                failures++;
            }
            free_findings(&found);
            shn__unit_free(u);
        }
    }
    return failures;
}

/* ---- state ------------------------------------------------------------------------------------------ */

static int init_impl(lua_State *L) {
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_STRLIBNAME, luaopen_string},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8}};
    for (size_t i = 0; i < SHN__ARRAY_LEN(libs); i++) {
        luaL_requiref(L, libs[i].name, libs[i].func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    int G = lua_gettop(L);
    /* string.find/match/gmatch/gsub: a cost guard, with a pure-Lua fallback the instruction hook can stop */
    {
        shn_lua *h = lua_touserdata(L, 1);
        lua_getfield(L, G, LUA_STRLIBNAME);
        lua_pushfstring(L, "%s/internal/lpattern.lua", h->stdlib_dir);
        shn__lua_pattern_install(L, -2, lua_tostring(L, -1));
        lua_pop(L, 2);
    }
    /* no bytecode, no nondeterminism */
    lua_getfield(L, G, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
    lua_getfield(L, G, LUA_MATHLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "random");
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    /* the string metatable (shared by every string) cannot be fetched or changed by rules */
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    luaL_newmetatable(L, BOX_MT);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);

    const void *tables[] = {&K_RULES, &K_PACKS, &K_MODULES};
    for (size_t i = 0; i < SHN__ARRAY_LEN(tables); i++) {
        lua_newtable(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, tables[i]);
    }
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &K_MADE);
    reg_reset(L, &K_RUN);
    reg_reset(L, &K_CTX);
    reg_reset(L, &K_UNIT);

    /* the frozen base table */
    lua_newtable(L);
    int B = lua_gettop(L);
    static const char *const copied[] = {"assert", "error",  "getmetatable", "ipairs",   "pairs",  "pcall",
                                         "rawequal", "select", "tonumber",   "tostring", "type",   "xpcall",
                                         "_VERSION"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(copied); i++) {
        lua_getfield(L, G, copied[i]);
        lua_setfield(L, B, copied[i]);
    }
    static const luaL_Reg wrapped[] = {{"next", b_next},
                                       {"rawget", b_rawget},
                                       {"rawlen", b_rawlen},
                                       {"rawset", b_rawset},
                                       {"setmetatable", b_setmetatable},
                                       {"collectgarbage", b_collectgarbage},
                                       {NULL, NULL}};
    luaL_setfuncs(L, wrapped, 0);
    static const char *const libnames[] = {LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME, LUA_UTF8LIBNAME};
    for (size_t i = 0; i < SHN__ARRAY_LEN(libnames); i++) {
        lua_getfield(L, G, libnames[i]);
        push_frozen(L, -1);
        lua_setfield(L, B, libnames[i]);
        lua_pop(L, 1);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, &K_BASE);
    lua_getfield(L, G, "load");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &K_LOAD);
    /* nothing reaches the real globals any more (dofile, loadfile, print, … stay behind) */
    lua_newtable(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    return 0;
}

shn_lua *shn__lua_new(const shn_lua_limits *lim, shn_error *err) {
    shn_lua *h = calloc(1, sizeof *h);
    if (!h) { shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)"); return NULL; }
    h->cap = lim && lim->memory ? lim->memory : DEFAULT_MEMORY;
    h->budget = lim && lim->instructions ? lim->instructions : DEFAULT_INSTRUCTIONS;
    h->step = h->budget < HOOK_STEP ? (int)h->budget : HOOK_STEP;
    h->stdlib_dir = shn__strdup(lim && lim->stdlib_dir ? lim->stdlib_dir : SHN_SOURCE_DIR "/stdlib");
    if (!h->stdlib_dir) {
        free(h);
        shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
        return NULL;
    }
    size_t sl = strlen(h->stdlib_dir);
    while (sl > 1 && h->stdlib_dir[sl - 1] == '/') h->stdlib_dir[--sl] = '\0';
    h->L = lua_newstate(l_alloc, h);
    if (!h->L) {
        shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "Lua の状態を作れません (cannot create a Lua state: out of memory)");
        shn__lua_free(h);
        return NULL;
    }
    lua_atpanic(h->L, l_panic);
    lua_Number v = lua_version(h->L);
    if (v < 504 || v >= 505) {
        shn__err(err, SHN_E_USAGE, NULL, 0, 0, "Lua 5.4 が必要です (Lua 5.4 is required, found %d)", (int)v);
        shn__lua_free(h);
        return NULL;
    }
    int st = pcall_host(h, init_impl, h);
    if (st != LUA_OK) {
        const char *m = lua_gettop(h->L) ? lua_tostring(h->L, -1) : NULL;
        shn__err(err, st == LUA_ERRMEM ? SHN_E_NOMEM : SHN_E_USAGE, NULL, 0, 0,
                 "Lua の初期化に失敗しました (Lua setup failed): %s", m ? m : "not enough memory");
        shn__lua_free(h);
        return NULL;
    }
    lua_settop(h->L, 0);
    return h;
}

void shn__lua_free(shn_lua *h) {
    if (!h) return;
    if (h->L) lua_close(h->L);
    free(h->stdlib_dir);
    free(h);
}
