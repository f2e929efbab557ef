/* engine.c — the engine handle and the check pipeline:
 *   inputs (sorted) → queue → worker threads (one Lua state each) → per-input results → merged in input order.
 * A document is loaded, validated, cut into units, checked and freed inside one worker, so memory stays
 * bounded by the documents in flight, whatever the size of the corpus. */
#define _GNU_SOURCE 1 /* dladdr */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fnmatch.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "doc.h"
#include "load.h"
#include "lexicon_lint.h"
#include "lua_host.h"
#include "prefilter.h"
#include "result_int.h"
#include "rule.h"
#include "shinsa.h"
#include "unit.h"
#include "util.h"
#include "validate.h"

#ifndef SHN_SOURCE_DIR
#define SHN_SOURCE_DIR "."
#endif
#ifndef SHN_DATADIR_REL
#define SHN_DATADIR_REL "share/shinsa"
#endif

/* The unit kinds rules target (DESIGN.md, "Rule API"): the index of the rules by target, the timing rows. */
static const char *const unit_kinds[] = {"law.sentence", "law.article", "law.document",
                                         "measure",      "measure.kpi", "measures.document"};
#define N_UNIT_KINDS SHN__ARRAY_LEN(unit_kinds)

static int kind_index(const char *kind) {
    for (size_t i = 0; kind && i < N_UNIT_KINDS; i++)
        if (strcmp(kind, unit_kinds[i]) == 0) return (int)i;
    return -1;
}

struct shn_engine {
    shn_options opt;
    char *as_of, *stdlib_dir, *rules_dir, *law_id, *explain_unit;   /* owned copies of the option strings */
    char *input_format;
    shn_vec exclude;            /* char *: owned copies of opt.exclude */
    int input_fmt;              /* shn_format of input_format, or -1 */
    shn_vec pack_dirs;          /* char *: added with shn_engine_add_pack, in order */
    shn_vec packs;              /* shn_pack * that loaded */
    shn_vec rules;              /* shn_rule *, sorted by id once loaded */
    shn_rule_info *infos;       /* public view of rules */
    shn_diags load_diags;       /* pack and rule loading problems, repeated in every result */
    int load_error;             /* a pack or rule could not be loaded */
    int load_incomplete;        /* a rule file hit a resource limit while loading (and nothing else failed) */
    int loaded;
    shn_vec disabled;           /* char *: rule ids or pack names */
    shn_vec sev_rules;          /* char * */
    int *sev_values; size_t n_sev_values;
    shn_lex_ext *lex_ext; size_t n_lex_ext;   /* lexicon entries from configuration */
    shn_timing *timing; size_t n_timing;      /* rows of the last check (shn_options.timing) */
    shn_prefilter *pf;                        /* every trigger of every rule, one automaton; NULL: rule by rule */
    size_t *by_kind[N_UNIT_KINDS];            /* enabled rules per target kind: indices into rules, in id order */
    size_t n_by_kind[N_UNIT_KINDS];
    int kind_has_triggers[N_UNIT_KINDS];      /* one of them has triggers: worth a prefilter scan */
};

/* ---- timing (shn_options.timing) --------------------------------------------------------------------------- */

enum { PH_READ, PH_SHA, PH_LOAD, PH_VALIDATE, PH_UNITS, PH_RULES, PH_FINISH, PH_N };
static const char *const phase_names[PH_N] = {"read", "sha256", "load", "validate", "units", "rules", "finish"};

typedef struct {   /* one worker's counters, added to the pool's under its lock when the worker ends */
    double phase[PH_N];
    unsigned long long phase_count[PH_N], bytes, units[N_UNIT_KINDS];
    double *rule_sec;                       /* per rule, in e->rules order */
    unsigned long long *rule_calls, *rule_skipped;
} shn_tstats;

static double now_sec(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);   /* CPU time: robust on a shared machine */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int tstats_init(shn_tstats *t, size_t nrules) {
    memset(t, 0, sizeof *t);
    size_t n = nrules ? nrules : 1;
    t->rule_sec = calloc(n, sizeof *t->rule_sec);
    t->rule_calls = calloc(n, sizeof *t->rule_calls);
    t->rule_skipped = calloc(n, sizeof *t->rule_skipped);
    return t->rule_sec && t->rule_calls && t->rule_skipped ? 0 : -1;
}

static void tstats_free(shn_tstats *t) {
    free(t->rule_sec);
    free(t->rule_calls);
    free(t->rule_skipped);
    memset(t, 0, sizeof *t);
}

static void tstats_add(shn_tstats *to, const shn_tstats *from, size_t nrules) {
    for (size_t i = 0; i < PH_N; i++) { to->phase[i] += from->phase[i]; to->phase_count[i] += from->phase_count[i]; }
    to->bytes += from->bytes;
    for (size_t i = 0; i < N_UNIT_KINDS; i++) to->units[i] += from->units[i];
    for (size_t i = 0; i < nrules; i++) {
        to->rule_sec[i] += from->rule_sec[i];
        to->rule_calls[i] += from->rule_calls[i];
        to->rule_skipped[i] += from->rule_skipped[i];
    }
}

static void count_unit(shn_tstats *t, int kind) {
    if (kind >= 0) t->units[kind]++;
}

/* Turn the summed counters into the public rows. */
static shn_status timing_rows(shn_engine *e, const shn_tstats *t) {
    free(e->timing);
    e->n_timing = 0;
    size_t n = PH_N + N_UNIT_KINDS + e->rules.n;
    if (!(e->timing = calloc(n, sizeof *e->timing))) return SHN_E_NOMEM;
    shn_timing *row = e->timing;
    for (size_t i = 0; i < PH_N; i++, row++) {
        row->kind = "phase"; row->name = phase_names[i]; row->count = t->phase_count[i]; row->seconds = t->phase[i];
        if (i == PH_READ) row->bytes = t->bytes;
    }
    for (size_t i = 0; i < N_UNIT_KINDS; i++, row++) { row->kind = "units"; row->name = unit_kinds[i]; row->count = t->units[i]; }
    for (size_t i = 0; i < e->rules.n; i++, row++) {
        const shn_rule *r = e->rules.items[i];
        row->kind = "rule"; row->name = r->id; row->pack = r->pack;
        row->count = t->rule_calls[i]; row->skipped = t->rule_skipped[i]; row->seconds = t->rule_sec[i];
    }
    e->n_timing = n;
    return SHN_OK;
}

shn_status shn_engine_timing(const shn_engine *e, const shn_timing **rows, size_t *n) {
    if (!e || !rows || !n) return SHN_E_USAGE;
    *rows = e->timing;
    *n = e->n_timing;
    return SHN_OK;
}

/* ---- defaults ---------------------------------------------------------------------------------------------- */

void shn_options_init(shn_options *o) {
    memset(o, 0, sizeof *o);
    o->check_examples = 1;
    o->load_default_packs = 1;
}

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The data folder holding rules/ and stdlib/: $SHINSA_DATADIR; else <prefix>/share/shinsa where <prefix> is
 * the folder above the one holding this code (the installed libshinsa.so, or a binary linked statically),
 * when that folder exists; else the source tree this library was built from. */
char *shn__data_dir(const char *sub) {
    const char *env = getenv("SHINSA_DATADIR");
    if (env && *env) return shn__printf("%s/%s", env, sub);
    Dl_info info;
    if (dladdr((void *)shn__data_dir, &info) && info.dli_fname && strchr(info.dli_fname, '/')) {
        char *self = realpath(info.dli_fname, NULL);
        char *cut = self ? strrchr(self, '/') : NULL;
        if (cut) *cut = '\0';
        cut = self ? strrchr(self, '/') : NULL;
        if (cut) {
            *cut = '\0';
            char *inst = shn__printf("%s/%s/%s", self, SHN_DATADIR_REL, sub);
            free(self);
            if (inst && is_dir(inst)) return inst;
            free(inst);
        } else {
            free(self);
        }
    }
    return shn__printf("%s/%s", SHN_SOURCE_DIR, sub);
}

