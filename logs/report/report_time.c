#include "logs/report/report.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Reads exactly n digits at *p. */
static int report_time_digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

int report_time_parse(const char *s, int64_t *ms, bool *date_only)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, off = 0;
	struct tm tm = { 0 };

	if (report_time_digits(&p, 4, &y) || *p++ != '-' || report_time_digits(&p, 2, &mo) ||
	    *p++ != '-' || report_time_digits(&p, 2, &d))
		return -1;
	*date_only = *p == '\0';
	if (*p) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -1;
		p++;
		if (report_time_digits(&p, 2, &h) || *p++ != ':' || report_time_digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (report_time_digits(&p, 2, &sec))
				return -1;
			if (*p == '.') {
				int k = 0;
				p++;
				while (isdigit((unsigned char)*p)) {
					if (k < 3)
						frac = frac * 10 + (*p - '0');
					k++;
					p++;
				}
				if (k == 0)
					return -1;
				for (; k < 3; k++)
					frac *= 10;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1, oh, om;
			p++;
			if (report_time_digits(&p, 2, &oh))
				return -1;
			if (*p == ':')
				p++;
			if (report_time_digits(&p, 2, &om) || oh > 23 || om > 59)
				return -1;
			off = sign * (oh * 60 + om);
		}
		if (*p != '\0')
			return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t = timegm(&tm);
	if (tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;  /* 2026-02-30 normalised into March */
	*ms = ((int64_t)t - (int64_t)off * 60) * 1000 + frac;
	return 0;
}

int report_time_arg(const char *s, bool until, int64_t *ms, char *why, size_t n)
{
	bool date_only;
	if (report_time_parse(s, ms, &date_only) < 0) {
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

char *report_time_iso(int64_t ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}
