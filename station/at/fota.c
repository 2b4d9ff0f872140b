#include "station/at/fota.h"

#include <string.h>

enum fota_arg { FOTA_ARG_NONE, FOTA_ARG_OPTIONAL, FOTA_ARG_REQUIRED };

struct fota_word_entry {
	const char *name;
	enum fota_arg arg;
	int max;            /* largest n accepted */
	bool percent;       /* n is a percentage and may carry a % sign */
};

static const struct fota_word_entry fota_word_table[FOTA_WORD_COUNT] = {
	[FOTA_START]     = { "START",     FOTA_ARG_OPTIONAL, 100,   true },
	[FOTA_UPDATING]  = { "UPDATING",  FOTA_ARG_REQUIRED, 100,   true },
	[FOTA_END]       = { "END",       FOTA_ARG_REQUIRED, 99999, false },
	[FOTA_RESTORE]   = { "RESTORE",   FOTA_ARG_OPTIONAL, 100,   true },
	[FOTA_HTTPSTART] = { "HTTPSTART", FOTA_ARG_NONE,     0,     false },
	[FOTA_HTTPEND]   = { "HTTPEND",   FOTA_ARG_REQUIRED, 99999, false },
	[FOTA_FTPSTART]  = { "FTPSTART",  FOTA_ARG_NONE,     0,     false },
	[FOTA_FTPEND]    = { "FTPEND",    FOTA_ARG_REQUIRED, 99999, false },
	[FOTA_UNKNOWN]   = { "?",         FOTA_ARG_OPTIONAL, 99999, true },
};

const char *fota_word_name(enum fota_word w)
{
	return (unsigned)w < FOTA_WORD_COUNT ? fota_word_table[w].name : "?";
}

static const char *fota_skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

int fota_parse(const char *line, struct fota_event *ev)
{
	static const char head[] = "+QIND:";
	const char *s = line, *w, *q;
	const struct fota_word_entry *e;
	size_t wlen;
	long n = -1;

	memset(ev, 0, sizeof *ev);
	ev->n = -1;
	if (strncmp(s, head, sizeof head - 1) != 0)
		return -1;
	s = fota_skip_spaces(s + sizeof head - 1);
	if (strncmp(s, "\"FOTA\"", 6) != 0)
		return -1;
	s = fota_skip_spaces(s + 6);
	if (*s++ != ',')
		return -1;
	s = fota_skip_spaces(s);
	if (*s++ != '"')
		return -1;
	w = s;
	q = strchr(w, '"');
	if (!q || q == w)
		return -1;
	wlen = (size_t)(q - w);
	for (const char *p = w; p < q; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return -1;
	ev->word = FOTA_UNKNOWN;
	for (int i = 0; i < FOTA_UNKNOWN; i++)
		if (strlen(fota_word_table[i].name) == wlen && strncmp(fota_word_table[i].name, w, wlen) == 0)
			ev->word = (enum fota_word)i;
	memcpy(ev->word_text, w, wlen < sizeof ev->word_text ? wlen : sizeof ev->word_text - 1);
	e = &fota_word_table[ev->word];
	s = fota_skip_spaces(q + 1);
	if (*s == ',') {
		s = fota_skip_spaces(s + 1);
		if (*s < '0' || *s > '9')
			return -1;
		n = 0;
		while (*s >= '0' && *s <= '9') {
			n = n * 10 + (*s++ - '0');
			if (n > e->max)
				return -1;
		}
		if (*s == '%' && e->percent) {
			ev->percent_sign = true;
			s++;
		}
	}
	s = fota_skip_spaces(s);
	if (*s)
		return -1;
	if ((e->arg == FOTA_ARG_REQUIRED && n < 0) || (e->arg == FOTA_ARG_NONE && n >= 0))
		return -1;
	ev->n = (int)n;
	return 0;
}
