/* lexicon_lint.c — see lexicon_lint.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lexicon_lint.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "util.h"

typedef struct { const char *path; int shadows; shn_diags *diags; size_t added; } lint_t;

static pcre2_code *compile(const shn_node *pat, int *errcode, PCRE2_SIZE *erroff) {
    return pcre2_compile((PCRE2_SPTR)pat->value, pat->len, PCRE2_UTF | PCRE2_UCP, errcode, erroff, NULL);
}

/* The pattern node of an entry `{re: …}`, or NULL for a literal / anything else. */
static const shn_node *entry_re(const shn_node *e) {
    const shn_node *re = e && e->type == SHN_NODE_MAP ? shn__map_get(e, "re") : NULL;
    return re && re->type == SHN_NODE_SCALAR ? re : NULL;
}

static void check_patterns(lint_t *c, const shn_node *n, unsigned depth) {
    if (!n || depth > 32) return;
    const shn_node *re = entry_re(n);
    if (re) {
        int code;
        PCRE2_SIZE off;
        pcre2_code *rx = compile(re, &code, &off);
        if (!rx) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(code, msg, sizeof msg);
            size_t cp = shn__utf8_len(re->value, off < re->len ? off : re->len);
            shn__diag_add(c->diags, c->path, re->start.line, re->start.column, SHN_SEV_ERROR, NULL,
                          "正規表現の誤り (regular expression does not compile): %s at offset %zu: %s", (char *)msg,
                          cp, re->value);
            c->added++;
        }
        pcre2_code_free(rx);
        return;
    }
    if (n->type == SHN_NODE_SEQ)
        for (size_t i = 0; i < n->n; i++) check_patterns(c, n->items[i], depth + 1);
    else if (n->type == SHN_NODE_MAP)
        for (size_t i = 0; i < n->n; i++) check_patterns(c, n->items[2 * i + 1], depth + 1);
}

/* Does exception entry `x` match inside the literal `t`? */
static int covers(const shn_node *x, const shn_node *t) {
    if (x->type == SHN_NODE_SCALAR) return x->len && strstr(t->value, x->value) != NULL;
    const shn_node *re = entry_re(x);
    if (!re) return 0;
    int code;
    PCRE2_SIZE off;
    pcre2_code *rx = compile(re, &code, &off);
    if (!rx) return 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(rx, NULL);
    int rc = md ? pcre2_match(rx, (PCRE2_SPTR)t->value, t->len, 0, 0, md, NULL) : -1;
    pcre2_match_data_free(md);
    pcre2_code_free(rx);
    return rc >= 0;
}

/* Entries of a list, or of every list in a map of named lists, into `out`. */
static void entries(const shn_node *g, shn_vec *out, unsigned depth) {
    if (!g || depth > 4) return;
    if (g->type == SHN_NODE_SEQ)
        for (size_t i = 0; i < g->n; i++) shn__vec_push(out, g->items[i]);
    else if (g->type == SHN_NODE_MAP && !entry_re(g))
        for (size_t i = 0; i < g->n; i++) entries(g->items[2 * i + 1], out, depth + 1);
}

static void check_shadows(lint_t *c, const char *section, const shn_node *sec) {
    shn_vec trig = {0}, exc = {0};
    entries(shn__map_get(sec, "triggers"), &trig, 0);
    entries(shn__map_get(sec, "exceptions"), &exc, 0);
    for (size_t i = 0; i < trig.n; i++) {
        const shn_node *t = trig.items[i];
        if (t->type != SHN_NODE_SCALAR) continue;   /* a pattern trigger may match more than the exception */
        for (size_t k = 0; k < exc.n; k++) {
            if (!covers(exc.items[k], t)) continue;
            const shn_node *x = exc.items[k];
            const char *xs = x->type == SHN_NODE_SCALAR ? x->value : entry_re(x)->value;
            shn__diag_add(c->diags, c->path, t->start.line, t->start.column, SHN_SEV_WARNING, NULL,
                          "辞書のトリガーが例外に常に覆われ、一致しません (lexicon trigger can never fire: exception 「%s」 "
                          "covers every occurrence): %s.triggers 「%s」", xs, section, t->value);
            c->added++;
            break;
        }
    }
    shn__vec_free(&trig);
    shn__vec_free(&exc);
}

size_t shn__lexicon_lint(const shn_pack *p, int shadows, shn_diags *diags) {
    size_t added = 0;
    for (size_t i = 0; i < p->n_lexicon_files; i++) {
        char *path = shn__printf("%s/%s", p->dir, p->lexicon_files[i]);
        char *buf = NULL;
        size_t len = 0;
        shn_doc **docs = NULL;
        size_t nd = 0;
        /* Unreadable or malformed files are reported by the loader of the pack; nothing to add here. */
        if (path && shn__read_file(path, (size_t)16 << 20, &buf, &len, NULL) == SHN_OK &&
            shn__yaml_load(path, buf, len, NULL, &docs, &nd, NULL) == SHN_OK && nd) {
            lint_t c = {path, shadows, diags, 0};
            const shn_node *root = docs[0]->root;
            check_patterns(&c, root, 0);
            if (shadows && root && root->type == SHN_NODE_MAP)
                for (size_t k = 0; k < root->n; k++)
                    if (root->items[2 * k]->type == SHN_NODE_SCALAR)
                        check_shadows(&c, root->items[2 * k]->value, root->items[2 * k + 1]);
            added += c.added;
        }
        for (size_t k = 0; k < nd; k++) shn__doc_free(docs[k]);
        free(docs);
        free(buf);
        free(path);
    }
    return added;
}
