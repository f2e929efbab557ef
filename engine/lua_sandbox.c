/* lua_sandbox.c — the sandbox of the per-worker Lua state (see lua_host.h and STYLE.md's sandbox recipe):
 * state, allocator, limits and hook, boxes, read-only tables, base library wrappers, strict _ENV, library list.
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
 * Limits. An instruction-count hook (every 1000 instructions) charges limits.instructions per rule call
 * (and per rule-file load); past it the hook switches to LUA_MASKLINE|LUA_MASKCOUNT with count 1 and raises
 * at every instruction, so a pcall inside the rule cannot swallow it. string.find/match/gmatch/gsub run in C,
 * beyond the hook, so they are guarded (lua_pattern.h): a call whose worst case is costly runs in the pure-Lua
 * matcher stdlib/internal/lpattern.lua instead, which the hook can stop. Memory is the state-wide cap; after a
 * failed call a full GC runs so the state stays usable. The current run (rule, unit, findings, as_of) is
 * light userdata in the registry, never in a global.
 */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lua_core.h"
#include "lua_pattern.h"
#include "util.h"

#define HOOK_STEP 1000
#define DEFAULT_MEMORY ((size_t)64 << 20)
#define DEFAULT_INSTRUCTIONS 50000000ULL
/* The default CPU time per rule call. A build may change it (scripts/dev.sh valgrind does: under memcheck
 * code runs ~50 times slower, and ordinary rules would hit the deadline). */
#ifndef SHN_DEFAULT_RULE_TIMEOUT_MS
#define SHN_DEFAULT_RULE_TIMEOUT_MS 10000
#endif
#define DEFAULT_TIMEOUT_MS SHN_DEFAULT_RULE_TIMEOUT_MS
#define BACKSTOP_FACTOR 10             /* wall clock per rule call: this many times the CPU time limit, */
#define BACKSTOP_MIN_NS 60000000000ULL  /* and at least 60 s */
#define DEFAULT_CALL_FINDINGS 1000
#define DEFAULT_CALL_BYTES ((size_t)1 << 20)
#define DEFAULT_INPUT_FINDINGS 100000
#define DEFAULT_INPUT_BYTES ((size_t)64 << 20)
#define ALLOC_BYTES_PER_INSTRUCTION 4   /* allocation growth charged to the instruction budget */
#define WORK_BYTES_PER_INSTRUCTION 8    /* bytes examined by C helpers, likewise */
#define CLOCK_BYTES ((size_t)1 << 20)   /* the allocator reads the clock after this many bytes */
#define SMALL_ALLOC 4096
#define BOX_MT "shinsa.box"

#ifndef SHN_SOURCE_DIR
#define SHN_SOURCE_DIR "."
#endif

const char shn__lua_keys[K__COUNT] = {0};   /* registry keys (lua_host_int.h) */

/* ---- allocator, panic, hook ------------------------------------------------------------------------- */

static int charge(shn_lua *h, uint64_t n, int clock);

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
        if (h->running) {   /* building strings is work: charged, and the clock read every CLOCK_BYTES */
            int clock = (h->alloc_acc += grow) >= CLOCK_BYTES;
            if (clock) h->alloc_acc = 0;
            /* over a limit: large requests fail (a C helper stops early); small ones still succeed, so the
             * error message can be built and the handler can record it */
            if (charge(h, grow / ALLOC_BYTES_PER_INSTRUCTION, clock) && grow > SMALL_ALLOC) return NULL;
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

shn_lua *shn__lua_host_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

static int l_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "shinsa: Lua panic: %s\n", msg ? msg : "(no message)");
    return 0;   /* Lua aborts */
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CPU time of the calling thread (each worker runs its rule calls on its own thread, start to end); where a
 * system has no thread CPU clock, the wall clock stands in (a stricter limit, never a looser one). */
static uint64_t cpu_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return now_ns();
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The deadline: CPU time of this thread, so that a loaded machine (a worker waiting for a core) does not stop
 * a rule that is not itself slow. Reading the thread CPU clock is a system call (~0.3 us; the monotonic clock
 * is read in user space), so it is read only when it could have passed the deadline: a thread cannot spend
 * more CPU time than wall time passes, so before `next` (wall clock) the CPU deadline cannot have come.
 * After each read, `next` moves to now + the CPU time left. The wall-clock backstop (10 x the limit, at
 * least 60 s) bounds a call on a machine so loaded that it gets under a tenth of a core. Returns 0, or 1 past
 * the CPU time limit, or 2 past the backstop. */
