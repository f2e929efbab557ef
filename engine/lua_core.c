/* lua_core.c — `require "shinsa.core"`: the C helpers rules use where speed matters (see lua_core.h).
 *
 *   core.find(s, pat [, init])      -> start, end, text, cap1, … | nil      (init: 0-based code point)
 *   core.match(s, pat [, init])     -> cap1, … (or the whole match when the pattern has no group) | nil
 *   core.find_all(s, pat)           -> iterator for `for start, end, text, cap1, … in core.find_all(s, pat)`
 *   core.gsub(s, pat, repl)         -> new string, count ($1, ${name}, $$ in repl; PCRE2 substitution syntax)
 *   core.compile(pat)               -> regex object with :find, :match, :find_all, :gsub (same arguments
 *                                      without the pattern); a compile error says PCRE2's message and the
 *                                      code-point offset in the pattern
 *   core.escape(s)                  -> s with regex metacharacters escaped
 *   core.nfkc(s)                    -> Unicode NFKC
 *   core.fold(s [, casefold])       -> NFKC plus width folding (ＣＤ－ＲＯＭ -> CD-ROM, ０１ -> 01, half-width kana ->
 *                                      full-width, U+2212/U+2010/U+2011 -> "-", 〜 -> "~"); casefold lowercases
 *   core.len(s)                     -> length in code points
 *   core.sub(s, start [, end])      -> code points [start, end) (0-based, exclusive end; negative counts from
 *                                      the end, like the offsets returned by core.find)
 *   core.kanji_to_int(s)            -> integer value of a kanji or Arabic numeral ("十七" -> 17) | nil
 *   core.int_to_kanji(n)            -> kanji numeral ("十七")
 *   core.parse_refs(s)              -> the references written in a law sentence (lua_xref.h; for shinsa.xref)
 *   core.xref_index(law)            -> an index of a law view, for core.xref_para (lua_xref.h)
 *   core.xref_para(index, j)        -> the references of paragraph j, related and resolved (lua_xref.h)
 *
 * Patterns are PCRE2 in UTF + UCP mode, JIT-compiled when the platform allows it, and cached per state
 * (cleared when it holds 512 patterns). Every match runs with the state's match, depth and heap limits; a
 * limit hit raises an error mentioning "match limit" and sets the flag read by shn__lua_core_limit_hit.
 * Invalid UTF-8 in any argument raises a Lua error. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lua_core.h"

#include <lauxlib.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "kanji.h"
#include "lua_xref.h"
#include "util.h"

#define CACHE_MAX 512
#define RX_MT "shinsa.regex"
#define CS_MT "shinsa.core.state"

/* Registry key of the per-state data: the address is the key, the value is never written. */
static const char core_key = 'c';

/* Subjects remembered as valid UTF-8: rules search the same unit text (and its paragraph and article) with many
 * patterns, and checking the whole subject on every call made each search cost the subject's length. */
#define VALID_CACHE 8
static const char charger_key = 'w';

void shn__lua_core_set_charger(lua_State *L, const shn_lua_charger *c) {
    lua_pushlightuserdata(L, (void *)(uintptr_t)c);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &charger_key);
}

void shn__lua_core_charge(lua_State *L, size_t work) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &charger_key);
    const shn_lua_charger *c = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (c && c->fn) c->fn(L, work);
}

typedef struct {
    pcre2_match_context *mctx;
    pcre2_jit_stack *jstack;
    pcre2_match_data *md;
    uint32_t md_pairs;
    int limit_hit;
    size_t ncache;
    const char *valid_ptr[VALID_CACHE];   /* subjects already checked as UTF-8, anchored in uservalue 2 */
    size_t valid_len[VALID_CACHE];
    unsigned valid_next;
} core_state;

typedef struct {
    pcre2_code *code;
    uint32_t ncap;     /* capture groups */
} regex;

/* ---- per-state data --------------------------------------------------------------------------------- */

