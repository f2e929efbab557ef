/*
 * shinsa.h — the public API of libshinsa, the policy evaluation engine.
 *
 * This is the only public header; everything under engine/ other than this file is private and may change.
 *
 * Ownership, once for the whole API (in the manner of jq's jv.h):
 *   - Strings passed in are copied; the caller keeps its own.
 *   - `const` pointers returned by an accessor are owned by the handle they come from and stay valid until that
 *     handle is freed.
 *   - Anything returned as plain `char *` belongs to the caller and is released with shn_free().
 *   - Every *_free function accepts NULL and then does nothing.
 * Threads: no process-global state. One shn_engine may be used by one thread at a time; a check call uses its
 * own worker threads internally. Separate engines are independent.
 * Errors: fallible calls return shn_status and, when `err` is not NULL, fill it with a message and a 1-based
 * position. Messages are Japanese with English alongside.
 */
#ifndef SHINSA_H
#define SHINSA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(BUILDING_SHN_SHARED) && defined(__GNUC__)
#define SHN_API __attribute__((visibility("default")))
#else
#define SHN_API
#endif

#define SHN_VERSION "0.1.0"
#define SHN_STDLIB_VERSION 1

/* Status codes, one table (X-macro) so that shn_strerror() cannot drift from the enum. */
#define SHN_STATUS_MAP(X)                                                    \
    X(SHN_OK, "ok")                                                          \
    X(SHN_E_NOMEM, "out of memory")                                          \
    X(SHN_E_IO, "file could not be read or written")                         \
    X(SHN_E_PARSE, "input could not be parsed")                              \
    X(SHN_E_SCHEMA, "input does not match its schema")                       \
    X(SHN_E_RULE_SYNTAX, "rule pack could not be loaded")                    \
    X(SHN_E_RULE_RUNTIME, "rule failed while running")                       \
    X(SHN_E_LIMIT, "a resource limit was reached")                           \
    X(SHN_E_USAGE, "invalid argument")

typedef enum {
#define SHN__ENUM(name, text) name,
    SHN_STATUS_MAP(SHN__ENUM)
#undef SHN__ENUM
} shn_status;

/* A static, never-freed English description of a status. */
SHN_API const char *shn_strerror(shn_status s);

/* Error detail. Positions are 1-based; 0 means unknown. */
typedef struct {
    shn_status code;
    char file[512];
    unsigned line, column;
    char rule[128];
    char message[1024];
} shn_error;

typedef enum { SHN_SEV_NONE = 0, SHN_SEV_INFO = 1, SHN_SEV_WARNING = 2, SHN_SEV_ERROR = 3 } shn_severity;

/* "error" | "warning" | "info" | "none" <-> shn_severity. Parsing returns -1 on an unknown name. */
SHN_API const char *shn_severity_name(shn_severity s);
SHN_API int shn_severity_parse(const char *name);

/* ---- engine configuration ---------------------------------------------------------------------------- */

