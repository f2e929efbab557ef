/* validate.h — input validation of `kind: measures` and `kind: law` documents against the shapes of
 * DESIGN.md (and engine/schema/{law,measures}.schema.json). Private to libshinsa. */
#ifndef SHN_VALIDATE_H
#define SHN_VALIDATE_H

#include "doc.h"
#include "result_int.h"

/* Classify and validate one document. *kind is set to "law" or "measures" when the root is a mapping with
 * `kind:` of those values, else NULL (not a shinsa document: the caller decides). A wrong type, a missing
 * required field or a bad value is an error diagnostic at file:line:col; an unknown key is a warning.
 * Returns the number of error diagnostics added. */
size_t shn__validate(const shn_doc *d, const char **kind, shn_diags *diags);

#endif
