/* The report's --since / --until arguments; the times themselves are parsed by base/clock.c. */
#include "logs/report/report.h"

#include <stdio.h>

#include "station/base/clock.h"

int report_time_arg(const char *s, bool until, int64_t *ms, char *why, size_t n)
{
	bool date_only;
	if (clock_parse(s, ms, &date_only) < 0) {
		snprintf(why, n, "found '%s'; expected a date YYYY-MM-DD or an ISO 8601 time such as "
			 "2026-11-25T14:00:00Z", s);
		return -1;
	}
	if (until && date_only)
		*ms += 86400000;  /* the whole day is included */
	else if (until)
		*ms += 1;         /* an exact time is included too */
	return 0;
}
