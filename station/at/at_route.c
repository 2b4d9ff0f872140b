#include "station/at/at_route.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static bool at_route_starts(const char *line, const char *prefix)
{
	return strncmp(line, prefix, strlen(prefix)) == 0;
}

/* A number after "+CME ERROR:", or -1 for the verbose form ("+CME ERROR: SIM not inserted"). */
static int at_route_cme_number(const char *s)
{
	char *end;
	long n;

	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (*end || n > 65535)
		return -1;
	return (int)n;
}

bool at_route_final(const char *line, enum at_status *status, int *cme)
{
	for (int i = 0; i < AT_FINAL_COUNT; i++) {
		const struct at_final_entry *e = &at_final_table[i];
		size_t n = strlen(e->text);

		if (strncmp(line, e->text, n) != 0)
			continue;
		if (!e->prefix) {
			if (line[n] != '\0' && strspn(line + n, " ") != strlen(line + n))
				continue;
		} else if (e->status == AT_CONNECT && line[n] != '\0' && line[n] != ' ') {
			continue;
		}
		*status = e->status;
		*cme = e->status == AT_CME ? at_route_cme_number(line + n) : -1;
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
