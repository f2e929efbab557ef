/* rule.h — rule packs and their rules as the C core sees them. Private to libshinsa.
 * A pack is parsed from pack.yaml in C (manifest keys of the Contracts); rule files and lexicons are loaded
 * into every Lua state by lua_pack.c. Rule metadata comes from the rule{…} table a rule file returns. */
#ifndef SHN_RULE_H
#define SHN_RULE_H

#include <stddef.h>
#include "result_int.h"
#include "shinsa.h"

typedef struct shn_pack {
    char *name, *version, *description, *stdlib;   /* stdlib: requirement such as ">=1", or NULL */
    char *dir;                                     /* folder, as given */
    char **rule_files; size_t n_rule_files;        /* relative to dir */
    char **lexicon_files; size_t n_lexicon_files;  /* relative to dir */
    char **sev_rules; int *sev_values; size_t n_sev; /* severities: per-rule overrides from pack.yaml */
} shn_pack;

/* Parse dir/pack.yaml. Errors name pack.yaml:line:col. */
shn_status shn__pack_load(const char *dir, shn_pack **out, shn_error *err);
void shn__pack_free(shn_pack *p);

typedef struct shn_rule {
    char *id, *pack, *title, *principle, *target, *description;
    char *file;                                    /* the rule file, dir-relative path as "pack/x.lua" */
    shn_severity severity;                         /* after pack and engine overrides */
    char **analog_types; size_t n_analog_types;
    char **triggers; size_t n_triggers;            /* literal prefilter strings; none = run on every unit */
    char **fire; size_t n_fire;                    /* examples that must fire */
    char **quiet; size_t n_quiet;                  /* examples that must not fire */
    int enabled;
    size_t order;                                  /* load order, for a stable registry */
} shn_rule;

void shn__rule_free(shn_rule *r);

/* Known ids (from DESIGN.md). Return nonzero when known. */
int shn__analog_type_known(const char *id);
int shn__principle_known(const char *id);
int shn__target_known(const char *kind);

/* Nonzero when every trigger-less rule or at least one trigger occurs in text. */
int shn__rule_prefilter(const shn_rule *r, const char *text);

#endif
