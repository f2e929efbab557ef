/* packtest.c — testing and documenting a rule pack (shn_pack_test, shn_pack_doc, shn_default_pack_dirs).
 *
 * A pack is loaded twice: once into a private probe Lua state, which gives the rules' full metadata (triggers,
 * inline examples) and runs the examples; and once into a public shn_engine holding only that pack, which
 * checks the fixture files exactly as `shinsa check --pack` would check a user's file. */
#define _GNU_SOURCE 1 /* dladdr */
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lua_host.h"
#include "packtest.h"
#include "result_int.h"
#include "rule.h"
#include "shinsa.h"
#include "lexicon_lint.h"
#include "util.h"

#ifndef SHN_SOURCE_DIR
#define SHN_SOURCE_DIR "."
#endif
#ifndef SHN_DATADIR_REL
#define SHN_DATADIR_REL "share/shinsa"
#endif

#define FIXTURE_MAX_BYTES ((size_t)16 << 20)

static shn_status nomem(shn_error *err) { return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)"); }

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rule(const void *a, const void *b) {
    return strcmp((*(shn_rule *const *)a)->id, (*(shn_rule *const *)b)->id);
}

static void free_strs(char **v, size_t n) {
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void shn_pack_dirs_free(char **dirs, size_t n) { free_strs(dirs, n); }

/* Files or folders directly under `dir`, sorted, hidden ones skipped; `want_dirs` selects folders holding a
 * pack.yaml, else policy files (.yaml .yml .json). Missing folder: empty list. */
static shn_status list_dir(const char *dir, int want_dirs, shn_vec *out) {
    DIR *dh = opendir(dir);
    if (!dh) return SHN_OK;
    struct dirent *de;
    shn_status st = SHN_OK;
    size_t dl = strlen(dir);
    const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.') continue;
        char *path = shn__printf("%s%s%s", dir, sep, de->d_name);
        if (!path) { st = SHN_E_NOMEM; break; }
        int keep = 0;
        if (want_dirs) {
            char *manifest = shn__printf("%s/pack.yaml", path);
            if (!manifest) { free(path); st = SHN_E_NOMEM; break; }
            keep = access(manifest, R_OK) == 0;
            free(manifest);
        } else {
            size_t n = strlen(de->d_name);
            static const char *const exts[] = {".yaml", ".yml", ".json"};
            for (size_t i = 0; i < SHN__ARRAY_LEN(exts); i++) {
                size_t k = strlen(exts[i]);
                if (n > k && strcmp(de->d_name + n - k, exts[i]) == 0) keep = 1;
            }
            if (keep && is_dir(path)) keep = 0;
        }
        if (keep && shn__vec_push(out, path) == 0) path = NULL;
        else if (keep) st = SHN_E_NOMEM;
        free(path);
        if (st != SHN_OK) break;
    }
    closedir(dh);
    if (out->n) qsort(out->items, out->n, sizeof(void *), cmp_str);
    return st;
}

shn_status shn_default_pack_dirs(const shn_options *opt, char ***dirs, size_t *n, shn_error *err) {
    *dirs = NULL;
    *n = 0;
    char *root = opt && opt->default_rules_dir ? shn__strdup(opt->default_rules_dir) : shn__data_dir("rules");
    if (!root) return nomem(err);
    shn_vec v = {0};
    shn_status st = list_dir(root, 1, &v);
    free(root);
    if (st != SHN_OK) {
        free_strs((char **)v.items, v.n);
        return nomem(err);
    }
    *dirs = (char **)v.items;
    *n = v.n;
    return SHN_OK;
}

/* ---- expectation comments ------------------------------------------------------------------------------ */

void shn__expect_free(shn_expect *x) {
    if (!x) return;
    free(x->rule);
    free(x);
}

static int is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == '@';
}

