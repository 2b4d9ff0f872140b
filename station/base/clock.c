#include "station/base/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <time.h>

int64_t clock_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_left_ms(int64_t deadline_ms)
{
	int64_t left = deadline_ms - clock_mono_ms();
	return left > 0 ? left : 0;
}

char *clock_format(int64_t wall_ms, enum clock_format f, char *buf, size_t size)
{
	/* floor division: a time before the epoch still has its milliseconds in 0..999 */
	int64_t s = wall_ms >= 0 ? wall_ms / 1000 : (wall_ms - 999) / 1000;
	int ms = (int)(wall_ms - s * 1000);
	time_t t = (time_t)s;
	struct tm tm;
	gmtime_r(&t, &tm);
	int y = tm.tm_year + 1900, mo = tm.tm_mon + 1;
	switch (f) {
	case CLOCK_ISO_MS:
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, tm.tm_mday, tm.tm_hour,
			 tm.tm_min, tm.tm_sec, ms);
		break;
	case CLOCK_ISO_S:
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
		break;
	case CLOCK_DATE:
		snprintf(buf, size, "%04d-%02d-%02d", y, mo, tm.tm_mday);
		break;
	case CLOCK_DATE_TIME:
		snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
		break;
	case CLOCK_HOUR:
		snprintf(buf, size, "%04d-%02d-%02d %02d:00", y, mo, tm.tm_mday, tm.tm_hour);
		break;
	case CLOCK_TIME:
		snprintf(buf, size, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
		break;
	case CLOCK_HHMM:
		snprintf(buf, size, "%02d:%02d", tm.tm_hour, tm.tm_min);
		break;
	case CLOCK_TIME_MS:
		snprintf(buf, size, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
		break;
	case CLOCK_HHMMSS:
		snprintf(buf, size, "%02d%02d%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
		break;
	}
	return buf;
}

char *clock_iso(int64_t wall_ms, char *buf, size_t size)
{
	return clock_format(wall_ms, CLOCK_ISO_MS, buf, size);
}

char *clock_date(int64_t wall_ms, char *buf, size_t size)
{
	return clock_format(wall_ms, CLOCK_DATE, buf, size);
}

/* Reads exactly n digits at *p. */
static int clock_digits(const char **p, int n, int *v)
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

/* ".123" (any number of digits, milliseconds kept) after the seconds. */
static int clock_fraction(const char **p, int *frac)
{
	int k = 0;
	*frac = 0;
	while (isdigit((unsigned char)**p)) {
		if (k < 3)
			*frac = *frac * 10 + (**p - '0');
		k++;
		(*p)++;
	}
	for (int i = k; i < 3; i++)
		*frac *= 10;
	return k ? 0 : -1;
}

/* "Z", "+01:00", "-0100" or nothing (UTC): the offset in minutes. */
static int clock_zone(const char **p, int *off)
{
	*off = 0;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
	} else if (**p == '+' || **p == '-') {
		int sign = **p == '-' ? -1 : 1, oh, om;
		(*p)++;
		if (clock_digits(p, 2, &oh))
			return -1;
		if (**p == ':')
			(*p)++;
		if (clock_digits(p, 2, &om) || oh > 23 || om > 59)
			return -1;
		*off = sign * (oh * 60 + om);
	}
	return 0;
}

int clock_parse(const char *s, int64_t *ms, bool *date_only)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, off = 0;
	struct tm tm = { 0 };

	if (clock_digits(&p, 4, &y) || *p++ != '-' || clock_digits(&p, 2, &mo) || *p++ != '-' ||
	    clock_digits(&p, 2, &d))
		return -1;
	*date_only = *p == '\0';
	if (*p) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -1;
		p++;
		if (clock_digits(&p, 2, &h) || *p++ != ':' || clock_digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (clock_digits(&p, 2, &sec))
				return -1;
			if (*p == '.' && (p++, clock_fraction(&p, &frac) < 0))
				return -1;
		}
		if (clock_zone(&p, &off) < 0 || *p != '\0')
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
