/* lua_lpeg.c — LPeg for the sandbox (require "lpeg"), under the rule call's budget and deadline.
 *
 * LPeg (Debian lua-lpeg-dev, linked in) builds, compiles and matches patterns in C, where the instruction
 * hook never looks. What can run long in one call, and how it is bounded:
 *   - matching: loops of look-aheads that scan to the end (n^k), loops matched again and again. Every
 *     iteration of a loop that matches takes a *step* (`p^n` is built as `(p * step)^n`): a match-time
 *     capture over the empty string whose C function charges the budget through the core charger
 *     (lua_core.h, which also reads the clock) and raises once the call is over a limit. Between two steps
 *     the machine runs each node of the pattern at most once (a loop's last, failing attempt included), so a
 *     match costs O((steps + 1) × pattern size). A step consumes nothing, never fails and produces no
 *     capture: results do not change (a rule may notice only that lpeg.B refuses a loop, as it always did);
 *   - a back-capture (lpeg.Cb) is looked up across every capture before it: it passes its values through a
 *     function capture that takes a step, so each lookup is followed by a budget and clock check;
 *   - compiling, on a pattern's first match: LPeg's code generator computes first-sets along chains of
 *     choices, quadratic in the pattern's size at worst (P"ab" doubled 15 times, 131,000 nodes: 10 s). The
 *     first match of each pattern in a state charges it (below) and a pattern of more than MAX_NODES tree
 *     nodes is refused;
 *   - building: linear in the trees copied, which are allocated from the state, so charged as memory.
 *   - grammars: matching calls rules, and every rule call takes a step too (a grammar table, given to lpeg.P or
 *     anywhere a pattern is expected, is copied with `step * rule` for each rule); compiling follows rule
 *     references (lpeg.V) into the rules, in time exponential in their depth (40 rules that each refer twice
 *     to the next compile for days). So a grammar may hold at most MAX_GRAMMAR_REFS references in all and no
 *     other grammar (nested grammars multiply): its analyses then visit at most 2^8 paths. References and
 *     grammars are counted as patterns are built (weak tables of the kit), through every constructor.
 *
 * The module table is frozen like the stdlib, setmaxstack is left out (it would change matching for every
 * rule of the worker), and the pattern metatable is hidden (getmetatable gives false), so no rule can change
 * what patterns do for another. Rules never load C code: LPeg is opened here.
 */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <lua-lpeg.h>
#include "lua_core.h"
#include "util.h"

#define STEP_WORK 128            /* work units (lua_core.h: 8 per instruction) charged per step: 16 instructions */
/* Compiling n nodes is charged 4n instructions, plus (n - 4096)^2 / 16 above 4096 nodes: LPeg's compiler is
 * linear on the patterns of shinsa.kpi (up to 10,348 nodes) but quadratic at worst (a chain of 131,000 nodes:
 * 10 s), and the cap keeps the worst case under a second. */
#define COMPILE_PER_NODE 4
#define COMPILE_LINEAR 4096
#define COMPILE_DIVISOR 16
#define MAX_NODES 32768
#define MAX_GRAMMAR_REFS 16
#define TREE_NODE_BYTES 8        /* sizeof(TTree) in LPeg 1.0: a pattern userdata holds its tree */

/* Upvalue 1 of every wrapper is the kit: {step = pattern, P = lpeg.P, mul = __mul, div = __div, seen = weak
 * set of the patterns matched so far, refs = weak map pattern -> open rule references, gram = weak set of
 * patterns that hold a grammar}. */
#define KIT lua_upvalueindex(1)

static int l_step(lua_State *L) {
    shn__lua_core_charge(L, STEP_WORK);
    lua_pushboolean(L, 1);      /* a match-time capture returning true: succeed here, no captures */
    return 1;
}

static int l_step_pass(lua_State *L) {
    shn__lua_core_charge(L, STEP_WORK);
    return lua_gettop(L);       /* a function capture returning its arguments: the values unchanged */
}

/* ---- grammar bookkeeping ---- */

static lua_Integer refs_of(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA) return 0;
    idx = lua_absindex(L, idx);
    lua_getfield(L, KIT, "refs");
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    lua_Integer n = lua_tointeger(L, -1);
    lua_pop(L, 2);
    return n;
}

static int has_grammar(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA) return 0;
    idx = lua_absindex(L, idx);
    lua_getfield(L, KIT, "gram");
    lua_pushvalue(L, idx);
    int yes = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return yes;
}

