/* lua_xref.c — core.parse_refs(s): the references written in one law sentence (see lua_xref.h), the scanning
 * half of stdlib/shinsa/xref.lua's `parse`, in C because a law's cross-reference index parses every sentence
 * of its 準用 paragraphs and that was the largest part of the rules' time on the statute archive.
 *
 * The result is exactly what the Lua code it replaced returned, field by field (start, end, text, part,
 * provision, article, article_rel, article_n, paragraph, paragraph_rel, paragraph_n, item, item_rel, bstart,
 * bend, external, range_from), including one quirk kept so that judgement stays the same: a paragraph numeral
 * that is not a number reads "nil". (The other quirk of the Lua code, a branch number holding a byte of 「の」
 * (「第五条の十」) read as no article, is fixed: num_of cuts at 「の」 as a character.) */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lua_xref.h"

#include <lauxlib.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kanji.h"
#include "lua_core.h"
#include "lua_host_int.h"
#include "util.h"

#define N "[〇一二三四五六七八九十百千]+"
/* One reference: an article part, a paragraph part, an item part (each optional, at least one) and a part of
 * the paragraph (前段, ただし書…). Captures, in order:
 *  1 附則  2 article N  3 branches (のN…)  4 前|次|同 (条)  5 前N条  6 前各 (条)
 *  7 paragraph N  8 前|次|同 (項)  9 前N項  10 前各|各 (項)
 *  11 item N  12 branches  13 前|次|同 (号)  14 前各|各 (号)  15 part */
static const char REF_RE[] =
    "(?=[附第前次同各])(附則)?(?:第(" N ")条((?:の" N ")*)|(前|次|同)条|前(" N ")条|(前各)条)?(?:第(" N
    ")項|(前|次|同)項|前(" N ")項|(前各|各)項)?(?:第(" N ")号((?:の" N ")*)|(前|次|同)号|(前各|各)号)?"
    "(前段|後段|ただし書|本文|柱書き?)?";
#undef N
/* What may stand between two references of one list (「第三条第二項及び第四項」, 「第五条から第七条まで」). */
static const char JOIN_RE[] = "^(まで)?(、|及び|並びに|又は|若しくは|から|並びに|ならびに|または)+$";

/* Text just before a reference into another law (a law's name or number); 「この法律」 and the like are this law. */
static const char *const LAWNUM_ENDS[] = {"法律", "政令", "省令", "府令", "規則", "勅令", "告示", "条例", "訓令",
                                          "達", "布告", NULL};
static const char *const EXTERNAL_ENDS[] = {"法", "法律", "令", "規則", "規程", "条約", "協定", "）", ")", NULL};
static const char *const THIS_LAW_ENDS[] = {"この法律", "この法", "この政令", "この府令", "この省令", "この規則",
                                            "この命令", "この令", "本法律", "本法", "本政令", "本府令", "本省令",
                                            "本規則", "本命令", "本令", NULL};

#define XS_MT "shinsa.xref.state"
static const char xs_key = 'x';

/* The patterns of the relation of a reference (see `relations` below; as in xref.lua before they moved here). */
enum { R_APPLY, R_FORM_B, R_SW_TO, R_SW_APPLIES, R_CASE, N_REL };
static const char *const REL_RE[N_REL] = {
    "準用(する|ス|し、)[^。]{0,10}(。|$)|準用する。",
    "については、[^。]*の規定を(?:[^。]*読み替えて)?準用",
    "の規定(?:は|も)、?",
    "について(?:は)?、",
    "^(?:前項|前条|同項|第[^、。]{1,12}項)(?:[^、。]{0,20})?の場合において",
};

typedef struct {
    pcre2_code *ref, *join, *rel[N_REL];
    pcre2_match_context *mctx;
    pcre2_match_data *md, *md_join, *md_rel;
} xref_state;

static void xs_free(xref_state *xs) {
    if (xs->md) pcre2_match_data_free(xs->md);
    if (xs->md_join) pcre2_match_data_free(xs->md_join);
    if (xs->md_rel) pcre2_match_data_free(xs->md_rel);
    if (xs->mctx) pcre2_match_context_free(xs->mctx);
    if (xs->ref) pcre2_code_free(xs->ref);
    if (xs->join) pcre2_code_free(xs->join);
    for (int i = 0; i < N_REL; i++)
        if (xs->rel[i]) pcre2_code_free(xs->rel[i]);
    memset(xs, 0, sizeof *xs);
}

static int xs_gc(lua_State *L) {
    xs_free(luaL_checkudata(L, 1, XS_MT));
    return 0;
}

static pcre2_code *compile(const char *pat) {
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &errcode, &erroff,
                                  NULL);
    if (c) (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    return c;
}

/* The compiled patterns of this state, made on first use and kept in the registry (freed with the state). */
static xref_state *xs_get(lua_State *L) {
    int created = 0;
    xref_state *xs = shn__lua_state_block(L, &xs_key, sizeof *xs, 0, XS_MT, xs_gc, &created);
    if (!created) {
        lua_pop(L, 1);
        return xs;
    }
    xs->ref = compile(REF_RE);
    xs->join = compile(JOIN_RE);
    int rel_ok = 1;
    for (int i = 0; i < N_REL; i++) rel_ok &= (xs->rel[i] = compile(REL_RE[i])) != NULL;
    xs->mctx = pcre2_match_context_create(NULL);
    if (xs->ref) xs->md = pcre2_match_data_create_from_pattern(xs->ref, NULL);
    if (xs->join) xs->md_join = pcre2_match_data_create_from_pattern(xs->join, NULL);
    xs->md_rel = pcre2_match_data_create(4, NULL);
    if (!xs->ref || !xs->join || !rel_ok || !xs->mctx || !xs->md || !xs->md_join || !xs->md_rel) {
        xs_free(xs);
        luaL_error(L, "参照の解析を準備できません (cannot prepare the reference parser)");
    }
    pcre2_set_match_limit(xs->mctx, 10000000);
    pcre2_set_depth_limit(xs->mctx, 100000);
    pcre2_set_heap_limit(xs->mctx, 16384);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &xs_key);   /* pops it: the registry keeps it alive */
    return xs;
}