/* Parse the ids after "expect:" in [p, end) into `out`. */
static shn_status parse_ids(const char *file, unsigned line, const char *p, const char *end, int negative,
                            shn_vec *out, shn_error *err) {
    int any = 0;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == ',')) p++;
        const char *s = p;
        while (p < end && is_id_char(*p)) p++;
        if (p == s) break;   /* free text after the ids is a comment for humans */
        char *tok = shn__strndup(s, (size_t)(p - s));
        if (!tok) return nomem(err);
        int sev = -1;
        char *at = strchr(tok, '@');
        if (at) {
            *at = '\0';
            sev = shn_severity_parse(at + 1);
            if (sev <= 0 || negative) {
                shn_status st = shn__err(err, SHN_E_PARSE, file, line, 0,
                                         "期待の重大度が不正です (bad severity in expectation): %s",
                                         negative ? "expect-not takes no severity" : at + 1);
                free(tok);
                return st;
            }
        }
        if (!tok[0] || !strchr(tok, '.')) {
            shn_status st = shn__err(err, SHN_E_PARSE, file, line, 0,
                                     "期待のルールIDが不正です (expectation needs a rule id <pack>.<name>): %s", tok);
            free(tok);
            return st;
        }
        shn_expect *x = calloc(1, sizeof *x);
        if (!x || shn__vec_push(out, x)) { free(x); free(tok); return nomem(err); }
        x->rule = tok;
        x->severity = sev;
        x->negative = negative;
        x->line = line;
        any = 1;
    }
    if (!any)
        return shn__err(err, SHN_E_PARSE, file, line, 0, "期待にルールIDがありません (expectation without a rule id)%s",
                        "");
    return SHN_OK;
}

shn_status shn__expect_parse(const char *file, const char *text, shn_vec *out, int *strict, shn_error *err) {
    *strict = 0;
    unsigned line = 1;
    for (const char *p = text; *p; line++) {
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *t = p;
        while (t < end && (*t == ' ' || *t == '\t')) t++;
        if (t < end && *t == '#') {
            /* a comment line: `# strict: true`; expectations are only trailing comments */
            const char *c = t + 1;
            while (c < end && *c == ' ') c++;
            if ((size_t)(end - c) >= 12 && strncmp(c, "strict: true", 12) == 0) *strict = 1;
            if (!eol) break;
            p = eol + 1;
            continue;
        }
        for (const char *h = memchr(p, '#', (size_t)(end - p)); h; h = memchr(h + 1, '#', (size_t)(end - h - 1))) {
            const char *c = h + 1;
            while (c < end && *c == ' ') c++;
            int negative;
            if ((size_t)(end - c) >= 11 && strncmp(c, "expect-not:", 11) == 0) { negative = 1; c += 11; }
            else if ((size_t)(end - c) >= 7 && strncmp(c, "expect:", 7) == 0) { negative = 0; c += 7; }
            else continue;
            const char *stop = memchr(c, '#', (size_t)(end - c));
            shn_status st = parse_ids(file, line, c, stop ? stop : end, negative, out, err);
            if (st != SHN_OK) return st;
            if (h + 1 >= end) break;
        }
        if (!eol) break;
        p = eol + 1;
    }
    return SHN_OK;
}

/* ---- loading the pack's metadata -------------------------------------------------------------------------- */

typedef struct {
    shn_pack *pack;
    shn_lua *lua;
    shn_vec rules;          /* shn_rule *, sorted by id */
    shn_diags diags;        /* loading problems */
} meta_t;

static void meta_free(meta_t *m) {
    shn__pack_free(m->pack);
    shn__lua_free(m->lua);
    for (size_t i = 0; i < m->rules.n; i++) shn__rule_free(m->rules.items[i]);
    shn__vec_free(&m->rules);
    shn__diags_free(&m->diags);
}

/* Load dir's manifest and rules into a probe state. A manifest error fills `err` and returns it; rule
 * problems go to m->diags. */
