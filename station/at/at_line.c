#include "station/at/at_line.h"

#include <string.h>

void at_line_init(struct at_line *l)
{
	memset(l, 0, sizeof *l);
}

void at_line_reset(struct at_line *l)
{
	at_line_init(l);
}

static void at_line_start(struct at_line *l)
{
	l->len = 0;
	l->cut = false;
	l->dropped = 0;
	l->ready = false;
	l->text[0] = '\0';
}

size_t at_line_feed(struct at_line *l, const uint8_t *data, size_t len, bool *done)
{
	size_t i;

	*done = false;
	if (l->ready)
		at_line_start(l);
	for (i = 0; i < len; i++) {
		uint8_t c = data[i];

		if (c == '\r' || c == '\n') {
			/* The partner of the byte that just ended a line: CRLF or LFCR is one end. */
			if (l->fold && c != l->fold && l->len == 0 && !l->cut) {
				l->fold = 0;
				continue;
			}
			l->fold = c;
			if (l->len == 0 && !l->cut) {
				l->dropped = 0;
				continue;  /* an empty line */
			}
			l->text[l->len] = '\0';
			l->ready = true;
			*done = true;
			return i + 1;
		}
		l->fold = 0;
		if (c == '\0') {
			l->dropped++;
			continue;
		}
		if (l->len + 1 >= sizeof l->text) {
			l->cut = true;
			l->dropped++;
			continue;
		}
		l->text[l->len++] = (char)c;
	}
	return i;
}