shn_status shn_engine_new(const shn_options *opt, shn_engine **out, shn_error *err) {
    *out = NULL;
    shn_engine *e = calloc(1, sizeof *e);
    if (!e) return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
    if (opt) e->opt = *opt;
    else shn_options_init(&e->opt);
    shn_options *o = &e->opt;
    if (!o->jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = n > 0 ? (unsigned)n : 1;
    }
    if (o->jobs > 256) o->jobs = 256;
    if (!o->max_input_bytes) o->max_input_bytes = (size_t)64 << 20;
    if (!o->max_depth) o->max_depth = 64;
    if (!o->max_alias_nodes) o->max_alias_nodes = 1000000;
    if (!o->rule_instructions) o->rule_instructions = 50000000;
    if (!o->rule_memory) o->rule_memory = (size_t)64 << 20;
    if (!o->max_findings) o->max_findings = 1000000;
    if (!o->max_finding_bytes) o->max_finding_bytes = (size_t)1 << 30;
    e->as_of = shn__strdup(o->as_of);
    e->law_id = shn__strdup(o->law_id);
    e->explain_unit = shn__strdup(o->explain_unit);
    e->input_format = shn__strdup(o->input_format);
    e->input_fmt = -1;
    for (size_t i = 0; o->exclude && i < o->n_exclude; i++) {
        char *copy = shn__strdup(o->exclude[i]);
        if (!copy || shn__vec_push(&e->exclude, copy)) {
            free(copy);
            shn_engine_free(e);
            return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
        }
    }
    o->exclude = NULL;
    o->n_exclude = 0;
    e->stdlib_dir = o->stdlib_dir ? shn__strdup(o->stdlib_dir) : shn__data_dir("stdlib");
    e->rules_dir = o->default_rules_dir ? shn__strdup(o->default_rules_dir) : shn__data_dir("rules");
    o->as_of = e->as_of;
    o->law_id = e->law_id;
    o->explain_unit = e->explain_unit;
    o->input_format = e->input_format;
    o->stdlib_dir = e->stdlib_dir;
    o->default_rules_dir = e->rules_dir;
    if (!e->stdlib_dir || !e->rules_dir || (opt && opt->as_of && !e->as_of) ||
        (opt && opt->explain_unit && !e->explain_unit)) {
        shn_engine_free(e);
        return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)");
    }
    if (e->law_id && !shn__is_law_id(e->law_id)) {
        shn_status st = shn__err(err, SHN_E_USAGE, NULL, 0, 0,
                                 "--law-id は 法令ID (例 347AC0000000057: 数字3桁、英大文字、英大文字か数字11桁) で指定して"
                                 "ください (--law-id must match ^[0-9]{3}[A-Z][0-9A-Z]{11}$): %s",
                                 e->law_id);
        shn_engine_free(e);
        return st;
    }
    if (e->input_format && (e->input_fmt = shn__format_parse(e->input_format)) < 0) {
        shn_status st = shn__err(err, SHN_E_USAGE, NULL, 0, 0,
                                 "入力形式は yaml|json|xml|text|sakushu です (--input-format must be "
                                 "yaml|json|xml|text|sakushu): %s",
                                 e->input_format);
        shn_engine_free(e);
        return st;
    }
    if ((o->shard_count || o->shard_index) &&
        (o->shard_count < 1 || o->shard_index < 1 || o->shard_index > o->shard_count)) {
        shn_status st = shn__err(err, SHN_E_USAGE, NULL, 0, 0,
                                 "--shard は I/N (1 ≦ I ≦ N) で指定してください (--shard needs I/N with 1 <= I <= N): "
                                 "%u/%u", o->shard_index, o->shard_count);
        shn_engine_free(e);
        return st;
    }
    if (e->as_of) {
        int y, m, d;
        char tail;
        if (sscanf(e->as_of, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(e->as_of) != 10 || m < 1 ||
            m > 12 || d < 1 || d > 31) {
            shn_status st = shn__err(err, SHN_E_USAGE, NULL, 0, 0,
                                     "--as-of は YYYY-MM-DD 形式で指定してください (--as-of must be YYYY-MM-DD): %s",
                                     e->as_of);
            shn_engine_free(e);
            return st;
        }
    }
    *out = e;
    return SHN_OK;
}

static void free_str_vec(shn_vec *v) {
    for (size_t i = 0; i < v->n; i++) free(v->items[i]);
    shn__vec_free(v);
}

void shn_engine_free(shn_engine *e) {
    if (!e) return;
    free(e->as_of);
    free(e->law_id);
    free(e->explain_unit);
    free(e->input_format);
    free_str_vec(&e->exclude);
    free(e->stdlib_dir);
    free(e->rules_dir);
    free_str_vec(&e->pack_dirs);
    for (size_t i = 0; i < e->packs.n; i++) shn__pack_free(e->packs.items[i]);
    shn__vec_free(&e->packs);
    for (size_t i = 0; i < e->rules.n; i++) shn__rule_free(e->rules.items[i]);
    shn__vec_free(&e->rules);
    free(e->infos);
    shn__diags_free(&e->load_diags);
    free_str_vec(&e->disabled);
    free_str_vec(&e->sev_rules);
    free(e->sev_values);
    for (size_t i = 0; i < e->n_lex_ext; i++) {
        shn_lex_ext *x = &e->lex_ext[i];
        free(x->key); free(x->field); free(x->entry); free(x->file);
    }
    free(e->lex_ext);
    free(e->timing);
    shn__prefilter_free(e->pf);
    for (size_t i = 0; i < N_UNIT_KINDS; i++) free(e->by_kind[i]);
    free(e);
}

static shn_status nomem(shn_error *err) { return shn__err(err, SHN_E_NOMEM, NULL, 0, 0, "メモリ不足 (out of memory)"); }

shn_status shn_engine_add_pack(shn_engine *e, const char *dir, shn_error *err) {
    if (!e || !dir) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    if (e->loaded)
        return shn__err(err, SHN_E_USAGE, dir, 0, 0,
                        "パックは検査の前に追加してください (packs must be added before the first check)");
    char *copy = shn__strdup(dir);
    if (!copy || shn__vec_push(&e->pack_dirs, copy)) { free(copy); return nomem(err); }
    return SHN_OK;
}

shn_status shn_engine_disable_rule(shn_engine *e, const char *rule) {
    char *copy = shn__strdup(rule);
    if (!copy || shn__vec_push(&e->disabled, copy)) { free(copy); return SHN_E_NOMEM; }
    return SHN_OK;
}

shn_status shn_engine_set_severity(shn_engine *e, const char *rule, shn_severity sev) {
    int *vals = realloc(e->sev_values, (e->n_sev_values + 1) * sizeof *vals);
    if (!vals) return SHN_E_NOMEM;
    e->sev_values = vals;
    char *copy = shn__strdup(rule);
    if (!copy || shn__vec_push(&e->sev_rules, copy)) { free(copy); return SHN_E_NOMEM; }
    e->sev_values[e->n_sev_values++] = (int)sev;
    return SHN_OK;
}

shn_status shn_engine_extend_lexicon(shn_engine *e, const char *key, const char *field, const char *entry,
                                     int is_regex, const char *file, unsigned line, unsigned column,
                                     shn_error *err) {
    if (!e || !key || !*key || !field || !*field || !entry)
        return shn__err(err, SHN_E_USAGE, file, line, column, "invalid argument");
    if (e->loaded)
        return shn__err(err, SHN_E_USAGE, file, line, column,
                        "辞書は検査の前に拡張してください (extend lexicons before the first check)");
    if (is_regex) {
        int code;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)entry, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code,
                                       &off, NULL);
        if (!re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(code, msg, sizeof msg);
            size_t cps = 0;   /* the error offset in code points */
            for (size_t i = 0; i < off && entry[i]; i++) cps += ((unsigned char)entry[i] & 0xC0) != 0x80;
            return shn__err(err, SHN_E_USAGE, file, line, column,
                            "正規表現が不正です (invalid pattern) at code point %zu: %s: %s", cps, (char *)msg, entry);
        }
        pcre2_code_free(re);
    }
    shn_lex_ext *arr = realloc(e->lex_ext, (e->n_lex_ext + 1) * sizeof *arr);
    if (!arr) return nomem(err);
    e->lex_ext = arr;
    shn_lex_ext *x = &arr[e->n_lex_ext];
    memset(x, 0, sizeof *x);
    x->key = shn__strdup(key);
    x->field = shn__strdup(field);
    x->entry = shn__strdup(entry);
    x->file = file ? shn__strdup(file) : NULL;
    x->is_regex = is_regex != 0;
    x->line = line;
    x->column = column;
    if (!x->key || !x->field || !x->entry || (file && !x->file)) {
        free(x->key); free(x->field); free(x->entry); free(x->file);
        return nomem(err);
    }
    e->n_lex_ext++;
    return SHN_OK;
}

/* ---- loading packs --------------------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rule(const void *a, const void *b) {
    return strcmp((*(shn_rule *const *)a)->id, (*(shn_rule *const *)b)->id);
}

/* Does `sel` (a rule id or a pack name) select rule r? */
static int selects(const char *sel, const shn_rule *r) {
    return strcmp(sel, r->id) == 0 || strcmp(sel, r->pack) == 0;
}

/* The text a rule put into a finding (as counted by the per-call and per-input caps, lua_ctx.c). */
static size_t finding_text_bytes(const shn_finding *f) {
    size_t n = (f->message ? strlen(f->message) : 0) + (f->message_en ? strlen(f->message_en) : 0) +
               (f->suggestion ? strlen(f->suggestion) : 0);
    for (size_t i = 0; i < f->n_related; i++) {
        const shn_related *r = &f->related[i];
        n += (r->file ? strlen(r->file) : 0) + (r->address ? strlen(r->address) : 0) +
             (r->citation ? strlen(r->citation) : 0) + (r->note ? strlen(r->note) : 0);
    }
    return n;
}