static shn_status meta_load(const shn_options *opt, const char *dir, meta_t *m, shn_error *err) {
    memset(m, 0, sizeof *m);
    shn_status st = shn__pack_load(dir, &m->pack, err);
    if (st != SHN_OK) return st;
    char *stdlib = opt && opt->stdlib_dir ? shn__strdup(opt->stdlib_dir) : shn__data_dir("stdlib");
    if (!stdlib) return nomem(err);
    shn_lua_limits lim = {stdlib, opt ? opt->rule_instructions : 0, opt ? opt->rule_memory : 0,
                          opt ? opt->rule_timeout_ms : 0, opt ? opt->max_rule_findings : 0,
                          opt ? opt->max_rule_bytes : 0, opt ? opt->max_input_findings : 0,
                          opt ? opt->max_input_finding_bytes : 0, opt ? opt->cancel : NULL, 0};
    m->lua = shn__lua_new(&lim, err);
    free(stdlib);
    if (!m->lua) return err && err->code ? err->code : SHN_E_NOMEM;
    st = shn__lua_load_pack(m->lua, m->pack, &m->rules, &m->diags);
    if (st == SHN_E_NOMEM) return nomem(err);
    if (m->rules.n) qsort(m->rules.items, m->rules.n, sizeof(void *), cmp_rule);
    return SHN_OK;
}

/* ---- fixtures --------------------------------------------------------------------------------------------- */

typedef struct {
    char *path;
    char *text;
    int strict;
    shn_vec expects;        /* shn_expect * */
} fixture_t;

static void fixtures_free(shn_vec *v) {
    for (size_t i = 0; i < v->n; i++) {
        fixture_t *f = v->items[i];
        free(f->path);
        free(f->text);
        for (size_t k = 0; k < f->expects.n; k++) shn__expect_free(f->expects.items[k]);
        shn__vec_free(&f->expects);
        free(f);
    }
    shn__vec_free(v);
}

/* Read dir/tests/ fixtures. Unreadable files and malformed comments are added to `bad` as diagnostics. */
static shn_status fixtures_read(const char *dir, shn_vec *out, shn_diags *bad) {
    char *tdir = shn__printf("%s/tests", dir);
    if (!tdir) return SHN_E_NOMEM;
    shn_vec files = {0};
    shn_status st = list_dir(tdir, 0, &files);
    free(tdir);
    for (size_t i = 0; st == SHN_OK && i < files.n; i++) {
        fixture_t *f = calloc(1, sizeof *f);
        if (!f || shn__vec_push(out, f)) { free(f); st = SHN_E_NOMEM; break; }
        f->path = files.items[i];
        files.items[i] = NULL;
        size_t len = 0;
        shn_error e = {0};
        if (shn__read_file(f->path, FIXTURE_MAX_BYTES, &f->text, &len, &e) != SHN_OK) {
            if (e.code == SHN_E_NOMEM) { st = SHN_E_NOMEM; break; }
            shn__diag_add_error(bad, &e, SHN_SEV_ERROR);
            continue;
        }
        shn_status ps = shn__expect_parse(f->path, f->text, &f->expects, &f->strict, &e);
        if (ps == SHN_E_NOMEM) st = SHN_E_NOMEM;
        else if (ps != SHN_OK) shn__diag_add_error(bad, &e, SHN_SEV_ERROR);
    }
    for (size_t i = 0; i < files.n; i++) free(files.items[i]);
    shn__vec_free(&files);
    return st;
}

/* Expectation lines naming rule `id` in all fixtures. */
static size_t fixture_count(const shn_vec *fixtures, const char *id) {
    size_t n = 0;
    for (size_t i = 0; i < fixtures->n; i++) {
        const fixture_t *f = fixtures->items[i];
        for (size_t k = 0; k < f->expects.n; k++) {
            const shn_expect *x = f->expects.items[k];
            if (strcmp(x->rule, id) == 0) n++;
        }
    }
    return n;
}

/* ---- the test result ---------------------------------------------------------------------------------------- */

typedef struct {
    shn_pack_test_result pub;
    shn_vec items;          /* shn_pack_test_item * */
    int nomem;
} result_t;

void shn_pack_test_free(shn_pack_test_result *pub) {
    if (!pub) return;
    result_t *r = (result_t *)pub;
    free((char *)r->pub.pack);
    free((char *)r->pub.dir);
    for (size_t i = 0; i < r->items.n; i++) {
        shn_pack_test_item *it = r->items.items[i];
        free((char *)it->file);
        free((char *)it->rule);
        free((char *)it->message);
        free(it);
    }
    shn__vec_free(&r->items);
    free((void *)r->pub.items);
    free(r);
}

