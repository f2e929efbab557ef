/* kanji.c — kanji numerals both ways and e-Gov Num → human citations (see kanji.h).
 *
 * Reading accepts the positional form (二〇二五, ２０２５, 2025), the counting form with 十百千 and the
 * large units 万億兆京 (千二百三十四, 一万, 十万五千), their mixtures with Arabic digits (1万2千), 〇/零 and the
 * common 大字 壱弐参拾 of old statutes. Writing uses the form of statutes: no 一 before 十百千 (百八, 千二百),
 * 一 before the large units (一万). */
#include "kanji.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* Decode one UTF-8 code point at s[*i] (n bytes); -1 on a malformed sequence. */
static long utf8_next(const char *s, size_t n, size_t *i) {
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    unsigned c = p[0];
    long cp;
    size_t len;
    if (c < 0x80) { *i += 1; return (long)c; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return -1;
    if (left < len) return -1;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    *i += len;
    return cp;
}

/* Digit value 0..9 of a code point, or -1. */
static int digit_value(long cp) {
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);   /* full-width ０-９ */
    switch (cp) {
    case 0x3007: case 0x96F6: return 0;            /* 〇 零 */
    case 0x4E00: case 0x58F1: return 1;            /* 一 壱 */
    case 0x4E8C: case 0x5F10: return 2;            /* 二 弐 */
    case 0x4E09: case 0x53C2: return 3;            /* 三 参 */
    case 0x56DB: return 4;                         /* 四 */
    case 0x4E94: return 5;                         /* 五 */
    case 0x516D: return 6;                         /* 六 */
    case 0x4E03: return 7;                         /* 七 */
    case 0x516B: return 8;                         /* 八 */
    case 0x4E5D: return 9;                         /* 九 */
    default: return -1;
    }
}

/* 十百千 (and 拾) → 10, 100, 1000; else 0. */
static long small_unit(long cp) {
    switch (cp) {
    case 0x5341: case 0x62FE: return 10;           /* 十 拾 */
    case 0x767E: return 100;                       /* 百 */
    case 0x5343: return 1000;                      /* 千 */
    default: return 0;
    }
}

/* 万億兆京 (and 萬) → 10^4, 10^8, 10^12, 10^16; else 0. */
static long big_unit(long cp) {
    switch (cp) {
    case 0x4E07: case 0x842C: return 10000L;                 /* 万 萬 */
    case 0x5104: return 100000000L;                          /* 億 */
    case 0x5146: return 1000000000000L;                      /* 兆 */
    case 0x4EAC: return 10000000000000000L;                  /* 京 */
    default: return 0;
    }
}

long shn__kanji_to_int(const char *s) {
    if (!s || !*s) return -1;
    size_t n = strlen(s), i = 0;
    long total = 0;          /* sum of the sections closed by a large unit */
    long section = 0;        /* value below 万 built from 十百千 */
    long cur = -1;           /* pending positional digits; -1 = none */
    long last_small = LONG_MAX, last_big = LONG_MAX;
    while (i < n) {
        long cp = utf8_next(s, n, &i);
        if (cp < 0) return -1;
        int d = digit_value(cp);
        long u;
        if (d >= 0) {
            if (cur < 0) cur = 0;
            if (cur > (LONG_MAX - d) / 10) return -1;
            cur = cur * 10 + d;
        } else if ((u = small_unit(cp)) != 0) {
            long m = cur < 0 ? 1 : cur;
            if (m < 1 || m > 9 || u >= last_small) return -1;
            section += m * u;
            last_small = u;
            cur = -1;
        } else if ((u = big_unit(cp)) != 0) {
            if (cur >= 0 && last_small != LONG_MAX && cur >= last_small) return -1;
            long v = section + (cur < 0 ? 0 : cur);
            if (v < 1 || v > 9999 || u >= last_big) return -1;
            if (v > (LONG_MAX - total) / u) return -1;
            total += v * u;
            last_big = u;
            section = 0;
            cur = -1;
            last_small = LONG_MAX;
        } else {
            return -1;
        }
    }
    if (cur >= 0) {
        if (last_small != LONG_MAX && cur >= last_small) return -1;   /* 十二三 */
        if (last_big != LONG_MAX && section + cur > 9999) return -1;   /* 一万12345 */
    }
    long rest = section + (cur < 0 ? 0 : cur);
    if (rest > LONG_MAX - total) return -1;
    return total + rest;
}

static const char *const kanji_digits[10] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* 1..9999 in counting form, without 一 before 十百千. */
static void put_group(shn_buf *b, long g) {
    static const char *const units[4] = {"千", "百", "十", ""};
    static const long div[4] = {1000, 100, 10, 1};
    for (int k = 0; k < 4; k++) {
        long d = (g / div[k]) % 10;
        if (!d) continue;
        if (d > 1 || k == 3) shn__buf_puts(b, kanji_digits[d]);
        shn__buf_puts(b, units[k]);
    }
}

char *shn__kanji_from_int(long n) {
    if (n < 0) return NULL;
    if (n == 0) return shn__strdup("〇");
    static const char *const bigs[5] = {"京", "兆", "億", "万", ""};
    long groups[5];
    long v = n;
    for (int k = 4; k >= 0; k--) { groups[k] = v % 10000; v /= 10000; }
    /* LONG_MAX < 10^20, so five groups hold every long; v is 0 here. */
    shn_buf b = {0};
    for (int k = 0; k < 5; k++) {
        if (!groups[k]) continue;
        put_group(&b, groups[k]);
        shn__buf_puts(&b, bigs[k]);
    }
    return shn__buf_take(&b);
}

/* One Num without a range ("17", "17_3_3") → 第十七条の三の三. Returns 0 ok, -1 bad input. */
static int cite_one(shn_buf *b, const char *num, size_t len, const char *unit) {
    if (len == 0) return -1;
    size_t i = 0;
    int first = 1;
    while (i <= len) {
        size_t j = i;
        long v = 0;
        while (j < len && num[j] >= '0' && num[j] <= '9') {
            if (j - i >= 12) return -1;             /* far beyond any real article number */
            v = v * 10 + (num[j] - '0');
            j++;
        }
        if (j == i) return -1;                       /* empty component or a non-digit */
        if (j < len && num[j] != '_') return -1;
        char *k = shn__kanji_from_int(v);
        if (!k) { b->failed = 1; return 0; }
        if (first) {
            shn__buf_puts(b, "第");
            shn__buf_puts(b, k);
            shn__buf_puts(b, unit);
            first = 0;
        } else {
            shn__buf_puts(b, "の");
            shn__buf_puts(b, k);
        }
        free(k);
        if (j == len) break;
        i = j + 1;
        if (i == len) return -1;                     /* trailing '_' */
    }
    return 0;
}

char *shn__num_to_kanji_cite(const char *num, const char *unit) {
    if (!num) return NULL;
    if (!unit) unit = "";
    size_t len = strlen(num);
    const char *colon = memchr(num, ':', len);
    shn_buf b = {0};
    int bad;
    if (colon) {
        size_t a = (size_t)(colon - num);
        bad = cite_one(&b, num, a, unit);
        if (!bad) {
            shn__buf_puts(&b, "から");
            bad = cite_one(&b, colon + 1, len - a - 1, unit);
        }
        if (!bad) shn__buf_puts(&b, "まで");
    } else {
        bad = cite_one(&b, num, len, unit);
    }
    if (bad) { shn__buf_free(&b); return NULL; }
    return shn__buf_take(&b);
}
