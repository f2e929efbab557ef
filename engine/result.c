/* result.c — results, findings and diagnostics: construction, ordering, fingerprints, the public accessors
 * and the exit code of the Contracts. See result_int.h. */
#include "result_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rule.h"
#include "unit.h"

/* ---- diagnostics ------------------------------------------------------------------------------------- */

static shn_diagnostic *diag_make(const char *file, unsigned line, unsigned column, shn_severity level,
                                 const char *rule, char *message /* taken */) {
    shn_diagnostic *g = calloc(1, sizeof *g);
    if (!g) { free(message); return NULL; }
    g->line = line;
    g->column = column;
    g->level = level;
    g->message = message;
    if (file && *file && !(g->file = shn__strdup(file))) goto fail;
    if (rule && *rule && !(g->rule = shn__strdup(rule))) goto fail;
    if (!g->message) goto fail;
    return g;
fail:
    shn__diag_free(g);
    return NULL;
}

static void diag_push(shn_diags *d, shn_diagnostic *g) {
    if (!g) return; /* out of memory: the diagnostic is lost, nothing else can be done */
    if (shn__vec_push(&d->items, g) != 0) shn__diag_free(g);
}

void shn__diag_add(shn_diags *d, const char *file, unsigned line, unsigned column, shn_severity level,
                   const char *rule, const char *fmt, ...) {
    if (!d || !fmt) return;
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (msg) vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    diag_push(d, diag_make(file, line, column, level, rule, msg));
}

void shn__diag_add_error(shn_diags *d, const shn_error *err, shn_severity level) {
    if (!d || !err) return;
    const char *msg = err->message[0] ? err->message : shn_strerror(err->code);
    diag_push(d, diag_make(err->file, err->line, err->column, level, err->rule, shn__strdup(msg)));
}

void shn__diag_free(shn_diagnostic *g) {
    if (!g) return;
    free((char *)g->file);
    free((char *)g->rule);
    free((char *)g->message);
    free(g);
}

void shn__diags_free(shn_diags *d) {
    if (!d) return;
    for (size_t i = 0; i < d->items.n; i++) shn__diag_free(d->items.items[i]);
    shn__vec_free(&d->items);
}

/* ---- findings ---------------------------------------------------------------------------------------- */

/* Duplicate `s` into *slot; NULL stays NULL. Returns 0, or -1 when out of memory. */
static const char *nonempty(const char *s) { return s && *s ? s : NULL; }

static int dup_into(const char **slot, const char *s) {
    *slot = NULL;
    if (!s) return 0;
    char *c = shn__strdup(s);
    if (!c) return -1;
    *slot = c;
    return 0;
}

int shn__set_str(const char **slot, const char *s) {
    char *c = NULL;
    if (s && !(c = shn__strdup(s))) return -1;
    free((char *)*slot);
    *slot = c;
    return 0;
}

static void free_strv(const char *const *v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++) free((char *)v[i]);
    free((void *)v);
}

int shn__finding_set_analog_types(shn_finding *f, const char *const *types, size_t n) {
    char **v = NULL;
    if (n) {
        v = calloc(n, sizeof *v);
        if (!v) return -1;
        for (size_t i = 0; i < n; i++) {
            if (!types[i]) continue;
            if (!(v[i] = shn__strdup(types[i]))) { free_strv((const char *const *)v, n); return -1; }
        }
        /* drop NULL entries and repeats (first occurrence wins), so consumers never see either */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!v[i]) continue;
            int dup = 0;
            for (size_t m = 0; m < k && !dup; m++) dup = strcmp(v[m], v[i]) == 0;
            if (dup) free(v[i]);
            else v[k++] = v[i];
        }
        n = k;
        if (!n) { free(v); v = NULL; }
    }
    free_strv(f->analog_types, f->n_analog_types);
    f->analog_types = (const char *const *)v;
    f->n_analog_types = n;
    return 0;
}