/* Add an item whose message `msg` (malloc'd, consumed) is complete. */
static void add_item(result_t *r, shn_severity level, const char *file, unsigned line, const char *rule, char *msg) {
    shn_pack_test_item *it = calloc(1, sizeof *it);
    if (!it || !msg || shn__vec_push(&r->items, it)) {
        free(it);
        free(msg);
        r->nomem = 1;
        return;
    }
    it->level = level;
    it->file = shn__strdup(file);
    it->line = line;
    it->rule = shn__strdup(rule);
    it->message = msg;
    if ((file && !it->file) || (rule && !it->rule)) r->nomem = 1;
    if (level == SHN_SEV_ERROR) r->pub.failed++;
}

static char *diag_text(const shn_diagnostic *g) {
    if (g->line && !g->column)
        return shn__printf("%s:%u: %s: %s", g->file ? g->file : "", g->line, shn_severity_name(g->level),
                           g->message);
    if (g->line)
        return shn__printf("%s:%u:%u: %s: %s", g->file ? g->file : "", g->line, g->column,
                           shn_severity_name(g->level), g->message);
    return shn__printf("%s: %s: %s", g->file ? g->file : "", shn_severity_name(g->level), g->message);
}

static void add_diags(result_t *r, const shn_diags *d) {
    for (size_t i = 0; i < d->items.n; i++) {
        const shn_diagnostic *g = d->items.items[i];
        if (g->level != SHN_SEV_ERROR) continue;
        add_item(r, SHN_SEV_ERROR, g->file, g->line, g->rule, diag_text(g));
    }
}

/* Does the finding concern line L? An expectation is written on the line where the finding starts, or on
 * any line its match spans (a match over title and summary). A finding without a match is located at its
 * whole unit, which may run up to the next one: only its first line counts. */
static int covers(const shn_finding *f, unsigned L) {
    unsigned last = f->line;
    if (f->match_text && f->end_line > f->line) last = f->end_column > 1 ? f->end_line : f->end_line - 1;
    return f->line <= L && L <= last;
}

static int rule_in_pack(const char *rule, const char *pack) {
    size_t n = strlen(pack);
    return rule && strncmp(rule, pack, n) == 0 && rule[n] == '.';
}

/* "    got: RULE (sev) at file:line:col: message" for the pack's findings on `line` of `file`. */
static void list_findings(shn_buf *b, const shn_result *res, const char *pack, const char *file, unsigned line) {
    size_t shown = 0;
    for (size_t i = 0; i < shn_result_finding_count(res); i++) {
        const shn_finding *f = shn_result_finding(res, i);
        if (!rule_in_pack(f->rule, pack) || !f->file || strcmp(f->file, file) != 0 || !covers(f, line)) continue;
        shn__buf_printf(b, "\n    got: %s (%s) at %s:%u:%u: %s", f->rule, shn_severity_name(f->severity), f->file,
                        f->line, f->column, f->message ? f->message : "");
        shown++;
    }
    if (!shown) shn__buf_puts(b, "\n    この行にパックの指摘はありません (no finding of the pack on this line)");
}

