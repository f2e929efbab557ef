/* load.c — format detection and dispatch to the loaders (see load.h). */
#include "load.h"

#include <string.h>
#include "import_sakushu.h"
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

static int starts(const char *p, const char *end, const char *lit) {
    size_t k = strlen(lit);
    return (size_t)(end - p) >= k && memcmp(p, lit, k) == 0;
}

shn_format shn__format_sniff(const char *buf, size_t len) {
    const char *p = buf, *end = buf + len;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p == end) return SHN_FMT_YAML;   /* empty: reported as an empty document */
    if (*p == '<') return SHN_FMT_EGOV_XML;
    if (*p == '{' || *p == '[' || starts(p, end, "---") || starts(p, end, "%YAML")) return SHN_FMT_YAML;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    size_t tabs = 0;
    for (const char *q = p; q < eol; q++) tabs += *q == '\t';
    if (tabs && starts(p, eol, "施策番号")) return SHN_FMT_SAKUSHU;
    if (tabs >= 3) return SHN_FMT_SAKUSHU;
    /* any line `key:` (ASCII key at column 1, then a colon and a space or the end of the line) → YAML */
    for (const char *line = p; line < end;) {
        const char *le = memchr(line, '\n', (size_t)(end - line));
        if (!le) le = end;
        const char *q = line;
        if (q < le && *q == '#') { line = le + 1; continue; }
        while (q < le && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
                          *q == '_' || *q == '-'))
            q++;
        if (q > line && q < le && *q == ':' && (q + 1 == le || q[1] == ' ' || q[1] == '\r')) return SHN_FMT_YAML;
        line = le + 1;
    }
    return SHN_FMT_TEXT;
}

int shn__format_parse(const char *name) {
    if (!name) return -1;
    if (strcmp(name, "yaml") == 0 || strcmp(name, "json") == 0) return SHN_FMT_YAML;
    if (strcmp(name, "xml") == 0 || strcmp(name, "egov") == 0) return SHN_FMT_EGOV_XML;
    if (strcmp(name, "text") == 0) return SHN_FMT_TEXT;
    if (strcmp(name, "sakushu") == 0 || strcmp(name, "tsv") == 0) return SHN_FMT_SAKUSHU;
    return -1;
}

shn_status shn__load(const char *file, shn_format fmt, const char *buf, size_t len, const shn_load_opts *opt,
                     shn_doc ***docs, size_t *ndocs, shn_error *err) {
    switch (fmt) {
    case SHN_FMT_EGOV_XML: return shn__egov_load(file, buf, len, opt, docs, ndocs, err);
    case SHN_FMT_TEXT: return shn__text_load(file, buf, len, opt, docs, ndocs, err);
    case SHN_FMT_SAKUSHU: return shn__sakushu_load(file, buf, len, docs, ndocs, err);
    case SHN_FMT_YAML: break;
    }
    return shn__yaml_load(file, buf, len, &opt->limits, docs, ndocs, err);
}
