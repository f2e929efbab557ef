/* prefilter.h — the trigger prefilter of a rule set: every literal trigger of every rule in one Aho–Corasick
 * automaton, built once per engine, so that a unit's text is scanned once for all rules. Private to libshinsa.
 * The answer is the same as shn__rule_prefilter() asked rule by rule (byte-wise substring search). */
#ifndef SHN_PREFILTER_H
#define SHN_PREFILTER_H

#include <stddef.h>
#include <stdint.h>
#include "rule.h"

typedef struct shn_prefilter shn_prefilter;

/* Build from rules[0..n): bit i of a mask stands for rules[i]. NULL when out of memory or too large (more than
 * 65,535 automaton states): callers then ask shn__rule_prefilter() rule by rule. */
shn_prefilter *shn__prefilter_new(shn_rule *const *rules, size_t n);
void shn__prefilter_free(shn_prefilter *pf);

/* Words of a mask: (n + 63) / 64. */
size_t shn__prefilter_words(const shn_prefilter *pf);

/* Set in mask (shn__prefilter_words() words, cleared first) the bit of every rule worth running on text: a rule
 * with no trigger always, one with an empty trigger on any text, another when one of its triggers occurs in
 * text (as shn__rule_prefilter: on a NULL text only the rules without triggers). */
void shn__prefilter_scan(const shn_prefilter *pf, const char *text, uint64_t *mask);

#endif
