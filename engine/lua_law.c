/* lua_law.c — the law view of unit.law (see lua_law.h). Units of a law come in document order: law.article
 * then its sentences paragraph by paragraph, so one pass groups them. */
#include "lua_law.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include "kanji.h"
#include "util.h"

static void set_s(lua_State *L, int t, const char *k, const char *v) {
    if (!v) return;
    t = lua_absindex(L, t);
    lua_pushstring(L, v);
    lua_setfield(L, t, k);
}

static int same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* New article table at the top of the stack, appended to the list at `arts` (an absolute index). */
static void new_article(lua_State *L, int arts, const shn_unit *u, const char *citation) {
    lua_createtable(L, 0, 6);
    set_s(L, -1, "provision", u->addr.provision);
    set_s(L, -1, "num", u->addr.article);
    set_s(L, -1, "caption", shn__unit_ctx(u, "article_caption"));
    set_s(L, -1, "citation", citation);
    lua_newtable(L);
    lua_setfield(L, -2, "paragraphs");
    lua_pushvalue(L, -1);
    lua_rawseti(L, arts, (lua_Integer)lua_rawlen(L, arts) + 1);
}

void shn__lua_push_law(lua_State *L, const shn_unit_set *set) {
    luaL_checkstack(L, 16, "law view");
    lua_createtable(L, 0, 4);
    int T = lua_gettop(L);
    lua_newtable(L);
    int arts = lua_gettop(L);
    const char *prov = NULL, *art = NULL, *para = NULL;
    int open_art = 0, open_para = 0;    /* stack slots of the open article / paragraph (0 = none) */
    char *prefix = NULL;                /* the open article's citation (「附則第三条」), malloc'd */
    for (size_t i = 0; set && i < set->n; i++) {
        const shn_unit *u = set->items[i];
        if (i == 0) {
            set_s(L, T, "law_id", u->addr.law_id);
            set_s(L, T, "file", u->file);
            set_s(L, T, "title", shn__unit_ctx(u, "law_title"));
        }
        if (strcmp(u->kind, "law.article") == 0) {
            lua_settop(L, arts);
            open_art = open_para = 0;
            prov = u->addr.provision;
            art = u->addr.article;
            para = NULL;
            new_article(L, arts, u, u->citation);
            open_art = lua_gettop(L);
            free(prefix);
            prefix = shn__strdup(u->citation ? u->citation : "");
            continue;
        }
        if (strcmp(u->kind, "law.sentence") != 0 || u->addr.table) continue;
        if (!open_art || !same(prov, u->addr.provision) || !same(art, u->addr.article)) {
            /* a 項建て paragraph, or a sentence whose article unit was not seen */
            lua_settop(L, arts);
            prov = u->addr.provision;
            art = u->addr.article;
            para = NULL;
            free(prefix);
            prefix = NULL;
            if (u->addr.article) {
                char *c = shn__num_to_kanji_cite(u->addr.article, "条");
                const char *p = u->addr.provision && strncmp(u->addr.provision, "suppl", 5) == 0 ? "附則" : "";
                prefix = c ? shn__printf("%s%s", p, c) : NULL;
                free(c);
            } else {
                prefix = shn__strdup(u->addr.provision && strncmp(u->addr.provision, "suppl", 5) == 0 ? "附則" : "");
            }
            new_article(L, arts, u, prefix && *prefix ? prefix : NULL);
            open_art = lua_gettop(L);
        }
        if (!open_para || !same(para, u->addr.paragraph)) {
            lua_settop(L, open_art);
            para = u->addr.paragraph;
            lua_getfield(L, open_art, "paragraphs");
            int ps = lua_gettop(L);
            lua_createtable(L, 0, 6);
            set_s(L, -1, "num", u->addr.paragraph);
            set_s(L, -1, "text", shn__unit_ctx(u, "paragraph_text"));
            char *pc = u->addr.paragraph ? shn__num_to_kanji_cite(u->addr.paragraph, "項") : NULL;
            char *cite = shn__printf("%s%s", prefix ? prefix : "", pc ? pc : "");
            if (cite && *cite) set_s(L, -1, "citation", cite);
            free(cite);
            free(pc);
            char *addr = shn__printf("%s#%s:%s:%s::", u->addr.law_id ? u->addr.law_id : (u->file ? u->file : ""),
                                     u->addr.provision ? u->addr.provision : "", art ? art : "",
                                     para ? para : "");
            set_s(L, -1, "address", addr);
            free(addr);
            lua_pushvalue(L, open_art);
            lua_setfield(L, -2, "article");
            lua_newtable(L);
            lua_setfield(L, -2, "sentences");
            lua_pushvalue(L, -1);
            lua_rawseti(L, ps, (lua_Integer)lua_rawlen(L, ps) + 1);
            lua_remove(L, ps);
            open_para = lua_gettop(L);
        }
        lua_getfield(L, open_para, "sentences");
        lua_createtable(L, 0, 6);
        set_s(L, -1, "text", u->text);
        const char *fn = shn__unit_ctx(u, "function");
        set_s(L, -1, "function", fn ? fn : "main");
        set_s(L, -1, "item", u->addr.item);
        if (u->addr.sentence) {
            lua_pushinteger(L, (lua_Integer)u->addr.sentence);
            lua_setfield(L, -2, "sentence");
        }
        set_s(L, -1, "address", u->address_str);
        set_s(L, -1, "citation", u->citation);
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        lua_pop(L, 1);
    }
    free(prefix);
    lua_settop(L, arts);
    lua_setfield(L, T, "articles");
}