static int cs_gc(lua_State *L) {
    core_state *cs = luaL_checkudata(L, 1, CS_MT);
    if (cs->md) pcre2_match_data_free(cs->md);
    if (cs->jstack) pcre2_jit_stack_free(cs->jstack);
    if (cs->mctx) pcre2_match_context_free(cs->mctx);
    memset(cs, 0, sizeof *cs);
    return 0;
}

static core_state *cs_peek(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &core_key);
    core_state *cs = lua_type(L, -1) == LUA_TUSERDATA ? lua_touserdata(L, -1) : NULL;
    lua_pop(L, 1);
    return cs;
}

void *shn__lua_state_block(lua_State *L, const void *key, size_t size, int nuv, const char *tname, lua_CFunction gc,
                           int *created) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, key);
    if (lua_type(L, -1) == LUA_TUSERDATA) {
        *created = 0;
        return lua_touserdata(L, -1);
    }
    lua_pop(L, 1);
    void *p = lua_newuserdatauv(L, size, nuv);
    memset(p, 0, size);
    if (luaL_newmetatable(L, tname)) {
        lua_pushcfunction(L, gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    *created = 1;
    return p;
}

/* Push the state userdata (creating it on first use). */
static core_state *cs_push(lua_State *L) {
    int created = 0;
    core_state *cs = shn__lua_state_block(L, &core_key, sizeof *cs, 2, CS_MT, cs_gc, &created);
    if (!created) return cs;
    cs->mctx = pcre2_match_context_create(NULL);
    if (!cs->mctx) luaL_error(L, "メモリ不足 (out of memory)");
    pcre2_set_match_limit(cs->mctx, 10000000);
    pcre2_set_depth_limit(cs->mctx, 100000);
    pcre2_set_heap_limit(cs->mctx, 16384);
    cs->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (cs->jstack) pcre2_jit_stack_assign(cs->mctx, NULL, cs->jstack);
    lua_newtable(L);                        /* the pattern cache */
    lua_setiuservalue(L, -2, 1);
    lua_createtable(L, VALID_CACHE, 0);     /* the subjects of valid_ptr, kept alive while remembered */
    lua_setiuservalue(L, -2, 2);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &core_key);
    return cs;
}

int shn__lua_core_limit_hit(lua_State *L, int reset) {
    core_state *cs = cs_peek(L);
    if (!cs) return 0;
    int hit = cs->limit_hit;
    if (reset) cs->limit_hit = 0;
    return hit;
}

int shn__lua_core_set_limits(lua_State *L, uint32_t match_limit, uint32_t depth_limit) {
    core_state *cs = cs_peek(L);
    if (!cs || !cs->mctx) return -1;
    if (match_limit) pcre2_set_match_limit(cs->mctx, match_limit);
    if (depth_limit) pcre2_set_depth_limit(cs->mctx, depth_limit);
    return 0;
}

void shn__lua_core_forget(lua_State *L) {
    core_state *cs = cs_peek(L);
    if (!cs || !cs->valid_next) return;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &core_key);
    lua_getiuservalue(L, -1, 2);
    for (lua_Integer i = 1; i <= VALID_CACHE; i++) {
        lua_pushnil(L);
        lua_rawseti(L, -2, i);
    }
    lua_pop(L, 2);
    memset(cs->valid_ptr, 0, sizeof cs->valid_ptr);
    cs->valid_next = 0;
}

static core_state *cs_up(lua_State *L) {
    core_state *cs = lua_touserdata(L, lua_upvalueindex(1));
    if (!cs || !cs->mctx) luaL_error(L, "shinsa.core: 内部状態がありません (module state missing)");
    return cs;
}

/* ---- UTF-8 helpers ---------------------------------------------------------------------------------- */

static const char *check_utf8(lua_State *L, int arg, size_t *len) {
    const char *s = luaL_checklstring(L, arg, len);
    size_t bad = 0;
    shn__lua_core_charge(L, *len);          /* every string helper is at least linear in its argument */
    if (!shn__utf8_valid(s, *len, &bad))
        luaL_argerror(L, arg, lua_pushfstring(L, "UTF-8 として不正です (invalid UTF-8 at byte %d)", (int)bad));
    return s;
}