static void check_fixture(result_t *r, const char *pack, const fixture_t *fx, const shn_result *res) {
    /* expectations */
    for (size_t k = 0; k < fx->expects.n; k++) {
        const shn_expect *x = fx->expects.items[k];
        size_t hits = 0, sev_hits = 0;
        const shn_finding *first = NULL;
        for (size_t i = 0; i < shn_result_finding_count(res); i++) {
            const shn_finding *f = shn_result_finding(res, i);
            if (!f->rule || strcmp(f->rule, x->rule) != 0 || !f->file || strcmp(f->file, fx->path) != 0 ||
                !covers(f, x->line))
                continue;
            if (!first) first = f;
            hits++;
            if (x->severity < 0 || (int)f->severity == x->severity) sev_hits++;
        }
        int ok = x->negative ? hits == 0 : sev_hits > 0;
        if (ok) { r->pub.passed++; continue; }
        shn_buf b = {0};
        if (x->negative)
            shn__buf_printf(&b, "unexpected %s (%s) at %s:%u: %s", x->rule, shn_severity_name(first->severity),
                            fx->path, x->line, first->message ? first->message : "");
        else if (x->severity >= 0 && hits)
            shn__buf_printf(&b, "%s:%u: expected %s@%s, got %s (%s)", fx->path, x->line, x->rule,
                            shn_severity_name((shn_severity)x->severity), first->rule,
                            shn_severity_name(first->severity));
        else {
            shn__buf_printf(&b, "%s:%u: expected %s, got none", fx->path, x->line, x->rule);
            list_findings(&b, res, pack, fx->path, x->line);
        }
        if (b.failed) r->nomem = 1;
        add_item(r, SHN_SEV_ERROR, fx->path, x->line, x->rule, shn__buf_take(&b));
    }
    /* findings of the pack on lines without expectation: failures in strict fixtures */
    if (!fx->strict) return;
    for (size_t i = 0; i < shn_result_finding_count(res); i++) {
        const shn_finding *f = shn_result_finding(res, i);
        if (!rule_in_pack(f->rule, pack) || !f->file || strcmp(f->file, fx->path) != 0) continue;
        int expected_line = 0;
        for (size_t k = 0; k < fx->expects.n && !expected_line; k++)
            if (covers(f, ((const shn_expect *)fx->expects.items[k])->line)) expected_line = 1;
        if (expected_line) continue;
        add_item(r, SHN_SEV_ERROR, f->file, f->line, f->rule,
                 shn__printf("unexpected %s (%s) at %s:%u: %s", f->rule, shn_severity_name(f->severity), f->file,
                             f->line, f->message ? f->message : ""));
    }
}

/* Run every fixture through an engine holding only this pack. */
static shn_status run_fixtures(result_t *r, const shn_options *opt, const char *dir, const char *pack,
                               const shn_vec *fixtures, shn_error *err) {
    shn_vec paths = {0};
    for (size_t i = 0; i < fixtures->n; i++) {
        fixture_t *f = fixtures->items[i];
        if (f->text && shn__vec_push(&paths, f->path)) { shn__vec_free(&paths); return nomem(err); }
    }
    if (!paths.n) { shn__vec_free(&paths); return SHN_OK; }
    shn_options eo;
    if (opt) eo = *opt;
    else shn_options_init(&eo);
    eo.load_default_packs = 0;
    eo.check_examples = 0;     /* already run on the probe state */
    eo.default_rules_dir = NULL;
    shn_engine *e = NULL;
    shn_result *res = NULL;
    shn_status st = shn_engine_new(&eo, &e, err);
    if (st == SHN_OK) st = shn_engine_add_pack(e, dir, err);
    if (st == SHN_OK) st = shn_engine_check_paths(e, (const char *const *)paths.items, paths.n, &res, err);
    if (st == SHN_OK) {
        /* inputs that did not load, rules that failed on a fixture */
        for (size_t i = 0; i < shn_result_diagnostic_count(res); i++) {
            const shn_diagnostic *g = shn_result_diagnostic(res, i);
            if (g->level != SHN_SEV_ERROR || !g->file) continue;
            int ours = 0;
            for (size_t k = 0; k < paths.n && !ours; k++) ours = strcmp(g->file, paths.items[k]) == 0;
            if (ours) add_item(r, SHN_SEV_ERROR, g->file, g->line, g->rule, diag_text(g));
        }
        for (size_t i = 0; i < fixtures->n; i++)
            if (((fixture_t *)fixtures->items[i])->text) check_fixture(r, pack, fixtures->items[i], res);
    }
    shn_result_free(res);
    shn_engine_free(e);
    shn__vec_free(&paths);
    return st;
}

