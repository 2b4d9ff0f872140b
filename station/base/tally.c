#include "station/base/tally.h"

#include <math.h>
#include <stdlib.h>

static int64_t tally_day(int64_t ms)
{
	return ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
}

static int tally_cmp(const void *a, const void *b)
{
	int64_t x = tally_day(((const struct tally_span *)a)->start_ms);
	int64_t y = tally_day(((const struct tally_span *)b)->start_ms);
	return (x > y) - (x < y);
}

double tally_hours_worked(struct tally_span *sp, int n)
{
	int64_t total = 0;
	qsort(sp, (size_t)n, sizeof *sp, tally_cmp);
	for (int i = 0; i < n;) {
		int64_t day = tally_day(sp[i].start_ms), lo = sp[i].start_ms, hi = sp[i].end_ms;
		int j = i;
		for (; j < n && tally_day(sp[j].start_ms) == day; j++) {
			lo = sp[j].start_ms < lo ? sp[j].start_ms : lo;
			hi = sp[j].end_ms > hi ? sp[j].end_ms : hi;
		}
		total += hi - lo;
		i = j;
	}
	return (double)total / 3600000.0;
}

double tally_units_per_hour(int units, double hours, int n)
{
	return n > 0 && hours >= 1.0 / 60 ? units / hours : NAN;
}