static shn_lua *new_state(const shn_engine *e, shn_error *err) {
    shn_lua_limits lim = {e->stdlib_dir, e->opt.rule_instructions, e->opt.rule_memory, e->opt.rule_timeout_ms,
                          e->opt.max_rule_findings, e->opt.max_rule_bytes, e->opt.max_input_findings,
                          e->opt.max_input_finding_bytes, e->opt.cancel, 0};
    shn_lua *L = shn__lua_new(&lim, err);
    shn__lua_set_lexicon_ext(L, e->lex_ext, e->n_lex_ext, NULL);
    shn__lua_set_explain(L, e->opt.explain);
    return L;
}

/* A trigger added to a pack's lexicon must also pass the literal prefilter of that pack's rules: a literal
 * is added to their trigger lists, a pattern switches the prefilter off (an empty trigger occurs everywhere). */
static shn_status widen_prefilter(shn_rule *r, const shn_lex_ext *x) {
    if (r->n_triggers == 0) return SHN_OK;
    char **t = realloc(r->triggers, (r->n_triggers + 1) * sizeof *t);
    if (!t) return SHN_E_NOMEM;
    r->triggers = t;
    if (!(t[r->n_triggers] = shn__strdup(x->is_regex ? "" : x->entry))) return SHN_E_NOMEM;
    r->n_triggers++;
    return SHN_OK;
}

/* Default packs: every folder under rules_dir holding a pack.yaml, in name order. */
static shn_status list_default_packs(const shn_engine *e, shn_vec *dirs) {
    DIR *dh = opendir(e->rules_dir);
    if (!dh) return SHN_OK;   /* no default packs installed: not an error, the engine may be given --pack */
    struct dirent *de;
    shn_status st = SHN_OK;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.') continue;
        char *dir = shn__printf("%s/%s", e->rules_dir, de->d_name);
        char *manifest = dir ? shn__printf("%s/pack.yaml", dir) : NULL;
        if (!dir || !manifest) { free(dir); free(manifest); st = SHN_E_NOMEM; break; }
        if (access(manifest, R_OK) == 0 && shn__vec_push(dirs, dir) == 0) dir = NULL;
        free(dir);
        free(manifest);
    }
    closedir(dh);
    if (dirs->n) qsort(dirs->items, dirs->n, sizeof(void *), cmp_str);
    return st;
}

static shn_status build_infos(shn_engine *e) {
    free(e->infos);
    e->infos = calloc(e->rules.n ? e->rules.n : 1, sizeof *e->infos);
    if (!e->infos) return SHN_E_NOMEM;
    for (size_t i = 0; i < e->rules.n; i++) {
        const shn_rule *r = e->rules.items[i];
        shn_rule_info *in = &e->infos[i];
        in->id = r->id; in->pack = r->pack; in->title = r->title; in->principle = r->principle;
        in->target = r->target; in->description = r->description; in->severity = r->severity;
        in->analog_types = (const char *const *)r->analog_types; in->n_analog_types = r->n_analog_types;
        in->enabled = r->enabled;
        in->triggers = (const char *const *)r->triggers; in->n_triggers = r->n_triggers;
    }
    return SHN_OK;
}

/* The rules by target kind and the prefilter automaton, once per engine (after sorting: bit i is rules[i]).
 * Without the automaton (too many triggers, no memory) units are prefiltered rule by rule. */
static shn_status index_rules(shn_engine *e) {
    for (size_t k = 0; k < N_UNIT_KINDS; k++) {
        free(e->by_kind[k]);
        e->n_by_kind[k] = 0;
        e->kind_has_triggers[k] = 0;
        if (!(e->by_kind[k] = malloc((e->rules.n ? e->rules.n : 1) * sizeof **e->by_kind))) return SHN_E_NOMEM;
    }
    for (size_t i = 0; i < e->rules.n; i++) {
        const shn_rule *r = e->rules.items[i];
        int k = kind_index(r->target);
        if (!r->enabled || k < 0) continue;
        e->by_kind[k][e->n_by_kind[k]++] = i;
        if (r->n_triggers) e->kind_has_triggers[k] = 1;
    }
    shn__prefilter_free(e->pf);
    e->pf = shn__prefilter_new((shn_rule *const *)e->rules.items, e->rules.n);
    return SHN_OK;
}

static shn_status load_packs(shn_engine *e, shn_error *err) {
    if (e->loaded) return SHN_OK;
    e->loaded = 1;
    shn_vec dirs = {0};
    shn_status st = SHN_OK;
    unsigned *hits = NULL, *pack_hits = NULL;
    if (e->opt.load_default_packs && (st = list_default_packs(e, &dirs)) != SHN_OK) goto done;
    for (size_t i = 0; i < e->pack_dirs.n; i++) {
        char *copy = shn__strdup(e->pack_dirs.items[i]);
        if (!copy || shn__vec_push(&dirs, copy)) { free(copy); st = SHN_E_NOMEM; goto done; }
    }
    hits = calloc(e->n_lex_ext ? 2 * e->n_lex_ext : 1, sizeof *hits);
    if (!hits) { st = SHN_E_NOMEM; goto done; }
    pack_hits = hits + e->n_lex_ext;
    shn_lua *probe = new_state(e, err);
    if (!probe) { st = err ? err->code : SHN_E_NOMEM; goto done; }
    shn__lua_set_lexicon_ext(probe, e->lex_ext, e->n_lex_ext, pack_hits);
    shn_vec real = {0};   /* real paths of the pack folders loaded: one folder named twice (in the config and
                             on the command line, or a shipped pack again with --pack) is one pack, not a clash */
    for (size_t i = 0; i < dirs.n; i++) {
        char *rp = realpath(dirs.items[i], NULL);
        int again = 0;
        for (size_t k = 0; rp && k < real.n; k++) again |= strcmp(real.items[k], rp) == 0;
        if (again) { free(rp); continue; }
        if (rp && shn__vec_push(&real, rp)) free(rp);
        shn_pack *p = NULL;
        shn_error perr = {0};
        if (shn__pack_load(dirs.items[i], &p, &perr) != SHN_OK) {
            shn__diag_add_error(&e->load_diags, &perr, SHN_SEV_ERROR);
            e->load_error = 1;
            continue;
        }
        int dup = 0;
        for (size_t k = 0; k < e->packs.n; k++)
            if (strcmp(((shn_pack *)e->packs.items[k])->name, p->name) == 0) dup = 1;
        if (dup) {
            shn__diag_add(&e->load_diags, p->dir, 0, 0, SHN_SEV_ERROR, NULL,
                          "同じ名前のパックが既に読み込まれています (a pack with this name is already loaded): %s",
                          p->name);
            e->load_error = 1;
            shn__pack_free(p);
            continue;
        }
        size_t before_diags = e->load_diags.items.n, before_rules = e->rules.n;
        for (size_t k = 0; k < e->n_lex_ext; k++) pack_hits[k] = 0;
        shn_status lst = shn__lua_load_pack(probe, p, &e->rules, &e->load_diags);
        if (lst == SHN_E_LIMIT) e->load_incomplete = 1;   /* only limits: the rest of the pack runs */
        else if (lst != SHN_OK || e->load_diags.items.n != before_diags) e->load_error = 1;
        if (shn__lexicon_lint(p, e->opt.strict, &e->load_diags)) e->load_error = 1;
        for (size_t k = 0; k < e->n_lex_ext; k++) {
            hits[k] += pack_hits[k];
            if (!pack_hits[k] || strcmp(e->lex_ext[k].field, "triggers") != 0) continue;
            for (size_t ri = before_rules; ri < e->rules.n; ri++)
                if (widen_prefilter(e->rules.items[ri], &e->lex_ext[k]) != SHN_OK) st = SHN_E_NOMEM;
        }
        if (shn__vec_push(&e->packs, p)) { shn__pack_free(p); st = SHN_E_NOMEM; break; }
    }
    for (size_t k = 0; st == SHN_OK && k < e->n_lex_ext; k++) {
        if (hits[k]) continue;
        const shn_lex_ext *x = &e->lex_ext[k];
        shn__diag_add(&e->load_diags, x->file, x->line, x->column, SHN_SEV_ERROR, NULL,
                      "この辞書キーを持つパックがありません (no loaded pack has this lexicon key): %s", x->key);
        e->load_error = 1;
    }
    if (st == SHN_OK) {
        for (size_t i = 0; i < e->rules.n; i++) {
            shn_rule *r = e->rules.items[i];
            r->enabled = 1;
            for (size_t k = 0; k < e->disabled.n; k++)
                if (selects(e->disabled.items[k], r)) r->enabled = 0;
            for (size_t k = 0; k < e->sev_rules.n; k++)
                if (selects(e->sev_rules.items[k], r)) {
                    if (e->sev_values[k] == SHN_SEV_NONE) r->enabled = 0;
                    else r->severity = (shn_severity)e->sev_values[k];
                }
        }
        if (e->opt.check_examples)
            for (size_t i = 0; i < e->rules.n; i++)
                if (shn__lua_check_examples(probe, e->rules.items[i], &e->load_diags)) e->load_error = 1;
        if (e->rules.n) qsort(e->rules.items, e->rules.n, sizeof(void *), cmp_rule);
        if (build_infos(e) != SHN_OK || index_rules(e) != SHN_OK) st = SHN_E_NOMEM;
    }
    shn__lua_free(probe);
    free_str_vec(&real);
done:
    free(hits);
    free_str_vec(&dirs);
    if (st == SHN_E_NOMEM) return nomem(err);
    return st;
}

