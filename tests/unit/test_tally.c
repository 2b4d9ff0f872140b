/* The dashboard's totals (board_count_record) and the report (report_summarise) count the same
 * records alike: units, yield and units per hour over hours worked, across two UTC days with an
 * idle night and a retried module. */
#include <math.h>
#include <stdlib.h>

#include "logs/report/report.h"
#include "station/base/tally.h"
#include "station/board/board.h"
#include "tests/unit/check.h"
#include "station/base/clock.h"

static const struct { const char *start, *end, *imei, *result; } recs[] = {
	{ "2026-11-25T08:00:00.000Z", "2026-11-25T08:05:00.000Z", "861111111111111", "PASS" },
	{ "2026-11-25T08:01:00.000Z", "2026-11-25T08:07:00.000Z", "862222222222222", "FAIL" },
	{ "2026-11-25T09:00:00.000Z", "2026-11-25T09:30:00.000Z", "862222222222222", "PASS" },
	{ "2026-11-25T09:40:00.000Z", "2026-11-25T09:41:00.000Z", "", "FAIL" },
	{ "2026-11-26T07:00:00.000Z", "2026-11-26T07:20:00.000Z", "863333333333333", "SKIP" },
	{ "2026-11-26T07:10:00.000Z", "2026-11-26T07:30:00.000Z", "864444444444444", "ABORTED" },
};

static void t_agree(void)
{
	char csv[4096];
	int o = snprintf(csv, sizeof csv, "started_at,finished_at,imei,result\n");
	struct board *b = board_new(1);
	for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
		int64_t s, e;
		bool date_only;
		o += snprintf(csv + o, sizeof csv - (size_t)o, "%s,%s,%s,%s\n", recs[i].start, recs[i].end,
			      recs[i].imei, recs[i].result);
		CHECK_INT(clock_parse(recs[i].start, &s, &date_only), 0);
		CHECK_INT(clock_parse(recs[i].end, &e, &date_only), 0);
		enum slot_state r = recs[i].result[0] == 'P' ? SLOT_PASS : recs[i].result[0] == 'F' ?
				    SLOT_FAIL : recs[i].result[0] == 'S' ? SLOT_SKIP : SLOT_ABORTED;
		board_count_record(b, r, recs[i].imei, s, e);
	}
	struct report_set set = { 0 };
	struct report_filter f = { .since_ms = INT64_MIN, .until_ms = INT64_MAX };
	CHECK(report_load_text(&set, "t.csv", csv, (size_t)o, &f, stderr) > 0);
	struct report_summary s;
	report_summarise(&set, &s);
	struct board_totals t;
	board_totals(b, &t);
	CHECK_INT(t.units, s.total.units);
	CHECK_INT(t.units, 5);   /* the retried module once; the row without an IMEI on its own */
	CHECK_INT(t.pass, s.total.n[RES_PASS]);
	CHECK_INT(t.fail, s.total.n[RES_FAIL]);
	/* Day 1: 08:00..09:41, day 2: 07:00..07:30: 2 h 11 min worked, the night left out. */
	CHECK(fabs(t.hours - 131.0 / 60) < 1e-9);
	CHECK(fabs(t.units_per_hour - s.units_per_hour) < 1e-9);
	CHECK(fabs(t.units_per_hour - 5 / (131.0 / 60)) < 1e-9);
	report_summary_free(&s);
	report_set_free(&set);
	board_free(b);
}

static void t_early(void)
{
	struct tally_span sp[1] = { { 0, 59000 } };
	CHECK(isnan(tally_units_per_hour(1, tally_hours_worked(sp, 1), 1)));
	CHECK(isnan(tally_units_per_hour(0, 0, 0)));
	struct tally_span sp2[1] = { { 0, 60000 } };
	CHECK(fabs(tally_units_per_hour(1, tally_hours_worked(sp2, 1), 1) - 60.0) < 1e-9);
}

int main(void)
{
	RUN(t_agree);
	RUN(t_early);
	return check_done();
}
