/* error.c — status and severity names (one table each, see shinsa.h). */
#include <stdlib.h>
#include <string.h>
#include "shinsa.h"

const char *shn_strerror(shn_status s) {
    switch (s) {
#define SHN__CASE(name, text) case name: return text;
        SHN_STATUS_MAP(SHN__CASE)
#undef SHN__CASE
    }
    return "unknown status";
}

static const char *const sev_names[] = {"none", "info", "warning", "error"};

const char *shn_severity_name(shn_severity s) {
    return (unsigned)s < sizeof sev_names / sizeof sev_names[0] ? sev_names[s] : "none";
}

int shn_severity_parse(const char *name) {
    for (int i = 0; i < (int)(sizeof sev_names / sizeof sev_names[0]); i++)
        if (name && strcmp(name, sev_names[i]) == 0) return i;
    return -1;
}

void shn_free(void *p) { free(p); }
const char *shn_version(void) { return SHN_VERSION; }
