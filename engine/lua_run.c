/* lua_run.c — running a rule on a unit, its inline examples, and Lua errors as diagnostics (see lua_host.h). */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lua_core.h"
#include "util.h"

void shn__lua_input_start(shn_lua *h) {
    if (!h) return;
    h->in_findings = h->in_bytes = 0;
    if (h->off) memset(h->off, 0, h->n_off);
}

/* ---- running a rule --------------------------------------------------------------------------------- */

static int run_impl(lua_State *L) {
    run_t *run = lua_touserdata(L, 1);
    shn_lua *h = run->h;
    lua_pushlightuserdata(L, run);
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_RUN);
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_RULES);
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
    shn__lua_push_unit(L, h, run->u);
    shn__lua_push_ctx(L, R, run->r, run->as_of);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, K_CTX);
    shn__lua_budget_start(h);
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
    if (r->order < h->n_off && h->off[r->order]) return SHN_E_LIMIT;   /* stopped earlier in this input */
    run_t run = {h, r, u, as_of, {0}, (int)r->severity, NULL, {0}, 0};
    shn__lua_err_begin(h);
    int st = shn__lua_pcall_host(h, run_impl, &run);
    errinfo ei;
    if (st != LUA_OK) shn__lua_err_get(h, st, &ei);
    else if (h->mem_refused) {   /* the rule swallowed a memory error with pcall: its result is not trusted */
        lua_pushliteral(L, "not enough memory");
        st = LUA_ERRMEM;
        shn__lua_err_get(h, st, &ei);
    }
    shn__lua_budget_stop(h);
    shn__lua_reg_reset(L, K_RUN);
    shn__lua_reg_reset(L, K_CTX);
    if (st == LUA_OK && h->explain && run.found.n == 0 && run.trace.len) {
        /* "why was this quiet?": a call that traced something (the analog rules trace once they hold a trigger)
         * but reported nothing says why, as an info diagnostic; its lines are joined with " / " */
        shn_buf b = {0};
        for (size_t i = 0; i < run.trace.len; i++) {
            char c = run.trace.data[i];
            if (c != '\n') shn__buf_add(&b, &c, 1);
            else if (i + 1 < run.trace.len) shn__buf_puts(&b, " / ");
        }
        if (!b.failed && b.data)
            shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_INFO, r->id,
                          "指摘なし (quiet) [%s @ %s]: %s", r->id, u->address_str ? u->address_str : "", b.data);
        shn__buf_free(&b);
    }
    shn__buf_free(&run.trace);
    if (st == LUA_OK) {
        lua_settop(L, top);
        shn_status out = SHN_OK;
        for (size_t i = 0; i < run.found.n; i++) {
            if (out == SHN_OK && shn__vec_push(findings, run.found.items[i]) == 0) continue;
            shn__finding_free(run.found.items[i]);
            out = SHN_E_NOMEM;
        }
        if (out == SHN_OK) {
            h->in_findings += run.found.n;
            h->in_bytes += run.bytes;
        }
        shn__vec_free(&run.found);
        if (out != SHN_OK)
            shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_ERROR, r->id,
                          "メモリ不足 (out of memory) [%s @ %s]", r->id, u->address_str ? u->address_str : "");
        return out;
    }
    char where[600] = "", at[620] = "";
    if (ei.file[0] && ei.line) {
        snprintf(where, sizeof where, "%s:%u: ", ei.file, ei.line);
        snprintf(at, sizeof at, " (at %s:%u)", ei.file, ei.line);
    }
    lua_settop(L, top);
    free_findings(&run.found);
    lua_gc(L, LUA_GCCOLLECT, 0);
    const char *addr = u->address_str ? u->address_str : "";
    if (ei.kind != SHN_LE_RUNTIME && ei.kind != SHN_LE_SYNTAX) {
        char buf[200];
        const char *what = ei.msg;   /* instructions, time, output: the message the host raised */
        if (ei.kind == SHN_LE_MEMORY)
            snprintf(buf, sizeof buf, "メモリの上限に達しました (memory limit of %zu bytes reached; --limit "
                     "rule-memory=BYTES)", h->cap);
        else if (ei.kind == SHN_LE_REGEX)
            snprintf(buf, sizeof buf, "正規表現の照合が上限に達しました (regex match limit reached)");
        if (ei.kind == SHN_LE_MEMORY || ei.kind == SHN_LE_REGEX) what = buf;
        if (ei.kind == SHN_LE_INTERRUPT)
            shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_ERROR, r->id,
                          "ルールの実行を中断しました (rule call interrupted) [%s @ %s]%s", r->id, addr, at);
        else
            shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_ERROR, r->id,
                          "ルールが資源の上限に達しました (rule hit a resource limit) [%s @ %s]: %s%s; "
                          "この入力の残りでは実行しません (not run on the rest of this input)",
                          r->id, addr, what, at);
        if (r->order >= h->n_off) {
            size_t n = r->order + 64;
            unsigned char *off = realloc(h->off, n);
            if (off) {
                memset(off + h->n_off, 0, n - h->n_off);
                h->off = off;
                h->n_off = n;
            }
        }
        if (r->order < h->n_off) h->off[r->order] = 1;
        return SHN_E_LIMIT;
    }
    shn__diag_add(diags, u->file, u->start.line, u->start.column, SHN_SEV_ERROR, r->id,
                  "ルールの実行に失敗しました (rule failed) [%s @ %s]: %s%s", r->id, addr, where, ei.msg);
    return SHN_E_RULE_RUNTIME;
}

/* ---- inline examples -------------------------------------------------------------------------------- */

typedef struct {
    const char *id;
    char path[512];
    unsigned line;
} rule_pos;

static int pos_impl(lua_State *L) {
    rule_pos *p = lua_touserdata(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_RULES);
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
    shn__lua_pcall_host(h, pos_impl, &pos);
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
            shn__lua_input_start(h);   /* each example is an input of its own */
            int explain = h->explain;
            h->explain = 0;   /* an example's traces (and "quiet" reasons) are not part of any report */
            shn_status st = shn__lua_run(h, r, u, NULL, &found, diags);
            h->explain = explain;
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