typedef struct {
    unsigned jobs;                 /* worker threads; 0 = number of online cores */
    const char *as_of;             /* "YYYY-MM-DD" given to rules as ctx.as_of; NULL = input's as_of or unset */
    const char *stdlib_dir;        /* folder holding shinsa/<module>.lua; NULL = built-in default */
    int load_default_packs;        /* nonzero: load every pack found under default_rules_dir */
    const char *default_rules_dir; /* NULL = built-in default (installed or source tree rules/) */
    const char *law_id;            /* --law-id for XML/text inputs; NULL = derive from path */
    /* limits; 0 = default */
    size_t max_input_bytes;        /* default 64 MiB per input file */
    unsigned max_depth;            /* default 64 levels of YAML nesting */
    size_t max_alias_nodes;        /* default 1,000,000 nodes after alias expansion */
    uint64_t rule_instructions;    /* default 50,000,000 Lua instructions per rule call */
    size_t rule_memory;            /* default 64 MiB per Lua state */
    unsigned rule_timeout_ms;      /* default 10,000 ms of CPU time per rule call (and rule-file load), measured
                                    * on the thread that runs it; wall clock: 10 times as much, at least 60 s */
    size_t max_rule_findings;      /* default 1,000 findings per rule call (one rule on one unit) */
    size_t max_input_findings;     /* default 100,000 findings per input */
    size_t max_findings;           /* default 1,000,000 findings per run; further ones are dropped with a
                                      diagnostic and the run is incomplete. A rule that hits any limit is not
                                      run again on the rest of that input. See docs/security.md. */
    int check_examples;            /* nonzero: run each rule's examples when its pack loads */
    int explain;                   /* nonzero: collect each finding's trace (ctx:trace) into shn_finding.explain */
    const char *explain_unit;      /* an address string (e.g. "358AC1000000032#main:23:1::1"): check only the unit
                                      with this address, and add per rule an info diagnostic with its verdict
                                      (disabled, not for this kind, prefilter rejected, ran and reported nothing,
                                      reported N findings, failed); a warning when no unit has the address */
    int strict;                    /* nonzero: lexicon triggers that an exception always covers are errors of
                                      the pack (--strict); patterns that do not compile always are */
    const char *input_format;      /* format of the inputs named explicitly (paths given, "-"): "yaml" (also
                                      JSON), "xml" (e-Gov), "text" (plain 条文), "sakushu" (施策集 TSV); NULL =
                                      by extension, and for "-" or no extension by sniffing the content.
                                      Inputs found by walking a folder always go by their extension. */
    const char *const *exclude;    /* fnmatch(3) patterns: a walked file or folder whose path or name matches
                                      one is not read (listed as skipped); NULL/0 = none */
    size_t n_exclude;
    const volatile int *cancel;    /* when non-NULL and *cancel becomes nonzero (e.g. from a signal handler),
                                      workers start no further input and the result is marked incomplete */
    int timing;                    /* nonzero: measure time per phase and per rule (shn_engine_timing) */
    unsigned shard_index, shard_count;   /* --shard I/N (1 <= I <= N): check only share I of N of the inputs of
                                      shn_engine_check_paths; 0/0 = all. The whole list of inputs is made as
                                      usual (arguments in order, folders walked in sorted order); its inputs are
                                      sorted by key — the path below the folder argument it was found in, or
                                      for a file named directly its normalised path (shn__normal_path) — and
                                      the k-th (from 0) goes to share k mod N + 1. So the shares do not depend
                                      on the order of the arguments nor on how a folder is written (`laws`,
                                      `./laws/`, an absolute path), every input is in exactly one share, and
                                      they differ in size by one at most. A share's result carries what
                                      shn_merge needs (positions in the whole list; see the JSON and SARIF
                                      reports), is never "nothing checked" by itself (the merge judges the
                                      whole run), and its SARIF is not cut at 25,000 results (the merge is). */
    /* Called after each input of shn_engine_check_paths is done (from a worker thread, never two at once):
       inputs done and in all, findings so far. For a progress line; NULL = none. */
    void (*progress)(void *ud, size_t done, size_t total, size_t findings);
    void *progress_ud;
    /* more limits; 0 = default (docs/security.md lists every limit) */
    size_t max_rule_bytes;         /* default 1 MiB of finding text (messages, suggestions, related) per rule call */
    size_t max_input_finding_bytes;  /* default 64 MiB of finding text per input */
    size_t max_finding_bytes;      /* default 1 GiB of finding text per run; the findings past it (in input order)
                                      are dropped with a diagnostic and the run is incomplete */
    size_t max_unit_text_bytes;    /* default 256 MiB: the text of one document's units, each sentence counted
                                      with its article and paragraph context; past it the input is an error */
} shn_options;

/* Fill `o` with defaults (all zero, check_examples and load_default_packs on). */
SHN_API void shn_options_init(shn_options *o);

typedef struct shn_engine shn_engine;

/* Create an engine. Packs are loaded by shn_engine_add_pack() and by the defaults named in `opt`. */
SHN_API shn_status shn_engine_new(const shn_options *opt, shn_engine **out, shn_error *err);
SHN_API void shn_engine_free(shn_engine *e);

/* Add a rule pack folder (holding pack.yaml). Loading errors also become diagnostics of the next check. */
SHN_API shn_status shn_engine_add_pack(shn_engine *e, const char *dir, shn_error *err);

/* Rule selection and overrides. `rule` is a full id ("analog.physical-posting") or a pack name ("analog"). */
SHN_API shn_status shn_engine_disable_rule(shn_engine *e, const char *rule);
SHN_API shn_status shn_engine_set_severity(shn_engine *e, const char *rule, shn_severity sev);