/* Does any trigger of `rule` occur in a fixture or an inline example of the pack? */
static int rule_alive(const shn_rule *rule, const shn_vec *rules, const shn_vec *fixtures) {
    for (size_t t = 0; t < rule->n_triggers; t++) {
        const char *trig = rule->triggers[t];
        for (size_t i = 0; i < fixtures->n; i++) {
            const fixture_t *f = fixtures->items[i];
            if (f->text && strstr(f->text, trig)) return 1;
        }
        for (size_t i = 0; i < rules->n; i++) {
            const shn_rule *o = rules->items[i];
            for (size_t k = 0; k < o->n_fire; k++) if (strstr(o->fire[k], trig)) return 1;
            for (size_t k = 0; k < o->n_quiet; k++) if (strstr(o->quiet[k], trig)) return 1;
        }
    }
    return 0;
}

static void warn_coverage(result_t *r, const shn_vec *rules, const shn_vec *fixtures) {
    for (size_t i = 0; i < rules->n; i++) {
        const shn_rule *rule = rules->items[i];
        if (!fixture_count(fixtures, rule->id))
            add_item(r, SHN_SEV_WARNING, rule->file, 0, rule->id,
                     shn__printf("%s: no fixture (フィクスチャに期待がありません)", rule->id));
        if (rule->n_triggers && !rule_alive(rule, rules, fixtures)) {
            shn_buf b = {0};
            shn__buf_printf(&b, "%s: dead rule: trigger ", rule->id);
            for (size_t t = 0; t < rule->n_triggers; t++) shn__buf_printf(&b, "「%s」", rule->triggers[t]);
            shn__buf_puts(&b, " matches no fixture (どのフィクスチャにも例にも現れないトリガー)");
            if (b.failed) r->nomem = 1;
            add_item(r, SHN_SEV_WARNING, rule->file, 0, rule->id, shn__buf_take(&b));
        }
    }
}

shn_status shn_pack_test(const shn_options *opt, const char *dir, shn_pack_test_result **out, shn_error *err) {
    *out = NULL;
    if (!dir) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    result_t *r = calloc(1, sizeof *r);
    if (!r || !(r->pub.dir = shn__strdup(dir))) { free(r); return nomem(err); }
    meta_t m;
    shn_vec fixtures = {0};
    shn_diags bad = {0};
    shn_error lerr = {0};
    shn_status st = meta_load(opt, dir, &m, &lerr);
    if (st == SHN_E_NOMEM) goto done;
    if (st != SHN_OK) {
        /* the manifest or the Lua state: nothing else can run */
        char *msg = lerr.line ? shn__printf("%s:%u:%u: error: %s", lerr.file, lerr.line, lerr.column, lerr.message)
                              : shn__printf("%s: error: %s", lerr.file[0] ? lerr.file : dir, lerr.message);
        add_item(r, SHN_SEV_ERROR, lerr.file[0] ? lerr.file : dir, lerr.line, NULL, msg);
        st = SHN_OK;
        goto done;
    }
    if (!(r->pub.pack = shn__strdup(m.pack->name))) { st = SHN_E_NOMEM; goto done; }
    r->pub.n_rules = m.rules.n;
    add_diags(r, &m.diags);
    /* lexicon lint: patterns that do not compile fail; triggers an exception always covers are warnings */
    shn_diags lint = {0};
    shn__lexicon_lint(m.pack, 1, &lint);
    add_diags(r, &lint);
    for (size_t i = 0; i < lint.items.n; i++) {
        const shn_diagnostic *g = lint.items.items[i];
        if (g->level == SHN_SEV_WARNING) add_item(r, SHN_SEV_WARNING, g->file, g->line, NULL, diag_text(g));
    }
    shn__diags_free(&lint);
    /* (b) inline examples */
    for (size_t i = 0; i < m.rules.n; i++) {
        const shn_rule *rule = m.rules.items[i];
        shn_diags d = {0};
        size_t failures = shn__lua_check_examples(m.lua, rule, &d);
        size_t total = rule->n_fire + rule->n_quiet;
        r->pub.passed += total > failures ? total - failures : 0;
        add_diags(r, &d);
        /* a failure reported without a diagnostic (runtime errors carry one) still counts */
        size_t reported = 0;
        for (size_t k = 0; k < d.items.n; k++)
            if (((shn_diagnostic *)d.items.items[k])->level == SHN_SEV_ERROR) reported++;
        if (failures > reported) r->pub.failed += failures - reported;
        shn__diags_free(&d);
    }
    /* (c) fixtures */
    if ((st = fixtures_read(dir, &fixtures, &bad)) != SHN_OK) goto done;
    r->pub.n_fixtures = fixtures.n;
    add_diags(r, &bad);
    if ((st = run_fixtures(r, opt, dir, m.pack->name, &fixtures, err)) != SHN_OK) {
        if (st == SHN_E_NOMEM || st == SHN_E_USAGE) goto done;   /* e.g. a malformed as_of */
        add_item(r, SHN_SEV_ERROR, dir, 0, NULL,
                 shn__printf("%s: error: %s", dir, err && err->message[0] ? err->message : shn_strerror(st)));
        st = SHN_OK;
    }
    warn_coverage(r, &m.rules, &fixtures);
done:
    meta_free(&m);
    fixtures_free(&fixtures);
    shn__diags_free(&bad);
    if (st == SHN_OK && !r->nomem && r->items.n) {
        shn_pack_test_item *arr = malloc(r->items.n * sizeof *arr);
        if (!arr) r->nomem = 1;
        else {
            for (size_t i = 0; i < r->items.n; i++) arr[i] = *(shn_pack_test_item *)r->items.items[i];
            r->pub.items = arr;
            r->pub.n_items = r->items.n;
        }
    }
    if (st != SHN_OK || r->nomem) {
        shn_pack_test_free(&r->pub);
        return st == SHN_OK || st == SHN_E_NOMEM ? nomem(err) : st;
    }
    *out = &r->pub;
    return SHN_OK;
}

