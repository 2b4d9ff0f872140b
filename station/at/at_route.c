#include "station/at/at_route.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "station/at/at_iter.h"

enum at_final_id { AT_FINAL_OK, AT_FINAL_ERROR, AT_FINAL_CME, AT_FINAL_CONNECT, AT_FINAL_COUNT };

struct at_final_entry {
	const char *text;
	bool prefix;        /* the text is followed by a parameter */
	enum at_status status;
};

static const struct at_final_entry at_final_table[AT_FINAL_COUNT] = {
	[AT_FINAL_OK]      = { "OK",           false, AT_OK },
	[AT_FINAL_ERROR]   = { "ERROR",        false, AT_ERROR },
	[AT_FINAL_CME]     = { "+CME ERROR:",  true,  AT_CME },
	[AT_FINAL_CONNECT] = { "CONNECT",      true,  AT_CONNECT },  /* "CONNECT" or "CONNECT <rate>" */
};

/* Lines a module sends on its own: boot messages and indications. A command never takes one of
 * these as its answer unless it names the prefix itself. */
static const char *const at_urc_table[] = {
	"RDY",
	"+CPIN:",
	"+QUSIM:",
	"+CFUN:",
	"+QIND:",
	"POWERED DOWN",
	"NORMAL POWER DOWN",
	"+CREG:",
	"+CGREG:",
	"+CEREG:",
	"+C5GREG:",
	"+QNETDEVSTATUS:",
	"+CRING:",
	"RING",
	"+CMTI:",
	"+QUIMSLOT:",
	"+QSIMSTAT:",
};

/* The first byte decides most lines (every line is tried against every table): only a line that
 * shares it is compared further. */
static bool at_route_starts(const char *line, const char *prefix)
{
	return line[0] == prefix[0] && strncmp(line, prefix, strlen(prefix)) == 0;
}

/* The number of "+CME ERROR: <n>" (0..65535), or -1 for the verbose form
 * ("+CME ERROR: SIM not inserted") and anything malformed. */
static int at_route_cme_number(const char *line)
{
	struct at_iter it;
	uint64_t n;

	if (!at_iter_begin(&it, line, strlen(line), "+CME ERROR:") || !at_iter_next_number(&it, 0, 65535, &n) ||
	    !at_iter_end(&it))
		return -1;
	return (int)n;
}

bool at_route_final(const char *line, enum at_status *status, int *cme)
{
	for (int i = 0; i < AT_FINAL_COUNT; i++) {
		const struct at_final_entry *e = &at_final_table[i];
		size_t n = strlen(e->text);

		if (!at_route_starts(line, e->text))
			continue;
		if (!e->prefix) {
			if (line[n] != '\0' && strspn(line + n, " ") != strlen(line + n))
				continue;
		} else if (e->status == AT_CONNECT && line[n] != '\0' && line[n] != ' ') {
			continue;
		}
		*status = e->status;
		*cme = e->status == AT_CME ? at_route_cme_number(line) : -1;
		return true;
	}
	return false;
}

bool at_route_is_urc(const char *line)
{
	for (size_t i = 0; i < sizeof at_urc_table / sizeof at_urc_table[0]; i++)
		if (at_route_starts(line, at_urc_table[i]))
			return true;
	return false;
}

/* The echo is the command as sent; a module may change nothing but letter case. */
static bool at_route_is_echo(const char *line, const char *cmd)
{
	return strcasecmp(line, cmd) == 0;
}

/* A line with a control byte (other than TAB) is noise on the line, not text a module answers
 * with: a garbled line is set aside (it is in the transcript), never taken as an answer. */
static bool at_route_garbled(const char *line)
{
	for (const unsigned char *p = (const unsigned char *)line; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return true;
	return false;
}

enum at_route at_route_line(const char *line, const char *cmd, const char *const *prefixes,
			    enum at_status *status, int *cme)
{
	bool any = prefixes == NULL;

	if (!cmd)
		return AT_ROUTE_URC;
	if (at_route_is_echo(line, cmd))
		return AT_ROUTE_ECHO;
	if (at_route_final(line, status, cme))
		return AT_ROUTE_FINAL;
	if (at_route_garbled(line))
		return AT_ROUTE_URC;
	for (const char *const *p = prefixes; p && *p; p++) {
		if (**p == '\0')
			any = true;
		else if (at_route_starts(line, *p))
			return AT_ROUTE_LINE;
	}
	if (at_route_is_urc(line))
		return AT_ROUTE_URC;
	return any ? AT_ROUTE_LINE : AT_ROUTE_URC;
}