/* Append an entry to a list of the packs' lexicons without writing Lua: `key` is a top-level lexicon key
 * ("physical-posting", "common"), `field` a list under it ("triggers", "exceptions", "digital_alternatives");
 * `entry` is a literal, or a PCRE2 pattern when `is_regex` (a bad pattern is SHN_E_USAGE). Every loaded pack
 * whose lexicon has `key` gets the entry; an absent field is created; for a map of named lists the entry goes to
 * its list `config`. A new trigger also widens the literal prefilter of that pack's rules. Call before the first
 * check. `file`, `line`, `column` (NULL/0 when unknown) name where the entry was configured: a key no loaded pack
 * defines, or a field that is not a list, becomes an error diagnostic there when the packs load. */
SHN_API shn_status shn_engine_extend_lexicon(shn_engine *e, const char *key, const char *field, const char *entry,
                                             int is_regex, const char *file, unsigned line, unsigned column,
                                             shn_error *err);

/* ---- rules -------------------------------------------------------------------------------------------- */

typedef struct {
    const char *id, *pack, *title, *principle, *target, *description;
    shn_severity severity;
    const char *const *analog_types; size_t n_analog_types;
    int enabled;
    const char *const *triggers; size_t n_triggers;   /* the literal prefilter strings; none = every unit */
} shn_rule_info;

/* Load the packs (if not yet loaded) and list their rules in id order. The array is owned by the engine. */
SHN_API shn_status shn_engine_rules(shn_engine *e, const shn_rule_info **rules, size_t *n, shn_error *err);

/* ---- timing (shn_options.timing) ---------------------------------------------------------------------- */

/* One row of the timing of the last check call. Phases come first (kind "phase": read, sha256, load, validate,
 * units, rules, finish: freeing and sorting), then one row per unit kind (kind "units": count = units built), then one row per rule
 * (kind "rule", in id order: count = check() calls, skipped = units of its target the prefilter rejected).
 * Seconds are the workers' CPU time (CLOCK_THREAD_CPUTIME_ID), summed. */
typedef struct {
    const char *kind;                /* "phase" | "units" | "rule" */
    const char *name;                /* phase name, unit kind or rule id */
    const char *pack;                /* the rule's pack; NULL otherwise */
    unsigned long long count, skipped, bytes;   /* bytes: input bytes (phase read) */
    double seconds;
} shn_timing;

/* The timing rows of the last check call; *n = 0 when shn_options.timing was off. Owned by the engine. */
SHN_API shn_status shn_engine_timing(const shn_engine *e, const shn_timing **rows, size_t *n);

/* ---- results ------------------------------------------------------------------------------------------ */

typedef struct {
    const char *kind;       /* "law" | "measure" | NULL (document-level) */
    const char *law_id, *provision, *article, *paragraph, *item, *table;
    unsigned sentence;      /* 0 = absent */
    const char *measure, *path;
} shn_address;

typedef struct { const char *file, *address, *citation, *note; } shn_related;

typedef struct {
    const char *rule;
    shn_severity severity;
    const char *message, *message_en, *principle;
    const char *const *analog_types; size_t n_analog_types;
    double confidence;
    const char *file;
    unsigned line, column, end_line, end_column;
    shn_address address;
    const char *address_str;         /* string form, e.g. 347AC0000000057#main:45:1::1 */
    const char *citation, *snippet;
    const char *match_text;          /* NULL when the finding has no match */
    long match_start, match_end;     /* code points into snippet; -1 when absent */
    const char *suggestion;
    const shn_related *related; size_t n_related;
    const char *fingerprint;         /* 16 hex digits */
    const char *explain;             /* why it was reported: the rule's ctx:trace lines before ctx:report, one per
                                        line ("\n"-separated); NULL unless shn_options.explain (or nothing traced) */
    const char *suppressed;          /* NULL, or why it does not count: "inline" (# shinsa-ignore in the input),
                                        "waiver" (a waivers file), "baseline" (in the --baseline file). Suppressed
                                        findings do not fail a run and are left out of every report but SARIF,
                                        which keeps them as suppressions (baseline: baselineState "unchanged") */
    const char *suppress_reason;     /* the reason given by the waiver or inline ignore; NULL for a baseline */
    const char *ministry;            /* a measure's finding: the measure's lead ministry (府省庁: `ministries`, the
                                        one with lead: true, else the first); a law's finding: the ministry that
                                        issued it as its 法令番号 names it (ordinances: 「厚生労働省令」), NULL for
                                        Acts and Cabinet Orders (e-Gov XML names no 所管). Not in the json
                                        report's finding object; the html report charts findings by it */
    const char *law_title;           /* a law's finding: the law's title (law.title, e-Gov LawTitle); NULL
                                        otherwise. Not in the json finding object; the html report labels by it */
} shn_finding;