int shn__finding_add_related(shn_finding *f, const char *file, const char *address, const char *citation,
                             const char *note) {
    shn_related r = {0};
    if (dup_into(&r.file, file) || dup_into(&r.address, address) || dup_into(&r.citation, citation) ||
        dup_into(&r.note, note))
        goto fail;
    shn_related *arr = realloc((void *)f->related, (f->n_related + 1) * sizeof *arr);
    if (!arr) goto fail;
    arr[f->n_related++] = r;
    f->related = arr;
    return 0;
fail:
    free((char *)r.file);
    free((char *)r.address);
    free((char *)r.citation);
    free((char *)r.note);
    return -1;
}

static int copy_address(shn_address *dst, const shn_address *src) {
    memset(dst, 0, sizeof *dst);
    dst->sentence = src->sentence;
    return dup_into(&dst->kind, src->kind) || dup_into(&dst->law_id, src->law_id) ||
                   dup_into(&dst->provision, src->provision) || dup_into(&dst->article, src->article) ||
                   dup_into(&dst->paragraph, src->paragraph) || dup_into(&dst->item, src->item) ||
                   dup_into(&dst->table, src->table) || dup_into(&dst->measure, src->measure) ||
                   dup_into(&dst->path, src->path)
               ? -1
               : 0;
}

static void free_address(shn_address *a) {
    free((char *)a->kind);
    free((char *)a->law_id);
    free((char *)a->provision);
    free((char *)a->article);
    free((char *)a->paragraph);
    free((char *)a->item);
    free((char *)a->table);
    free((char *)a->measure);
    free((char *)a->path);
    memset(a, 0, sizeof *a);
}

shn_finding *shn__finding_new(const shn_rule *r, const shn_unit *u) {
    if (!r || !u) return NULL;
    shn_finding *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->severity = r->severity;
    f->confidence = 0.7;
    f->match_start = f->match_end = -1;
    f->line = u->start.line;
    f->column = u->start.column;
    f->end_line = u->end.line;
    f->end_column = u->end.column;
    if (dup_into(&f->rule, r->id) || dup_into(&f->principle, r->principle) || dup_into(&f->file, u->file) ||
        dup_into(&f->address_str, u->address_str) || dup_into(&f->citation, u->citation) ||
        dup_into(&f->snippet, u->text) || copy_address(&f->address, &u->addr) ||
        dup_into(&f->ministry, shn__unit_ctx(u, "lead_ministry") ? shn__unit_ctx(u, "lead_ministry")
                                                                  : shn__unit_ctx(u, "law_ministry")) ||
        dup_into(&f->law_title, nonempty(shn__unit_ctx(u, "law_title"))) ||
        shn__finding_set_analog_types(f, (const char *const *)r->analog_types, r->n_analog_types)) {
        shn__finding_free(f);
        return NULL;
    }
    return f;
}

int shn__finding_set_match(shn_finding *f, const shn_unit *u, long start, long end) {
    if (!f || !u || !u->text) return -1;
    size_t bytes = strlen(u->text);
    size_t cps = shn__utf8_len(u->text, bytes);
    if (start < 0 || end <= start || (size_t)end > cps) return -1;
    size_t b0 = shn__utf8_byte_offset(u->text, bytes, (size_t)start);
    size_t b1 = shn__utf8_byte_offset(u->text, bytes, (size_t)end);
    char *m = shn__strndup(u->text + b0, b1 - b0);
    if (!m) return -2;
    free((char *)f->match_text);
    f->match_text = m;
    f->match_start = start;
    f->match_end = end;
    return 0;
}

void shn__fingerprint(const char *rule, const char *address, const char *match, char out[17]) {
    shn_buf b = {0};
    shn__buf_puts(&b, rule ? rule : "");
    shn__buf_add(&b, "\x1f", 1);
    shn__buf_puts(&b, address ? address : "");
    shn__buf_add(&b, "\x1f", 1);
    shn__buf_puts(&b, match ? match : "");
    char hex[65];
    if (b.failed) {
        /* Out of memory on a few hundred bytes: hash the parts in a fixed-size fallback so the result stays
         * defined (truncation can only happen for absurdly long inputs). */
        char tmp[4096];
        int n = snprintf(tmp, sizeof tmp, "%s\x1f%s\x1f%s", rule ? rule : "", address ? address : "",
                         match ? match : "");
        shn__sha256_hex(tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1, hex);
    } else {
        shn__sha256_hex(b.data ? b.data : "", b.len, hex);
    }
    shn__buf_free(&b);
    memcpy(out, hex, 16);
    out[16] = '\0';
}

