/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tu_src(const char *rel) {
    static char buf[8][4096];
    static int slot;
    slot = (slot + 1) % 8;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", SHN_SOURCE_DIR, rel);
    return buf[slot];
}

char *tu_tmpfile(const char *suffix, const char *text) {
    const char *tmp = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/shinsa-test-XXXXXX%s", tmp ? tmp : "/tmp", suffix);
    int fd = mkstemps(tmpl, (int)strlen(suffix));
    if (fd < 0) return NULL;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) { close(fd); return NULL; }
    close(fd);
    return strdup(tmpl);
}

char *tu_tmpdir(void) {
    const char *tmp = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/shinsa-test-XXXXXX", tmp ? tmp : "/tmp");
    return mkdtemp(tmpl) ? strdup(tmpl) : NULL;
}