shn_status shn_engine_rules(shn_engine *e, const shn_rule_info **rules, size_t *n, shn_error *err) {
    shn_status st = load_packs(e, err);
    if (st != SHN_OK) return st;
    *rules = e->infos;
    *n = e->rules.n;
    return SHN_OK;
}

/* ---- inputs ---------------------------------------------------------------------------------------------- */

typedef struct {
    char *path;            /* as given or as walked ("dir/sub/file.yaml") */
    int from_walk;         /* found by walking a folder: non-shinsa YAML is skipped, not an error */
    const char *buf;       /* in-memory input (check_buffer, check_text) */
    size_t len;
    int fmt;               /* shn_format to force, or -1: detect from the name and content */
    int inline_measure;    /* check_text: 1 = "measures", buf is the summary of one measure; 2 = "kpi", buf is
                              the one KPI of a measure */
    size_t root_len;       /* found by walking: length of the folder argument it was found under */
    size_t pos;            /* position in the whole list of inputs (a share of a sharded run) */
    char *key;             /* shard key (shn_options.shard_count) */
} shn_job;

/* Extensions picked up when walking a folder: every format check reads. */
static const char *const policy_exts[] = {".yaml", ".yml", ".json", ".xml", ".txt"};

static int ends_with_ci(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcasecmp(s + n - k, suffix) == 0;
}

static int has_policy_ext(const char *name) {
    for (size_t i = 0; i < SHN__ARRAY_LEN(policy_exts); i++)
        if (ends_with_ci(name, policy_exts[i])) return 1;
    return 0;
}

/* Inputs check does not read, with the command that does (or what to do). */
static const struct { const char *ext, *hint; } wrong_types[] = {
    {".tsv", "施策集の TSV は `shinsa import sakushu FILE > plan.yaml` で変換するか --input-format sakushu を指定して"
             "ください (a 施策集 TSV: convert it with `shinsa import sakushu FILE > plan.yaml`, or pass "
             "--input-format sakushu)"},
    {".csv", "CSV は読めません。タブ区切り (TSV) で保存して `shinsa import sakushu FILE` で変換してください (CSV is not "
             "read: save it tab-separated and convert it with `shinsa import sakushu FILE`)"},
    {".xlsx", "表計算ファイルは読めません。TSV で保存して `shinsa import sakushu FILE` で変換してください (spreadsheets "
              "are not read: save as TSV and convert with `shinsa import sakushu FILE`)"},
    {".xls", "表計算ファイルは読めません。TSV で保存して `shinsa import sakushu FILE` で変換してください (spreadsheets "
             "are not read: save as TSV and convert with `shinsa import sakushu FILE`)"},
    {".pdf", "PDF は読めません。条文はテキスト (.txt) か e-Gov XML で渡してください (PDF is not read: give the 条文 as "
             "plain text (.txt) or e-Gov XML)"},
    {".docx", "Word 文書は読めません。条文をテキスト (.txt) で保存してください (Word files are not read: save the 条文 as "
              "plain text (.txt))"},
    {".doc", "Word 文書は読めません。条文をテキスト (.txt) で保存してください (Word files are not read: save the 条文 as "
             "plain text (.txt))"},
};

static const char *wrong_type_hint(const char *name) {
    for (size_t i = 0; i < SHN__ARRAY_LEN(wrong_types); i++)
        if (ends_with_ci(name, wrong_types[i].ext)) return wrong_types[i].hint;
    return NULL;
}

static int job_cmp(const void *a, const void *b) {
    return strcmp((*(shn_job *const *)a)->path, (*(shn_job *const *)b)->path);
}

static shn_status add_job(shn_vec *jobs, const char *path, int from_walk) {
    shn_job *j = calloc(1, sizeof *j);
    if (!j || !(j->path = shn__strdup(path)) || shn__vec_push(jobs, j)) {
        if (j) free(j->path);
        free(j);
        return SHN_E_NOMEM;
    }
    j->from_walk = from_walk;
    j->fmt = -1;
    return SHN_OK;
}

/* What one check_paths call has seen: real files and folders (device, inode) so that each is read once,
 * and what the walks left out, for the message when nothing was checked. */
typedef struct { dev_t dev; ino_t ino; char *path; } shn_seen;
typedef struct {
    const shn_engine *e;
    shn_vec seen;              /* shn_seen * */
    shn_diags *diags;
    size_t ignored, excluded;  /* walked files of other types; walked entries matching --exclude */
    char *ignored_example;     /* the first of them */
} shn_walk;

/* Record the real file or folder `st`; returns the path it was first seen as when seen before, else NULL. */
static const char *seen_before(shn_walk *w, const struct stat *st, const char *path, int *nomem_out) {
    for (size_t i = 0; i < w->seen.n; i++) {
        const shn_seen *x = w->seen.items[i];
        if (x->dev == st->st_dev && x->ino == st->st_ino) return x->path;
    }
    shn_seen *x = calloc(1, sizeof *x);
    if (!x || !(x->path = shn__strdup(path)) || shn__vec_push(&w->seen, x)) {
        if (x) free(x->path);
        free(x);
        *nomem_out = 1;
        return NULL;
    }
    x->dev = st->st_dev;
    x->ino = st->st_ino;
    return NULL;
}

static void walk_free(shn_walk *w) {
    for (size_t i = 0; i < w->seen.n; i++) { shn_seen *x = w->seen.items[i]; free(x->path); free(x); }
    shn__vec_free(&w->seen);
    free(w->ignored_example);
}

static int excluded(const shn_engine *e, const char *path, const char *name) {
    for (size_t i = 0; i < e->exclude.n; i++) {
        const char *pat = e->exclude.items[i];
        if (fnmatch(pat, name, 0) == 0 || fnmatch(pat, path, 0) == 0) return 1;
    }
    return 0;
}

/* Walk a folder: policy files in sorted order, hidden entries skipped, depth bounded, each real folder and
 * file once (a symbolic link back to a folder already walked is a warning, not a second walk). */
static shn_status walk(shn_walk *w, const char *dir, unsigned depth, shn_vec *jobs) {
    if (depth > 32) {
        shn__diag_add(w->diags, dir, 0, 0, SHN_SEV_WARNING, NULL,
                      "フォルダが深すぎるため読みません (folder nested deeper than 32 levels: not walked)");
        return SHN_OK;
    }
    DIR *dh = opendir(dir);
    if (!dh) {
        shn__diag_add(w->diags, dir, 0, 0, SHN_SEV_ERROR, NULL, "フォルダを開けません (cannot open folder): %s",
                      strerror(errno));
        return SHN_E_IO;
    }
    shn_vec names = {0};
    struct dirent *de;
    shn_status st = SHN_OK;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.') continue;
        char *copy = shn__strdup(de->d_name);
        if (!copy || shn__vec_push(&names, copy)) { free(copy); st = SHN_E_NOMEM; break; }
    }
    closedir(dh);
    if (names.n) qsort(names.items, names.n, sizeof(void *), cmp_str);
    size_t dl = strlen(dir);
    for (size_t i = 0; st != SHN_E_NOMEM && i < names.n; i++) {
        const char *name = names.items[i];
        char *child = shn__printf("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
        if (!child) { st = SHN_E_NOMEM; break; }
        struct stat sb;
        int nm = 0;
        if (excluded(w->e, child, name)) {
            w->excluded++;
        } else if (stat(child, &sb) != 0) {
            /* a dangling link or a file that vanished: say so, nothing else is lost */
            shn__diag_add(w->diags, child, 0, 0, SHN_SEV_WARNING, NULL, "読めません (cannot read): %s",
                          strerror(errno));
        } else if (S_ISDIR(sb.st_mode)) {
            const char *first = seen_before(w, &sb, child, &nm);
            if (first)
                shn__diag_add(w->diags, child, 0, 0, SHN_SEV_WARNING, NULL,
                              "このフォルダは既に %s として読みました: シンボリックリンクのループか二つ目のリンクです "
                              "(already walked as %s: a symbolic link loop or a second link; not walked again)",
                              first, first);
            else if (!nm) {
                shn_status s2 = walk(w, child, depth + 1, jobs);
                if (s2 != SHN_OK) st = s2;
            }
        } else if (has_policy_ext(name)) {
            const char *first = seen_before(w, &sb, child, &nm);
            if (first)
                shn__diag_add(w->diags, child, 0, 0, SHN_SEV_WARNING, NULL,
                              "同じファイルを %s として読みました。一度だけ検査します (the same file as %s; checked once)",
                              first, first);
            else if (!nm && add_job(jobs, child, 1) != SHN_OK) st = SHN_E_NOMEM;
        } else {
            if (!w->ignored && !(w->ignored_example = shn__strdup(child))) nm = 1;
            w->ignored++;
        }
        if (nm) st = SHN_E_NOMEM;
        free(child);
    }
    free_str_vec(&names);
    return st;
}

