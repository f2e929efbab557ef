/* util.c — see util.h. */
#include "util.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *shn__strdup(const char *s) { return s ? shn__strndup(s, strlen(s)) : NULL; }

char *shn__strndup(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *vprintf_alloc(const char *fmt, va_list ap) {
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) return NULL;
    char *p = malloc((size_t)n + 1);
    if (p) vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *shn__printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *p = vprintf_alloc(fmt, ap);
    va_end(ap);
    return p;
}

void shn__buf_add(shn_buf *b, const char *s, size_t n) {
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) { b->failed = 1; return; }
        b->data = d;
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void shn__buf_puts(shn_buf *b, const char *s) { shn__buf_add(b, s, strlen(s)); }

void shn__buf_printf(shn_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *p = vprintf_alloc(fmt, ap);
    va_end(ap);
    if (!p) { b->failed = 1; return; }
    shn__buf_puts(b, p);
    free(p);
}

char *shn__buf_take(shn_buf *b) {
    char *d = b->data;
    if (b->failed) { free(d); d = NULL; }
    else if (!d) d = shn__strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
    return d;
}

void shn__buf_free(shn_buf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

int shn__vec_push(shn_vec *v, void *p) {
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void **items = realloc(v->items, cap * sizeof *items);
        if (!items) return -1;
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = p;
    return 0;
}

void shn__vec_free(shn_vec *v) {
    free(v->items);
    memset(v, 0, sizeof *v);
}

void shn__buf_put_escaped(shn_buf *b, const char *str, size_t n, shn_escape_map *map) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0;
    while (i < n) {
        uint32_t cp = 0;
        char tmp[8];
        size_t adv = shn__utf8_decode(s + i, n - i, &cp);
        const char *rep;
        if (!adv) rep = "\xEF\xBF\xBD", adv = 1;
        else rep = map(cp, i, s, tmp);
        if (rep) {
            shn__buf_add(b, str + run, i - run);
            shn__buf_puts(b, rep);
            run = i + adv;
        }
        i += adv;
    }
    shn__buf_add(b, str + run, n - run);
}

size_t shn__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp_out) {
    unsigned c = s[0];
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) { if (cp_out) *cp_out = c; return 1; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (len > n) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (cp_out) *cp_out = cp;
    return len;
}

int shn__utf8_valid(const char *str, size_t n, size_t *bad) {
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        size_t len = shn__utf8_decode(s + i, n - i, NULL);
        if (!len) {
            if (bad) *bad = i;
            return 0;
        }
        i += len;
    }
    return 1;
}

size_t shn__utf8_len(const char *s, size_t n) {
    size_t cps = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) cps++;
    return cps;
}

size_t shn__utf8_byte_offset(const char *s, size_t n, size_t cp) {
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (seen == cp) return i;
            seen++;
        }
    }
    return n;
}

shn_status shn__err(shn_error *err, shn_status code, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...) {
    if (!err) return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    err->rule[0] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

shn_status shn__read_file(const char *path, size_t max, char **out, size_t *len, shn_error *err) {
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return shn__err(err, SHN_E_IO, path, 0, 0, "ファイルを開けません (cannot open file): %s", strerror(errno));
    shn_buf b = {0};
    char chunk[65536];
    size_t n;
    shn_status st = SHN_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max) {
            st = shn__err(err, SHN_E_LIMIT, path, 0, 0,
                          "ファイルが大きすぎます (file exceeds the %zu-byte input limit)", max);
            break;
        }
        shn__buf_add(&b, chunk, n);
        if (b.failed) { st = shn__err(err, SHN_E_NOMEM, path, 0, 0, "メモリ不足 (out of memory)"); break; }
    }
    if (st == SHN_OK && ferror(f))
        st = shn__err(err, SHN_E_IO, path, 0, 0, "読み込みに失敗しました (read failed): %s", strerror(errno));
    if (!is_stdin) fclose(f);
    if (st != SHN_OK) { shn__buf_free(&b); return st; }
    *len = b.len;
    *out = shn__buf_take(&b);
    return *out ? SHN_OK : shn__err(err, SHN_E_NOMEM, path, 0, 0, "メモリ不足 (out of memory)");
}

void shn__sha256_hex(const void *data, size_t len, char out[65]) {
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32) n = 0;
    for (unsigned i = 0; i < 32; i++) {
        out[2 * i] = n ? hex[md[i] >> 4] : '0';
        out[2 * i + 1] = n ? hex[md[i] & 15] : '0';
    }
    out[64] = '\0';
}