typedef struct {
    const char *file;
    unsigned line, column;
    shn_severity level;     /* error: the input or a rule failed; warning: e.g. unknown key; info: notes */
    const char *rule;       /* NULL unless a rule caused it */
    const char *message;
} shn_diagnostic;

typedef struct {
    const char *file;
    const char *kind;       /* "law" | "measures" | NULL when it did not load */
    const char *law_id;
    const char *sha256;     /* hex; NULL when unreadable */
    const char *status;     /* "ok" | "error" | "skipped" */
    const char *reason;     /* why it was skipped or failed (Japanese with English alongside); NULL when ok */
} shn_input;

typedef struct shn_result shn_result;

/* Check files and folders (folders are walked in sorted order; "-" is standard input). Always yields a
 * result when it returns SHN_OK, even when inputs fail: their failures are diagnostics. A walk reads every
 * format check reads (.yaml .yml .json .xml .txt), follows a symbolic link to a folder at most once per real
 * folder (device and inode; a loop is a warning diagnostic) and checks each file once. Every input is listed
 * with its status and, when not "ok", a reason. When n > 0 and no document was checked (nothing found, or
 * everything skipped), the result is an input error (exit code 2) with a diagnostic saying what was skipped
 * and why. */
SHN_API shn_status shn_engine_check_paths(shn_engine *e, const char *const *paths, size_t n,
                                          shn_result **out, shn_error *err);
/* Check an in-memory document; `name` is the file name used in findings (its extension picks the format). */
SHN_API shn_status shn_engine_check_buffer(shn_engine *e, const char *name, const char *buf, size_t len,
                                           shn_result **out, shn_error *err);
/* Check an inline string, named "<text>" in findings: `kind` "law" (or NULL) reads it as draft 条文 in plain
 * text (as a .txt file would be read: 「第一条　…」, or a bare sentence taken as one paragraph); "measures" takes it
 * as the summary of one measure (id "text"), and only findings that point at a span of the summary are kept (not
 * those about the document around it: id, title, KPI, ministries); "kpi" takes it as the one KPI of a measure
 * (`kpi.unclassified[0]`) and keeps only the findings on that KPI. Positions are 1-based within the string. */
SHN_API shn_status shn_engine_check_text(shn_engine *e, const char *kind, const char *text, size_t len,
                                         shn_result **out, shn_error *err);
SHN_API void shn_result_free(shn_result *r);

SHN_API size_t shn_result_finding_count(const shn_result *r);
SHN_API const shn_finding *shn_result_finding(const shn_result *r, size_t i);
SHN_API size_t shn_result_diagnostic_count(const shn_result *r);
SHN_API const shn_diagnostic *shn_result_diagnostic(const shn_result *r, size_t i);
SHN_API size_t shn_result_input_count(const shn_result *r);
SHN_API const shn_input *shn_result_input(const shn_result *r, size_t i);
/* The rules of the run (every loaded rule, enabled or not, in id order): their metadata for reports such as
 * SARIF's tool.driver.rules. Owned by the result. */
SHN_API size_t shn_result_rule_count(const shn_result *r);
SHN_API const shn_rule_info *shn_result_rule(const shn_result *r, size_t i);

/* ---- baselines and waivers ------------------------------------------------------------------------------- */

/* A baseline of `r`: JSON {"shinsa_baseline": 1, "findings": [{fingerprint, rule, address, file}, …]} sorted by
 * fingerprint, to be read by shn_result_apply_baseline. `*out` is the caller's (shn_free). */
SHN_API shn_status shn_result_baseline(const shn_result *r, char **out, size_t *len, shn_error *err);
/* Mark every finding whose fingerprint is in the baseline file `path` as suppressed ("baseline"). A file that
 * cannot be read or is not a baseline is an error naming file:line:col. */
SHN_API shn_status shn_result_apply_baseline(shn_result *r, const char *path, shn_error *err);
/* Apply the waivers file `path` (YAML: `waivers: [{rule, where, reason, expires, approved_by}]`; `where` is an
 * address string or a fingerprint; `reason` is required; `expires` YYYY-MM-DD). A matching waiver suppresses
 * the finding ("waiver"); an expired one (expires before `today`, YYYY-MM-DD) does not, and a warning
 * diagnostic at the waiver says so; a waiver that matched nothing is a warning diagnostic. A malformed file is
 * an error naming file:line:col. */
SHN_API shn_status shn_result_apply_waivers(shn_result *r, const char *path, const char *today, shn_error *err);

