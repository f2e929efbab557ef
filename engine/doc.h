/* doc.h — the document tree: one in-memory model for every input format (YAML, JSON, e-Gov XML, text).
 *
 * Nodes live in an arena owned by their shn_doc and are freed with it. Scalars are NUL-terminated UTF-8.
 * Aliases are shared, not copied: an alias node is the anchored node itself, so a tree is a DAG and memory
 * stays proportional to the input; walkers are protected by the loader's cap on expanded node count.
 * Positions (shn_mark) are 1-based line and column, columns counted in Unicode code points; `offset` is the
 * 0-based code-point index in the file (libyaml's index). Private to libshinsa. */
#ifndef SHN_DOC_H
#define SHN_DOC_H

#include <stddef.h>
#include "shinsa.h"

typedef struct { unsigned line, column; size_t offset; } shn_mark;

typedef enum { SHN_NODE_SCALAR, SHN_NODE_MAP, SHN_NODE_SEQ } shn_node_type;
typedef enum { SHN_STYLE_PLAIN, SHN_STYLE_QUOTED, SHN_STYLE_BLOCK } shn_scalar_style;

typedef struct shn_node shn_node;
struct shn_node {
    shn_node_type type;
    shn_mark start, end;       /* end is exclusive */
    shn_scalar_style style;    /* scalars only; quoted "1" is a string, plain 1 is a number */
    const char *value;         /* scalars: the text, NUL-terminated */
    size_t len;                /* scalars: bytes in value */
    size_t n;                  /* seq: items; map: pairs */
    shn_node **items;          /* seq: items[0..n); map: items[2i] key, items[2i+1] value */
    size_t cap;                /* internal */
};

typedef struct shn_arena shn_arena;

typedef struct shn_doc {
    shn_arena *arena;
    char *file;                /* as given (for messages) */
    shn_node *root;            /* NULL for an empty document */
    unsigned index;            /* 0-based position of this document in a multi-document file */
} shn_doc;

typedef struct {
    unsigned max_depth;        /* nesting levels of maps/seqs; default 64 */
    size_t max_alias_nodes;    /* total nodes counting alias expansion; default 1,000,000 */
    int from_options;          /* nonzero when --limit sets them (checked inputs): messages name the option */
} shn_load_limits;

/* Parse every document of a YAML (or JSON) buffer. On success *docs is a malloc'd array of *ndocs docs (each
 * freed with shn__doc_free, then free(*docs)). On failure nothing is returned and err names file:line:col. */
shn_status shn__yaml_load(const char *file, const char *buf, size_t len, const shn_load_limits *lim,
                          shn_doc ***docs, size_t *ndocs, shn_error *err);

/* Builders, used by the YAML loader and by the XML and text importers. All allocate from d's arena and
 * return NULL on memory exhaustion. */
shn_doc *shn__doc_new(const char *file);
void shn__doc_free(shn_doc *d);                                   /* NULL-safe */
shn_node *shn__node_scalar(shn_doc *d, const char *s, size_t n, shn_scalar_style style, shn_mark start,
                           shn_mark end);
shn_node *shn__node_map(shn_doc *d, shn_mark start);
shn_node *shn__node_seq(shn_doc *d, shn_mark start);
int shn__node_append(shn_doc *d, shn_node *seq, shn_node *item);               /* 0 ok, -1 nomem */
int shn__map_put(shn_doc *d, shn_node *map, shn_node *key, shn_node *value);   /* appends a pair */
int shn__map_put_str(shn_doc *d, shn_node *map, const char *key, shn_node *value); /* key at map's mark */

/* Lookups. */
const shn_node *shn__map_get(const shn_node *map, const char *key);   /* NULL if absent or map is not a map */
const char *shn__map_get_str(const shn_node *map, const char *key);   /* scalar value or NULL */
int shn__scalar_is_null(const shn_node *n);   /* NULL node, or plain "", "~", "null", "Null", "NULL" */

#endif
