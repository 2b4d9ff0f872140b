/* Builds small stored zip archives for tests (written apart from the station's config_zip.c so
 * one checks the other). */
#ifndef ZIPMK_H
#define ZIPMK_H
#include <stddef.h>
#include <stdint.h>

/* One entry "update.bin" holding payload[0..n), then a comment of comment_len bytes 'c'. Writes
 * into out (at most cap bytes) and returns the length, or 0 when it does not fit. */
size_t zipmk(uint8_t *out, size_t cap, const uint8_t *payload, size_t n, size_t comment_len);
/* The bytes zipmk adds around a payload without a comment (headers, name twice, end record). */
size_t zipmk_overhead(void);
#endif
