#include "ui/dash.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "station/base/clock.h"

void dash_status(struct dash *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->status, sizeof d->status, fmt, ap);
	va_end(ap);
	d->status_until = clock_mono_ms() + DASH_STATUS_MS;
}

const char *dash_label(const struct dash *d, int i, char *buf, size_t size)
{
	if (d->snap[i].label[0])
		return d->snap[i].label;
	snprintf(buf, size, "%02d", i + 1);
	return buf;
}

/* Blank-pads text to the full width and prints it at row y with attr (htop-style: the whole line
 * is rewritten, so nothing from the previous frame is left behind). */
void dash_put_line(struct dash *d, int y, const char *text, attr_t attr)
{
	size_t n = strlen(text);
	memset(d->line, ' ', (size_t)d->cols);
	memcpy(d->line, text, n < (size_t)d->cols ? n : (size_t)d->cols);
	d->line[d->cols] = '\0';
	/* Control characters would move the cursor or print as two columns. */
	for (char *p = d->line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	attrset(attr);
	mvaddnstr(y, 0, d->line, d->cols);
	attrset(A_NORMAL);
}


int dash_busy_count(const struct dash *d)
{
	int busy = 0;
	for (int i = 0; i < d->n; i++)
		busy += slot_state_table[d->snap[i].state].busy;
	return busy;
}