/* check_utf8 for a subject searched by a state that has `cs`: a string checked before is recognised by its
 * address. Lua strings never change, and each remembered one is referenced from uservalue 2 of the state, so
 * an address seen again is the same string (it cannot have been freed and reused meanwhile). */
static const char *check_subject(lua_State *L, core_state *cs, int arg, size_t *len) {
    const char *s = luaL_checklstring(L, arg, len);
    for (unsigned i = 0; i < VALID_CACHE; i++)
        if (cs->valid_ptr[i] == s && cs->valid_len[i] == *len) return s;
    check_utf8(L, arg, len);
    if (*len < 64) return s;                /* short: checking is cheaper than remembering */
    unsigned slot = cs->valid_next++ % VALID_CACHE;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &core_key);
    lua_getiuservalue(L, -1, 2);
    lua_pushvalue(L, arg);
    lua_rawseti(L, -2, (lua_Integer)slot + 1);
    lua_pop(L, 2);
    cs->valid_ptr[slot] = s;
    cs->valid_len[slot] = *len;
    return s;
}

static size_t cp_count(const char *s, size_t n) { return shn__utf8_len(s, n); }

/* Byte length of the UTF-8 sequence starting at s[0] (valid input assumed). */
static size_t char_len(unsigned char c) {
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
}

/* ---- compile and cache ------------------------------------------------------------------------------ */

static int rx_gc(lua_State *L) {
    regex *r = luaL_checkudata(L, 1, RX_MT);
    if (r->code) pcre2_code_free(r->code);
    r->code = NULL;
    return 0;
}

static int rx_tostring(lua_State *L) {
    lua_pushliteral(L, "shinsa.regex");
    return 1;
}

static void push_methods(lua_State *L, core_state *cs);

/* Compile pattern `pat` into a new regex userdata on the stack. Errors name PCRE2's message and the offset. */
static regex *rx_compile(lua_State *L, core_state *cs, const char *pat, size_t plen) {
    regex *r = lua_newuserdatauv(L, sizeof *r, 0);
    r->code = NULL;
    r->ncap = 0;
    if (luaL_newmetatable(L, RX_MT)) {
        lua_pushcfunction(L, rx_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, rx_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        push_methods(L, cs);
        lua_setfield(L, -2, "__index");
    }
    lua_setmetatable(L, -2);
    shn__lua_core_charge(L, 64 * plen + 4096);   /* compiling costs far more than scanning */
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    r->code = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_UTF | PCRE2_UCP, &errcode, &erroff, NULL);
    if (!r->code) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(errcode, msg, sizeof msg) < 0) strcpy((char *)msg, "unknown error");
        size_t off = erroff <= plen ? cp_count(pat, erroff) : 0;
        luaL_error(L, "正規表現のエラー (regex error) at offset %d: %s", (int)off, (const char *)msg);
    }
    (void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);   /* silently fall back to the interpreter */
    uint32_t n = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &n);
    r->ncap = n;
    return r;
}

/* The regex for argument `arg` (a regex object or a pattern string, compiled through the cache). The argument
 * slot is replaced by the regex object, which keeps it alive while it is used. */
static regex *rx_arg(lua_State *L, core_state *cs, int arg) {
    regex *r = luaL_testudata(L, arg, RX_MT);
    if (r) {
        if (!r->code) luaL_argerror(L, arg, "正規表現が解放されています (regex was released)");
        return r;
    }
    size_t plen;
    const char *pat = luaL_checklstring(L, arg, &plen);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &core_key);
    lua_getiuservalue(L, -1, 1);             /* state, cache */
    lua_pushvalue(L, arg);
    if (lua_rawget(L, -2) == LUA_TUSERDATA) {
        r = lua_touserdata(L, -1);
        lua_replace(L, arg);
        lua_pop(L, 2);
        return r;
    }
    lua_pop(L, 1);                           /* state, cache */
    if (cs->ncache >= CACHE_MAX) {           /* clear when full */
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, -3, 1);
        cs->ncache = 0;
    }
    r = rx_compile(L, cs, pat, plen);        /* state, cache, regex */
    lua_pushvalue(L, arg);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
    cs->ncache++;
    lua_replace(L, arg);
    lua_pop(L, 2);
    return r;
}