static int past_deadline(shn_lua *h) {
    uint64_t now = now_ns();
    if (now < h->next_check) return 0;
    if (now >= h->wall_deadline) return 2;
    uint64_t used = cpu_ns() - h->cpu_start;
    if (used >= h->timeout_ns) return 1;
    h->next_check = now + (h->timeout_ns - used);
    if (h->next_check > h->wall_deadline) h->next_check = h->wall_deadline;
    return 0;
}

static void hook(lua_State *L, lua_Debug *ar);

void shn__lua_trip(shn_lua *h, lua_State *L, shn_lua_err_kind kind, const char *msg) {
    if (!h->over) {
        h->over = 1;
        h->limit = kind;
        snprintf(h->limit_msg, sizeof h->limit_msg, "%s", msg);
        lua_sethook(h->L, hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);   /* safe anywhere, even in the allocator */
    }
    if (L) luaL_error(L, "%s", h->limit_msg);
}

/* Charge n instructions' worth of work to the running call; with `clock`, also read the clock. An interrupted
 * run (the cancel flag) stops the call here too. Returns nonzero when the call is over a limit (tripped now or
 * before). Never raises. */
static int charge(shn_lua *h, uint64_t n, int clock) {
    if (!h->running) return 0;
    if (h->over) return 1;
    h->used += n;
    char msg[200];
    if (h->cancel && __atomic_load_n(h->cancel, __ATOMIC_RELAXED)) {
        shn__lua_trip(h, NULL, SHN_LE_INTERRUPT, "中断されました (interrupted)");
    } else if (h->used >= h->budget) {
        snprintf(msg, sizeof msg, "命令数の上限に達しました (instruction limit of %llu reached; --limit "
                 "rule-instructions=N)", (unsigned long long)h->budget);
        shn__lua_trip(h, NULL, SHN_LE_INSTRUCTIONS, msg);
    } else if (clock && h->timeout_ns) {
        int k = past_deadline(h);
        if (k == 1) {
            snprintf(msg, sizeof msg, "CPU 時間の上限に達しました (CPU time limit of %llu ms reached; --rule-timeout "
                     "MS or --limit rule-timeout=MS)", (unsigned long long)(h->timeout_ns / 1000000u));
            shn__lua_trip(h, NULL, SHN_LE_DEADLINE, msg);
        } else if (k == 2) {
            snprintf(msg, sizeof msg, "経過時間の上限に達しました (wall-clock limit of %llu ms reached; 10 times "
                     "--rule-timeout, at least 60 s)", (unsigned long long)(h->wall_ns / 1000000u));
            shn__lua_trip(h, NULL, SHN_LE_DEADLINE, msg);
        }
    }
    return h->over;
}

static void hook(lua_State *L, lua_Debug *ar) {
    shn_lua *h = shn__lua_host_of(L);
    if (!h->over) {
        if (ar->event != LUA_HOOKCOUNT) return;
        if (!charge(h, (uint64_t)h->step, 1)) return;
    }
    luaL_error(L, "%s", h->limit_msg);
}

/* The charger of shinsa.core and the guarded string patterns: work in bytes. */
static void charge_work(lua_State *L, size_t work) {
    shn_lua *h = shn__lua_host_of(L);
    if (charge(h, work / WORK_BYTES_PER_INSTRUCTION + 1, 1)) luaL_error(L, "%s", h->limit_msg);
}
static void limit_regex(lua_State *L, const char *msg) {
    shn_lua *h = shn__lua_host_of(L);
    if (h->running) shn__lua_trip(h, L, SHN_LE_REGEX, msg);
}
static const shn_lua_charger charger = {charge_work, limit_regex};

void shn__lua_budget_start(shn_lua *h) {
    h->used = 0;
    h->over = 0;
    h->limit = SHN_LE_NONE;
    h->limit_msg[0] = '\0';
    h->alloc_acc = 0;
    if (h->timeout_ns) {
        h->cpu_start = cpu_ns();
        h->next_check = now_ns();
        h->wall_deadline = h->next_check + h->wall_ns;
        h->next_check += h->timeout_ns;
    }
    h->running = 1;
    lua_sethook(h->L, hook, LUA_MASKCOUNT, h->step);
}

