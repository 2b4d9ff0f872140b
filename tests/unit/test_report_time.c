/* clock_parse (base/clock.c) / report_time_arg and report_percentile: {input, expected} tables. */
#include "logs/report/report.h"
#include "tests/unit/check.h"
#include "station/base/clock.h"

#include <math.h>

static void t_parse(void)
{
	static const struct { const char *in; int rc; long long ms; int date_only; } rows[] = {
		{ "2026-11-25", 0, 1795564800000LL, 1 },
		{ "2026-11-25T15:04:05.123Z", 0, 1795619045123LL, 0 },
		{ "2026-11-25T15:04:05Z", 0, 1795619045000LL, 0 },
		{ "2026-11-25 15:04:05", 0, 1795619045000LL, 0 },
		{ "2026-11-25T15:04Z", 0, 1795619040000LL, 0 },
		{ "2026-11-25T16:04:05+01:00", 0, 1795619045000LL, 0 },
		{ "2026-11-25T14:04:05-0100", 0, 1795619045000LL, 0 },
		{ "2026-11-25T15:04:05.1Z", 0, 1795619045100LL, 0 },
		{ "2026-11-25T15:04:05.123456Z", 0, 1795619045123LL, 0 },
		{ "2026-13-01", -1, 0, 0 }, { "2026-02-30", -1, 0, 0 }, { "2026-11-25T24:00Z", -1, 0, 0 },
		{ "2026-11-25T15:04:05.Z", -1, 0, 0 }, { "2026-11-25X", -1, 0, 0 }, { "26-11-25", -1, 0, 0 },
		{ "", -1, 0, 0 }, { "yesterday", -1, 0, 0 }, { "2026-11-25T15:04:05Zjunk", -1, 0, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t ms = 0;
		bool d = false;
		check_case("t_parse[%zu] %s", i, rows[i].in);
		CHECK_INT(clock_parse(rows[i].in, &ms, &d), rows[i].rc);
		if (rows[i].rc == 0) {
			CHECK_INT(ms, rows[i].ms);
			CHECK_INT(d, rows[i].date_only);
		}
	}
}

static void t_arg(void)
{
	int64_t ms;
	char why[200];
	CHECK_INT(report_time_arg("2026-11-25", true, &ms, why, sizeof why), 0);
	CHECK_INT(ms, 1795564800000LL + 86400000);  /* --until a day includes that day */
	CHECK_INT(report_time_arg("2026-11-25", false, &ms, why, sizeof why), 0);
	CHECK_INT(ms, 1795564800000LL);
	CHECK_INT(report_time_arg("2026-11-25T00:00:00Z", true, &ms, why, sizeof why), 0);
	CHECK_INT(ms, 1795564800001LL);
	CHECK_INT(report_time_arg("soon", true, &ms, why, sizeof why), -1);
	CHECK(strstr(why, "found 'soon'; expected a date YYYY-MM-DD") != NULL);
	char buf[32];
	CHECK_STR(clock_format(1795619045123LL, CLOCK_ISO_S, buf, sizeof buf), "2026-11-25T15:04:05Z");
	/* every UTC format of base/clock.c, for one time and for one before the epoch */
	static const struct { int64_t ms; enum clock_format f; const char *want; } fmts[] = {
		{ 1795619045123LL, CLOCK_ISO_MS, "2026-11-25T15:04:05.123Z" },
		{ 1795619045123LL, CLOCK_DATE, "2026-11-25" },
		{ 1795619045123LL, CLOCK_DATE_TIME, "2026-11-25 15:04:05" },
		{ 1795619045123LL, CLOCK_HOUR, "2026-11-25 15:00" },
		{ 1795619045123LL, CLOCK_TIME, "15:04:05" },
		{ 1795619045123LL, CLOCK_HHMM, "15:04" },
		{ 1795619045123LL, CLOCK_TIME_MS, "15:04:05.123" },
		{ 1795619045123LL, CLOCK_HHMMSS, "150405" },
		{ -1, CLOCK_ISO_MS, "1969-12-31T23:59:59.999Z" },
	};
	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		check_case("t_format[%zu]", i);
		CHECK_STR(clock_format(fmts[i].ms, fmts[i].f, buf, sizeof buf), fmts[i].want);
	}
}

static void t_percentile(void)
{
	static const double v[] = { 1, 2, 3, 4, 10 };
	CHECK(isnan(report_percentile(v, 0, 0.5)));
	CHECK(report_percentile(v, 1, 0.95) == 1);
	CHECK(report_percentile(v, 5, 0.5) == 3);
	CHECK(report_percentile(v, 4, 0.5) == 2.5);
	CHECK(fabs(report_percentile(v, 5, 0.95) - 8.8) < 1e-9);  /* 4 + 0.8 * (10 - 4) */
	CHECK(report_percentile(v, 5, 1.0) == 10);
	CHECK(report_percentile(v, 5, 0.0) == 1);
	char buf[16];
	CHECK_STR(report_num(buf, sizeof buf, NAN, 2), "-");
	CHECK_STR(report_num(buf, sizeof buf, 81.8181, 2), "81.82");
}

int main(void)
{
	RUN(t_parse);
	RUN(t_arg);
	RUN(t_percentile);
	return check_done();
}