static int match(lua_State *L, const pcre2_code *code, pcre2_match_data *md, pcre2_match_context *mctx,
                 const char *s, size_t len, size_t from) {
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, from, PCRE2_NO_UTF_CHECK, md, mctx);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(rc, msg, sizeof msg) < 0) strcpy((char *)msg, "unknown error");
        luaL_error(L, "正規表現の照合に失敗しました (regex match failed): %s", (const char *)msg);
    }
    return 1;
}

static size_t char_len(unsigned char c) { return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4; }

static int has(const char *s, size_t n, const char *lit) {
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, lit, k) == 0) return 1;
    return 0;
}

/* Whether s[0..n) ends with one of the strings of the NULL-terminated list. */
static int ends_with_any(const char *s, size_t n, const char *const *list) {
    for (; *list; list++) {
        size_t k = strlen(*list);
        if (n >= k && memcmp(s + n - k, *list, k) == 0) return 1;
    }
    return 0;
}

/* law.kanji_to_int of s[0..n): the numeral's value, or -1 (not a numeral, empty, or not UTF-8). */
static long kanji_value(const char *s, size_t n) {
    char buf[128];
    size_t bad;
    if (n == 0 || !shn__utf8_valid(s, n, &bad) || memchr(s, '\0', n)) return -1;
    char *b = n < sizeof buf ? buf : malloc(n + 1);
    if (!b) return -1;
    memcpy(b, s, n);
    b[n] = '\0';
    long v = shn__kanji_to_int(b);
    if (b != buf) free(b);
    return v;
}

/* One capture: its span, or absent (unset or empty, which the Lua code treated alike). */
typedef struct { const char *p; size_t n; } cap;

/* num_of: "5" or "5_2_3" from a numeral and its branches 「の二の三」, or 0 when a part is not a number. The
 * branches capture is a run of 「の」 + numeral (REF_RE), so it is cut at each 「の」 as a whole character: 「の十」
 * is the branch 10 (十 is e5 8d 81 and 「の」 e3 81 ae: a cut at any byte of 「の」, as the Lua parser this replaced
 * made, split 十 and left 「第五条の十」 unreadable). */
static int num_of(cap k, cap branches, char *out, size_t outn) {
    const char *b = branches.p;
    size_t bn = branches.n;
    long v = kanji_value(k.p, k.n);
    if (v < 0) return 0;
    int w = snprintf(out, outn, "%ld", v);
    if (w < 0 || (size_t)w >= outn) return 0;
    size_t used = (size_t)w;
    static const char NO[] = "\xe3\x81\xae";   /* の */
    size_t i = 0;
    while (b && i + 3 <= bn && memcmp(b + i, NO, 3) == 0) {
        size_t j = i + 3;
        while (j < bn && !(j + 3 <= bn && memcmp(b + j, NO, 3) == 0)) j += char_len((unsigned char)b[j]);
        if (j > bn) j = bn;
        if (j == i + 3) return 0;
        long x = kanji_value(b + i + 3, j - i - 3);
        if (x < 0) return 0;
        w = snprintf(out + used, outn - used, "_%ld", x);
        if (w < 0 || (size_t)w >= outn - used) return 0;
        used += (size_t)w;
        i = j;
    }
    return 1;
}

/* The parts of one reference the Lua table is made of. */
typedef struct {
    lua_Integer start, end, bstart, bend, article_n, paragraph_n, range_from;
    int has_article_n, has_paragraph_n, has_range_from, external, suppl;
    const char *article, *article_rel, *paragraph, *paragraph_rel, *item, *item_rel;
    char article_buf[64], paragraph_buf[32], item_buf[64];
    cap text, part;
} ref;

static const char *rel_of(cap c) {
    return c.n == 3 && memcmp(c.p, "前", 3) == 0 ? "prev" : c.n == 3 && memcmp(c.p, "次", 3) == 0 ? "next" : "same";
}

/* Push the table of r (only the fields the Lua code set). */
static void push_ref(lua_State *L, const ref *r) {
    lua_createtable(L, 0, 12);
    lua_pushinteger(L, r->start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, r->end);
    lua_setfield(L, -2, "end");
    lua_pushlstring(L, r->text.p, r->text.n);
    lua_setfield(L, -2, "text");
#define PUT_S(f)                    \
    if (r->f) {                     \
        lua_pushstring(L, r->f);    \
        lua_setfield(L, -2, #f);    \
    }
    if (r->part.p) {
        lua_pushlstring(L, r->part.p, r->part.n);
        lua_setfield(L, -2, "part");
    }
    if (r->suppl) {
        lua_pushliteral(L, "suppl");
        lua_setfield(L, -2, "provision");
    }
    PUT_S(article)
    PUT_S(article_rel)
    if (r->has_article_n) {
        lua_pushinteger(L, r->article_n);
        lua_setfield(L, -2, "article_n");
    }
    PUT_S(paragraph)
    PUT_S(paragraph_rel)
    if (r->has_paragraph_n) {
        lua_pushinteger(L, r->paragraph_n);
        lua_setfield(L, -2, "paragraph_n");
    }
    PUT_S(item)
    PUT_S(item_rel)
#undef PUT_S
    lua_pushinteger(L, r->bstart);
    lua_setfield(L, -2, "bstart");
    lua_pushinteger(L, r->bend);
    lua_setfield(L, -2, "bend");
    if (r->external) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "external");
    }
    if (r->has_range_from) {
        lua_pushinteger(L, r->range_from);
        lua_setfield(L, -2, "range_from");
    }
}

/* A reference's own strings are in its buffers: point at them again after the struct was copied. */
static void ref_fix(ref *r) {
    if (r->article) r->article = r->article_buf;
    if (r->paragraph) r->paragraph = r->paragraph_buf;
    if (r->item) r->item = r->item_buf;
}

/* The references of one sentence, in order. The storage is userdata pushed on the stack (collected with the
 * caller's frame), so that an error in between leaks nothing. */
typedef struct {
    ref *v;
    size_t n, cap;
} refvec;