/* ---- documentation ----------------------------------------------------------------------------------------- */

/* Text on one line: newlines and runs of blanks become one space, '|' is escaped (table cells). */
static void put_inline(shn_buf *b, const char *s, int cell) {
    int space = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t') { space = 1; continue; }
        if (space && b->len && b->data[b->len - 1] != ' ') shn__buf_puts(b, " ");
        space = 0;
        if (cell && *p == '|') shn__buf_puts(b, "\\|");
        else shn__buf_add(b, p, 1);
    }
}

/* A block of text as a Markdown quote, line by line. */
static void put_quote(shn_buf *b, const char *s) {
    const char *p = s ? s : "";
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        shn__buf_puts(b, n ? "> " : ">");
        shn__buf_add(b, p, n);
        shn__buf_puts(b, "\n");
        if (!eol) break;
        p = eol + 1;
    }
}

/* Plain text paragraphs: trailing blanks trimmed, lines kept (a hard line break in Markdown is not needed:
 * Japanese text reads well joined). */
static void put_text(shn_buf *b, const char *s) {
    size_t n = s ? strlen(s) : 0;
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ')) n--;
    shn__buf_add(b, s ? s : "", n);
    shn__buf_puts(b, "\n");
}

static void put_examples(shn_buf *b, const char *heading, char **ex, size_t n) {
    if (!n) return;
    shn__buf_printf(b, "\n#### %s\n", heading);
    for (size_t i = 0; i < n; i++) {
        shn__buf_puts(b, "\n");
        put_quote(b, ex[i]);
    }
}