/* ---- matching --------------------------------------------------------------------------------------- */

static int is_limit(int rc) {
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
           rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

static void match_error(lua_State *L, core_state *cs, int rc) {
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0) strcpy((char *)msg, "unknown error");
    if (is_limit(rc)) {
        cs->limit_hit = 1;
        char text[400];
        snprintf(text, sizeof text, "正規表現の照合が上限に達しました (regex match limit reached): %s", (const char *)msg);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &charger_key);
        const shn_lua_charger *c = lua_touserdata(L, -1);
        lua_pop(L, 1);
        if (c && c->limit) c->limit(L, text);   /* the host stops the call: a pcall cannot swallow it */
        luaL_error(L, "%s", text);
    }
    luaL_error(L, "正規表現の照合に失敗しました (regex match failed): %s", (const char *)msg);
}

static void ensure_md(lua_State *L, core_state *cs, uint32_t pairs) {
    if (pairs < 16) pairs = 16;
    if (cs->md && cs->md_pairs >= pairs) return;
    if (cs->md) pcre2_match_data_free(cs->md);
    cs->md = pcre2_match_data_create(pairs, NULL);
    cs->md_pairs = cs->md ? pairs : 0;
    if (!cs->md) luaL_error(L, "メモリ不足 (out of memory)");
}

/* One match at byte offset `from`. Returns 1 matched (ovector in cs->md), 0 no match; raises on errors. */
static int match_at(lua_State *L, core_state *cs, regex *r, const char *s, size_t len, size_t from) {
    ensure_md(L, cs, r->ncap + 1);
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, from, PCRE2_NO_UTF_CHECK, cs->md, cs->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) match_error(L, cs, rc);
    return 1;
}

/* Push capture i (1-based) of the last match, or nil when unset. */
static void push_capture(lua_State *L, core_state *cs, const char *s, uint32_t i) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(cs->md);
    if (ov[2 * i] == PCRE2_UNSET || ov[2 * i + 1] < ov[2 * i]) lua_pushnil(L);
    else lua_pushlstring(L, s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
}

static void match_span(core_state *cs, size_t *so, size_t *eo) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(cs->md);
    *so = ov[0];
    *eo = ov[1];
    if (*so > *eo) *so = *eo;   /* \K in a lookaround can put the start after the end */
}

/* Byte offset of code point `init` (argument `arg`, default 0, negative counts from the end). */
static size_t init_arg(lua_State *L, int arg, const char *s, size_t len, size_t *init_cp) {
    lua_Integer init = luaL_optinteger(L, arg, 0);
    if (init == 0) { *init_cp = 0; return 0; }   /* the usual case: no need to count the whole subject */
    if (init > 0) {
        size_t b = shn__utf8_byte_offset(s, len, (size_t)init);
        if (b < len) { *init_cp = (size_t)init; return b; }
    }
    size_t cps = cp_count(s, len);
    if (init < 0) init = (lua_Integer)cps + init < 0 ? 0 : (lua_Integer)cps + init;
    if ((size_t)init > cps) init = (lua_Integer)cps;
    *init_cp = (size_t)init;
    return shn__utf8_byte_offset(s, len, (size_t)init);
}