static void mark(lua_State *L, int idx, lua_Integer refs, int gram) {
    if (lua_type(L, idx) != LUA_TUSERDATA || (!refs && !gram)) return;
    idx = lua_absindex(L, idx);
    if (refs) {
        lua_getfield(L, KIT, "refs");
        lua_pushvalue(L, idx);
        lua_pushinteger(L, refs < ((lua_Integer)1 << 30) ? refs : (lua_Integer)1 << 30);
        lua_rawset(L, -3);
        lua_pop(L, 1);
    }
    if (gram) {
        lua_getfield(L, KIT, "gram");
        lua_pushvalue(L, idx);
        lua_pushboolean(L, 1);
        lua_rawset(L, -3);
        lua_pop(L, 1);
    }
}

/* Push the grammar of table t as a pattern, each rule starting with a step; the initial rule's name (t[1]
 * when a string) is kept. At most MAX_GRAMMAR_REFS rule references in all, and no grammar inside. */
static void push_grammar(lua_State *L, int t) {
    luaL_checkstack(L, 10, "LPeg grammar");
    t = lua_absindex(L, t);
    lua_getfield(L, KIT, "P");
    lua_newtable(L);
    int g = lua_gettop(L);
    lua_Integer refs = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {   /* raw, as LPeg reads a grammar */
        if (lua_isinteger(L, -2) && lua_tointeger(L, -2) == 1 && lua_type(L, -1) == LUA_TSTRING) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
        } else {
            if (lua_type(L, -1) == LUA_TTABLE || has_grammar(L, -1))
                luaL_error(L, "LPeg の文法の中に文法は置けません (an LPeg grammar inside a grammar is not available "
                              "in rules: compiling it can take exponential time)");
            refs += refs_of(L, -1);
            lua_getfield(L, KIT, "mul");
            lua_getfield(L, KIT, "step");
            lua_pushvalue(L, -3);
            lua_call(L, 2, 1);   /* step * rule */
            lua_remove(L, -2);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
        }
        lua_rawset(L, g);      /* key, value -> g; the traversal key stays */
    }
    if (refs > MAX_GRAMMAR_REFS)
        luaL_error(L, "LPeg の文法の規則参照が多すぎます (LPeg grammar too complex for a rule: %d references with "
                      "lpeg.V, at most %d)", (int)refs, MAX_GRAMMAR_REFS);
    lua_call(L, 1, 1);         /* P(g) */
    mark(L, -1, 0, 1);
}

/* Arguments at the positions of mask (bit 0 = argument 1) where a pattern is expected: tables become stepped
 * grammars; returns the sum of their rule references and whether one holds a grammar (*gram). */
static lua_Integer convert_args(lua_State *L, int n, lua_Integer mask, int *gram) {
    lua_Integer refs = 0;
    *gram = 0;
    for (int i = 1; i <= n && i <= 2; i++) {
        if (!(mask >> (i - 1) & 1)) continue;
        if (lua_type(L, i) == LUA_TTABLE) {
            push_grammar(L, i);
            lua_replace(L, i);
        }
        refs += refs_of(L, i);
        *gram |= has_grammar(L, i);
    }
    return refs;
}

/* The wrapper of an LPeg constructor or operator (upvalue 2 the original, 3 the mask of pattern arguments):
 * grammars converted, then the result carries the references and grammars of its arguments. */
static int l_wrap(lua_State *L) {
    int n = lua_gettop(L), gram;
    lua_Integer refs = convert_args(L, n, lua_tointeger(L, lua_upvalueindex(3)), &gram);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    if (lua_gettop(L) >= 1) mark(L, 1, refs, gram);
    return lua_gettop(L);
}

/* lpeg.V(name): an open rule reference */
static int l_v(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, n, 1);
    mark(L, 1, 1, 0);
    return 1;
}

/* p^n -> (p * step)^n: a step after each iteration that matched (an attempt that fails ends the loop) */
static int l_pow(lua_State *L) {
    lua_settop(L, 2);
    int gram;
    lua_Integer refs = convert_args(L, 1, 1, &gram);
    lua_Integer times = luaL_checkinteger(L, 2);
    times = times < 0 ? (times < -((lua_Integer)1 << 30) ? (lua_Integer)1 << 30 : -times) + 1
                      : (times > ((lua_Integer)1 << 30) ? (lua_Integer)1 << 30 : times) + 1;
    lua_getfield(L, KIT, "mul");
    lua_pushvalue(L, 1);
    lua_getfield(L, KIT, "step");
    lua_call(L, 2, 1);
    lua_replace(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    mark(L, 1, refs > ((lua_Integer)1 << 30) / times ? (lua_Integer)1 << 30 : refs * times, gram);   /* n copies */
    return 1;
}

/* lpeg.Cb(name) -> lpeg.Cb(name) / step_pass */
static int l_cb(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, n, 1);
    lua_getfield(L, KIT, "div");
    lua_insert(L, -2);
    lua_pushcfunction(L, l_step_pass);
    lua_call(L, 2, 1);
    return 1;
}

