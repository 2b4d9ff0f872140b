#include "station/at/fota.h"

#include <stdint.h>
#include <string.h>

#include "station/at/at_iter.h"

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

/* The word: letters, digits and '_' (a module's words are upper-case identifiers). */
static bool fota_word_ok(const char *w, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((w[i] >= 'A' && w[i] <= 'Z') || (w[i] >= 'a' && w[i] <= 'z') || (w[i] >= '0' && w[i] <= '9') ||
		      w[i] == '_'))
			return false;
	return true;
}

int fota_parse(const char *line, struct fota_event *ev)
{
	const struct fota_word_entry *e;
	struct at_iter it;
	const char *w;
	size_t wlen;
	uint64_t n;
	bool percent = false;

	memset(ev, 0, sizeof *ev);
	ev->n = -1;
	if (!at_iter_begin(&it, line, strlen(line), "+QIND:") || !at_iter_next_string_span(&it, &w, &wlen) ||
	    wlen != 4 || memcmp(w, "FOTA", 4) != 0 || !at_iter_next_string_span(&it, &w, &wlen) ||
	    !fota_word_ok(w, wlen))
		return -1;
	ev->word = FOTA_UNKNOWN;
	for (int i = 0; i < FOTA_UNKNOWN; i++)
		if (strlen(fota_word_table[i].name) == wlen && memcmp(fota_word_table[i].name, w, wlen) == 0)
			ev->word = (enum fota_word)i;
	memcpy(ev->word_text, w, wlen < sizeof ev->word_text ? wlen : sizeof ev->word_text - 1);
	e = &fota_word_table[ev->word];
	if (at_iter_at_end(&it)) {
		if (e->arg == FOTA_ARG_REQUIRED)
			return -1;
		return 0;
	}
	if (e->arg == FOTA_ARG_NONE ||
	    !at_iter_next_number_unit(&it, 0, (uint64_t)e->max, e->percent ? '%' : '\0', &n, &percent) ||
	    !at_iter_end(&it))
		return -1;
	ev->n = (int)n;
	ev->percent_sign = percent;
	return 0;
}
