/* The event log (--log): one line per thing a module did, for tests to assert on.
 *   2026-11-25T15:30:01.234Z 1-1.3 866123456789012 <event> [details]  (format in README.md) */
#include "tests/sim/sim.h"

#include <stdarg.h>
#include <sys/time.h>
#include <time.h>

void sim_log(struct sim *s, const struct sim_module *m, const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	char ts[32];
	va_list ap;
	if (!s->log)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(s->log, "%s.%03dZ %s %s ", ts, (int)(tv.tv_usec / 1000), m ? m->path : "-",
		m && m->imei[0] ? m->imei : "-");
	va_start(ap, fmt);
	vfprintf(s->log, fmt, ap);
	va_end(ap);
	fputc('\n', s->log);
	fflush(s->log);
}