void shn__lua_budget_stop(shn_lua *h) {
    lua_sethook(h->L, NULL, 0, 0);
    h->running = 0;
    h->over = 0;
}

static void err_text(errinfo *e, const char *s, size_t n) {
    const char *nl = memchr(s, '\n', n);
    if (nl) n = (size_t)(nl - s);
    snprintf(e->msg, sizeof e->msg, "%.*s", (int)(n < sizeof e->msg ? n : sizeof e->msg - 1), s);
}

/* The message starts with "<short_src>:<line>:" of frame `ar`: returns the length of that prefix and the
 * spaces after it, else 0. */
static size_t frame_prefix(const char *m, size_t n, const lua_Debug *ar) {
    char pre[LUA_IDSIZE + 24];
    int k = snprintf(pre, sizeof pre, "%s:%d:", ar->short_src, ar->currentline);
    if (k <= 0 || (size_t)k > n || memcmp(m, pre, (size_t)k) != 0) return 0;
    size_t len = (size_t)k;
    while (len < n && m[len] == ' ') len++;
    return len;
}

static void frame_file(errinfo *e, const lua_Debug *ar) {
    const char *src = ar->source && ar->source[0] == '@' ? ar->source + 1 : ar->short_src;
    snprintf(e->file, sizeof e->file, "%s", src);
    e->line = ar->currentline > 0 ? (unsigned)ar->currentline : 0;
}

int shn__lua_msgh(lua_State *L) {
    shn_lua *h = shn__lua_host_of(L);
    lua_settop(L, 1);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, K_ERR) != LUA_TBOOLEAN && lua_rawequal(L, 1, -1) &&
        h->err.kind != SHN_LE_NONE) {
        lua_pop(L, 1);
        return 1;   /* rethrown: the first record stands */
    }
    lua_pop(L, 1);
    errinfo *e = &h->err;
    memset(e, 0, sizeof *e);
    e->kind = SHN_LE_RUNTIME;
    size_t n = 0;
    const char *m = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &n) : NULL;
    /* no rule code runs here: an error object's __tostring is not called */
    if (!m) snprintf(e->msg, sizeof e->msg, "(error object is a %s value)", luaL_typename(L, 1));
    lua_Debug ar;
    int first = 0;
    for (int level = 1; level < 64 && lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        if (!first) {
            frame_file(e, &ar);
            first = 1;
        }
        size_t pre = m ? frame_prefix(m, n, &ar) : 0;
        if (pre) {
            frame_file(e, &ar);
            m += pre;
            n -= pre;
            break;
        }
    }
    if (m) err_text(e, m, n);
    lua_pushvalue(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_ERR);   /* an existing slot: no allocation */
    return 1;
}

void shn__lua_err_begin(shn_lua *h) {
    memset(&h->err, 0, sizeof h->err);
    h->mem_refused = 0;
    shn__lua_core_limit_hit(h->L, 1);
    shn__lua_reg_reset(h->L, K_ERR);
}

void shn__lua_err_get(shn_lua *h, int st, errinfo *out) {
    lua_State *L = h->L;
    int recorded = h->err.kind != SHN_LE_NONE;
    if (recorded && lua_gettop(L) > 0) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, K_ERR);
        recorded = lua_rawequal(L, -1, -2);
        lua_pop(L, 1);
    }
    if (recorded) {
        *out = h->err;
    } else {   /* not seen by the handler (LUA_ERRMEM, or an error inside the handler) */
        memset(out, 0, sizeof *out);
        out->kind = SHN_LE_RUNTIME;
        size_t n = 0;
        const char *m = lua_gettop(L) > 0 ? lua_tolstring(L, -1, &n) : NULL;
        if (m) err_text(out, m, n);
        else snprintf(out->msg, sizeof out->msg, "%s", "not enough memory");
    }
    if (h->over && h->limit != SHN_LE_NONE) {
        out->kind = h->limit;
        snprintf(out->msg, sizeof out->msg, "%s", h->limit_msg);
    } else if (st == LUA_ERRMEM || h->mem_refused) out->kind = SHN_LE_MEMORY;
    else if (shn__lua_core_limit_hit(L, 0)) out->kind = SHN_LE_REGEX;
    else if (st == LUA_ERRSYNTAX) out->kind = SHN_LE_SYNTAX;
}

