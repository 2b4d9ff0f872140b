/* The production figures' time base, one definition for the supervisor report and the dashboard
 * (logs/README.md, "How the figures are counted"). */
#ifndef TALLY_H
#define TALLY_H
#include <stdint.h>

struct tally_span {
	int64_t start_ms, end_ms;   /* wall clock, UTC */
};

/* Hours worked: per UTC day (of the start), the first start to the last finish, added up, so
 * nights and the idle time after the last unit do not count. Sorts sp. */
double tally_hours_worked(struct tally_span *sp, int n);
/* units / hours, or NAN when there is nothing or under a minute of work (too early to say). */
double tally_units_per_hour(int units, double hours, int n);
#endif
