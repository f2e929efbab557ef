/* util.h — small internal helpers shared by every module: allocation, growable buffers, UTF-8 positions,
 * error filling. Private to libshinsa. */
#ifndef SHN_UTIL_H
#define SHN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "shinsa.h"

#define SHN__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that aborts on failure is NOT used: these return NULL and callers report SHN_E_NOMEM. */
char *shn__strdup(const char *s);                 /* NULL -> NULL */
char *shn__strndup(const char *s, size_t n);
char *shn__printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable byte buffer; always NUL-terminated once anything was appended. `failed` is sticky. */
typedef struct { char *data; size_t len, cap; int failed; } shn_buf;
void shn__buf_add(shn_buf *b, const char *s, size_t n);
void shn__buf_puts(shn_buf *b, const char *s);
void shn__buf_printf(shn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *shn__buf_take(shn_buf *b);                  /* returns data (or "" copy), resets b */
void shn__buf_free(shn_buf *b);

/* Growable array of pointers. */
typedef struct { void **items; size_t n, cap; } shn_vec;
int shn__vec_push(shn_vec *v, void *p);           /* 0 ok, -1 no memory */
void shn__vec_free(shn_vec *v);                   /* frees the array, not the items */

/* UTF-8. All counts are in Unicode code points unless said otherwise. */
/* Decode the UTF-8 sequence at s (n bytes left): its length, or 0 when invalid (overlong, surrogate, > U+10FFFF,
 * truncated). *cp receives the code point when cp is not NULL. */
size_t shn__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Append n bytes of s to b, each code point passed through map: map returns the text to write in its
 * place, or NULL to keep it (i = its byte offset in s; tmp, 8 bytes, may hold a replacement built on the
 * fly). Invalid UTF-8 is written as U+FFFD without asking map. The reporters' escapers are maps. */
typedef const char *shn_escape_map(uint32_t cp, size_t i, const unsigned char *s, char tmp[8]);
void shn__buf_put_escaped(shn_buf *b, const char *s, size_t n, shn_escape_map *map);
int shn__utf8_valid(const char *s, size_t n, size_t *bad_offset); /* 1 valid; else 0 and byte offset */
size_t shn__utf8_len(const char *s, size_t n);    /* code points in n bytes */
size_t shn__utf8_byte_offset(const char *s, size_t n, size_t cp); /* byte offset of code point cp (clamped) */

/* Fill `err` (if not NULL). `file` may be NULL; line/column 1-based or 0. Returns code. */
shn_status shn__err(shn_error *err, shn_status code, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Read a whole file ("-" = stdin) up to max bytes. On success *out is malloc'd, NUL-terminated. */
shn_status shn__read_file(const char *path, size_t max, char **out, size_t *len, shn_error *err);

/* The data folder holding `sub` ("rules", "stdlib"): $SHINSA_DATADIR, else <prefix>/share/shinsa next to the
 * installed library or binary when it exists, else the source tree. malloc'd. Defined in engine.c. */
char *shn__data_dir(const char *sub);

/* Lowercase hex SHA-256 of a buffer into out[65]. */
void shn__sha256_hex(const void *data, size_t len, char out[65]);

#endif