void shn__lua_err_syntax(lua_State *L, const char *chunkname) {
    shn_lua *h = shn__lua_host_of(L);
    errinfo *e = &h->err;
    memset(e, 0, sizeof *e);
    e->kind = SHN_LE_SYNTAX;
    size_t n = 0;
    const char *m = lua_tolstring(L, -1, &n);
    if (!m) { m = "(syntax error)"; n = strlen(m); }
    /* the lexer's prefix is "<short_src>:<line>:", short_src as lua_Debug would give it */
    lua_Debug ar;
    memset(&ar, 0, sizeof ar);
    const char *name = chunkname[0] == '@' ? chunkname + 1 : chunkname;
    size_t nl = strlen(name);
    if (nl < LUA_IDSIZE) snprintf(ar.short_src, sizeof ar.short_src, "%s", name);
    else snprintf(ar.short_src, sizeof ar.short_src, "...%s", name + nl - (LUA_IDSIZE - 4));
    snprintf(e->file, sizeof e->file, "%s", name);
    size_t sl = strlen(ar.short_src);
    if (n > sl + 1 && memcmp(m, ar.short_src, sl) == 0 && m[sl] == ':') {
        const char *d = m + sl + 1;
        unsigned line = 0;
        int digits = 0;
        while (d < m + n && *d >= '0' && *d <= '9' && digits < 9) { line = line * 10 + (unsigned)(*d++ - '0'); digits++; }
        if (digits && d < m + n && *d == ':') {
            e->line = line;
            d++;
            while (d < m + n && *d == ' ') d++;
            n -= (size_t)(d - m);
            m = d;
        }
    }
    err_text(e, m, n);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_ERR);
}

/* Call f(ud) in protected mode with the traceback handler. On error the message is left on the stack
 * top; the caller restores the top. */
int shn__lua_pcall_host(shn_lua *h, lua_CFunction f, void *ud) {
    lua_State *L = h->L;
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    int base = lua_gettop(L);
    lua_pushcfunction(L, shn__lua_msgh);
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, ud);
    return lua_pcall(L, 1, 0, base + 1);
}

/* Reset a registry slot that always holds a non-nil value (no allocation, safe outside protected mode). */
void shn__lua_reg_reset(lua_State *L, const void *key) {
    lua_pushboolean(L, 0);
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

/* ---- boxes: C resources owned by a userdata until released ------------------------------------------ */

static int box_gc(lua_State *L) {
    box *b = lua_touserdata(L, 1);
    if (b && b->p && b->fn) b->fn(b->p, b->n);
    if (b) b->p = NULL;
    return 0;
}

box *shn__lua_box_new(lua_State *L, void (*fn)(void *, size_t)) {
    box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->p = NULL;
    b->n = 0;
    b->fn = fn;
    luaL_setmetatable(L, BOX_MT);
    return b;
}

void shn__lua_box_free_now(box *b) {
    if (b->p && b->fn) b->fn(b->p, b->n);
    b->p = NULL;
}

/* ---- read-only proxies ------------------------------------------------------------------------------ */

int shn__lua_is_proxy(lua_State *L, int idx) {
    if (!lua_getmetatable(L, idx)) return 0;
    int yes = lua_rawgetp(L, -1, K_MARK) != LUA_TNIL;
    lua_pop(L, 2);
    return yes;
}

/* Push the real table behind a proxy, or the value itself. */
void shn__lua_push_real(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TTABLE && lua_getmetatable(L, idx)) {
        if (lua_rawgetp(L, -1, K_MARK) != LUA_TNIL) {
            lua_pop(L, 1);
            lua_rawgetp(L, -1, K_REAL);
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
    shn__lua_push_real(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int ro_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    shn__lua_push_real(L, 1);
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
void shn__lua_push_ro_meta(lua_State *L, int real, int index) {
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
    lua_rawsetp(L, -2, K_MARK);
    lua_pushvalue(L, real);
    lua_rawsetp(L, -2, K_REAL);
}

/* Push the proxy of the table at idx; nested tables are frozen in place. `seen` maps real -> proxy. */
static void freeze_rec(lua_State *L, int idx, int seen, int depth) {
    if (depth > MAX_NEST) luaL_error(L, "表の入れ子が深すぎます (tables nested too deeply)");
    luaL_checkstack(L, 8, "tables nested too deeply");
    idx = lua_absindex(L, idx);
    if (shn__lua_is_proxy(L, idx)) { lua_pushvalue(L, idx); return; }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) != LUA_TNIL) return;
    lua_pop(L, 1);
    lua_newtable(L);
    int proxy = lua_gettop(L);
    shn__lua_push_ro_meta(L, idx, idx);
    lua_setmetatable(L, proxy);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, proxy);
    lua_rawset(L, seen);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -1) == LUA_TTABLE && !shn__lua_is_proxy(L, -1)) {
            freeze_rec(L, -1, seen, depth + 1);  /* key, value, child proxy */
            lua_pushvalue(L, -3);
            lua_insert(L, -2);                   /* key, value, key, child proxy */
            lua_rawset(L, idx);                  /* assigning an existing key is allowed while traversing */
        }
        lua_pop(L, 1);
    }
}

