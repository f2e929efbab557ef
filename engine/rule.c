/* rule.c — rule records and the known ids of DESIGN.md (analog types, digital principles, unit kinds).
 * See rule.h. */
#include "rule.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

static void free_strv(char **v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void shn__rule_free(shn_rule *r) {
    if (!r) return;
    free(r->id);
    free(r->pack);
    free(r->title);
    free(r->principle);
    free(r->target);
    free(r->description);
    free(r->file);
    free_strv(r->analog_types, r->n_analog_types);
    free_strv(r->triggers, r->n_triggers);
    free_strv(r->fire, r->n_fire);
    free_strv(r->quiet, r->n_quiet);
    free(r);
}

/* DESIGN.md, "Analog types". */
static const char *const analog_types[] = {
    "visual-inspection",   "physical-posting",     "on-site-audit",  "in-person-viewing",
    "periodic-inspection", "recording-media",      "resident-exclusive", "paper-document",
    "in-person-training",  "seal-signature",       "in-person-appearance", "physical-delivery",
};

/* DESIGN.md, "Digital principles", plus `inclusion` from the Contracts. */
static const char *const principles[] = {
    "digital-completion", "agile-governance", "public-private",     "interoperability",
    "common-platform",    "digital-first",    "once-only",          "connected-one-stop",
    "technology-neutral", "machine-readable", "ebpm",               "inclusion",
};

/* DESIGN.md, "Rule API": the unit kinds a rule can target. */
static const char *const targets[] = {
    "law.sentence", "law.article", "law.document", "measure", "measure.kpi", "measures.document",
};

static int in_list(const char *const *list, size_t n, const char *s) {
    if (!s) return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0) return 1;
    return 0;
}

int shn__analog_type_known(const char *id) { return in_list(analog_types, SHN__ARRAY_LEN(analog_types), id); }
int shn__principle_known(const char *id) { return in_list(principles, SHN__ARRAY_LEN(principles), id); }
int shn__target_known(const char *kind) { return in_list(targets, SHN__ARRAY_LEN(targets), kind); }

int shn__rule_prefilter(const shn_rule *r, const char *text) {
    if (!r || r->n_triggers == 0) return 1;
    if (!text) return 0;
    for (size_t i = 0; i < r->n_triggers; i++) {
        const char *t = r->triggers[i];
        if (!t || !*t) return 1;   /* an empty trigger occurs everywhere */
        if (strstr(text, t)) return 1;
    }
    return 0;
}
