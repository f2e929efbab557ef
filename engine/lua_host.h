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
    uint64_t instructions;      /* per rule call */
    size_t memory;              /* cap on the state's total allocation */
} shn_lua_limits;

shn_lua *shn__lua_new(const shn_lua_limits *lim, shn_error *err);
void shn__lua_free(shn_lua *L);                    /* NULL-safe */

/* Load every rule file and lexicon of `pack`. When `rules` is not NULL, append a new shn_rule * per valid rule
 * (the probe state does this; workers pass NULL and only load). Broken files, bad metadata, unknown analog
 * type / principle / target, duplicate ids are diagnostics with file:line. Returns SHN_OK when the pack loaded
 * (even if some rules were rejected) or an error code when nothing of it could be used. */
shn_status shn__lua_load_pack(shn_lua *L, const shn_pack *pack, shn_vec *rules, shn_diags *diags);

/* Run rule `r` on unit `u`. Each ctx:report{} becomes a shn_finding * appended to `findings`. A rule error,
 * an instruction-budget or memory exhaustion becomes a diagnostic naming rule and unit and the call returns
 * SHN_E_RULE_RUNTIME or SHN_E_LIMIT; findings reported before the failure are discarded. */
shn_status shn__lua_run(shn_lua *L, const shn_rule *r, const shn_unit *u, const char *as_of, shn_vec *findings,
                        shn_diags *diags);

/* Run a rule's inline examples (fire must report, quiet must not); failures are diagnostics. Returns the
 * number of failed examples. */
size_t shn__lua_check_examples(shn_lua *L, const shn_rule *r, shn_diags *diags);

#endif