/* Keep only the findings for which keep(f, ud) is nonzero (a selection such as --rule, --type, --principle,
 * --min-severity); the others are freed. Returns how many were removed. */
SHN_API size_t shn_result_keep(shn_result *r, int (*keep)(const shn_finding *f, void *ud), void *ud);

/* Exit code of the Contracts: 2 input error > 3 incomplete run > 1 findings at or above fail_on > 0.
 * Suppressed findings do not count. */
SHN_API int shn_result_exit_code(const shn_result *r, shn_severity fail_on);

/* ---- rendering ---------------------------------------------------------------------------------------- */

typedef struct {
    int color;              /* nonzero: ANSI colours (text format) */
    shn_severity min_severity; /* findings below it are not rendered; SHN_SEV_NONE = all */
    shn_severity fail_on;   /* for reports that record the exit status (SARIF invocations, JUnit): the
                               --fail-on level; SHN_SEV_NONE (zero) = findings do not fail */
    const char *rules_url;  /* base URL of the rule reference pages (docs/rules/ as published), e.g.
                               "https://example.org/shinsa/docs/rules/": SARIF helpUri = base + "<pack>.md#<rule>";
                               NULL = no helpUri */
    int summary_only;       /* text: counts only (by severity, analog type and rule), no finding */
    int summary_first;      /* text: the summary line also before the findings (for a terminal) */
    const char *shard_options; /* a JSON object (text) of the options that must agree between the shards of one
                               run (the CLI's --fail-on, selection, baseline, waivers, …): written into the
                               shard data of a sharded result's json/sarif report and compared by shn_merge;
                               NULL = {} */
    /* sarif: GitHub code scanning's limits (0 = the documented ones: 25,000 results per run, 10,000,000 bytes
       per gzip-compressed file); past one the most severe results are kept and a warning notification says how
       many were left out. A shard's report is not cut: it records them, and shn_merge cuts the whole run. */
    size_t sarif_max_results, sarif_max_bytes;
    size_t *left_out;       /* when non-NULL: set to the number of findings the report left out for those limits */
} shn_render_options;

/* Render `r` in `format` (see shn_format_names). `*out` is the caller's (shn_free). */
SHN_API shn_status shn_render(const shn_result *r, const char *format, const shn_render_options *opt,
                              char **out, size_t *len, shn_error *err);
/* Nonzero when `format` is one shn_render() knows. */
SHN_API int shn_format_known(const char *format);
/* The known formats, comma-separated ("text, json, ndjson, sarif, …"); static. */
SHN_API const char *shn_format_names(void);

/* ---- shards (shinsa merge) ----------------------------------------------------------------------------- */

/* Join the reports of the shards 1..N of one run (`shinsa check --shard I/N -f json|sarif`, one text each, in
 * any order; `names` name them in messages) into the report a single run over all the inputs gives, byte for
 * byte: inputs, findings and diagnostics in the order of the whole run, the summary, the SARIF invocation's exit
 * code and its 25,000-result cut. `format` is "json" (from json shards), "sarif" (from sarif shards), "ndjson"
 * (from json shards) or NULL (that of the shards). `*exit_code` gets the exit code of the whole run (0, 1, 2,
 * 3: the Contracts' precedence). Reports of different runs — another version, other packs or options, other
 * inputs or a different order of them, a missing or repeated shard, a report not made with --shard — are an
 * error (SHN_E_USAGE) saying which report differs and in what. `*out` is the caller's (shn_free). */
SHN_API shn_status shn_merge(const char *const *names, const char *const *texts, const size_t *lens, size_t n,
                             const char *format, char **out, size_t *len, int *exit_code, shn_error *err);

/* ---- configuration file (.shinsa.yaml) --------------------------------------------------------------- */

/* One `lexicon:` entry of a configuration file, with the position of the entry in it. */
typedef struct {
    char *key, *field, *entry;
    int is_regex;                        /* written as {re: pattern} */
    unsigned line, column;
} shn_config_lexicon;

typedef struct {
    char *path;                          /* the file read */
    char **packs; size_t n_packs;        /* pack folders, resolved against the file's folder */
    char **disable; size_t n_disable;    /* rule ids or pack names */
    char **sev_rules; shn_severity *sev_values; size_t n_sev;   /* severities: {rule: level} */
    int fail_on;                         /* shn_severity, or -1 when not set */
    char *format;                        /* NULL when not set */
    char *as_of;                         /* NULL when not set */
    char *baseline, *waivers;            /* files, resolved against the config's folder; NULL when not set */
    int default_packs;                   /* 1/0, or -1 when not set */
    unsigned jobs;                       /* 0 when not set */
    /* lexicon: {KEY: {FIELD: [literal | {re: pattern}, …]}} — entries for shn_engine_extend_lexicon */
    shn_config_lexicon *lexicon; size_t n_lexicon;
} shn_config;

