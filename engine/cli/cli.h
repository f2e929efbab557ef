/* cli.h — shared by the shinsa command's files: one file per command (main.c has check, rules, version and
 * the dispatch table; import.c, test.c … add commands). Each command is `int cmd_x(int argc, char **argv)`
 * with argv[0] the command name, returning the process exit code. */
#ifndef SHN_CLI_H
#define SHN_CLI_H

#include <stddef.h>
#include "shinsa.h"

#define EXIT_USAGE 2

/* Print "shinsa: <message>" and a pointer to help on stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, const char *arg);
/* Print an shn_error as file:line:col: error: message on stderr. */
void print_error(const shn_error *err);
/* Write data to path atomically (temporary file in the same folder, fsync, rename). 0 on success. */
int write_atomic(const char *path, const char *data, size_t len);
/* Print a result's diagnostics on stderr, one a line. */
void print_diagnostics(const shn_result *r);

/* What a shard of `shinsa check --shard I/N` records of its options (merge.c), for shn_merge to compare. */
typedef struct {
    const char *fail_on, *as_of, *law_id, *input_format, *min_severity, *baseline, *waivers, *today;
    const char *const *exclude; size_t n_exclude;
    const char *const *rule; size_t n_rule;
    const char *const *type; size_t n_type;
    const char *const *principle; size_t n_principle;
    const char *const *lexicon; size_t n_lexicon;   /* configured lexicon entries, one string each */
    int explain;
} shard_opts;
/* The JSON text of shn_render_options.shard_options; caller frees (free). NULL when out of memory. */
char *shard_options_json(shn_engine *e, const shard_opts *so);
/* shinsa merge REPORT... (merge.c) */
int cmd_merge(int argc, char **argv);

/* Commands defined in their own files. */
int cmd_import(int argc, char **argv);   /* import.c */
/* shinsa kpi [--json] TEXT... (kpi.c): the reading of each KPI string */
int cmd_kpi(int argc, char **argv);

/* shinsa test [PACK_DIR...] (test.c) */
int cmd_test(int argc, char **argv);
/* shinsa new-pack NAME [--dir DIR] (newpack.c) */
int cmd_new_pack(int argc, char **argv);
/* shinsa rules --doc DIR (docs.c): write DIR/<pack>.md for the shipped packs (when default_packs) and the
 * `packs` folders, plus DIR/index.md. Returns the exit code. */
int rules_doc(const char *out_dir, const char *const *packs, size_t n_packs, int default_packs);

#endif
