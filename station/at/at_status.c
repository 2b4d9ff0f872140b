#include "station/at/at_status.h"

static const char *const at_status_names[] = {
	[AT_OK - AT_STATUS_MIN]          = "OK",
	[AT_CONNECT - AT_STATUS_MIN]     = "CONNECT",
	[AT_ERROR - AT_STATUS_MIN]       = "ERROR",
	[AT_CME - AT_STATUS_MIN]         = "CME ERROR",
	[AT_TIMEOUT - AT_STATUS_MIN]     = "timeout",
	[AT_PORT_LOST - AT_STATUS_MIN]   = "port lost",
	[AT_CANCELLED - AT_STATUS_MIN]   = "cancelled",
	[AT_REFUSED - AT_STATUS_MIN]     = "refused",
	[AT_MALFORMED - AT_STATUS_MIN]   = "malformed answer",
	[AT_MISMATCH - AT_STATUS_MIN]    = "mismatch",
};

const char *at_status_name(enum at_status s)
{
	int i = (int)s - AT_STATUS_MIN;
	if (i < 0 || i >= (int)(sizeof at_status_names / sizeof at_status_names[0]) || !at_status_names[i])
		return "unknown";
	return at_status_names[i];
}
