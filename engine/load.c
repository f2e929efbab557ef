/* load.c — format detection and dispatch to the loaders (see load.h). */
#include "load.h"

#include <string.h>
#include "util.h"

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

shn_format shn__format_detect(const char *file, const char *buf, size_t len) {
    if (ends_with(file, ".xml") || ends_with(file, ".XML")) return SHN_FMT_EGOV_XML;
    if (ends_with(file, ".txt") || ends_with(file, ".TXT")) return SHN_FMT_TEXT;
    if (ends_with(file, ".yaml") || ends_with(file, ".yml") || ends_with(file, ".json")) return SHN_FMT_YAML;
    size_t i = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
        i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
    if (i < len && buf[i] == '<') return SHN_FMT_EGOV_XML;
    return SHN_FMT_YAML;
}

shn_status shn__load(const char *file, shn_format fmt, const char *buf, size_t len, const shn_load_opts *opt,
                     shn_doc ***docs, size_t *ndocs, shn_error *err) {
    switch (fmt) {
    case SHN_FMT_EGOV_XML: return shn__egov_load(file, buf, len, opt, docs, ndocs, err);
    case SHN_FMT_TEXT: return shn__text_load(file, buf, len, opt, docs, ndocs, err);
    case SHN_FMT_YAML: break;
    }
    return shn__yaml_load(file, buf, len, &opt->limits, docs, ndocs, err);
}