/* find / match: subject at 1, pattern at 2, init at 3. */
static int find_aux(lua_State *L, int find) {
    core_state *cs = cs_up(L);
    size_t len;
    const char *s = check_subject(L, cs, 1, &len);
    regex *r = rx_arg(L, cs, 2);
    size_t init_cp, from = init_arg(L, 3, s, len, &init_cp);
    shn__lua_core_charge(L, SHN_WORK_MATCH * (from <= len ? len - from : 0));
    if (from > len || !match_at(L, cs, r, s, len, from)) {
        lua_pushnil(L);
        return 1;
    }
    size_t so, eo;
    match_span(cs, &so, &eo);
    luaL_checkstack(L, (int)r->ncap + 4, "too many captures");
    if (find) {
        size_t start = init_cp + cp_count(s + from, so - from);
        lua_pushinteger(L, (lua_Integer)start);
        lua_pushinteger(L, (lua_Integer)(start + cp_count(s + so, eo - so)));
        lua_pushlstring(L, s + so, eo - so);
        for (uint32_t i = 1; i <= r->ncap; i++) push_capture(L, cs, s, i);
        return 3 + (int)r->ncap;
    }
    if (r->ncap == 0) {
        lua_pushlstring(L, s + so, eo - so);
        return 1;
    }
    for (uint32_t i = 1; i <= r->ncap; i++) push_capture(L, cs, s, i);
    return (int)r->ncap;
}

static int l_find(lua_State *L) { return find_aux(L, 1); }
static int l_match(lua_State *L) { return find_aux(L, 0); }

/* Iterator of find_all. Upvalues: 1 state, 2 subject, 3 regex, 4 byte position, 5 code-point position
 * (both -1 once exhausted). */
static int find_all_iter(lua_State *L) {
    core_state *cs = cs_up(L);
    size_t len;
    const char *s = lua_tolstring(L, lua_upvalueindex(2), &len);
    regex *r = lua_touserdata(L, lua_upvalueindex(3));
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(4)), cpos = lua_tointeger(L, lua_upvalueindex(5));
    if (!s || !r || !r->code || pos < 0 || (size_t)pos > len || !match_at(L, cs, r, s, len, (size_t)pos)) {
        lua_pushinteger(L, -1);
        lua_replace(L, lua_upvalueindex(4));
        lua_pushnil(L);
        return 1;
    }
    size_t so, eo;
    match_span(cs, &so, &eo);
    shn__lua_core_charge(L, SHN_WORK_MATCH * (eo > (size_t)pos ? eo - (size_t)pos : 1));
    if (so < (size_t)pos) so = (size_t)pos;   /* a lookbehind cannot move the start before the search point */
    if (eo < so) eo = so;
    size_t start = (size_t)cpos + cp_count(s + pos, so - (size_t)pos);
    size_t end = start + cp_count(s + so, eo - so);
    size_t next = eo, next_cp = end;
    if (eo == so) {                           /* empty match: step over one character */
        if (eo >= len) next = len + 1;
        else { next = eo + char_len((unsigned char)s[eo]); next_cp = end + 1; }
    }
    luaL_checkstack(L, (int)r->ncap + 4, "too many captures");
    lua_pushinteger(L, (lua_Integer)start);
    lua_pushinteger(L, (lua_Integer)end);
    lua_pushlstring(L, s + so, eo - so);
    for (uint32_t i = 1; i <= r->ncap; i++) push_capture(L, cs, s, i);
    lua_pushinteger(L, next > len ? -1 : (lua_Integer)next);
    lua_replace(L, lua_upvalueindex(4));
    lua_pushinteger(L, (lua_Integer)next_cp);
    lua_replace(L, lua_upvalueindex(5));
    return 3 + (int)r->ncap;
}

static int l_find_all(lua_State *L) {
    core_state *cs = cs_up(L);
    size_t len;
    check_subject(L, cs, 1, &len);
    rx_arg(L, cs, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushinteger(L, 0);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, find_all_iter, 5);
    return 1;
}

