/* What one AT line is, for the command engine: the echo of the command, a final result code, an
 * intermediate line the command expects, or an unsolicited line. Pure; the final result codes and
 * the URC prefixes are const tables in at_route.c. */
#ifndef AT_ROUTE_H
#define AT_ROUTE_H
#include <stdbool.h>

#include "station/at/at_status.h"

enum at_route {
	AT_ROUTE_ECHO,   /* the command line coming back (echo on) */
	AT_ROUTE_FINAL,  /* OK, ERROR, +CME ERROR: <n>, CONNECT */
	AT_ROUTE_LINE,   /* an intermediate line of the command's answer */
	AT_ROUTE_URC,    /* anything else: to the URC hook */
};

/* Is line a final result code? Sets *status and *cme (-1 unless +CME ERROR with a number). */
bool at_route_final(const char *line, enum at_status *status, int *cme);
/* Does line start with a known unsolicited prefix (boot messages, +QIND:, ...)? */
bool at_route_is_urc(const char *line);
/* Classifies a line arriving while cmd is in flight (cmd NULL: no command; every line is a URC).
 * prefixes as for at_chan_command. */
enum at_route at_route_line(const char *line, const char *cmd, const char *const *prefixes,
			    enum at_status *status, int *cme);
#endif
