/* lua_xref.c — core.parse_refs(s): the references written in one law sentence (see lua_xref.h), the scanning
 * half of stdlib/shinsa/xref.lua's `parse`, in C because a law's cross-reference index parses every sentence
 * of its 準用 paragraphs and that was the largest part of the rules' time on the statute archive.
 *
 * The result is exactly what the Lua code it replaced returned, field by field (start, end, text, part,
 * provision, article, article_rel, article_n, paragraph, paragraph_rel, paragraph_n, item, item_rel, bstart,
 * bend, external, range_from), including two quirks kept so that judgement stays the same: a branch number
 * holding a byte of 「の」 (「第五条の十」: 十 ends in 0x81) made the article unreadable (nil), and a paragraph
 * numeral that is not a number reads "nil". */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lua_xref.h"

#include <lauxlib.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kanji.h"
#include "lua_core.h"
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

typedef struct {
    pcre2_code *ref, *join;
    pcre2_match_context *mctx;
    pcre2_match_data *md, *md_join;
} xref_state;

static void xs_free(xref_state *xs) {
    if (xs->md) pcre2_match_data_free(xs->md);
    if (xs->md_join) pcre2_match_data_free(xs->md_join);
    if (xs->mctx) pcre2_match_context_free(xs->mctx);
    if (xs->ref) pcre2_code_free(xs->ref);
    if (xs->join) pcre2_code_free(xs->join);
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
    xs->mctx = pcre2_match_context_create(NULL);
    if (xs->ref) xs->md = pcre2_match_data_create_from_pattern(xs->ref, NULL);
    if (xs->join) xs->md_join = pcre2_match_data_create_from_pattern(xs->join, NULL);
    if (!xs->ref || !xs->join || !xs->mctx || !xs->md || !xs->md_join) {
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
 * branches are split as Lua's gmatch("の([^の]+)") splits them: by bytes, a 「の」 then a run of bytes none of
 * which is one of 「の」's three (so 「の十」 yields a cut character, which is no number). */
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
    while (b && i < bn) {
        if (i + 3 <= bn && memcmp(b + i, NO, 3) == 0) {
            size_t j = i + 3;
            while (j < bn && b[j] != NO[0] && b[j] != NO[1] && b[j] != NO[2]) j++;
            if (j > i + 3) {
                long x = kanji_value(b + i + 3, j - i - 3);
                if (x < 0) return 0;
                w = snprintf(out + used, outn - used, "_%ld", x);
                if (w < 0 || (size_t)w >= outn - used) return 0;
                used += (size_t)w;
                i = j;
                continue;
            }
        }
        i++;
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

int shn__lua_xref_parse(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_newtable(L);
    int out = lua_gettop(L);
    if (len == 0) return 1;
    if (!has(s, len, "第") && !has(s, len, "前") && !has(s, len, "次") && !has(s, len, "同") && !has(s, len, "各"))
        return 1;
    size_t bad;
    if (!shn__utf8_valid(s, len, &bad))
        return luaL_argerror(L, 1, lua_pushfstring(L, "UTF-8 として不正です (invalid UTF-8 at byte %d)", (int)bad));
    shn__lua_core_charge(L, SHN_WORK_MATCH * len);
    xref_state *xs = xs_get(L);

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
    lua_Integer nout = 0;
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
                            r.range_from = nout;
                            r.has_range_from = 1;
                        }
                    } else if (!ends_with_any(before, nbefore, THIS_LAW_ENDS) &&
                               ends_with_any(before, nbefore, EXTERNAL_ENDS)) {
                        r.external = 1;
                    }
                    push_ref(L, &r);
                    lua_rawseti(L, out, ++nout);
                    prev_r = r;
                    if (prev_r.article) prev_r.article = prev_r.article_buf;
                    if (prev_r.paragraph) prev_r.paragraph = prev_r.paragraph_buf;
                    if (prev_r.item) prev_r.item = prev_r.item_buf;
                    have_prev = 1;
                }
            }
        }
        if (next > len) break;
        pos = next;
        cpos = next_cp;
    }
    lua_settop(L, out);
    return 1;
}
