/* result_int.h — internal construction of results, findings and diagnostics. Private to libshinsa.
 * Every `const char *` inside the public shn_finding / shn_diagnostic / shn_input structs built here points
 * to memory owned by that struct (malloc'd) and is released by the matching *_free below. */
#ifndef SHN_RESULT_INT_H
#define SHN_RESULT_INT_H

#include "shinsa.h"
#include "util.h"

struct shn_unit;
struct shn_rule;

/* Diagnostics list (shn_diagnostic *). */
typedef struct { shn_vec items; } shn_diags;
void shn__diag_add(shn_diags *d, const char *file, unsigned line, unsigned column, shn_severity level,
                   const char *rule, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void shn__diag_add_error(shn_diags *d, const shn_error *err, shn_severity level); /* from an shn_error */
void shn__diags_free(shn_diags *d);
void shn__diag_free(shn_diagnostic *g);

/* A finding for rule `r` on unit `u`: rule id, severity, principle, analog types, file, address, citation,
 * snippet and location are filled from them; the caller sets message, match, suggestion, related,
 * confidence, then calls shn__finding_finish() which computes the location of the match and the
 * fingerprint. */
shn_finding *shn__finding_new(const struct shn_rule *r, const struct shn_unit *u);
/* Set the match from code-point offsets into the unit text (start < end); copies the matched text.
 * Returns 0, -1 when the span is out of range (start < 0, end <= start, end > code points), -2 out of memory. */
int shn__finding_set_match(shn_finding *f, const struct shn_unit *u, long start, long end);
/* Helpers for the caller's part (0 ok, -1 out of memory; the finding is unchanged on failure):
 * replace a string field (`slot` points into the finding, e.g. &f->message; old value freed, s copied, NULL ok),
 * replace the analog types (copied; NULL entries and repeats dropped), append a related place (strings copied, any may be NULL). */
int shn__set_str(const char **slot, const char *s);
int shn__finding_set_analog_types(shn_finding *f, const char *const *types, size_t n);
int shn__finding_add_related(shn_finding *f, const char *file, const char *address, const char *citation,
                             const char *note);
/* Location of the match (via shn__unit_locate), confidence clamped to 0..1, fingerprint. 0 ok, -1 no memory. */
int shn__finding_finish(shn_finding *f, const struct shn_unit *u);
void shn__finding_free(shn_finding *f);
/* First 16 hex digits of SHA-256 over rule id, address string and matched text, separated by 0x1F. */
void shn__fingerprint(const char *rule, const char *address, const char *match, char out[17]);
/* "<document identity>#<address tail>" (law id, else the plan, else the normalised path): what a fingerprint,
 * a baseline and a waiver address go by. NULL when out of memory. Caller frees. */
char *shn__identity_key(const shn_finding *f, const struct shn_unit *u);
/* `path` normalised: "./", "//", "x/.." dropped; absolute under the current folder made relative. Caller frees. */
char *shn__normal_path(const char *path);
/* Give the later of findings (of one input) that share a fingerprint a derived one (see result.c); 0 ok,
 * -1 no memory. */
int shn__unique_fingerprints(shn_vec *findings);
/* Inline ignores of a YAML input (`# shinsa-ignore: RULE-ID reason`): scan collects them into `out` (one
 * without a rule or reason is an error diagnostic; returns 1 then, -1 out of memory, else 0); apply suppresses
 * the findings of that rule on the line of the comment (or, for a comment on its own line, the next line of
 * content) and reports unused ones as warnings. */
int shn__ignores_scan(const char *file, const char *buf, size_t len, shn_vec *out, shn_diags *diags);
int shn__ignores_apply(const char *file, shn_vec *ignores, shn_vec *findings, shn_diags *diags);
void shn__ignores_free(shn_vec *ignores);
/* Total order used for output: file, unit order, rule id, match start, message. */
int shn__finding_cmp(const shn_finding *a, size_t unit_a, const shn_finding *b, size_t unit_b);

/* What a share of a sharded run (shn_options.shard_count) records for shn_merge. The result's diagnostics are
 * then: `prefix` of the whole run (pack loading, walks: the same in every share), then per slot (one input
 * checked, in order) its `n_diags`, then the tail added after the run (waivers), each tagged in `tail`. */
typedef struct { size_t pos; int has_input; size_t n_diags; } shn_shard_slot;
typedef struct { long waiver; long pos; int unused; } shn_shard_tag;   /* pos: input position, -1 none */
typedef struct {
    unsigned index, count;     /* 0 = not sharded */
    size_t total;              /* inputs of the whole run */
    char inputs_digest[65];    /* SHA-256 of the sorted keys of the whole run's inputs */
    char order_digest[65];     /* SHA-256 of the keys in the order of the whole run */
    size_t prefix;             /* diagnostics of the whole run at the start */
    shn_shard_slot *slots; size_t n_slots;
    shn_shard_tag *tail; size_t n_tail;
    size_t ignored, excluded;  /* walked files of other types, entries excluded (the "nothing checked" note) */
    char *ignored_example;
    size_t found;              /* findings of this share before any cut */
    size_t max_findings;
    int need_one;              /* a check of paths: checking nothing is an input error */
} shn_shard_info;
/* Tag the diagnostic just appended to r->diags after the run (waivers), when r is a share. 0 ok, -1 no memory. */
int shn__shard_tag(shn_result *r, long waiver, long pos, int unused);
/* The position in the whole run of the input named `file` of share r; -1 when none. */
long shn__shard_pos_of(const shn_result *r, const char *file);
/* The "nothing checked" diagnostic text (engine.c and the merge): inputs by status, walk counts. Caller frees. */
char *shn__nothing_checked_text(size_t n_inputs, size_t skipped, const char *first_skip_file,
                                const char *first_skip_reason, size_t ignored, const char *ignored_example,
                                size_t excluded);

struct shn_result {
    shn_vec inputs;       /* shn_input * */
    shn_vec findings;     /* shn_finding *, in output order */
    shn_diags diags;      /* in input order, then position */
    shn_vec rules;        /* shn_rule_info * with owned strings: the rules of the run, id order */
    int input_error;      /* an input could not be read, parsed or validated */
    int incomplete;       /* a rule failed or hit a limit */
    int baseline_applied; /* shn_result_apply_baseline ran: SARIF says new/unchanged */
    shn_shard_info shard; /* a share of a sharded run (shard.count > 0) */
};

shn_result *shn__result_new(void);
void shn__input_free(shn_input *in);
/* Append a copy of `ri` to r->rules; 0 ok, -1 out of memory. */
int shn__result_add_rule(shn_result *r, const shn_rule_info *ri);

#endif
