/* Text to UTF-8: conversion from a named charset (iconv), validation,
 * and the fallback for text whose charset is unknown or wrong. Results
 * are always valid UTF-8. */
#ifndef MAILGW_CHARSET_H
#define MAILGW_CHARSET_H

#include <stddef.h>

struct buf;

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

/* Append s to out as UTF-8, each invalid sequence replaced by U+FFFD. */
void utf8_append_sanitized(struct buf *out, const char *s, size_t len);

/* Append s to out fit for a terminal or a one-line field, as UTF-8
 * (invalid sequences as U+FFFD) without control characters: C0 and DEL
 * dropped, and C1 (U+0080-U+009F), which some terminals obey as escapes.
 * Tabs and line ends (CRLF, CR or LF) stay, as tab and LF, when
 * keep_lines; else each becomes a space. */
void utf8_append_printable(struct buf *out, const char *s, size_t len,
    int keep_lines);

/* s itself when it is valid UTF-8, else its sanitized copy in tmp (which
 * the caller releases): for JSON, which takes UTF-8 only. */
const char *utf8_text(const char *s, struct buf *tmp);

/* Convert s from charset to UTF-8 and append it to out. -1 when iconv
 * does not know the charset or the bytes are not valid in it; out is
 * then unchanged. Labels that mail gets wrong are widened first
 * (gb2312 and gbk decode as GB18030, big5 as BIG5-HKSCS, ks_c_5601-1987
 * as CP949, iso-8859-1 as WINDOWS-1252, and 8-bit us-ascii as UTF-8
 * when it is valid UTF-8, else as WINDOWS-1252). */
int charset_to_utf8(struct buf *out, const char *charset, const char *s,
    size_t len);

/* 1 when s starts with a UTF-16 byte order mark (Excel's "Unicode
 * text", Windows' Notepad). */
int charset_utf16_bom(const char *s, size_t len);

/* Append text of unknown charset to out as UTF-8, trying in order:
 * UTF-16 when it starts with a byte order mark; UTF-8; GB18030 (for a
 * Chinese CERT the likeliest undeclared 8-bit text) when all its 8-bit
 * bytes pair up as GB text does; WINDOWS-1252; and last UTF-8 with
 * U+FFFD replacements. */
void charset_guess_to_utf8(struct buf *out, const char *s, size_t len);

/* UTF-8 s onto out with a space either side of every Chinese, Japanese
 * and Korean character, so that a word index sees each as a word (and a
 * phrase of them matches wherever they stand together). */
void charset_cjk_spaced(struct buf *out, const char *s);
/* 1 when UTF-8 s holds such a character: charset_cjk_spaced would
 * change it. */
int charset_has_cjk(const char *s);

#endif
