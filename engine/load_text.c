/* load_text.c — placeholder until the text loader lands: the format is recognised and refused clearly. */
#include "load.h"
#include "util.h"

shn_status shn__text_load(const char *file, const char *buf, size_t len, const shn_load_opts *opt,
                          shn_doc ***docs, size_t *ndocs, shn_error *err) {
    (void)buf; (void)len; (void)opt; (void)docs; (void)ndocs;
    return shn__err(err, SHN_E_PARSE, file, 0, 0, "この形式はまだ読み込めません (format not supported yet)");
}
