/* lua_host.h — one sandboxed Lua 5.4 state per worker: allocator with a memory cap, instruction-count hook,
 * allow-listed libraries, the host's own require (stdlib and the rule's own pack only), per-rule _ENV,
 * read-only shared tables, the shinsa.core C module (PCRE2, utf8proc). Private to libshinsa. */
#ifndef SHN_LUA_HOST_H
#define SHN_LUA_HOST_H

#include "result_int.h"
#include "rule.h"
#include "unit.h"

typedef struct shn_lua shn_lua;

typedef struct {
    const char *stdlib_dir;     /* folder holding shinsa/<module>.lua */
    uint64_t instructions;      /* per rule call; C helpers and allocations are charged to it as well */
    size_t memory;              /* cap on the state's total allocation */
    unsigned timeout_ms;        /* CPU time per rule call (and per rule-file load), of the thread running it */
    size_t call_findings;       /* findings per rule call (one rule on one unit) */
    size_t call_bytes;          /* bytes of text in the findings of one rule call */
    size_t input_findings;      /* findings per input (all rules on one document) */
    size_t input_bytes;         /* bytes of text in the findings of one input */
    const volatile int *cancel; /* when non-NULL and nonzero (a signal arrived), a running call stops at its next
                                   charge (hook, allocation, C helper, LPeg step): kind SHN_LE_INTERRUPT */
    unsigned wall_ms;           /* wall-clock backstop per call; default 10 x timeout_ms, at least 60 s */
} shn_lua_limits;               /* 0 = default (docs/security.md) */

shn_lua *shn__lua_new(const shn_lua_limits *lim, shn_error *err);

/* A lexicon entry added from configuration (shn_engine_extend_lexicon): appended to lexicon[key][field] of
 * every pack whose lexicon has the top-level `key`; `field` is created when absent; for a map of named lists
 * the entry goes to its list `config`. file/line/column name where it was configured (for diagnostics). */
typedef struct {
    char *key, *field, *entry;
    int is_regex;               /* entry is a PCRE2 pattern: {re = entry} */
    char *file;                 /* may be NULL */
    unsigned line, column;
} shn_lex_ext;

/* Entries applied by every later shn__lua_load_pack of this state (the array must outlive the state's loads).
 * `hits` (may be NULL) has n counters, each increased when its entry is added to a pack. A field that is not a
 * list is a diagnostic at the entry's position. */
void shn__lua_set_lexicon_ext(shn_lua *L, const shn_lex_ext *ext, size_t n, unsigned *hits);
void shn__lua_free(shn_lua *L);                    /* NULL-safe */

/* Nonzero: ctx:trace(text) lines are collected per rule call and attached to each finding (shn_finding.explain);
 * ctx.explain tells rules so they can skip building trace text. Off by default (ctx:trace is then a no-op). */
void shn__lua_set_explain(shn_lua *L, int on);

/* Load every rule file and lexicon of `pack`. When `rules` is not NULL, append a new shn_rule * per valid rule
 * (the probe state does this; workers pass NULL and only load). Broken files, bad metadata, unknown analog
 * type / principle / target, duplicate ids are diagnostics with file:line. Returns SHN_OK when the pack loaded
 * (even if some rules were rejected), SHN_E_LIMIT when the only diagnostics are rule files that hit a
 * resource limit while loading (the rest of the pack is usable), or an error code when nothing of it could be
 * used. */
shn_status shn__lua_load_pack(shn_lua *L, const shn_pack *pack, shn_vec *rules, shn_diags *diags);

/* A new input starts: its finding counters are reset and every rule is enabled again. A rule that hits a
 * limit (instructions, time, memory, regex, output) is not run again on the rest of the input:
 * shn__lua_run returns SHN_E_LIMIT for it without a further diagnostic. */
void shn__lua_input_start(shn_lua *L);

/* Run rule `r` on unit `u`. Each ctx:report{} becomes a shn_finding * appended to `findings`. A rule error,
 * an instruction-budget or memory exhaustion becomes a diagnostic naming rule and unit and the call returns
 * SHN_E_RULE_RUNTIME or SHN_E_LIMIT; findings reported before the failure are discarded. */
shn_status shn__lua_run(shn_lua *L, const shn_rule *r, const shn_unit *u, const char *as_of, shn_vec *findings,
                        shn_diags *diags);

/* Run a rule's inline examples (fire must report, quiet must not); failures are diagnostics. Returns the
 * number of failed examples. */
size_t shn__lua_check_examples(shn_lua *L, const shn_rule *r, shn_diags *diags);

#endif