/* ---- checking one input ---------------------------------------------------------------------------------- */

typedef struct {
    shn_vec findings;      /* shn_finding * in output order */
    size_t *unit_order;    /* parallel to findings during sorting */
    shn_diags diags;
    shn_input *input;
    int input_error, incomplete;
    size_t explained;      /* units matching shn_options.explain_unit */
} shn_slot;

typedef struct { shn_finding *f; size_t unit; } shn_keyed;

static int keyed_cmp(const void *a, const void *b) {
    const shn_keyed *x = a, *y = b;
    return shn__finding_cmp(x->f, x->unit, y->f, y->unit);
}

static shn_status set_input(shn_slot *s, const char *file, const char *kind, const char *law_id, const char *sha,
                            const char *status) {
    shn_input *in = s->input;
    if (!in && !(in = s->input = calloc(1, sizeof *in))) return SHN_E_NOMEM;
    if (file && !in->file) in->file = shn__strdup(file);
    if (kind && !in->kind) in->kind = shn__strdup(kind);
    if (law_id && !in->law_id) in->law_id = shn__strdup(law_id);
    if (sha && !in->sha256) in->sha256 = shn__strdup(sha);
    free((char *)in->status);
    in->status = shn__strdup(status);
    return SHN_OK;
}

/* The reason an input was skipped or failed; the first one given is kept. */
static void set_reason(shn_slot *s, const char *reason) {
    if (s->input && !s->input->reason && reason) s->input->reason = shn__strdup(reason);
}

/* Run every enabled rule on every unit of one document. Findings are keyed by running unit number. */
/* Run every enabled rule of a unit's kind on it, when the prefilter lets it (one scan of the unit's text for all
 * rules). With --explain-unit every rule gives its verdict. Findings are keyed by running unit number. */
static void check_units(const shn_engine *e, shn_lua *L, const shn_unit_list *units, const char *as_of,
                        size_t *unit_base, shn_vec *keyed, shn_slot *s, shn_tstats *ts) {
    const char *only = e->explain_unit;
    size_t nw = e->pf ? shn__prefilter_words(e->pf) : 0;
    uint64_t mask_buf[4], *mask = nw <= 4 ? mask_buf : malloc(nw * sizeof *mask);
    if (!e->pf) mask = NULL;
    for (size_t u = 0; u < units->n; u++) {
        const shn_unit *unit = units->items[u];
        if (e->opt.cancel && __atomic_load_n(e->opt.cancel, __ATOMIC_RELAXED)) {
            s->incomplete = 1;   /* interrupted: the rest of this input is not checked */
            break;
        }
        if (only && (!unit->address_str || strcmp(unit->address_str, only) != 0)) continue;
        if (only) s->explained++;
        int kind = kind_index(unit->kind);
        if (ts) count_unit(ts, kind);
        size_t nrules = only ? e->rules.n : kind >= 0 ? e->n_by_kind[kind] : 0;
        int scanned = 0;
        if (nrules && mask && kind >= 0 && e->kind_has_triggers[kind]) {
            shn__prefilter_scan(e->pf, unit->text, mask);
            scanned = 1;
        }
        for (size_t j = 0; j < nrules; j++) {
            size_t i = only ? j : e->by_kind[kind][j];
            const shn_rule *r = e->rules.items[i];
            int for_kind = only ? r->enabled && strcmp(r->target, unit->kind) == 0 : 1;
            int pass = for_kind && (scanned ? (int)((mask[i / 64] >> (i % 64)) & 1) : shn__rule_prefilter(r, unit->text));
            const char *skip = pass ? NULL
                               : !r->enabled ? "無効 (disabled)"
                               : !for_kind ? "対象外の単位 (not for this unit kind): "
                               : "前段フィルタで除外: トリガー語がない (prefilter rejected: no trigger in the text)";
            if (skip) {
                if (ts && for_kind) ts->rule_skipped[i]++;
                if (only)
                    shn__diag_add(&s->diags, unit->file, unit->start.line, unit->start.column, SHN_SEV_INFO, r->id,
                                  "判定 (verdict) %s: %s%s", unit->kind, skip,
                                  r->enabled && !for_kind ? r->target : "");
                continue;
            }
            shn_vec found = {0};
            double t0 = ts ? now_sec() : 0;
            shn_status st = shn__lua_run(L, r, unit, as_of, &found, &s->diags);
            if (ts) { ts->rule_sec[i] += now_sec() - t0; ts->rule_calls[i]++; }
            if (st != SHN_OK) s->incomplete = 1;
            if (only) {
                char verdict[96];
                if (st != SHN_OK) snprintf(verdict, sizeof verdict, "失敗 (failed: see the error above)");
                else if (found.n) snprintf(verdict, sizeof verdict, "指摘 %zu 件 (reported %zu finding(s))", found.n, found.n);
                else snprintf(verdict, sizeof verdict, "実行、指摘なし (ran and reported nothing)");
                shn__diag_add(&s->diags, unit->file, unit->start.line, unit->start.column, SHN_SEV_INFO, r->id,
                              "判定 (verdict) %s: %s", unit->kind, verdict);
            }
            for (size_t k = 0; k < found.n; k++) {
                shn_keyed *kf = malloc(sizeof *kf);
                if (!kf || shn__vec_push(keyed, kf)) {
                    free(kf);
                    shn__finding_free(found.items[k]);
                    s->incomplete = 1;
                    continue;
                }
                kf->f = found.items[k];
                kf->unit = *unit_base + u;
            }
            shn__vec_free(&found);
        }
    }
    if (mask != mask_buf) free(mask);
    *unit_base += units->n;
}

/* `shinsa: 1, kind: measures, measures: [{id: text, title: "", summary: <text>}]` with the summary spanning
 * line 1, column 1 onwards, so findings point into the inline string. With kpi set, the text is instead the one
 * KPI of the measure: `{id: text, title: "", summary: "", kpi: {unclassified: [<text>]}}`. */
static shn_status inline_measure_doc(const char *file, const char *text, size_t len, int kpi, shn_doc ***docs,
                                     size_t *ndocs) {
    shn_doc *d = shn__doc_new(file);
    shn_doc **arr = malloc(sizeof *arr);
    if (!d || !arr) { shn__doc_free(d); free(arr); return SHN_E_NOMEM; }
    shn_mark m = {1, 1, 0}, end = {1, 1, 0};
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) == 0x80) continue;
        end.offset++;
        if (c == '\n') { end.line++; end.column = 1; }
        else end.column++;
    }
    shn_node *root = shn__node_map(d, m), *me = shn__node_map(d, m), *seq = shn__node_seq(d, m);
    shn_node *one = shn__node_scalar(d, "1", 1, SHN_STYLE_PLAIN, m, m);
    shn_node *kind = shn__node_scalar(d, "measures", 8, SHN_STYLE_QUOTED, m, m);
    shn_node *id = shn__node_scalar(d, "text", 4, SHN_STYLE_QUOTED, m, m);
    shn_node *title = shn__node_scalar(d, "", 0, SHN_STYLE_QUOTED, m, m);
    shn_node *sum = kpi ? shn__node_scalar(d, "", 0, SHN_STYLE_QUOTED, m, m)
                        : shn__node_scalar(d, text, len, SHN_STYLE_PLAIN, m, end);
    if (kpi) {
        shn_node *k = shn__node_map(d, m), *ks = shn__node_seq(d, m);
        shn_node *kt = shn__node_scalar(d, text, len, SHN_STYLE_PLAIN, m, end);
        if (!k || !ks || !kt || shn__node_append(d, ks, kt) || shn__map_put_str(d, k, "unclassified", ks) ||
            shn__map_put_str(d, me, "kpi", k)) {
            shn__doc_free(d);
            free(arr);
            return SHN_E_NOMEM;
        }
    }
    if (!root || !me || !seq || !one || !kind || !id || !title || !sum || shn__map_put_str(d, root, "shinsa", one) ||
        shn__map_put_str(d, root, "kind", kind) || shn__map_put_str(d, me, "id", id) ||
        shn__map_put_str(d, me, "title", title) || shn__map_put_str(d, me, "summary", sum) ||
        shn__node_append(d, seq, me) || shn__map_put_str(d, root, "measures", seq)) {
        shn__doc_free(d);
        free(arr);
        return SHN_E_NOMEM;
    }
    d->root = root;
    arr[0] = d;
    *docs = arr;
    *ndocs = 1;
    return SHN_OK;
}

/* Add the time since *t to phase ph of ts (when timing) and restart the clock. */
static void lap(shn_tstats *ts, int ph, double *t) {
    if (!ts) return;
    double t1 = now_sec();
    ts->phase[ph] += t1 - *t;
    ts->phase_count[ph]++;
    *t = t1;
}

