/* UTF-8 checks for text that reaches files promising UTF-8 (the CSV records) or a terminal. Pure. */
#ifndef UTF8_H
#define UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not one: a stray
 * continuation byte, a cut sequence, an overlong form, a surrogate or a code point past U+10FFFF.
 * n: bytes available. */
size_t utf8_seq(const unsigned char *s, size_t n);
/* Whether the whole NUL-terminated text is valid UTF-8. */
bool utf8_valid(const char *s);
/* A newly allocated copy of s with each byte that does not start a valid sequence replaced by
 * U+FFFD (the replacement character), the way browsers and spreadsheet programs show it. */
char *utf8_clean(const char *s);
#endif