void shn__lua_push_frozen(lua_State *L, int idx) {
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
    shn__lua_push_real(L, 1);
    lua_replace(L, 1);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int b_rawget(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    shn__lua_push_real(L, 1);
    lua_replace(L, 1);
    lua_rawget(L, 1);
    return 1;
}

static int b_rawlen(lua_State *L) {
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
    shn__lua_push_real(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int b_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (shn__lua_is_proxy(L, 1)) return ro_newindex(L);
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

/* Push a new _ENV for a chunk. `pack`/`dir` NULL for stdlib modules; `path` the file (for rule{}). */
void shn__lua_push_env(lua_State *L, const char *pack, const char *dir, const char *path, int with_rule) {
    luaL_checkstack(L, 8, NULL);
    lua_createtable(L, 0, 4);
    int env = lua_gettop(L);
    if (pack) lua_pushstring(L, pack); else lua_pushnil(L);
    if (dir) lua_pushstring(L, dir); else lua_pushnil(L);
    lua_pushcclosure(L, shn__lua_require, 2);
    lua_setfield(L, env, "require");
    lua_pushvalue(L, env);
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_LOAD);
    lua_pushcclosure(L, b_load, 2);
    lua_setfield(L, env, "load");
    if (with_rule) {
        lua_pushstring(L, pack);
        lua_pushstring(L, path);
        lua_pushcclosure(L, shn__lua_rule, 2);
        lua_setfield(L, env, "rule");
    }
    lua_createtable(L, 0, 3);
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_BASE);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);
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

    const void *tables[] = {K_RULES, K_PACKS, K_MODULES};
    for (size_t i = 0; i < SHN__ARRAY_LEN(tables); i++) {
        lua_newtable(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, tables[i]);
    }
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_MADE);
    shn__lua_reg_reset(L, K_RUN);
    shn__lua_reg_reset(L, K_CTX);
    shn__lua_reg_reset(L, K_UNIT);
    shn__lua_reg_reset(L, K_ERR);
    shn__lua_core_set_charger(L, &charger);

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
        shn__lua_push_frozen(L, -1);
        lua_setfield(L, B, libnames[i]);
        lua_pop(L, 1);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_BASE);
    lua_getfield(L, G, "load");
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_LOAD);
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
    h->timeout_ns = (uint64_t)(lim && lim->timeout_ms ? lim->timeout_ms : DEFAULT_TIMEOUT_MS) * 1000000u;
    h->wall_ns = lim && lim->wall_ms ? (uint64_t)lim->wall_ms * 1000000u : h->timeout_ns * BACKSTOP_FACTOR;
    if (h->wall_ns < BACKSTOP_MIN_NS && !(lim && lim->wall_ms)) h->wall_ns = BACKSTOP_MIN_NS;
    if (h->wall_ns < h->timeout_ns) h->wall_ns = h->timeout_ns;
    h->call_findings = lim && lim->call_findings ? lim->call_findings : DEFAULT_CALL_FINDINGS;
    h->call_bytes = lim && lim->call_bytes ? lim->call_bytes : DEFAULT_CALL_BYTES;
    h->input_findings = lim && lim->input_findings ? lim->input_findings : DEFAULT_INPUT_FINDINGS;
    h->input_bytes = lim && lim->input_bytes ? lim->input_bytes : DEFAULT_INPUT_BYTES;
    h->cancel = lim ? lim->cancel : NULL;
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
    int st = shn__lua_pcall_host(h, init_impl, h);
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
    free(h->off);
    free(h);
}
