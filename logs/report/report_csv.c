/* The report for a spreadsheet: one long table "section,group,metric,value" (logs/csv.h), easy to
 * filter or pivot, with the same figures and names as the text and HTML reports. */
#include "logs/report/report.h"

#include <stdlib.h>
#include <string.h>

#include "logs/csv.h"
#include "station/base/clock.h"

/* "-" (no value) is written as an empty cell, which a spreadsheet takes as blank. */
static void report_csv_row(struct csv_buf *b, const char *section, const char *group,
			   const char *metric, const char *value)
{
	if (strcmp(value, "-") == 0)
		value = "";
	csv_field(b, section, 1);
	csv_field(b, group, 0);
	csv_field(b, metric, 0);
	csv_field(b, value, 0);
	csv_end(b);
}

static void report_csv_int(struct csv_buf *b, const char *section, const char *group,
			   const char *metric, int v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%d", v);
	report_csv_row(b, section, group, metric, buf);
}

static void report_csv_counts(struct csv_buf *b, const char *section, const struct report_group *g)
{
	char buf[32];
	report_csv_int(b, section, g->key, "units", g->c.units);
	report_csv_int(b, section, g->key, "records", g->c.records);
	for (int r = 0; r < RES_COUNT; r++) {
		static const char *const names[RES_COUNT] = {
			[RES_PASS] = "pass", [RES_SKIP] = "skip", [RES_FAIL] = "fail",
			[RES_ABORTED] = "aborted",
		};
		report_csv_int(b, section, g->key, names[r], g->c.n[r]);
	}
	report_csv_row(b, section, g->key, "yield_pct", report_num(buf, sizeof buf, g->c.yield, 2));
}

void report_csv(const struct report_summary *s, FILE *out)
{
	struct csv_buf b = { 0 };
	char buf[32];
	static const char *const sections[RG_COUNT] = {
		[RG_LOT] = "lot", [RG_SLOT] = "slot", [RG_HOUR] = "hour", [RG_PACKAGE] = "package",
		[RG_ERROR] = "error", [RG_STATION] = "station", [RG_STOP] = "aborted",
	};

	report_csv_row(&b, "section", "group", "metric", "value");
	for (int m = 0; m < RM_COUNT; m++)
		report_csv_row(&b, "summary", "", report_metrics[m].name,
			       report_metric_text(s, (enum report_metric)m, buf, sizeof buf));
	if (s->total.records) {
		report_csv_row(&b, "summary", "", "first_start", clock_format(s->first_ms, CLOCK_ISO_S, buf, sizeof buf));
		report_csv_row(&b, "summary", "", "last_finish", clock_format(s->last_ms, CLOCK_ISO_S, buf, sizeof buf));
	}
	for (int g = 0; g < RG_COUNT; g++) {
		for (int i = 0; i < s->n_groups[g]; i++) {
			const struct report_group *gr = &s->groups[g][i];
			if (g == RG_ERROR || g == RG_STOP) {
				report_csv_int(&b, sections[g], gr->key, "count", gr->count);
				report_csv_row(&b, sections[g], gr->key, "text", gr->text);
				continue;
			}
			report_csv_counts(&b, sections[g], gr);
			if (g == RG_SLOT) {
				report_csv_int(&b, sections[g], gr->key, "fail_streak_max", gr->max_streak);
				report_csv_int(&b, sections[g], gr->key, "fail_streak_end", gr->end_streak);
			}
			if (g == RG_PACKAGE)
				report_csv_row(&b, sections[g], gr->key, "update_median_s",
					       report_num(buf, sizeof buf, gr->update_median, 2));
		}
	}
	if (b.len)
		fwrite(b.data, 1, b.len, out);
	csv_buf_free(&b);
}