/* lpeg.match(p, subject, ...): the first match of a pattern in this state compiles it; charge that first. */
static int l_match(lua_State *L) {
    int n = lua_gettop(L);
    if (n < 1) luaL_argerror(L, 1, "pattern expected");
    int gram;
    convert_args(L, 1, 1, &gram);
    if (lua_type(L, 1) != LUA_TUSERDATA) {   /* a string, number, …: LPeg would make a new pattern */
        lua_getfield(L, KIT, "P");
        lua_pushvalue(L, 1);
        lua_call(L, 1, 1);
        lua_replace(L, 1);
    }
    if (lua_type(L, 1) == LUA_TUSERDATA) {
        lua_getfield(L, KIT, "seen");
        lua_pushvalue(L, 1);
        if (lua_rawget(L, -2) == LUA_TNIL) {
            size_t nodes = lua_rawlen(L, 1) / TREE_NODE_BYTES;
            if (nodes > MAX_NODES)
                luaL_error(L, "LPeg のパターンが大きすぎます (LPeg pattern too large: %d nodes, at most %d)",
                           (int)nodes, MAX_NODES);
            size_t big = nodes > COMPILE_LINEAR ? nodes - COMPILE_LINEAR : 0;
            size_t cost = COMPILE_PER_NODE * nodes + big * big / COMPILE_DIVISOR;
            if (gram) cost *= 1u << (MAX_GRAMMAR_REFS / 2);   /* the analyses visit up to 2^8 paths */
            shn__lua_core_charge(L, cost * 8);
            /* LPeg allocates the compiled code with the state's allocator but outside the collector's
             * accounting: tell the collector, or patterns built per call (shinsa.kpi) pile up to the memory
             * cap before a cycle frees them */
            lua_gc(L, LUA_GCSTEP, (int)(nodes / 32 + 1));
            lua_pushvalue(L, 1);
            lua_pushboolean(L, 1);
            lua_rawset(L, -4);
        }
        lua_pop(L, 2);
    }
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* Replace field `name` of the table at t by a closure of f with upvalues (kit, original, mask). */
static void wrap_field(lua_State *L, int t, int kit, const char *name, lua_CFunction f, int mask) {
    lua_pushvalue(L, kit);
    lua_getfield(L, t, name);
    lua_pushinteger(L, mask);
    lua_pushcclosure(L, f, 3);
    lua_setfield(L, t, name);
}

int shn__lua_open_lpeg(lua_State *L) {
    luaL_requiref(L, "lpeg", luaopen_lpeg, 0);
    int M = lua_gettop(L);
    lua_pushnil(L);
    lua_setfield(L, M, "setmaxstack");
    if (luaL_getmetatable(L, "lpeg-pattern") != LUA_TTABLE) luaL_error(L, "LPeg: no pattern metatable");
    int MT = lua_gettop(L);
    lua_pushboolean(L, 0);
    lua_setfield(L, MT, "__metatable");

    lua_createtable(L, 0, 7);   /* the kit, from the originals */
    int kit = lua_gettop(L);
    lua_getfield(L, M, "P");
    lua_setfield(L, kit, "P");
    lua_getfield(L, MT, "__mul");
    lua_setfield(L, kit, "mul");
    lua_getfield(L, MT, "__div");
    lua_setfield(L, kit, "div");
    lua_getfield(L, M, "Cmt");
    lua_getfield(L, M, "P");
    lua_pushboolean(L, 1);
    lua_call(L, 1, 1);
    lua_pushcfunction(L, l_step);
    lua_call(L, 2, 1);
    lua_setfield(L, kit, "step");
    lua_newtable(L);            /* patterns matched (so compiled) in this state */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, kit, "seen");
    static const char *const weak[] = {"refs", "gram"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(weak); i++) {
        lua_newtable(L);
        lua_createtable(L, 0, 1);
        lua_pushliteral(L, "k");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
        lua_setfield(L, kit, weak[i]);
    }

    static const char *const one[] = {"P", "B", "C", "Cg", "Cmt", "Cs", "Ct", "Cf"};   /* argument 1 a pattern */
    for (size_t i = 0; i < SHN__ARRAY_LEN(one); i++) wrap_field(L, M, kit, one[i], l_wrap, 1);
    wrap_field(L, M, kit, "match", l_match, 1);
    wrap_field(L, M, kit, "Cb", l_cb, 0);
    wrap_field(L, M, kit, "V", l_v, 0);
    static const char *const two[] = {"__add", "__mul", "__sub"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(two); i++) wrap_field(L, MT, kit, two[i], l_wrap, 3);
    static const char *const unary[] = {"__unm", "__len", "__div"};
    for (size_t i = 0; i < SHN__ARRAY_LEN(unary); i++) wrap_field(L, MT, kit, unary[i], l_wrap, 1);
    wrap_field(L, MT, kit, "__pow", l_pow, 1);
    lua_settop(L, M);
    shn__lua_push_frozen(L, -1);
    return 1;
}