static int l_gsub(lua_State *L) {
    core_state *cs = cs_up(L);
    size_t len, rlen;
    const char *s = check_subject(L, cs, 1, &len);
    regex *r = rx_arg(L, cs, 2);
    const char *repl = check_utf8(L, 3, &rlen);
    ensure_md(L, cs, r->ncap + 1);
    /* Without PCRE2_SUBSTITUTE_OVERFLOW_LENGTH a full buffer stops the substitution at once; the buffer then
     * doubles, so the work stays proportional to the output, which the allocator charges and caps. */
    PCRE2_SIZE cap = len + len / 2 + 64, outlen;
    uint32_t opts = PCRE2_SUBSTITUTE_GLOBAL | PCRE2_NO_UTF_CHECK;
    PCRE2_UCHAR *out;
    int rc;
    for (int first = 1;; first = 0) {
        shn__lua_core_charge(L, SHN_WORK_MATCH * len + SHN_WORK_SUBST * cap);
        if (!first) lua_pop(L, 1);           /* the buffer that was too small */
        out = lua_newuserdatauv(L, cap + 1, 0);
        outlen = cap + 1;
        rc = pcre2_substitute(r->code, (PCRE2_SPTR)s, len, 0, opts, cs->md, cs->mctx, (PCRE2_SPTR)repl, rlen, out,
                              &outlen);
        if (rc != PCRE2_ERROR_NOMEMORY) break;
        if (cap > ((PCRE2_SIZE)1 << 40)) return luaL_error(L, "文字列が長すぎます (string too long)");
        cap *= 2;
    }
    if (rc < 0) {
        if (is_limit(rc)) match_error(L, cs, rc);
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(rc, msg, sizeof msg) < 0) strcpy((char *)msg, "unknown error");
        return luaL_error(L, "正規表現の置換に失敗しました (regex substitution failed): %s", (const char *)msg);
    }
    lua_pushlstring(L, (const char *)out, outlen);
    lua_pushinteger(L, rc);
    return 2;
}

static int l_compile(lua_State *L) {
    core_state *cs = cs_up(L);
    size_t plen;
    const char *pat = luaL_checklstring(L, 1, &plen);
    rx_compile(L, cs, pat, plen);
    return 1;
}

static int l_escape(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < len; i++) {
        if (strchr("\\^$.[]|()?*+{}-#/", s[i]) && s[i]) luaL_addchar(&b, '\\');
        if (s[i] == '\0') luaL_addstring(&b, "\\x{0}");
        else luaL_addchar(&b, s[i]);
    }
    luaL_pushresult(&b);
    return 1;
}

/* Method forms: (regex, subject, …) -> (subject, regex, …). */
static int swap12(lua_State *L) {
    luaL_checkudata(L, 1, RX_MT);
    lua_pushvalue(L, 1);
    lua_remove(L, 1);
    lua_insert(L, 2);
    return 0;
}
static int m_find(lua_State *L) { swap12(L); return find_aux(L, 1); }
static int m_match(lua_State *L) { swap12(L); return find_aux(L, 0); }
static int m_find_all(lua_State *L) { swap12(L); return l_find_all(L); }
static int m_gsub(lua_State *L) { swap12(L); return l_gsub(L); }

static void push_methods(lua_State *L, core_state *cs) {
    static const luaL_Reg methods[] = {
        {"find", m_find}, {"match", m_match}, {"find_all", m_find_all}, {"gsub", m_gsub}, {NULL, NULL}};
    (void)cs;
    lua_newtable(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &core_key);
    luaL_setfuncs(L, methods, 1);
}

/* ---- normalization ---------------------------------------------------------------------------------- */

static utf8proc_int32_t fold_map(utf8proc_int32_t c, void *data) {
    (void)data;
    switch (c) {
    case 0x2212: /* MINUS SIGN */
    case 0x2010: /* HYPHEN */
    case 0x2011: /* NON-BREAKING HYPHEN */
        return '-';
    case 0x301C: /* WAVE DASH */
        return '~';
    default:
        return c;
    }
}