static void check_job_inner(const shn_engine *e, shn_lua *L, const shn_job *job, shn_slot *s, shn_tstats *ts) {
    double t = ts ? now_sec() : 0;
    char *buf = NULL;
    size_t len = 0;
    shn_error err = {0};
    const char *file = job->path;
    set_input(s, file, NULL, NULL, NULL, "error");
    int fmt = job->fmt;
    if (fmt < 0 && !job->from_walk && e->input_fmt >= 0) fmt = e->input_fmt;
    const char *hint = fmt < 0 && !job->from_walk && !job->buf ? wrong_type_hint(file) : NULL;
    if (hint) {
        shn__diag_add(&s->diags, file, 0, 0, SHN_SEV_ERROR, NULL, "%s", hint);
        s->input_error = 1;
        return;
    }
    if (job->buf) {
        buf = shn__strndup(job->buf, job->len);
        len = job->len;
        if (!buf) { shn__diag_add(&s->diags, file, 0, 0, SHN_SEV_ERROR, NULL, "メモリ不足 (out of memory)"); s->input_error = 1; return; }
    } else if (shn__read_file(file, e->opt.max_input_bytes, &buf, &len, &err) != SHN_OK) {
        if (err.code == SHN_E_LIMIT)
            snprintf(err.message, sizeof err.message, "ファイルが入力の上限 %zu バイトを超えています。上限は --limit "
                     "input-bytes=BYTES で変えられます (file exceeds the %zu-byte input limit; the limit is --limit "
                     "input-bytes=BYTES)", e->opt.max_input_bytes, e->opt.max_input_bytes);
        shn__diag_add_error(&s->diags, &err, SHN_SEV_ERROR);
        s->input_error = 1;
        return;
    }
    if (ts) ts->bytes += len;
    lap(ts, PH_READ, &t);
    char sha[65];
    shn__sha256_hex(buf, len, sha);
    set_input(s, NULL, NULL, NULL, sha, "error");
    lap(ts, PH_SHA, &t);

    shn_doc **docs = NULL;
    size_t ndocs = 0;
    shn_load_opts lo = {{e->opt.max_depth, e->opt.max_alias_nodes, 1}, e->law_id};
    if (fmt < 0) fmt = strcmp(file, "-") == 0 ? shn__format_sniff(buf, len) : shn__format_detect(file, buf, len);
    if (job->inline_measure) {
        if (inline_measure_doc(file, buf, len, job->inline_measure == 2, &docs, &ndocs) != SHN_OK)
            shn__err(&err, SHN_E_NOMEM, file, 0, 0, "メモリ不足 (out of memory)");
    }
    if (job->inline_measure ? ndocs == 0
                            : shn__load(file, (shn_format)fmt, buf, len, &lo, &docs, &ndocs, &err) != SHN_OK) {
        shn__diag_add_error(&s->diags, &err, SHN_SEV_ERROR);
        s->input_error = 1;
        free(buf);
        return;
    }
    shn_vec ignores = {0};   /* # shinsa-ignore: RULE reason (YAML inputs) */
    if (fmt == SHN_FMT_YAML && !job->inline_measure) {
        int ig = shn__ignores_scan(file, buf, len, &ignores, &s->diags);
        if (ig > 0) s->input_error = 1;
        else if (ig < 0) s->incomplete = 1;
    }
    free(buf);
    lap(ts, PH_LOAD, &t);

    shn_vec keyed = {0};
    size_t unit_base = 0, checked = 0, errors = 0;
    for (size_t d = 0; d < ndocs; d++) {
        const char *kind = NULL;
        size_t nerr = shn__validate(docs[d], &kind, &s->diags);
        lap(ts, PH_VALIDATE, &t);
        if (!kind) {
            if (nerr) {
                errors++;   /* validate named the problem (e.g. an unknown kind) */
            } else if (!job->from_walk || ndocs > 1) {
                set_reason(s, "shinsa の文書ではありません (not a shinsa document: no `shinsa: 1` and `kind`)");
                const shn_node *root = docs[d]->root;
                shn__diag_add(&s->diags, file, root ? root->start.line : 1, root ? root->start.column : 1,
                              job->from_walk ? SHN_SEV_WARNING : SHN_SEV_ERROR, NULL,
                              "shinsa の文書ではありません (not a shinsa document: expected `shinsa: 1` and `kind: "
                              "measures|law`)");
                if (!job->from_walk) errors++;
            }
            continue;
        }
        if (nerr) { errors++; continue; }
        set_input(s, NULL, kind, NULL, NULL, "error");
        shn_unit_list units = {0};
        shn_unit_opts uo = {e->law_id, NULL, e->opt.max_unit_text_bytes};
        if (shn__units_build(docs[d], file, &uo, &units, &err) != SHN_OK) {
            shn__diag_add_error(&s->diags, &err, SHN_SEV_ERROR);
            errors++;
            continue;
        }
        for (size_t u = 0; u < units.n; u++)
            if (units.items[u]->addr.law_id) { set_input(s, NULL, NULL, units.items[u]->addr.law_id, NULL, "error"); break; }
        size_t content = 0;   /* units other than the document itself: provisions, measures */
        for (size_t u = 0; u < units.n; u++) content += strstr(units.items[u]->kind, ".document") == NULL;
        const char *as_of = e->as_of ? e->as_of : uo.as_of;
        lap(ts, PH_UNITS, &t);
        check_units(e, L, &units, as_of, &unit_base, &keyed, s, ts);
        lap(ts, PH_RULES, &t);
        shn__units_free(&units);
        if (content) checked++;
        else set_reason(s, "空の文書です: 条文も施策もありません (empty document: no provision and no measure)");
    }
    if (ndocs == 0 && !errors) set_reason(s, "空のファイルです (empty file: no document)");
    if (!checked && !errors && s->input && !s->input->reason)
        set_reason(s, "shinsa の文書ではありません (not a shinsa document: no `shinsa: 1` and `kind`)");
    for (size_t d = 0; d < ndocs; d++) shn__doc_free(docs[d]);
    free(docs);
    if (errors) s->input_error = 1;
    set_input(s, NULL, NULL, NULL, NULL, errors ? "error" : checked ? "ok" : "skipped");

    /* Sort into output order, then keep the findings only. */
    shn_keyed *arr = malloc((keyed.n ? keyed.n : 1) * sizeof *arr);
    if (!arr) {
        s->incomplete = 1;
        for (size_t i = 0; i < keyed.n; i++) { shn_keyed *k = keyed.items[i]; shn__finding_free(k->f); free(k); }
        shn__vec_free(&keyed);
        shn__ignores_free(&ignores);
        return;
    }
    for (size_t i = 0; i < keyed.n; i++) { arr[i] = *(shn_keyed *)keyed.items[i]; free(keyed.items[i]); }
    size_t n = keyed.n;
    shn__vec_free(&keyed);
    if (n) qsort(arr, n, sizeof *arr, keyed_cmp);
    for (size_t i = 0; i < n; i++) {
        /* an inline summary: only what was found in its text, not the structure of the document around it; an
         * inline KPI: only the findings on the KPI (address path kpi.…), with or without a span */
        const shn_finding *f = arr[i].f;
        if ((job->inline_measure == 1 && f->match_start < 0) ||
            (job->inline_measure == 2 && !(f->address.path && strncmp(f->address.path, "kpi", 3) == 0))) {
            shn__finding_free(arr[i].f);
            continue;
        }
        if (shn__vec_push(&s->findings, arr[i].f)) { shn__finding_free(arr[i].f); s->incomplete = 1; }
    }
    free(arr);
    if (shn__unique_fingerprints(&s->findings)) s->incomplete = 1;
    if (ignores.n && shn__ignores_apply(file, &ignores, &s->findings, &s->diags)) s->incomplete = 1;
    shn__ignores_free(&ignores);
    lap(ts, PH_FINISH, &t);
}

static void check_job(const shn_engine *e, shn_lua *L, const shn_job *job, shn_slot *s, shn_tstats *ts) {
    size_t before = s->diags.items.n;
    shn__lua_input_start(L);
    check_job_inner(e, L, job, s, ts);
    if (!s->input || !s->input->status || strcmp(s->input->status, "ok") == 0 || s->input->reason) return;
    for (size_t i = before; i < s->diags.items.n; i++) {   /* a failed input: its first error says why */
        const shn_diagnostic *g = s->diags.items.items[i];
        if (g->level != SHN_SEV_ERROR) continue;
        char *why = g->line ? shn__printf("%u:%u: %s", g->line, g->column, g->message) : shn__strdup(g->message);
        set_reason(s, why);
        free(why);
        break;
    }
}

/* ---- the worker pool ------------------------------------------------------------------------------------- */

typedef struct {
    const shn_engine *e;
    shn_job **jobs;
    shn_slot *slots;
    size_t n, next;
    pthread_mutex_t lock;
    int state_failed;
    shn_error state_err;
    shn_tstats *timing;    /* summed counters when timing, else NULL */
    size_t done, found;    /* inputs done and findings so far (shn_options.progress) */
} shn_pool;

