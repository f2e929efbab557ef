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

/* A sandboxed Lua host with the "good" fixture pack loaded (tests/fixtures/packs/good), whose rule good.eval
 * runs a unit's text as Lua and reports the string it returns: the way stdlib modules are tested inside the real
 * sandbox. Use tu_host_setup/tu_host_teardown as cmocka setup/teardown; *state is the tu_host. */
typedef struct tu_host tu_host;
int tu_host_setup(void **state);
int tu_host_teardown(void **state);
/* Run `code` with good.eval on a hand-built unit (citation may be NULL) and return the one finding's message,
 * malloc'd (the caller frees); fails the test when the rule errs or does not report exactly once. */
char *tu_host_eval(const tu_host *h, const char *code, const char *citation);

#endif
