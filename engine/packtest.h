/* packtest.h — rule-pack authoring support behind `shinsa test` and `shinsa rules --doc` (public side:
 * shn_pack_test, shn_pack_doc, shn_default_pack_dirs in shinsa.h). Private to libshinsa.
 *
 * Fixture files are policy documents under <pack>/tests/ whose lines carry expectations as trailing YAML
 * comments, read from the raw text because libyaml drops comments:
 *     - 貸金業者は、…標識を掲示しなければならない。   # expect: analog.physical-posting
 *     - …掲示してはならない。                        # expect-not: analog.physical-posting
 *     - …自動公衆送信…掲示しなければならない。       # expect: analog.physical-posting@info
 * An expectation on line L concerns the findings whose location starts on L or whose match spans L (a
 * measure's finding starts at its `- id:` line; a match may run over title and summary). Full-line comments
 * never hold expectations. `# strict: true` on a line of its own makes every finding of the pack that covers
 * no expectation line a failure. */
#ifndef SHN_PACKTEST_H
#define SHN_PACKTEST_H

#include <stddef.h>
#include "util.h"

typedef struct {
    char *rule;         /* rule id as written */
    int severity;       /* shn_severity, or -1 when the expectation names none */
    int negative;       /* expect-not */
    unsigned line;      /* 1-based line of the comment */
} shn_expect;

/* Parse the expectation comments of a fixture's raw text: append a malloc'd shn_expect * per expectation
 * to `out` in line order; *strict is set when a `# strict: true` comment line is present. Returns SHN_OK or
 * SHN_E_NOMEM; a malformed expectation (unknown severity, empty id) is an SHN_E_PARSE with err naming
 * file:line (entries appended so far stay in `out`). */
shn_status shn__expect_parse(const char *file, const char *text, shn_vec *out, int *strict, shn_error *err);
void shn__expect_free(shn_expect *x);

#endif
