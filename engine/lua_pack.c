/* lua_pack.c — loading a pack into a Lua state: lexicons (with configured entries), rule files, the rule
 * records and their shn_rule copies (see lua_host.h). */
#include "lua_host_int.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "util.h"

static void free_docs(void *p, size_t n) {
    shn_doc **docs = p;
    for (size_t i = 0; i < n; i++) shn__doc_free(docs[i]);
    free(docs);
}

static void free_rule_box(void *p, size_t n) {
    (void)n;
    shn__rule_free(p);
}


/* ---- loading a pack --------------------------------------------------------------------------------- */

typedef struct {
    shn_lua *h;
    const shn_pack *pack;
    shn_vec *rules;
    shn_diags *diags;
    size_t loaded;
    const char *cur_file;       /* the rule file being loaded, relative to the pack folder */
    size_t limited;             /* rule files that hit a resource limit while loading */
} load_t;

static void free_buf_box(void *p, size_t n) {
    (void)n;
    free(p);
}

static void diag_from_error(load_t *job, const char *path, const char *prefix, const errinfo *ei) {
    const char *file = ei->file[0] ? ei->file : path;
    /* Chunk names are "<pack>/<file>"; a loading error names the file as the author can open it. */
    size_t pl = strlen(job->pack->name);
    char *real = strncmp(file, job->pack->name, pl) == 0 && file[pl] == '/'
                     ? shn__printf("%s/%s", job->pack->dir, file + pl + 1) : NULL;
    shn__diag_add(job->diags, real ? real : file, ei->line, 0, SHN_SEV_ERROR, NULL, "%s: %s", prefix, ei->msg);
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
        box *b = shn__lua_box_new(L, free_buf_box);
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
        shn__lua_box_free_now(b);
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
            shn__lua_push_node(L, root->items[2 * k + 1], seen, 0);
            lua_rawset(L, lex);
            lua_pushlstring(L, key->value, key->len);
            lua_pushstring(L, path);
            lua_rawset(L, origin);
        }
        shn__lua_box_free_now(b);
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
    box *b = shn__lua_box_new(L, free_rule_box);
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
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_RULES);
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
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_MADE);
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
        if (lua_type(L, v) == LUA_TTABLE && !shn__lua_is_proxy(L, v)) {
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
    box *b = shn__lua_box_new(L, free_buf_box);
    shn_error err = {0};
    size_t len = 0;
    char *buf = NULL;
    if (shn__read_file(path, SRC_MAX_BYTES, &buf, &len, &err) != SHN_OK) {
        shn__diag_add_error(job->diags, &err, SHN_SEV_ERROR);
        lua_settop(L, top);
        return;
    }
    b->p = buf;
    shn__lua_err_begin(h);
    int st = luaL_loadbufferx(L, buf, len, chunk, "t");
    shn__lua_box_free_now(b);
    if (st != LUA_OK) {
        errinfo ei;
        if (st == LUA_ERRSYNTAX) shn__lua_err_syntax(L, chunk);
        shn__lua_err_get(h, st, &ei);
        diag_from_error(job, path,
                        st == LUA_ERRSYNTAX ? "Luaの構文エラー (Lua syntax error)"
                                            : "ルールファイルを読み込めません (rule file could not be loaded)",
                        &ei);
        lua_settop(L, top);
        return;
    }
    shn__lua_push_env(L, p->name, p->dir, path, 1);
    lua_setupvalue(L, -2, 1);
    lua_pushcfunction(L, shn__lua_msgh);
    lua_insert(L, -2);
    int hidx = lua_gettop(L) - 1;
    shn__lua_budget_start(h);
    st = lua_pcall(L, 0, 1, hidx);
    if (st != LUA_OK) {
        errinfo ei;
        shn__lua_err_get(h, st, &ei);
        shn__lua_budget_stop(h);
        int limit = ei.kind != SHN_LE_RUNTIME && ei.kind != SHN_LE_SYNTAX;
        job->limited += limit;
        diag_from_error(job, path,
                        limit ? "ルールファイルの読み込みが資源の上限に達しました (rule file hit a resource limit while loading)"
                              : "ルールファイルを読み込めません (rule file could not be loaded)",
                        &ei);
        lua_settop(L, top);
        lua_gc(L, LUA_GCCOLLECT, 0);
        return;
    }
    shn__lua_budget_stop(h);
    register_returned(L, job, -1, path);
    lua_settop(L, top);
}

static int load_impl(lua_State *L) {
    load_t *job = lua_touserdata(L, 1);
    const shn_pack *p = job->pack;
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_PACKS);
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
    shn__lua_push_frozen(L, -1);
    lua_setfield(L, P, "lexicon");
    lua_pop(L, 1);
    lua_pushvalue(L, P);
    lua_setfield(L, packs, p->name);
    for (size_t i = 0; i < p->n_rule_files; i++) {
        job->cur_file = p->rule_files[i];
        load_rule_file(L, job, i);
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, K_RULES);
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
    load_t job = {h, pack, rules, diags, 0, NULL, 0};
    size_t before = diags ? diags->items.n : 0;
    shn__lua_err_begin(h);
    int st = shn__lua_pcall_host(h, load_impl, &job);
    shn__lua_budget_stop(h);
    if (st != LUA_OK) {
        errinfo ei;
        shn__lua_err_get(h, st, &ei);
        shn__diag_add(diags, pack->dir, 0, 0, SHN_SEV_ERROR, NULL, "パックを読み込めません (pack could not be loaded): %s",
                      ei.msg);
        lua_settop(L, top);
        lua_gc(L, LUA_GCCOLLECT, 0);
        return st == LUA_ERRMEM ? SHN_E_LIMIT : SHN_E_RULE_SYNTAX;
    }
    lua_settop(L, top);
    if (pack->n_rule_files && job.loaded == 0 && !job.limited) return SHN_E_RULE_SYNTAX;
    /* only rule files that hit a limit: the pack runs without them, and the run is incomplete (exit 3) */
    if (job.limited && diags && diags->items.n - before == job.limited) return SHN_E_LIMIT;
    if (pack->n_rule_files && job.loaded == 0) return SHN_E_RULE_SYNTAX;
    return SHN_OK;
}
