/* testutil.h — helpers shared by the cmocka unit tests. */
#ifndef SHN_TESTUTIL_H
#define SHN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Path of a file in the source tree ("rules/analog"), in a static buffer per call slot. */
const char *tu_src(const char *rel);
/* Write `text` to a fresh temporary file with the given suffix; returns its malloc'd path. */
char *tu_tmpfile(const char *suffix, const char *text);
/* Make a fresh temporary directory; returns its malloc'd path. */
char *tu_tmpdir(void);

#endif