static void refvec_add(lua_State *L, refvec *rv, const ref *r) {
    if (rv->n == rv->cap) {
        size_t ncap = rv->cap ? rv->cap * 2 : 8;
        luaL_checkstack(L, 2, "references");
        ref *nv = lua_newuserdatauv(L, ncap * sizeof *nv, 0);
        if (rv->n) memcpy(nv, rv->v, rv->n * sizeof *nv);
        for (size_t i = 0; i < rv->n; i++) ref_fix(&nv[i]);
        rv->v = nv;
        rv->cap = ncap;
    }
    rv->v[rv->n] = *r;
    ref_fix(&rv->v[rv->n]);
    rv->n++;
}

/* Scan s[0..len) for references into rv. Returns 0, or -1 with *bad set when s is not UTF-8. Leaves its
 * storage on the stack. */
static int parse_into(lua_State *L, xref_state *xs, const char *s, size_t len, refvec *rv, size_t *bad) {
    if (len == 0) return 0;
    if (!has(s, len, "第") && !has(s, len, "前") && !has(s, len, "次") && !has(s, len, "同") && !has(s, len, "各"))
        return 0;
    if (!shn__utf8_valid(s, len, bad)) return -1;
    shn__lua_core_charge(L, SHN_WORK_MATCH * len);

    /* quoted spans 「…」 (nested), as code-point ranges: references inside are replaced text, not references */
    size_t nspans = 0, capspans = 0;
    size_t(*spans)[2] = NULL;
    if (has(s, len, "「")) {
        size_t depth = 0, start = 0, i = 0;
        for (size_t b = 0; b < len; b += char_len((unsigned char)s[b]), i++) {
            int open = b + 3 <= len && memcmp(s + b, "「", 3) == 0, close = b + 3 <= len && memcmp(s + b, "」", 3) == 0;
            int end_span = 0;
            size_t sp0 = 0, sp1 = 0;
            if (open) {
                if (depth == 0) start = i;
                depth++;
            } else if (close && depth > 0) {
                depth--;
                if (depth == 0) { end_span = 1; sp0 = start; sp1 = i + 1; }
            }
            if (end_span) {
                if (nspans == capspans) {
                    capspans = capspans ? capspans * 2 : 8;
                    size_t(*ns)[2] = lua_newuserdatauv(L, capspans * sizeof *spans, 0);   /* collected with the call */
                    if (nspans) memcpy(ns, spans, nspans * sizeof *spans);
                    spans = ns;
                }
                spans[nspans][0] = sp0;
                spans[nspans][1] = sp1;
                nspans++;
            }
        }
        if (depth > 0) {
            if (nspans == capspans) {
                capspans = capspans ? capspans * 2 : 8;
                size_t(*ns)[2] = lua_newuserdatauv(L, capspans * sizeof *spans, 0);
                if (nspans) memcpy(ns, spans, nspans * sizeof *spans);
                spans = ns;
            }
            spans[nspans][0] = start;
            spans[nspans][1] = i;
            nspans++;
        }
    }

    ref prev_r;
    int have_prev = 0;
    size_t pos = 0, cpos = 0;   /* where the next search starts: byte and code point */
    while (pos <= len && match(L, xs->ref, xs->md, xs->mctx, s, len, pos)) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(xs->md);
        size_t so = ov[0], eo = ov[1];
        if (so > eo) so = eo;
        if (so < pos) so = pos;
        if (eo < so) eo = so;
        size_t st = cpos + shn__utf8_len(s + pos, so - pos);
        size_t en = st + shn__utf8_len(s + so, eo - so);
        size_t next = eo, next_cp = en;
        if (eo == so) {
            if (eo >= len) next = len + 1;
            else { next = eo + char_len((unsigned char)s[eo]); next_cp = en + 1; }
        }
        cap c[16];
        for (int i = 1; i <= 15; i++) {
            if (ov[2 * i] == PCRE2_UNSET || ov[2 * i + 1] <= ov[2 * i]) c[i] = (cap){NULL, 0};
            else c[i] = (cap){s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]};
        }
        int quoted = 0;
        for (size_t k = 0; k < nspans; k++)
            if (st >= spans[k][0] && st < spans[k][1]) { quoted = 1; break; }
        if (en > st && !quoted) {
            ref r;
            memset(&r, 0, sizeof r);
            r.start = (lua_Integer)st;
            r.end = (lua_Integer)en;
            r.text = (cap){s + so, eo - so};
            r.part = c[15];
            r.suppl = c[1].p != NULL;
            if (c[2].p) {
                if (num_of(c[2], c[3], r.article_buf, sizeof r.article_buf)) r.article = r.article_buf;
            } else if (c[4].p) {
                r.article_rel = rel_of(c[4]);
            } else if (c[5].p) {
                r.article_rel = "prev_n";
                long v = kanji_value(c[5].p, c[5].n);
                if (v >= 0) { r.article_n = v; r.has_article_n = 1; }
            } else if (c[6].p) {
                r.article_rel = "prev_all";
            }
            if (c[7].p) {
                long v = kanji_value(c[7].p, c[7].n);
                if (v >= 0) snprintf(r.paragraph_buf, sizeof r.paragraph_buf, "%ld", v);
                else strcpy(r.paragraph_buf, "nil");   /* tostring(nil), as before */
                r.paragraph = r.paragraph_buf;
            } else if (c[8].p) {
                r.paragraph_rel = rel_of(c[8]);
            } else if (c[9].p) {
                r.paragraph_rel = "prev_n";
                long v = kanji_value(c[9].p, c[9].n);
                if (v >= 0) { r.paragraph_n = v; r.has_paragraph_n = 1; }
            } else if (c[10].p) {
                r.paragraph_rel = c[10].n == 6 && memcmp(c[10].p, "前各", 6) == 0 ? "prev_all" : "all";
            }
            if (c[11].p) {
                if (num_of(c[11], c[12], r.item_buf, sizeof r.item_buf)) r.item = r.item_buf;
            } else if (c[13].p) {
                r.item_rel = rel_of(c[13]);
            } else if (c[14].p) {
                r.item_rel = c[14].n == 6 && memcmp(c[14].p, "前各", 6) == 0 ? "prev_all" : "all";
            }
            int has_art = r.article || r.article_rel, has_para = r.paragraph || r.paragraph_rel,
                has_item = r.item || r.item_rel;
            int bare_all = !has_art && ((r.paragraph_rel && strcmp(r.paragraph_rel, "all") == 0 && !has_item) ||
                                        (!has_para && r.item_rel && strcmp(r.item_rel, "all") == 0));
            if ((has_art || has_para || has_item) && !bare_all) {
                /* the (up to) twelve code points before the reference */
                size_t k = st < 12 ? st : 12, bb = so;
                while (k > 0 && bb > 0) {
                    bb--;
                    if (((unsigned char)s[bb] & 0xC0) != 0x80) k--;
                }
                const char *before = s + bb;
                size_t nbefore = so - bb;
                r.bstart = (lua_Integer)so + 1;
                r.bend = (lua_Integer)eo + 1;
                /* 「平成五年法律第八十八号」: a law number, not an item */
                if (!(has_item && !has_art && !has_para && ends_with_any(before, nbefore, LAWNUM_ENDS))) {
                    int joined = 0;
                    const char *gap = NULL;
                    size_t ngap = 0;
                    if (have_prev) {
                        size_t g0 = (size_t)prev_r.bend - 1;
                        gap = s + g0;
                        ngap = so > g0 ? so - g0 : 0;
                        joined = ngap == 0 ||
                                 (ngap <= 36 && match(L, xs->join, xs->md_join, xs->mctx, gap, ngap, 0));
                    }
                    if (joined) {
                        /* a list continues the previous reference: 「第三条第二項及び第四項」 */
                        if (!has_art) {
                            r.article = prev_r.article ? (strcpy(r.article_buf, prev_r.article), r.article_buf) : NULL;
                            r.suppl = prev_r.suppl;
                            r.article_rel = prev_r.article_rel;
                            r.article_n = prev_r.article_n;
                            r.has_article_n = prev_r.has_article_n;
                            if (!has_para && has_item) {
                                r.paragraph = prev_r.paragraph
                                                  ? (strcpy(r.paragraph_buf, prev_r.paragraph), r.paragraph_buf)
                                                  : NULL;
                                r.paragraph_rel = prev_r.paragraph_rel;
                                r.paragraph_n = prev_r.paragraph_n;
                                r.has_paragraph_n = prev_r.has_paragraph_n;
                            }
                        }
                        r.external = prev_r.external;
                        if (has(gap, ngap, "から") && eo + 6 <= len && memcmp(s + eo, "まで", 6) == 0) {
                            r.range_from = (lua_Integer)rv->n;
                            r.has_range_from = 1;
                        }
                    } else if (!ends_with_any(before, nbefore, THIS_LAW_ENDS) &&
                               ends_with_any(before, nbefore, EXTERNAL_ENDS)) {
                        r.external = 1;
                    }
                    refvec_add(L, rv, &r);
                    prev_r = r;
                    ref_fix(&prev_r);
                    have_prev = 1;
                }
            }
        }
        if (next > len) break;
        pos = next;
        cpos = next_cp;
    }
    return 0;
}

