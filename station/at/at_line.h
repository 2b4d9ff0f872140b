/* The line assembler: turns the bytes of an AT port into lines. Pure: no I/O, no time.
 *
 * A line ends at CR, LF, CRLF or LFCR (one pair is one end, so "\r\n\r\n" is one empty line between
 * two ends). Empty lines are skipped. NUL bytes are dropped (noise while a port comes up); other
 * bytes, also non-ASCII, are kept. A line longer than AT_LINE_MAX - 1 bytes is cut there and flagged;
 * the rest up to its end is dropped, never written past the buffer. */
#ifndef AT_LINE_H
#define AT_LINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AT_LINE_MAX 1024

struct at_line {
	char text[AT_LINE_MAX];  /* the line, NUL-terminated, once at_line_feed reported it complete */
	size_t len;
	bool cut;                /* the line was longer than the buffer and was cut */
	size_t dropped;          /* bytes dropped from this line: cut tail and NULs */
	uint8_t fold;            /* the terminator that ended the last line: absorbs one partner byte */
	bool ready;              /* text holds a complete line; the next feed starts a new one */
};

void at_line_init(struct at_line *l);
/* Feeds bytes until one line is complete. Returns how many bytes were used; *done says whether
 * l->text now holds a complete line (then call again with the rest). */
size_t at_line_feed(struct at_line *l, const uint8_t *data, size_t len, bool *done);
/* Forgets a partial line (after a flush). */
void at_line_reset(struct at_line *l);
#endif