static int normalize(lua_State *L, int fold, int casefold) {
    size_t len;
    const char *s = check_utf8(L, 1, &len);
    shn__lua_core_charge(L, SHN_WORK_NFKC * len);
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE;
    if (casefold) opt |= UTF8PROC_CASEFOLD;
    utf8proc_custom_func fn = fold ? fold_map : NULL;
    utf8proc_ssize_t n = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, NULL, 0, opt,
                                                   fn, NULL);
    if (n < 0) return luaL_error(L, "正規化に失敗しました (normalization failed): %s", utf8proc_errmsg(n));
    if ((size_t)n > ((size_t)1 << 28)) return luaL_error(L, "文字列が長すぎます (string too long)");
    utf8proc_int32_t *buf = lua_newuserdatauv(L, (size_t)n * sizeof *buf + 1, 0);
    utf8proc_ssize_t m = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, buf, n, opt,
                                                   fn, NULL);
    if (m < 0 || m > n) return luaL_error(L, "正規化に失敗しました (normalization failed)");
    utf8proc_ssize_t bytes = utf8proc_reencode(buf, m, opt);
    if (bytes < 0) return luaL_error(L, "正規化に失敗しました (normalization failed): %s", utf8proc_errmsg(bytes));
    lua_pushlstring(L, (const char *)buf, (size_t)bytes);
    return 1;
}

static int l_nfkc(lua_State *L) { return normalize(L, 0, 0); }
static int l_fold(lua_State *L) { return normalize(L, 1, lua_toboolean(L, 2)); }

static int l_len(lua_State *L) {
    size_t len;
    const char *s = check_utf8(L, 1, &len);
    lua_pushinteger(L, (lua_Integer)cp_count(s, len));
    return 1;
}

static int l_sub(lua_State *L) {
    size_t len;
    const char *s = check_utf8(L, 1, &len);
    lua_Integer cps = (lua_Integer)cp_count(s, len);
    lua_Integer i = luaL_checkinteger(L, 2), j = luaL_optinteger(L, 3, cps);
    if (i < 0) i = cps + i < 0 ? 0 : cps + i;
    if (j < 0) j = cps + j < 0 ? 0 : cps + j;
    if (i > cps) i = cps;
    if (j > cps) j = cps;
    if (j <= i) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t b0 = shn__utf8_byte_offset(s, len, (size_t)i), b1 = shn__utf8_byte_offset(s, len, (size_t)j);
    lua_pushlstring(L, s + b0, b1 - b0);
    return 1;
}

/* ---- kanji numerals --------------------------------------------------------------------------------- */

static int l_kanji_to_int(lua_State *L) {
    size_t len;
    const char *s = check_utf8(L, 1, &len);
    if (strlen(s) != len) { lua_pushnil(L); return 1; }
    long v = shn__kanji_to_int(s);
    if (v < 0) lua_pushnil(L);
    else lua_pushinteger(L, (lua_Integer)v);
    return 1;
}

static int l_int_to_kanji(lua_State *L) {
    lua_Integer n = luaL_checkinteger(L, 1);
    luaL_argcheck(L, n >= 0 && n <= 999999999999LL, 1, "0 以上の整数が必要です (non-negative integer expected)");
    char *k = shn__kanji_from_int((long)n);
    if (!k) return luaL_error(L, "メモリ不足 (out of memory)");
    char tmp[256];
    size_t kl = strlen(k);
    if (kl >= sizeof tmp) { free(k); return luaL_error(L, "数が大きすぎます (number too large)"); }
    memcpy(tmp, k, kl + 1);
    free(k);   /* freed before anything that can raise */
    lua_pushlstring(L, tmp, kl);
    return 1;
}

/* ---- module ----------------------------------------------------------------------------------------- */

int shn__luaopen_core(lua_State *L) {
    static const luaL_Reg funcs[] = {
        {"find", l_find},       {"match", l_match},   {"find_all", l_find_all},
        {"gsub", l_gsub},       {"compile", l_compile}, {"escape", l_escape},
        {"nfkc", l_nfkc},       {"fold", l_fold},     {"len", l_len},
        {"sub", l_sub},         {"kanji_to_int", l_kanji_to_int}, {"int_to_kanji", l_int_to_kanji},
        {"parse_refs", shn__lua_xref_parse},
        {"xref_index", shn__lua_xref_index},
        {"xref_para", shn__lua_xref_para},
        {NULL, NULL}};
    lua_newtable(L);
    cs_push(L);
    luaL_setfuncs(L, funcs, 1);
    lua_pushliteral(L, "1");
    lua_setfield(L, -2, "version");
    return 1;
}
