/* emit_yaml.h — write a document tree (doc.h) as block YAML, e.g. for `shinsa import`. Private to libshinsa.
 *
 * Formatting is deterministic: block mappings and sequences, two-space indent, no line folding, UTF-8 text
 * written as is. Scalars keep their meaning when read back by the YAML loader: a plain node is written plain
 * (numbers, booleans), a quoted or block node is written so that it reads back as the same string (quoted
 * when its plain form would read as null, a boolean, a number or something else than itself). */
#ifndef SHN_EMIT_YAML_H
#define SHN_EMIT_YAML_H

#include <stddef.h>
#include "doc.h"

/* Write d's tree (its root; an empty document gives "null"). On success *out is a malloc'd NUL-terminated
 * string of *len bytes, freed with free(). Shared (alias) nodes are written out in full; more than
 * `max_nodes` written nodes (0: 10,000,000) or 1,000 levels of nesting is SHN_E_LIMIT. */
shn_status shn__yaml_emit(const shn_doc *d, size_t max_nodes, char **out, size_t *len, shn_error *err);

#endif