int shn__finding_finish(shn_finding *f, const shn_unit *u) {
    if (!f) return -1;
    if (u && f->match_text && f->match_start >= 0 && f->match_end > f->match_start) {
        unsigned l = 0, c = 0, el = 0, ec = 0;
        shn__unit_locate(u, f->match_start, f->match_end, &l, &c, &el, &ec);
        if (l) {
            f->line = l;
            f->column = c;
            f->end_line = el;
            f->end_column = ec;
        }
    }
    if (f->confidence != f->confidence) f->confidence = 0.0; /* NaN */
    if (f->confidence < 0.0) f->confidence = 0.0;
    if (f->confidence > 1.0) f->confidence = 1.0;
    char fp[17];
    /* identity#address, then the clause's text: lines added above or below leave it, a change of the clause
     * itself (or of what matched) makes a new finding */
    char *id = shn__identity_key(f, u);
    char *key = id ? shn__printf("%s\x1f%s", id, f->snippet ? f->snippet : "") : NULL;
    shn__fingerprint(f->rule, key ? key : f->address_str, f->match_text, fp);
    free(id);
    free(key);
    return shn__set_str(&f->fingerprint, fp);
}

/* `path` without the ways of typing it: "./" and "//" and "x/.." dropped, an absolute path under the current
 * folder made relative to it. Standard input stays "-". */
char *shn__normal_path(const char *path) {
    if (!path) return shn__strdup("-");
    char *abs = NULL;
    if (path[0] == '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            size_t n = strlen(cwd);
            if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/') path += n + 1;
            else if (n == 1) path += 1;   /* cwd is / */
            else abs = "/";
        } else {
            abs = "/";
        }
    }
    /* split on '/', drop "" and ".", let ".." eat the previous part when there is one */
    size_t len = strlen(path);
    char *out = malloc(len + 2);
    if (!out) return NULL;
    size_t o = 0;
    if (abs) out[o++] = '/';
    size_t base = o;
    for (const char *p = path; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* skip */
        } else if (n == 2 && p[0] == '.' && p[1] == '.' && o > base &&
                   !(o - base >= 2 && out[o - 1] == '.' && out[o - 2] == '.' && (o - base == 2 || out[o - 3] == '/'))) {
            while (o > base && out[o - 1] != '/') o--;   /* drop the last part */
            if (o > base) o--;                            /* and its slash */
        } else {
            if (o > base) out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p += n;
        if (*p == '/') p++;
    }
    if (o == 0) out[o++] = '.';
    out[o] = '\0';
    return out;
}

/* The identity of the document a finding is in, and the address within it: "<identity>#<address tail>". The
 * identity is the law id; else, for measures, the plan (source title and date) when it has one; else the
 * normalised path. So neither the fingerprint nor what a baseline or waiver matches depend on how the path
 * was typed (m.yaml, ./m.yaml, /abs/m.yaml). NULL when out of memory. */
char *shn__identity_key(const shn_finding *f, const shn_unit *u) {
    const char *addr = f->address_str ? f->address_str : "";
    const char *hash = strchr(addr, '#');
    const char *tail = hash ? hash + 1 : addr;
    if (f->address.law_id) return shn__printf("%s#%s", f->address.law_id, tail);
    const char *plan = u ? shn__unit_ctx(u, "plan_title") : NULL;
    if (plan && *plan) {
        const char *date = shn__unit_ctx(u, "plan_date");
        return shn__printf("plan:%s@%s#%s", plan, date ? date : "", tail);
    }
    char *norm = shn__normal_path(f->file);
    char *key = norm ? shn__printf("%s#%s", norm, tail) : NULL;
    free(norm);
    return key;
}

/* Make fingerprints unique within the findings of one input: the n-th (n >= 2, in output order) finding with a
 * fingerprint already taken gets sha256(fingerprint 0x1F n)[:16] (again until free). Deterministic for a
 * given output. (The same law read twice, as XML and as YAML, keeps the same fingerprints in both.) */