int shn__lua_xref_parse(lua_State *L) {
    size_t len, bad = 0;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_settop(L, 1);
    lua_newtable(L);
    refvec rv = {NULL, 0, 0};
    xref_state *xs = len ? xs_get(L) : NULL;
    if (len && parse_into(L, xs, s, len, &rv, &bad) < 0)
        return luaL_argerror(L, 1, lua_pushfstring(L, "UTF-8 として不正です (invalid UTF-8 at byte %d)", (int)bad));
    for (size_t i = 0; i < rv.n; i++) {
        push_ref(L, &rv.v[i]);
        lua_rawseti(L, 2, (lua_Integer)i + 1);
    }
    lua_settop(L, 2);
    return 1;
}


/* ---- the law's cross-reference index (core.xref_index, core.xref_para) -------------------------------- */

#define XI_MT "shinsa.xref.index"

/* A copy of what resolving needs of a law view (lua_law.h): articles with their provision, number and
 * paragraphs; paragraphs with their number, article and sentences; the articles of each provision in order.
 * Strings are copied (a view built by a rule may change after); the sentence texts are read from the view's
 * sen_text, kept as user value 1. Indices are the view's (1-based); 0 is none. */
typedef struct {
    int na, np, ns, colon;
    char **aprov, **anum;   /* anum: "" when the article has no number */
    int *apara, *anpara, *apos, *agroup;
    int ngroup, *gfirst, *gcount, *glist;   /* provision groups (by first appearance): their articles in order */
    int *hash, hmask;       /* (provision, number) -> first article, open addressing; 0 is empty */
    char **pnum;            /* "" when none */
    int *part, *psen, *pnsen;
    char *arena;
    size_t arena_used, arena_cap;
} xindex;

static void xi_free(xindex *x) {
    free(x->aprov);
    free(x->anum);
    free(x->apara);
    free(x->anpara);
    free(x->apos);
    free(x->agroup);
    free(x->gfirst);
    free(x->gcount);
    free(x->glist);
    free(x->hash);
    free(x->pnum);
    free(x->part);
    free(x->psen);
    free(x->pnsen);
    free(x->arena);
    memset(x, 0, sizeof *x);
}

static int xi_gc(lua_State *L) {
    xi_free(luaL_checkudata(L, 1, XI_MT));
    return 0;
}

static char *xi_str(lua_State *L, xindex *x, const char *s, size_t n) {
    if (x->arena_used + n + 1 > x->arena_cap) luaL_error(L, "参照索引の内部エラー (xref index arena overflow)");
    char *p = x->arena + x->arena_used;
    memcpy(p, s, n);
    p[n] = '\0';
    x->arena_used += n + 1;
    return p;
}

/* t[i] of the array at stack index `arr` as an integer (nonzero `need`: an error when it is none). */
static lua_Integer xi_int(lua_State *L, int arr, lua_Integer i, const char *what) {
    lua_rawgeti(L, arr, i);
    int ok = 0;
    lua_Integer v = lua_tointegerx(L, -1, &ok);
    lua_pop(L, 1);
    if (!ok) luaL_error(L, "法令ビューの %s[%d] が整数ではありません (law view: %s[%d] is not an integer)", what, (int)i,
                        what, (int)i);
    return v;
}