static void *worker(void *arg) {
    shn_pool *p = arg;
    shn_error err = {0};
    shn_lua *L = new_state(p->e, &err);
    shn_tstats ts, *tsp = NULL;
    if (p->timing && tstats_init(&ts, p->e->rules.n) == 0) tsp = &ts;
    if (L) {
        shn_diags ignored = {0};   /* loading problems were reported once, by the probe state */
        for (size_t i = 0; i < p->e->packs.n; i++) shn__lua_load_pack(L, p->e->packs.items[i], NULL, &ignored);
        shn__diags_free(&ignored);
    }
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->n ? p->next++ : p->n;
        if (!L && !p->state_failed) { p->state_failed = 1; p->state_err = err; }
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n) break;
        if (!L) { p->slots[i].incomplete = 1; continue; }
        if (p->e->opt.cancel && __atomic_load_n(p->e->opt.cancel, __ATOMIC_RELAXED)) {
            p->slots[i].incomplete = 1;   /* interrupted: not started */
            set_input(&p->slots[i], p->jobs[i]->path, NULL, NULL, NULL, "skipped");
            set_reason(&p->slots[i], "中断されました (interrupted)");
            continue;
        }
        check_job(p->e, L, p->jobs[i], &p->slots[i], tsp);
        if (p->e->opt.progress) {
            pthread_mutex_lock(&p->lock);
            p->done++;
            p->found += p->slots[i].findings.n;
            p->e->opt.progress(p->e->opt.progress_ud, p->done, p->n, p->found);
            pthread_mutex_unlock(&p->lock);
        }
    }
    if (tsp) {
        pthread_mutex_lock(&p->lock);
        tstats_add(p->timing, tsp, p->e->rules.n);
        pthread_mutex_unlock(&p->lock);
        tstats_free(tsp);
    }
    shn__lua_free(L);
    return NULL;
}

static void run_pool(const shn_engine *e, shn_job **jobs, shn_slot *slots, size_t n, shn_tstats *timing) {
    shn_pool p = {.e = e, .jobs = jobs, .slots = slots, .n = n, .timing = timing};
    pthread_mutex_init(&p.lock, NULL);
    size_t nthreads = e->opt.jobs < n ? e->opt.jobs : n;
    pthread_t *tids = calloc(nthreads ? nthreads : 1, sizeof *tids);
    size_t started = 0;
    if (tids && nthreads > 1)
        for (; started < nthreads; started++)
            if (pthread_create(&tids[started], NULL, worker, &p) != 0) break;
    if (started == 0) worker(&p);   /* one job, one core, or no threads available: run here */
    for (size_t i = 0; i < started; i++) pthread_join(tids[i], NULL);
    free(tids);
    if (p.state_failed)
        for (size_t i = 0; i < n; i++)
            if (slots[i].incomplete && !slots[i].input)
                shn__diag_add(&slots[i].diags, jobs[i]->path, 0, 0, SHN_SEV_ERROR, NULL,
                              "Lua の実行環境を作成できません (could not create a Lua state): %s", p.state_err.message);
    pthread_mutex_destroy(&p.lock);
}

static shn_status copy_diags(shn_diags *to, const shn_diags *from) {
    for (size_t i = 0; i < from->items.n; i++) {
        const shn_diagnostic *g = from->items.items[i];
        shn__diag_add(to, g->file, g->line, g->column, g->level, g->rule, "%s", g->message);
    }
    return SHN_OK;
}

char *shn__nothing_checked_text(size_t n_inputs, size_t skipped, const char *first_skip_file,
                                const char *first_skip_reason, size_t ignored, const char *ignored_example,
                                size_t excluded) {
    shn_buf b = {0};
    shn__buf_printf(&b, "検査した文書がありません (no document was checked): ");
    if (!n_inputs) shn__buf_printf(&b, "読める形式のファイルがありません (no file of a format check reads: "
                                       ".yaml .yml .json .xml .txt)");
    else shn__buf_printf(&b, "入力 %zu 件をすべて読み飛ばしました (all %zu input(s) skipped)", skipped, skipped);
    if (skipped)
        shn__buf_printf(&b, "; %s: %s", first_skip_file ? first_skip_file : "-",
                        first_skip_reason ? first_skip_reason : "skipped");
    if (ignored)
        shn__buf_printf(&b, "; 他の形式のファイル %zu 件は読んでいません (%zu file(s) of other types not read, e.g. %s)",
                        ignored, ignored, ignored_example ? ignored_example : "?");
    if (excluded) shn__buf_printf(&b, "; --exclude で除外 %zu 件 (%zu excluded)", excluded, excluded);
    if (b.failed || !b.data) { shn__buf_free(&b); return NULL; }
    return b.data;
}

/* The diagnostic of a run that checked no document: what was there, what was skipped and why. */
static void nothing_checked(shn_result *r, const shn_walk *w) {
    size_t skipped = 0, failed = 0;
    const shn_input *first_skip = NULL;
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        if (in->status && strcmp(in->status, "skipped") == 0) { skipped++; if (!first_skip) first_skip = in; }
        else failed++;
    }
    r->input_error = 1;
    if (failed) return;   /* each failure already has its error */
    char *text = shn__nothing_checked_text(r->inputs.n, skipped, first_skip ? first_skip->file : NULL,
                                           first_skip ? first_skip->reason : NULL, w ? w->ignored : 0,
                                           w ? w->ignored_example : NULL, w ? w->excluded : 0);
    if (text) shn__diag_add(&r->diags, NULL, 0, 0, SHN_SEV_ERROR, NULL, "%s", text);
    free(text);
}

/* Run the jobs. `shard`, when not NULL, is the share's record (shn_shard_info; moved into the result). */
static shn_status run(shn_engine *e, shn_vec *jobs, shn_diags *walk_diags, int walk_error, const shn_walk *w,
                      int need_one, shn_shard_info *shard, shn_result **out, shn_error *err) {
    shn_status st = load_packs(e, err);
    if (st != SHN_OK) return st;
    shn_result *r = shn__result_new();
    shn_slot *slots = calloc(jobs->n ? jobs->n : 1, sizeof *slots);
    if (!r || !slots) { shn_result_free(r); free(slots); return nomem(err); }
    if (shard) {
        r->shard = *shard;
        memset(shard, 0, sizeof *shard);
        r->shard.need_one = need_one;
        r->shard.max_findings = e->opt.max_findings;
        if (!(r->shard.slots = calloc(jobs->n ? jobs->n : 1, sizeof *r->shard.slots))) {
            shn_result_free(r);
            free(slots);
            return nomem(err);
        }
    }
    copy_diags(&r->diags, &e->load_diags);
    if (e->load_error) r->input_error = 1;
    for (size_t i = 0; e->infos && i < e->rules.n; i++)
        if (shn__result_add_rule(r, &e->infos[i])) { shn_result_free(r); free(slots); return nomem(err); }
    if (e->load_incomplete) r->incomplete = 1;
    copy_diags(&r->diags, walk_diags);
    if (walk_error) r->input_error = 1;
    r->shard.prefix = r->diags.items.n;
    shn_tstats tsum;
    int timing = e->opt.timing && tstats_init(&tsum, e->rules.n) == 0;
    run_pool(e, (shn_job **)jobs->items, slots, jobs->n, timing ? &tsum : NULL);
    if (timing) {
        timing_rows(e, &tsum);
        tstats_free(&tsum);
    }
    size_t explained = 0;
    for (size_t i = 0; i < jobs->n; i++) explained += slots[i].explained;
    if (e->explain_unit && jobs->n && !explained)
        shn__diag_add(&r->diags, NULL, 0, 0, SHN_SEV_WARNING, NULL,
                      "この番地の単位がありません (no unit has this address): %s", e->explain_unit);
    for (size_t i = 0; i < jobs->n; i++) {
        shn_slot *s = &slots[i];
        if (r->shard.count) {
            shn_shard_slot *ss = &r->shard.slots[r->shard.n_slots++];
            ss->pos = ((shn_job *)jobs->items[i])->pos;
            ss->has_input = s->input != NULL;
            ss->n_diags = s->diags.items.n;
            r->shard.found += s->findings.n;
        }
        if (s->input && shn__vec_push(&r->inputs, s->input)) { shn__input_free(s->input); r->incomplete = 1; }
        for (size_t k = 0; k < s->findings.n; k++)
            if (shn__vec_push(&r->findings, s->findings.items[k])) { shn__finding_free(s->findings.items[k]); r->incomplete = 1; }
        for (size_t k = 0; k < s->diags.items.n; k++)
            if (shn__vec_push(&r->diags.items, s->diags.items.items[k])) shn__diag_free(s->diags.items.items[k]);
        shn__vec_free(&s->findings);
        shn__vec_free(&s->diags.items);
        if (s->input_error) r->input_error = 1;
        if (s->incomplete) r->incomplete = 1;
    }
    free(slots);
    /* the run's caps, in input order, so the same findings stay for any -j: the text bytes of the findings, then
     * their number */
    size_t keep = r->findings.n, bytes = 0;
    for (size_t k = 0; k < r->findings.n; k++) {
        bytes += finding_text_bytes(r->findings.items[k]);
        if (bytes > e->opt.max_finding_bytes) { keep = k; break; }
    }
    if (keep < r->findings.n) {
        shn__diag_add(&r->diags, NULL, 0, 0, SHN_SEV_ERROR, NULL,
                      "指摘の本文が上限 %zu バイトを超えたため、残り %zu 件を省きました (the findings of this run exceed "
                      "%zu bytes of text: the last %zu were dropped; the limit is --limit finding-bytes=BYTES)",
                      e->opt.max_finding_bytes, r->findings.n - keep, e->opt.max_finding_bytes, r->findings.n - keep);
        for (size_t k = keep; k < r->findings.n; k++) shn__finding_free(r->findings.items[k]);
        r->findings.n = keep;
        r->incomplete = 1;
    }
    if (r->findings.n > e->opt.max_findings) {   /* in input order, so the same findings stay for any -j */
        shn__diag_add(&r->diags, NULL, 0, 0, SHN_SEV_ERROR, NULL,
                      "指摘が上限 %zu 件を超えたため、残り %zu 件を省きました (more than %zu findings in this run: the "
                      "last %zu were dropped; the limit is --max-findings N or --limit findings=N)",
                      e->opt.max_findings, r->findings.n - e->opt.max_findings, e->opt.max_findings,
                      r->findings.n - e->opt.max_findings);
        for (size_t k = e->opt.max_findings; k < r->findings.n; k++) shn__finding_free(r->findings.items[k]);
        r->findings.n = e->opt.max_findings;
        r->incomplete = 1;
    }
    size_t ok = 0;
    for (size_t i = 0; i < r->inputs.n; i++) {
        const shn_input *in = r->inputs.items[i];
        ok += in->status && strcmp(in->status, "ok") == 0;
    }
    int cancelled = e->opt.cancel && __atomic_load_n(e->opt.cancel, __ATOMIC_RELAXED);
    /* a share is judged with the others: shn_merge says whether the whole run checked nothing */
    if (need_one && !ok && !cancelled && !e->explain_unit && !r->shard.count) nothing_checked(r, w);
    *out = r;
    return SHN_OK;
}