shn_status shn_pack_doc(const shn_options *opt, const char *dir, char **markdown, char **name, char **index_row,
                        shn_error *err) {
    *markdown = NULL;
    *name = NULL;
    if (index_row) *index_row = NULL;
    if (!dir) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    meta_t m;
    shn_vec fixtures = {0};
    shn_diags bad = {0};
    shn_status st = meta_load(opt, dir, &m, err);
    if (st != SHN_OK) goto done;
    for (size_t i = 0; i < m.diags.items.n; i++) {
        const shn_diagnostic *g = m.diags.items.items[i];
        if (g->level != SHN_SEV_ERROR) continue;
        st = shn__err(err, SHN_E_RULE_SYNTAX, g->file, g->line, g->column, "%s", g->message);
        goto done;
    }
    if ((st = fixtures_read(dir, &fixtures, &bad)) != SHN_OK) { st = nomem(err); goto done; }

    const shn_pack *p = m.pack;
    shn_buf b = {0};
    shn__buf_printf(&b, "# %s\n\n", p->name);
    shn__buf_puts(&b, "<!-- `shinsa rules --doc` が生成 (generated by `shinsa rules --doc`; do not edit) -->\n\n");
    if (p->description) { put_text(&b, p->description); shn__buf_puts(&b, "\n"); }
    shn__buf_printf(&b, "- version: %s\n", p->version ? p->version : "-");
    if (p->stdlib) shn__buf_printf(&b, "- stdlib: `%s`\n", p->stdlib);
    shn__buf_printf(&b, "- rules: %zu\n", m.rules.n);
    if (m.rules.n) shn__buf_puts(&b, "\nルール一覧 (rules):\n\n");
    for (size_t i = 0; i < m.rules.n; i++) {
        const shn_rule *r = m.rules.items[i];
        shn__buf_printf(&b, "- [`%s`](#%s)", r->id, r->id);
        if (r->title) { shn__buf_puts(&b, " — "); put_inline(&b, r->title, 0); }
        shn__buf_puts(&b, "\n");
    }
    for (size_t i = 0; i < m.rules.n; i++) {
        const shn_rule *r = m.rules.items[i];
        shn__buf_printf(&b, "\n<a id=\"%s\"></a>\n\n## %s\n\n", r->id, r->id);
        if (r->title) { shn__buf_puts(&b, "**"); put_inline(&b, r->title, 0); shn__buf_puts(&b, "**\n\n"); }
        shn__buf_puts(&b, "| | |\n|---|---|\n");
        shn__buf_printf(&b, "| severity | %s |\n", shn_severity_name(r->severity));
        shn__buf_printf(&b, "| principle | %s |\n", r->principle ? r->principle : "-");
        shn__buf_puts(&b, "| analog types | ");
        for (size_t k = 0; k < r->n_analog_types; k++) shn__buf_printf(&b, "%s`%s`", k ? ", " : "", r->analog_types[k]);
        shn__buf_puts(&b, r->n_analog_types ? " |\n" : "- |\n");
        shn__buf_printf(&b, "| target | `%s` |\n", r->target ? r->target : "-");
        shn__buf_puts(&b, "| triggers | ");
        for (size_t k = 0; k < r->n_triggers; k++) { shn__buf_puts(&b, "「"); put_inline(&b, r->triggers[k], 1); shn__buf_puts(&b, "」"); }
        shn__buf_puts(&b, r->n_triggers ? " |\n" : "(none: runs on every unit) |\n");
        shn__buf_printf(&b, "| fixtures | %zu |\n", fixture_count(&fixtures, r->id));
        if (r->description) { shn__buf_puts(&b, "\n"); put_text(&b, r->description); }
        if (r->n_fire || r->n_quiet) shn__buf_puts(&b, "\n### 例 (examples)\n");
        put_examples(&b, "指摘する例 (fire)", r->fire, r->n_fire);
        put_examples(&b, "指摘しない例 (quiet)", r->quiet, r->n_quiet);
    }
    int failed = b.failed;
    *markdown = shn__buf_take(&b);
    *name = shn__strdup(p->name);
    if (index_row) {
        shn_buf ib = {0};
        shn__buf_printf(&ib, "| [%s](%s.md) | %s | %zu | ", p->name, p->name, p->version ? p->version : "-",
                        m.rules.n);
        put_inline(&ib, p->description, 1);
        shn__buf_puts(&ib, " |");
        if (ib.failed) failed = 1;
        *index_row = shn__buf_take(&ib);
    }
    if (failed || !*markdown || !*name || (index_row && !*index_row)) {
        free(*markdown); free(*name);
        *markdown = *name = NULL;
        if (index_row) { free(*index_row); *index_row = NULL; }
        st = nomem(err);
    }
done:
    meta_free(&m);
    fixtures_free(&fixtures);
    shn__diags_free(&bad);
    return st;
}
