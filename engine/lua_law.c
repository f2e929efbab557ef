/* lua_law.c — the law view of unit.law (see lua_law.h). Units of a law come in document order: law.article
 * then its sentences paragraph by paragraph, so one pass groups them. The view is a handful of parallel arrays,
 * not a table per sentence, so that building and freezing it costs little next to checking the law. */
#include "lua_law.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include "kanji.h"
#include "util.h"

static int same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

enum { A_PROV, A_NUM, A_CAPTION, A_CITE, A_PARA, A_NPARA, P_ART, P_NUM, P_TEXT, P_CITE, P_ADDR, P_SEN, P_NSEN,
       S_TEXT, S_FN, S_ITEM, S_NUM, N_ARRAYS };
static const char *const names[N_ARRAYS] = {
    "art_provision", "art_num", "art_caption", "art_citation", "art_para", "art_npara", "para_art", "para_num",
    "para_text", "para_citation", "para_address", "para_sen", "para_nsen", "sen_text", "sen_function", "sen_item",
    "sen_num"};

/* arrays[k][i] = s ("" when NULL) */
static void put_s(lua_State *L, int base, int k, lua_Integer i, const char *s) {
    lua_pushstring(L, s ? s : "");
    lua_rawseti(L, base + k, i);
}
static void put_i(lua_State *L, int base, int k, lua_Integer i, lua_Integer v) {
    lua_pushinteger(L, v);
    lua_rawseti(L, base + k, i);
}

void shn__lua_push_law(lua_State *L, const shn_unit_set *set) {
    luaL_checkstack(L, N_ARRAYS + 8, "law view");
    lua_createtable(L, 0, N_ARRAYS + 4);
    int T = lua_gettop(L);
    int base = T + 1;
    for (int k = 0; k < N_ARRAYS; k++) lua_newtable(L);
    lua_Integer na = 0, np = 0, ns = 0;
    const char *prov = NULL, *art = NULL, *para = NULL;
    int open_art = 0, open_para = 0;
    char *prefix = NULL;                /* the open article's citation (「附則第三条」), malloc'd */
    for (size_t i = 0; set && i < set->n; i++) {
        const shn_unit *u = set->items[i];
        if (i == 0) {
            lua_pushstring(L, u->addr.law_id ? u->addr.law_id : "");
            lua_setfield(L, T, "law_id");
            lua_pushstring(L, u->file ? u->file : "");
            lua_setfield(L, T, "file");
            lua_pushstring(L, shn__unit_ctx(u, "law_title") ? shn__unit_ctx(u, "law_title") : "");
            lua_setfield(L, T, "title");
        }
        int is_art = strcmp(u->kind, "law.article") == 0;
        if (!is_art && (strcmp(u->kind, "law.sentence") != 0 || u->addr.table)) continue;
        if (is_art || !open_art || !same(prov, u->addr.provision) || !same(art, u->addr.article)) {
            /* a new article (or the paragraphs of a 項建て provision, or sentences whose article was not seen) */
            prov = u->addr.provision;
            art = u->addr.article;
            para = NULL;
            open_para = 0;
            free(prefix);
            if (is_art) {
                prefix = shn__strdup(u->citation ? u->citation : "");
            } else {
                const char *p = u->addr.provision && strncmp(u->addr.provision, "suppl", 5) == 0 ? "附則" : "";
                char *c = u->addr.article ? shn__num_to_kanji_cite(u->addr.article, "条") : NULL;
                prefix = shn__printf("%s%s", p, c ? c : "");
                free(c);
            }
            na++;
            put_s(L, base, A_PROV, na, prov ? prov : "main");
            put_s(L, base, A_NUM, na, art);
            put_s(L, base, A_CAPTION, na, shn__unit_ctx(u, "article_caption"));
            put_s(L, base, A_CITE, na, prefix);
            put_i(L, base, A_PARA, na, np + 1);
            put_i(L, base, A_NPARA, na, 0);
            open_art = 1;
            if (is_art) continue;
        }
        if (!open_para || !same(para, u->addr.paragraph)) {
            para = u->addr.paragraph;
            np++;
            put_i(L, base, P_ART, np, na);
            put_s(L, base, P_NUM, np, para);
            put_s(L, base, P_TEXT, np, shn__unit_ctx(u, "paragraph_text"));
            char *pc = para ? shn__num_to_kanji_cite(para, "項") : NULL;
            char *cite = shn__printf("%s%s", prefix ? prefix : "", pc ? pc : "");
            put_s(L, base, P_CITE, np, cite);
            free(cite);
            free(pc);
            char *addr = shn__printf("%s#%s:%s:%s::", u->addr.law_id ? u->addr.law_id : (u->file ? u->file : ""),
                                     prov ? prov : "", art ? art : "", para ? para : "");
            put_s(L, base, P_ADDR, np, addr);
            free(addr);
            put_i(L, base, P_SEN, np, ns + 1);
            put_i(L, base, P_NSEN, np, 0);
            lua_rawgeti(L, base + A_NPARA, na);
            put_i(L, base, A_NPARA, na, lua_tointeger(L, -1) + 1);
            lua_pop(L, 1);
            open_para = 1;
        }
        ns++;
        lua_pushstring(L, u->text ? u->text : "");
        lua_rawseti(L, base + S_TEXT, ns);
        const char *fn = shn__unit_ctx(u, "function");
        put_s(L, base, S_FN, ns, fn ? fn : "main");
        put_s(L, base, S_ITEM, ns, u->addr.item);
        put_i(L, base, S_NUM, ns, (lua_Integer)u->addr.sentence);
        lua_rawgeti(L, base + P_NSEN, np);
        put_i(L, base, P_NSEN, np, lua_tointeger(L, -1) + 1);
        lua_pop(L, 1);
    }
    free(prefix);
    for (int k = N_ARRAYS - 1; k >= 0; k--) lua_setfield(L, T, names[k]);
    lua_settop(L, T);
}