static void free_jobs(shn_vec *jobs) {
    for (size_t i = 0; i < jobs->n; i++) { shn_job *j = jobs->items[i]; free(j->path); free(j->key); free(j); }
    shn__vec_free(jobs);
}

static int job_key_cmp(const void *a, const void *b) {
    const shn_job *x = *(shn_job *const *)a, *y = *(shn_job *const *)b;
    int c = strcmp(x->key, y->key);
    if (!c) c = strcmp(x->path, y->path);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Keep in `jobs` only share I of N (shn_options.shard_index/count) and fill `sh`: every job gets its position
 * and key; sorted by key, the k-th goes to share k mod N + 1. */
static shn_status shard_jobs(const shn_engine *e, shn_vec *jobs, const shn_walk *w, shn_shard_info *sh) {
    size_t n = jobs->n;
    sh->index = e->opt.shard_index;
    sh->count = e->opt.shard_count;
    sh->total = n;
    sh->ignored = w->ignored;
    sh->excluded = w->excluded;
    if (w->ignored_example && !(sh->ignored_example = shn__strdup(w->ignored_example))) return SHN_E_NOMEM;
    shn_job **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) return SHN_E_NOMEM;
    shn_buf order = {0}, keys = {0};
    for (size_t i = 0; i < n; i++) {
        shn_job *j = jobs->items[i];
        const char *below = j->path + j->root_len;
        while (j->root_len && *below == '/') below++;
        j->pos = i;
        if (!(j->key = j->root_len ? shn__normal_path(below) : strcmp(j->path, "-") == 0 ? shn__strdup("-")
                                                                                       : shn__normal_path(j->path))) {
            free(sorted);
            return SHN_E_NOMEM;
        }
        sorted[i] = j;
        shn__buf_printf(&order, "%s\n", j->key);
    }
    if (n) qsort(sorted, n, sizeof *sorted, job_key_cmp);
    for (size_t i = 0; i < n; i++) shn__buf_printf(&keys, "%s\n", sorted[i]->key);
    shn_status st = order.failed || keys.failed ? SHN_E_NOMEM : SHN_OK;
    shn__sha256_hex(order.data ? order.data : "", order.len, sh->order_digest);
    shn__sha256_hex(keys.data ? keys.data : "", keys.len, sh->inputs_digest);
    shn__buf_free(&order);
    shn__buf_free(&keys);
    /* mark the share's jobs (pos stays the position in the whole list), drop the others */
    for (size_t k = 0; k < n; k++) sorted[k]->fmt = k % sh->count + 1 == sh->index ? sorted[k]->fmt : -2;
    free(sorted);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        shn_job *j = jobs->items[i];
        if (j->fmt == -2) { free(j->path); free(j->key); free(j); }
        else jobs->items[o++] = j;
    }
    jobs->n = o;
    return st;
}

shn_status shn_engine_check_paths(shn_engine *e, const char *const *paths, size_t n, shn_result **out,
                                  shn_error *err) {
    *out = NULL;
    if (!e || (n && !paths)) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    shn_vec jobs = {0};
    shn_diags walk_diags = {0};
    shn_walk w = {.e = e, .diags = &walk_diags};
    int walk_error = 0;
    shn_status st = SHN_OK;
    for (size_t i = 0; i < n && st != SHN_E_NOMEM; i++) {
        struct stat sb;
        int nm = 0;
        const char *first = NULL;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if ((first = seen_before(&w, &sb, paths[i], &nm))) {
                shn__diag_add(&walk_diags, paths[i], 0, 0, SHN_SEV_WARNING, NULL,
                              "このフォルダは既に %s として読みました (already walked as %s; not walked again)", first,
                              first);
                continue;
            }
            shn_vec found = {0};
            shn_status ws = nm ? SHN_E_NOMEM : walk(&w, paths[i], 0, &found);
            if (ws == SHN_E_NOMEM) st = ws;
            else if (ws != SHN_OK) walk_error = 1;
            if (found.n) qsort(found.items, found.n, sizeof(void *), job_cmp);
            for (size_t k = 0; k < found.n; k++) ((shn_job *)found.items[k])->root_len = strlen(paths[i]);
            for (size_t k = 0; k < found.n; k++)
                if (shn__vec_push(&jobs, found.items[k])) { shn_job *j = found.items[k]; free(j->path); free(j); st = SHN_E_NOMEM; }
            shn__vec_free(&found);
        } else if (strcmp(paths[i], "-") != 0 && stat(paths[i], &sb) == 0 &&
                   (first = seen_before(&w, &sb, paths[i], &nm))) {
            shn__diag_add(&walk_diags, paths[i], 0, 0, SHN_SEV_WARNING, NULL,
                          "同じファイルを %s として読みました。一度だけ検査します (the same file as %s; checked once)",
                          first, first);
        } else if (nm || add_job(&jobs, paths[i], 0) != SHN_OK) {
            st = SHN_E_NOMEM;
        }
    }
    shn_shard_info shard = {0};
    if (st == SHN_OK && e->opt.shard_count) st = shard_jobs(e, &jobs, &w, &shard);
    if (st == SHN_OK) st = run(e, &jobs, &walk_diags, walk_error, &w, n > 0, e->opt.shard_count ? &shard : NULL, out, err);
    else nomem(err);
    free(shard.ignored_example);
    free_jobs(&jobs);
    walk_free(&w);
    shn__diags_free(&walk_diags);
    return st;
}

shn_status shn_engine_check_buffer(shn_engine *e, const char *name, const char *buf, size_t len,
                                   shn_result **out, shn_error *err) {
    *out = NULL;
    if (!e || !name || (!buf && len)) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    shn_vec jobs = {0};
    shn_diags none = {0};
    if (add_job(&jobs, name, 0) != SHN_OK) return nomem(err);
    shn_job *j = jobs.items[0];
    j->buf = buf ? buf : "";
    j->len = len;
    shn_status st = run(e, &jobs, &none, 0, NULL, 1, NULL, out, err);
    free_jobs(&jobs);
    return st;
}

shn_status shn_engine_check_text(shn_engine *e, const char *kind, const char *text, size_t len, shn_result **out,
                                 shn_error *err) {
    *out = NULL;
    if (!e || (!text && len)) return shn__err(err, SHN_E_USAGE, NULL, 0, 0, "invalid argument");
    int measure = 0;
    if (kind && strcmp(kind, "measures") == 0) measure = 1;
    else if (kind && strcmp(kind, "kpi") == 0) measure = 2;
    else if (kind && strcmp(kind, "law") != 0)
        return shn__err(err, SHN_E_USAGE, NULL, 0, 0,
                        "種類は law、measures か kpi です (kind must be law, measures or kpi): %s", kind);
    shn_vec jobs = {0};
    shn_diags none = {0};
    if (add_job(&jobs, "<text>", 0) != SHN_OK) return nomem(err);
    shn_job *j = jobs.items[0];
    j->buf = text ? text : "";
    j->len = len;
    j->fmt = SHN_FMT_TEXT;
    j->inline_measure = measure;
    shn_status st = run(e, &jobs, &none, 0, NULL, 1, NULL, out, err);
    free_jobs(&jobs);
    return st;
}