int shn__unique_fingerprints(shn_vec *findings) {
    size_t n = findings->n;
    if (n < 2) return 0;
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    const char **set = calloc(cap, sizeof *set);
    if (!set) return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        shn_finding *f = findings->items[i];
        if (!f->fingerprint) continue;
        for (unsigned k = 1;; k++) {
            uint64_t h = 1469598103934665603ULL;
            for (const char *p = f->fingerprint; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
            size_t slot = (size_t)h & (cap - 1);
            int taken = 0;
            while (set[slot]) {
                if (strcmp(set[slot], f->fingerprint) == 0) { taken = 1; break; }
                slot = (slot + 1) & (cap - 1);
            }
            if (!taken) { set[slot] = f->fingerprint; break; }
            char tmp[64], hex[65];
            int m = snprintf(tmp, sizeof tmp, "%s\x1f%u", f->fingerprint, k + 1);
            shn__sha256_hex(tmp, (size_t)m, hex);
            hex[16] = '\0';
            if (shn__set_str(&f->fingerprint, hex)) { rc = -1; break; }
        }
        if (rc) break;
    }
    free(set);
    return rc;
}

void shn__finding_free(shn_finding *f) {
    if (!f) return;
    free((char *)f->suppressed);
    free((char *)f->suppress_reason);
    free((char *)f->rule);
    free((char *)f->message);
    free((char *)f->message_en);
    free((char *)f->principle);
    free_strv(f->analog_types, f->n_analog_types);
    free((char *)f->file);
    free_address(&f->address);
    free((char *)f->address_str);
    free((char *)f->citation);
    free((char *)f->snippet);
    free((char *)f->match_text);
    free((char *)f->explain);
    free((char *)f->suggestion);
    for (size_t i = 0; i < f->n_related; i++) {
        free((char *)f->related[i].file);
        free((char *)f->related[i].address);
        free((char *)f->related[i].citation);
        free((char *)f->related[i].note);
    }
    free((void *)f->related);
    free((char *)f->fingerprint);
    free((char *)f->ministry);
    free((char *)f->law_title);
    free(f);
}

/* NULL sorts before any string. */
static int strcmp_null(const char *a, const char *b) {
    if (a == b) return 0;
    if (!a) return -1;
    if (!b) return 1;
    return strcmp(a, b);
}

#define SHN__CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

int shn__finding_cmp(const shn_finding *a, size_t unit_a, const shn_finding *b, size_t unit_b) {
    int c;
    if ((c = strcmp_null(a->file, b->file))) return c;
    SHN__CMP(unit_a, unit_b);
    if ((c = strcmp_null(a->rule, b->rule))) return c;
    SHN__CMP(a->match_start, b->match_start);
    if ((c = strcmp_null(a->message, b->message))) return c;
    if ((c = strcmp_null(a->fingerprint, b->fingerprint))) return c;
    /* Tie-breakers so that the order is total even for near-duplicates. */
    SHN__CMP(a->match_end, b->match_end);
    SHN__CMP(b->severity, a->severity);
    SHN__CMP(b->confidence, a->confidence);
    if ((c = strcmp_null(a->message_en, b->message_en))) return c;
    return strcmp_null(a->suggestion, b->suggestion);
}

/* ---- results ----------------------------------------------------------------------------------------- */

shn_result *shn__result_new(void) { return calloc(1, sizeof(shn_result)); }

void shn__input_free(shn_input *in) {
    if (!in) return;
    free((char *)in->file);
    free((char *)in->kind);
    free((char *)in->law_id);
    free((char *)in->sha256);
    free((char *)in->status);
    free((char *)in->reason);
    free(in);
}

static void rule_info_free(shn_rule_info *ri) {
    if (!ri) return;
    free((char *)ri->id); free((char *)ri->pack); free((char *)ri->title); free((char *)ri->principle);
    free((char *)ri->target); free((char *)ri->description);
    for (size_t i = 0; i < ri->n_analog_types; i++) free((char *)ri->analog_types[i]);
    free((void *)ri->analog_types);
    free(ri);
}