/* Find .shinsa.yaml in `start_dir` or the nearest folder above it. *path is the caller's (shn_free), NULL
 * when none exists (still SHN_OK). */
SHN_API shn_status shn_config_find(const char *start_dir, char **path);
/* Read a config file; errors name file:line:col. */
SHN_API shn_status shn_config_load(const char *path, shn_config **out, shn_error *err);
SHN_API void shn_config_free(shn_config *c);

/* ---- rule-pack authoring (shinsa test, shinsa rules --doc) ------------------------------------------------- */

/* One line of a pack test report. */
typedef struct {
    shn_severity level;     /* SHN_SEV_ERROR: a failure; SHN_SEV_WARNING: a warning (no fixture, dead rule) */
    const char *file;       /* fixture, rule or manifest file; NULL when none */
    unsigned line;          /* 1-based; 0 when none */
    const char *rule;       /* rule id; NULL when not about one rule */
    const char *message;    /* complete text, e.g. "tests/a.yaml:12: expected analog.x, got none"; may hold
                               further lines (the actual findings), each indented by four spaces */
} shn_pack_test_item;

/* What shn_pack_test() found for one pack. */
typedef struct {
    const char *pack;       /* name from pack.yaml; NULL when the manifest did not load */
    const char *dir;        /* as given */
    size_t passed, failed;  /* checks: inline examples, fixture expectations, loading */
    size_t n_rules, n_fixtures;   /* rules loaded, fixture files read */
    const shn_pack_test_item *items; size_t n_items;   /* failures and warnings, in report order */
} shn_pack_test_result;

/* Test the pack in folder `dir`: load it (errors are failures with file:line), run each rule's inline
 * examples, check the fixtures under dir/tests/ (*.yaml, *.yml, *.json) against their `# expect: RULE[@sev]`
 * and `# expect-not: RULE` comments (`# strict: true` makes any other finding of the pack a failure), and warn
 * about rules without a fixture and rules whose triggers occur in no fixture nor example. Fixtures are checked
 * by an engine holding only this pack (opt's limits and as_of apply; its pack options are ignored); `opt` may
 * be NULL. `*out` is the caller's (shn_pack_test_free). Returns SHN_OK whenever *out was produced. */
SHN_API shn_status shn_pack_test(const shn_options *opt, const char *dir, shn_pack_test_result **out,
                                 shn_error *err);
SHN_API void shn_pack_test_free(shn_pack_test_result *r);

/* Markdown reference page of the pack in `dir`: description, then per rule its metadata, triggers, inline
 * examples and fixture count. Deterministic (no paths of this machine). `*markdown`, `*name` (the pack name)
 * and `*index_row` (a Markdown table row `| [name](name.md) | version | rules | description |` for an index
 * page) are the caller's (shn_free); `index_row` may be NULL. A pack that does not load is an error
 * (SHN_E_RULE_SYNTAX) naming file:line. */
SHN_API shn_status shn_pack_doc(const shn_options *opt, const char *dir, char **markdown, char **name,
                                char **index_row, shn_error *err);

/* The reading of one KPI string by the stdlib's KPI grammar (stdlib/shinsa/kpi.lua): indicator, baseline,
 * target, deadline, reference year, unit, direction, level, source and what is missing, as the text of
 * kpi.describe (json = 0) or as one JSON object, kpi.parse's result with sorted keys (json = 1). `opt` may be
 * NULL (built-in stdlib folder). `*out` is the caller's (shn_free). */
SHN_API shn_status shn_kpi_reading(const shn_options *opt, const char *text, size_t len, int json, char **out,
                                   shn_error *err);

/* The shipped pack folders: every folder under opt->default_rules_dir (NULL: the built-in default) holding a
 * pack.yaml, in name order. `*dirs` and each string are the caller's (shn_pack_dirs_free). */
SHN_API shn_status shn_default_pack_dirs(const shn_options *opt, char ***dirs, size_t *n, shn_error *err);
SHN_API void shn_pack_dirs_free(char **dirs, size_t n);

SHN_API void shn_free(void *p);
SHN_API const char *shn_version(void);

#ifdef __cplusplus
}
#endif
#endif /* SHINSA_H */
