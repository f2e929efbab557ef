/* kanji.h — kanji numerals and law citations. Private to libshinsa.
 *   shn__kanji_from_int(17) -> "十七", 108 -> "百八", 2025 -> "二千二十五", 0 -> "〇"
 *   shn__kanji_to_int("十七") -> 17, also "二〇二五" (digit-by-digit) and full/half-width Arabic digits
 *   shn__num_to_kanji_cite("17_3_3", "条") -> "第十七条の三の三"; ("2", "項") -> "第二項"
 * All returned strings are malloc'd (NULL on bad input or no memory). */
#ifndef SHN_KANJI_H
#define SHN_KANJI_H

char *shn__kanji_from_int(long n);
long shn__kanji_to_int(const char *s);            /* -1 when s is not a numeral */
char *shn__num_to_kanji_cite(const char *num, const char *unit);

#endif