int shn__result_add_rule(shn_result *r, const shn_rule_info *src) {
    shn_rule_info *ri = calloc(1, sizeof *ri);
    if (!ri) return -1;
    *ri = (shn_rule_info){0};
    ri->severity = src->severity;
    ri->enabled = src->enabled;
    int ok = (ri->id = shn__strdup(src->id)) && (ri->pack = shn__strdup(src->pack)) &&
             (!src->title || (ri->title = shn__strdup(src->title))) &&
             (!src->principle || (ri->principle = shn__strdup(src->principle))) &&
             (!src->target || (ri->target = shn__strdup(src->target))) &&
             (!src->description || (ri->description = shn__strdup(src->description)));
    char **types = ok ? calloc(src->n_analog_types ? src->n_analog_types : 1, sizeof *types) : NULL;
    ri->analog_types = (const char *const *)types;
    ok = ok && types;
    for (size_t i = 0; ok && i < src->n_analog_types; i++, ri->n_analog_types++)
        ok = (types[i] = shn__strdup(src->analog_types[i])) != NULL;
    if (!ok || shn__vec_push(&r->rules, ri)) { rule_info_free(ri); return -1; }
    return 0;
}

size_t shn_result_rule_count(const shn_result *r) { return r ? r->rules.n : 0; }

const shn_rule_info *shn_result_rule(const shn_result *r, size_t i) {
    return r && i < r->rules.n ? r->rules.items[i] : NULL;
}

void shn_result_free(shn_result *r) {
    if (!r) return;
    for (size_t i = 0; i < r->rules.n; i++) rule_info_free(r->rules.items[i]);
    shn__vec_free(&r->rules);
    for (size_t i = 0; i < r->inputs.n; i++) shn__input_free(r->inputs.items[i]);
    shn__vec_free(&r->inputs);
    for (size_t i = 0; i < r->findings.n; i++) shn__finding_free(r->findings.items[i]);
    shn__vec_free(&r->findings);
    shn__diags_free(&r->diags);
    free(r->shard.slots);
    free(r->shard.tail);
    free(r->shard.ignored_example);
    free(r);
}

long shn__shard_pos_of(const shn_result *r, const char *file) {
    size_t in = 0;
    for (size_t i = 0; file && i < r->shard.n_slots; i++) {
        if (!r->shard.slots[i].has_input) continue;
        const shn_input *x = in < r->inputs.n ? r->inputs.items[in] : NULL;
        in++;
        if (x && x->file && strcmp(x->file, file) == 0) return (long)r->shard.slots[i].pos;
    }
    return -1;
}

int shn__shard_tag(shn_result *r, long waiver, long pos, int unused) {
    if (!r->shard.count) return 0;
    shn_shard_tag *t = realloc(r->shard.tail, (r->shard.n_tail + 1) * sizeof *t);
    if (!t) return -1;
    r->shard.tail = t;
    t[r->shard.n_tail++] = (shn_shard_tag){waiver, pos, unused};
    return 0;
}

size_t shn_result_finding_count(const shn_result *r) { return r ? r->findings.n : 0; }

const shn_finding *shn_result_finding(const shn_result *r, size_t i) {
    return r && i < r->findings.n ? r->findings.items[i] : NULL;
}

size_t shn_result_diagnostic_count(const shn_result *r) { return r ? r->diags.items.n : 0; }

const shn_diagnostic *shn_result_diagnostic(const shn_result *r, size_t i) {
    return r && i < r->diags.items.n ? r->diags.items.items[i] : NULL;
}

size_t shn_result_input_count(const shn_result *r) { return r ? r->inputs.n : 0; }

const shn_input *shn_result_input(const shn_result *r, size_t i) {
    return r && i < r->inputs.n ? r->inputs.items[i] : NULL;
}

size_t shn_result_keep(shn_result *r, int (*keep)(const shn_finding *f, void *ud), void *ud) {
    if (!r || !keep) return 0;
    size_t o = 0, removed = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        shn_finding *f = r->findings.items[i];
        if (keep(f, ud)) r->findings.items[o++] = f;
        else { shn__finding_free(f); removed++; }
    }
    r->findings.n = o;
    return removed;
}

int shn_result_exit_code(const shn_result *r, shn_severity fail_on) {
    if (!r || r->input_error) return 2;
    if (r->incomplete) return 3;
    if (fail_on == SHN_SEV_NONE) return 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const shn_finding *f = r->findings.items[i];
        if (!f->suppressed && f->severity != SHN_SEV_NONE && f->severity >= fail_on) return 1;
    }
    return 0;
}