/* Push the real array law[name] (a read-only proxy's table) and return its length. */
static lua_Integer xi_array(lua_State *L, int law, const char *name) {
    lua_getfield(L, law, name);
    if (lua_type(L, -1) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
    shn__lua_push_real(L, -1);
    lua_remove(L, -2);
    return (lua_Integer)lua_rawlen(L, -1);
}

static int xi_streq(const char *a, const char *b) { return strcmp(a, b) == 0; }

static unsigned xi_hash(const char *prov, const char *num) {
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)prov; *p; p++) h = (h ^ *p) * 16777619u;
    h = (h ^ 1u) * 16777619u;
    for (const unsigned char *p = (const unsigned char *)num; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

/* core.xref_index(law) -> the index of a law view (userdata), for core.xref_para. */
static int l_xref_index(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    enum { A_PROV = 2, A_NUM, A_PARA, A_NPARA, P_ART, P_NUM, P_TEXT, P_SEN, P_NSEN, S_TEXT };
    static const char *const names[] = {"art_provision", "art_num", "art_para", "art_npara", "para_art",
                                        "para_num", "para_text", "para_sen", "para_nsen", "sen_text"};
    luaL_checkstack(L, 16, "xref index");
    lua_Integer len[10];
    for (int k = 0; k < 10; k++) len[k] = xi_array(L, 1, names[k]);
    xindex *x = lua_newuserdatauv(L, sizeof *x, 1);
    memset(x, 0, sizeof *x);
    if (luaL_newmetatable(L, XI_MT)) {
        lua_pushcfunction(L, xi_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    int X = lua_gettop(L);
    lua_pushvalue(L, S_TEXT);
    lua_setiuservalue(L, X, 1);
    if (len[0] > 10000000 || len[6] > 10000000 || len[9] > 100000000) luaL_error(L, "法令ビューが大きすぎます (law view too large)");
    x->na = (int)len[0];
    x->np = (int)len[6];
    x->ns = (int)len[9];
    size_t na1 = (size_t)x->na + 1, np1 = (size_t)x->np + 1;
    /* string bytes first, for the arena */
    size_t bytes = 0;
    for (lua_Integer i = 1; i <= x->na; i++) {
        size_t n = 0;
        lua_rawgeti(L, A_PROV, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "法令ビューの art_provision[%d] が文字列ではありません (law view: art_provision[%d] is not a string)",
                       (int)i, (int)i);
        lua_tolstring(L, -1, &n);
        bytes += n + 1;
        lua_pop(L, 1);
        lua_rawgeti(L, A_NUM, i);
        if (lua_type(L, -1) == LUA_TSTRING) { lua_tolstring(L, -1, &n); bytes += n + 1; } else bytes += 1;
        lua_pop(L, 1);
    }
    for (lua_Integer j = 1; j <= x->np; j++) {
        size_t n = 0;
        lua_rawgeti(L, P_NUM, j);
        if (lua_type(L, -1) == LUA_TSTRING) { lua_tolstring(L, -1, &n); bytes += n + 1; } else bytes += 1;
        lua_pop(L, 1);
    }
    x->arena_cap = bytes + 1;
    x->arena = malloc(x->arena_cap);
    x->aprov = calloc(na1, sizeof *x->aprov);
    x->anum = calloc(na1, sizeof *x->anum);
    x->apara = calloc(na1, sizeof(int));
    x->anpara = calloc(na1, sizeof(int));
    x->apos = calloc(na1, sizeof(int));
    x->agroup = calloc(na1, sizeof(int));
    x->gfirst = calloc(na1, sizeof(int));
    x->gcount = calloc(na1, sizeof(int));
    x->glist = calloc(na1, sizeof(int));
    x->pnum = calloc(np1, sizeof *x->pnum);
    x->part = calloc(np1, sizeof(int));
    x->psen = calloc(np1, sizeof(int));
    x->pnsen = calloc(np1, sizeof(int));
    if (!x->arena || !x->aprov || !x->anum || !x->apara || !x->anpara || !x->apos || !x->agroup || !x->gfirst ||
        !x->gcount || !x->glist || !x->pnum || !x->part || !x->psen || !x->pnsen)
        luaL_error(L, "メモリ不足 (out of memory)");
    for (lua_Integer i = 1; i <= x->na; i++) {
        size_t n = 0;
        const char *v;
        lua_rawgeti(L, A_PROV, i);
        v = lua_tolstring(L, -1, &n);
        x->aprov[i] = xi_str(L, x, v, n);
        lua_pop(L, 1);
        lua_rawgeti(L, A_NUM, i);
        v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : (n = 0, "");
        x->anum[i] = xi_str(L, x, v, n);
        if (memchr(v, ':', n)) x->colon = 1;
        lua_pop(L, 1);
        lua_Integer f = xi_int(L, A_PARA, i, "art_para"), c = xi_int(L, A_NPARA, i, "art_npara");
        if (c < 0 || f < 1 || f + c - 1 > x->np) {
            if (c != 0) luaL_error(L, "法令ビューの art_para[%d] が範囲外です (law view: art_para[%d] out of range)", (int)i, (int)i);
        }
        x->apara[i] = (int)f;
        x->anpara[i] = (int)c;
        /* its provision group (gfirst holds each group's first article for now); provisions are few, and the
         * articles of one come together */
        int g = 0;
        if (i > 1 && xi_streq(x->aprov[i - 1], x->aprov[i])) g = x->agroup[i - 1];
        for (int k = 1; !g && k <= x->ngroup; k++)
            if (xi_streq(x->aprov[x->gfirst[k]], x->aprov[i])) g = k;
        if (!g) {
            g = ++x->ngroup;
            x->gfirst[g] = (int)i;
            x->gcount[g] = 0;
        }
        x->agroup[i] = g;
        x->gcount[g]++;
    }
    /* glist: the articles of group 1, then of group 2, …; gfirst: where each starts */
    {
        int at = 1;
        for (int g = 1; g <= x->ngroup; g++) {
            x->gfirst[g] = at;
            at += x->gcount[g];
            x->gcount[g] = 0;
        }
        for (int i = 1; i <= x->na; i++) {
            int g = x->agroup[i];
            x->glist[x->gfirst[g] + x->gcount[g]] = i;
            x->gcount[g]++;
            x->apos[i] = x->gcount[g];
        }
    }
    for (lua_Integer j = 1; j <= x->np; j++) {
        size_t n = 0;
        const char *v;
        lua_rawgeti(L, P_NUM, j);
        v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : (n = 0, "");
        x->pnum[j] = xi_str(L, x, v, n);
        lua_pop(L, 1);
        lua_Integer a = xi_int(L, P_ART, j, "para_art");
        lua_Integer f = xi_int(L, P_SEN, j, "para_sen"), c = xi_int(L, P_NSEN, j, "para_nsen");
        if (a < 1 || a > x->na || j < x->apara[a] || j >= x->apara[a] + x->anpara[a])
            luaL_error(L, "法令ビューの para_art[%d] が不正です (law view: bad para_art[%d])", (int)j, (int)j);
        if (c < 0 || (c > 0 && (f < 1 || f + c - 1 > x->ns)))
            luaL_error(L, "法令ビューの para_sen[%d] が範囲外です (law view: para_sen[%d] out of range)", (int)j, (int)j);
        x->part[j] = (int)a;
        x->psen[j] = (int)f;
        x->pnsen[j] = (int)c;
    }
    size_t hn = 16;
    while (hn < 2 * na1) hn *= 2;
    x->hash = calloc(hn, sizeof *x->hash);
    if (!x->hash) luaL_error(L, "メモリ不足 (out of memory)");
    x->hmask = (int)(hn - 1);
    for (int i = 1; i <= x->na; i++) {
        unsigned h = xi_hash(x->aprov[i], x->anum[i]) & (unsigned)x->hmask;
        for (;; h = (h + 1) & (unsigned)x->hmask) {
            int k = x->hash[h];
            if (!k) { x->hash[h] = i; break; }
            if (xi_streq(x->aprov[k], x->aprov[i]) && xi_streq(x->anum[k], x->anum[i])) break;   /* keep the first */
        }
    }
    lua_settop(L, X);
    return 1;
}

/* ---- resolving ------------------------------------------------------------------------------------------ */

/* The first article with this provision and number (xref.lua's art_by): compared as the string
 * "provision:number" when some number holds a colon, as xref.lua does then. */
/* The k-th byte of the string p ":" n (pl = strlen(p)). */
static char xi_key_at(const char *p, size_t pl, const char *n, size_t k) { return k < pl ? p[k] : k == pl ? ':' : n[k - pl - 1]; }

static int xi_art_by(const xindex *x, const char *prov, const char *num) {
    if (!x->colon) {
        if (strchr(num, ':')) return 0;   /* xref.lua looked such a number up in a key index it had not built */
        for (unsigned h = xi_hash(prov, num) & (unsigned)x->hmask;; h = (h + 1) & (unsigned)x->hmask) {
            int k = x->hash[h];
            if (!k) return 0;
            if (xi_streq(x->aprov[k], prov) && xi_streq(x->anum[k], num)) return k;
        }
    }
    size_t pl = strlen(prov), nl = strlen(num);
    for (int i = 1; i <= x->na; i++) {
        size_t ap = strlen(x->aprov[i]), an = strlen(x->anum[i]);
        if (ap + an != pl + nl) continue;
        size_t k = 0;
        while (k < pl + 1 + nl && xi_key_at(x->aprov[i], ap, x->anum[i], k) == xi_key_at(prov, pl, num, k)) k++;
        if (k == pl + 1 + nl) return i;
    }
    return 0;
}

/* The article d steps from article a in its provision, or 0. */
static int xi_step(const xindex *x, int a, int d) {
    if (!a) return 0;
    int g = x->agroup[a], p = x->apos[a] + d;
    if (p < 1 || p > x->gcount[g]) return 0;
    return x->glist[x->gfirst[g] + p - 1];
}

/* The first paragraph of article a numbered num, or 0. */
static int xi_para(const xindex *x, int a, const char *num) {
    if (!a || !num || !*num) return 0;
    for (int j = x->apara[a]; j < x->apara[a] + x->anpara[a]; j++)
        if (x->pnum[j][0] && xi_streq(x->pnum[j], num)) return j;
    return 0;
}

/* tonumber(s) as an integer: 1, or 0 when s is no number (or not an integer: such paragraph numbers are not
 * stepped or counted). */
static int xi_tonum(lua_State *L, const char *s, lua_Integer *v) {
    if (!lua_stringtonumber(L, s)) return 0;
    int ok = lua_isinteger(L, -1);
    *v = ok ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    return ok;
}

/* xref.lua's para_num_step: tostring(tonumber(num) + d), or NULL when num is no number or the result is below 1
 * (Lua's own conversions, so that any number reads as it did there). */
static const char *xi_num_step(lua_State *L, const char *num, int d, char *buf, size_t bn) {
    if (!lua_stringtonumber(L, num)) return NULL;
    lua_pushinteger(L, d);
    lua_arith(L, LUA_OPADD);
    lua_pushinteger(L, 1);
    int below = lua_compare(L, -2, -1, LUA_OPLT);
    lua_pop(L, 1);
    if (!below) snprintf(buf, bn, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return below ? NULL : buf;
}

typedef struct { int ai, pj; } tref;

/* Append {ai = a, pj = p, item = item} (pj and item only with a paragraph) to the list at T; the first one
 * appended is kept in *first. */
static void add_target(lua_State *L, int T, int a, int p, const char *item, tref *first) {
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, a);
    lua_setfield(L, -2, "ai");
    if (p) {
        lua_pushinteger(L, p);
        lua_setfield(L, -2, "pj");
        if (item) {
            lua_pushstring(L, item);
            lua_setfield(L, -2, "item");
        }
    }
    lua_rawseti(L, T, (lua_Integer)lua_rawlen(L, T) + 1);
    if (!first->ai) {
        first->ai = a;
        first->pj = p;
    }
}

static int is(const char *a, const char *b) { return a && strcmp(a, b) == 0; }

/* What the previous references of the paragraph named (xref.lua's `last`): for 同条, 同項. */
typedef struct { int art, para, para_art; } lastref;

/* Resolve reference r of a sentence of paragraph P (article A) into targets appended at T (xref.lua's resolve). */
static void resolve(lua_State *L, const xindex *x, const ref *r, int A, int P, const lastref *last, int T,
                    tref *first) {
    if (r->external) return;
    int art_suppl = strncmp(x->aprov[A], "suppl", 5) == 0;
    const char *prov = r->suppl ? "suppl" : art_suppl && r->article ? "main" : x->aprov[A];
    if (r->suppl && art_suppl) prov = x->aprov[A];
    int arts[100], narts = 0;
    const char *arel = r->article_rel, *prel = r->paragraph_rel;
    if (r->article) {
        int a = xi_art_by(x, prov, r->article);
        if (!a) return;
        arts[narts++] = a;
    } else if (is(arel, "prev")) {
        arts[narts++] = xi_step(x, A, -1);
    } else if (is(arel, "next")) {
        arts[narts++] = xi_step(x, A, 1);
    } else if (is(arel, "same")) {
        arts[narts++] = last->art ? last->art : A;
    } else if (is(arel, "prev_n") || is(arel, "prev_all")) {
        lua_Integer k = is(arel, "prev_n") ? (r->has_article_n ? r->article_n : 1) : LUA_MAXINTEGER;
        int a = A, back[100], nb = 0;
        for (int it = 0; it < 100; it++) {
            if (k <= 0) break;
            a = xi_step(x, a, -1);
            if (!a) break;
            back[nb++] = a;
            k--;
        }
        for (int i = nb - 1; i >= 0; i--) arts[narts++] = back[i];   /* document order */
    } else {
        int same = is(prel, "same") || (!r->paragraph && !prel && is(r->item_rel, "same"));
        arts[narts++] = same && last->para_art ? last->para_art : A;
    }
    char buf[64];
    for (int ia = 0; ia < narts; ia++) {
        int a = arts[ia];
        if (!a) continue;
        const char *cur = a == A && x->pnum[P][0] ? x->pnum[P] : NULL;
        const char *pn = NULL;
        int listed = 0;   /* a list of numbers was named (prev_n, prev_all, all): its length */
        int list = 0;
        if (r->paragraph) {
            pn = r->paragraph;
        } else if (is(prel, "prev") && cur) {
            pn = xi_num_step(L, cur, -1, buf, sizeof buf);
        } else if (is(prel, "next") && cur) {
            pn = xi_num_step(L, cur, 1, buf, sizeof buf);
        } else if (is(prel, "same")) {
            pn = last->para && last->para_art == a && x->pnum[last->para][0] ? x->pnum[last->para] : cur;
        } else if ((is(prel, "prev_n") || is(prel, "prev_all")) && cur) {
            list = 1;
            lua_Integer n;
            if (!lua_stringtonumber(L, cur))
                luaL_error(L, "項番号「%s」が数ではありません (paragraph number %s is not a number)", cur, cur);
            lua_pop(L, 1);
            /* a paragraph number that is not an integer (1.5) lists nothing here; e-Gov numbers are integers */
            if (xi_tonum(L, cur, &n)) {
                lua_Integer k = is(prel, "prev_n") ? (r->has_paragraph_n ? r->paragraph_n : 1) : n - 1;
                for (lua_Integer j = n - k > 1 ? n - k : 1; j <= n - 1; j++) {
                    shn__lua_core_charge(L, 64);
                    snprintf(buf, sizeof buf, "%lld", (long long)j);
                    listed++;
                    int p = xi_para(x, a, buf);
                    if (p) add_target(L, T, a, p, r->item, first);
                }
            }
        } else if (is(prel, "all")) {
            list = 1;
            for (int j = x->apara[a]; j < x->apara[a] + x->anpara[a]; j++) {
                if (!x->pnum[j][0]) continue;
                listed++;
                int p = xi_para(x, a, x->pnum[j]);
                if (p) add_target(L, T, a, p, r->item, first);
            }
        } else if (r->item || r->item_rel) {
            pn = a == A && x->pnum[P][0] ? x->pnum[P] : "1";
        }
        if (list && listed > 0) continue;
        if (!list && pn) {
            int p = xi_para(x, a, pn);
            if (p) add_target(L, T, a, p, r->item, first);
        } else {
            add_target(L, T, a, 0, NULL, first);
        }
    }
}

/* xref.lua's relations: the relation of each reference of sentence s (see there). rel[i] gets a static string. */
typedef struct { lua_Integer st; int to; } switch_at;

static int match_from(lua_State *L, xref_state *xs, int which, const char *s, size_t len, size_t from) {
    return match(L, xs->rel[which], xs->md_rel, xs->mctx, s, len, from);
}

static void relations(lua_State *L, xref_state *xs, const char *s, size_t len, const refvec *rv, const char **rel) {
    if (rv->n == 0) return;
    int apply = has(s, len, "準用") && match_from(L, xs, R_APPLY, s, len, 0);
    int reads = has(s, len, "読み替え") || has(s, len, "読替え");
    switch_at *sw = NULL;
    size_t nsw = 0;
    int initial_to = 0;
    if (apply) {
        initial_to = has(s, len, "については、") && match_from(L, xs, R_FORM_B, s, len, 0);
        size_t swcap = len / 9 + 2;   /* a switch is at least three characters */
        sw = lua_newuserdatauv(L, swcap * sizeof *sw, 0);
        /* the matches of both patterns in order of their start (they never start at the same place) */
        size_t pos[2] = {0, 0};
        lua_Integer cpos[2] = {0, 0};
        int done[2] = {0, 0};
        lua_Integer nst[2] = {0, 0};
        size_t nend[2] = {0, 0};
        for (int w = 0; w < 2; w++) {
            int which = w == 0 ? R_SW_TO : R_SW_APPLIES;
            if (pos[w] <= len && match_from(L, xs, which, s, len, pos[w])) {
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(xs->md_rel);
                nst[w] = cpos[w] + (lua_Integer)shn__utf8_len(s + pos[w], ov[0] - pos[w]);
                cpos[w] = nst[w] + (lua_Integer)shn__utf8_len(s + ov[0], ov[1] - ov[0]);
                nend[w] = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            } else {
                done[w] = 1;
            }
        }
        while (!done[0] || !done[1]) {
            int w = done[1] || (!done[0] && nst[0] < nst[1]) ? 0 : 1;
            if (nsw < swcap) sw[nsw++] = (switch_at){nst[w], w == 0};
            pos[w] = nend[w];
            int which = w == 0 ? R_SW_TO : R_SW_APPLIES;
            if (pos[w] <= len && match_from(L, xs, which, s, len, pos[w])) {
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(xs->md_rel);
                nst[w] = cpos[w] + (lua_Integer)shn__utf8_len(s + pos[w], ov[0] - pos[w]);
                cpos[w] = nst[w] + (lua_Integer)shn__utf8_len(s + ov[0], ov[1] - ov[0]);
                nend[w] = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            } else {
                done[w] = 1;
            }
        }
    }
    int is_case = rv->v[0].start == 0 && has(s, len, "の場合において") && match_from(L, xs, R_CASE, s, len, 0);
    int reads_applying = reads && has(s, len, "読み替えて準用");
    for (size_t i = 0; i < rv->n; i++) {
        const ref *r = &rv->v[i];
        const char *k = "cites";
        if (apply) {
            int to = initial_to;
            for (size_t w = 0; w < nsw; w++) {
                if (sw[w].st >= r->end) break;
                to = sw[w].to;
            }
            k = to ? "applies_to" : reads_applying ? "reads" : "applies";
        }
        /* 「…中」 right after the reference (within four characters: 「前段中」, 「後段中」, 「中」) */
        size_t e = (size_t)r->bend - 1;
        int naka = e <= len && ((len - e >= 3 && memcmp(s + e, "中", 3) == 0) ||
                                (len - e >= 9 && (memcmp(s + e, "前段中", 9) == 0 || memcmp(s + e, "後段中", 9) == 0)));
        if (reads && naka) k = "reads";
        else if (is_case && i == 0 && r->start == 0) k = "case";
        rel[i] = k;
    }
}

/* core.xref_para(index, j) -> the references of paragraph j, every sentence of it, resolved within the law:
 * a list of {ref = <as core.parse_refs>, relation, sentence (its position in the paragraph), stext (its text),
 * targets = {{ai = article index, pj = paragraph index or nil, item = item or nil}, …}} (xref.lua's para_refs). */
static int l_xref_para(lua_State *L) {
    xindex *x = luaL_checkudata(L, 1, XI_MT);
    lua_Integer j = luaL_checkinteger(L, 2);
    luaL_argcheck(L, j >= 1 && j <= x->np, 2, "段落の番号が範囲外です (paragraph index out of range)");
    lua_settop(L, 2);
    xref_state *xs = xs_get(L);
    lua_getiuservalue(L, 1, 1);   /* 3: sen_text */
    lua_newtable(L);              /* 4: the result */
    int A = x->part[j], P = (int)j;
    lastref last = {0, 0, 0};
    lua_Integer nout = 0;
    for (int si = 1; si <= x->pnsen[j]; si++) {
        luaL_checkstack(L, 24, "references");
        lua_rawgeti(L, 3, x->psen[j] + si - 1);   /* 5: the sentence */
        size_t len = 0, bad = 0;
        const char *s = lua_type(L, 5) == LUA_TSTRING ? lua_tolstring(L, 5, &len) : NULL;
        refvec rv = {NULL, 0, 0};
        if (s && parse_into(L, xs, s, len, &rv, &bad) < 0)
            luaL_error(L, "UTF-8 として不正です (invalid UTF-8 at byte %d)", (int)bad);
        if (rv.n == 0) {
            lua_settop(L, 4);
            continue;
        }
        const char **rel = lua_newuserdatauv(L, rv.n * sizeof *rel, 0);
        tref *firsts = lua_newuserdatauv(L, rv.n * sizeof *firsts, 0);
        relations(L, xs, s, len, &rv, rel);
        for (size_t i = 0; i < rv.n; i++) {
            const ref *r = &rv.v[i];
            lua_createtable(L, 0, 5);
            int E = lua_gettop(L);
            push_ref(L, r);
            lua_setfield(L, E, "ref");
            lua_pushstring(L, rel[i]);
            lua_setfield(L, E, "relation");
            lua_pushinteger(L, si);
            lua_setfield(L, E, "sentence");
            lua_pushvalue(L, 5);
            lua_setfield(L, E, "stext");
            lua_newtable(L);
            int T = lua_gettop(L);
            tref first = {0, 0};
            resolve(L, x, r, A, P, &last, T, &first);
            /* 「第三条から第五条まで」, 「第二項から第六項まで」: what lies in between */
            if (r->has_range_from && r->range_from >= 1 && (size_t)r->range_from <= i && first.ai && !r->external) {
                tref from = firsts[r->range_from - 1];
                if (from.ai && from.ai != first.ai) {
                    int a = xi_step(x, from.ai, 1);
                    for (int it = 0; it < 200; it++) {
                        if (!a || a == first.ai) break;
                        add_target(L, T, a, 0, NULL, &first);
                        a = xi_step(x, a, 1);
                    }
                } else if (from.ai && from.pj && first.pj) {
                    lua_Integer lo, hi;
                    if (xi_tonum(L, x->pnum[from.pj], &lo) && xi_tonum(L, x->pnum[first.pj], &hi)) {
                        char buf[32];
                        for (lua_Integer k = lo + 1; k <= hi - 1; k++) {
                            shn__lua_core_charge(L, 64);
                            snprintf(buf, sizeof buf, "%lld", (long long)k);
                            int p = xi_para(x, first.ai, buf);
                            if (p) add_target(L, T, first.ai, p, NULL, &first);
                        }
                    }
                }
            }
            firsts[i] = first;
            lua_setfield(L, E, "targets");
            lua_rawseti(L, 4, ++nout);
            /* 同条 names the last article written out (not this article's own 第二項), 同項 the last paragraph */
            if (first.ai) {
                if (r->article || r->article_rel) last.art = first.ai;
                if (first.pj && (r->paragraph || r->paragraph_rel)) {
                    last.para = first.pj;
                    last.para_art = first.ai;
                }
            }
        }
        lua_settop(L, 4);
    }
    return 1;
}

int shn__lua_xref_index(lua_State *L) { return l_xref_index(L); }
int shn__lua_xref_para(lua_State *L) { return l_xref_para(L); }
