/* load.h — one entry point for every input format; each loader produces the same document tree, so a law
 * read from e-Gov XML, from plain 条文 text or from `kind: law` YAML gives the same units and findings.
 * Private to libshinsa. */
#ifndef SHN_LOAD_H
#define SHN_LOAD_H

#include "doc.h"

typedef enum { SHN_FMT_YAML, SHN_FMT_EGOV_XML, SHN_FMT_TEXT, SHN_FMT_SAKUSHU } shn_format;

typedef struct {
    shn_load_limits limits;
    const char *law_id;        /* --law-id, or NULL: used by the XML and text loaders for law.id */
} shn_load_opts;

/* Format from the file name's extension (.xml, .txt; anything else YAML), or for "-" / no extension by
 * sniffing the content ("<" or "<?xml" → XML). */
shn_format shn__format_detect(const char *file, const char *buf, size_t len);
/* Format of content without a telling name (standard input): "<" → XML; a first line of tab-separated cells
 * starting 施策番号 (or holding three tabs or more) → 施策集 TSV; a YAML/JSON opening (`{`, `[`, `---`, `%YAML`,
 * or a line `key:` with an ASCII key, such as `shinsa: 1`) → YAML; anything else → plain 条文 text. */
shn_format shn__format_sniff(const char *buf, size_t len);
/* "yaml" | "json" | "xml" | "text" | "sakushu" (also "tsv") → format; -1 when unknown. */
int shn__format_parse(const char *name);

/* Load `buf` in format `fmt` into documents, as shn__yaml_load does. */
shn_status shn__load(const char *file, shn_format fmt, const char *buf, size_t len, const shn_load_opts *opt,
                     shn_doc ***docs, size_t *ndocs, shn_error *err);

/* e-Gov 法令標準XML (expat, streaming, no external entities or DTD) → one `kind: law` document. */
shn_status shn__egov_load(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                          shn_doc ***docs, size_t *ndocs, shn_error *err);
/* Plain 条文 text (drafts, 条例) → one `kind: law` document. */
shn_status shn__text_load(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                          shn_doc ***docs, size_t *ndocs, shn_error *err);

#endif
