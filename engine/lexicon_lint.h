/* lexicon_lint.h — static checks of a pack's lexicon YAML files, with positions:
 *   - every `re:` pattern compiles (PCRE2, UTF + UCP); a failure is an error naming the pattern's offset;
 *   - (when `shadows`) a trigger that an exception of the same section always covers can never fire: for a
 *     literal trigger T, an exception that matches inside T (a literal substring of T, or a pattern that
 *     matches T) overlaps every occurrence of T. Reported as a warning.
 * Used when packs load (patterns always; shadows with --strict) and by `shinsa test` (both). Private. */
#ifndef SHN_LEXICON_LINT_H
#define SHN_LEXICON_LINT_H

#include "result_int.h"
#include "rule.h"

/* Returns the number of diagnostics added. */
size_t shn__lexicon_lint(const shn_pack *p, int shadows, shn_diags *diags);

#endif
