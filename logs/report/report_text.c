/* The report for a terminal: key figures, then tables by station, lot, slot, hour, package,
 * errors. */
#include "logs/report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/utf8.h"
#include "station/base/clock.h"

static void report_text_counts_head(FILE *out, const char *what, int width)
{
	fprintf(out, "  %-*s %6s %7s %6s %5s %5s %7s %8s\n", width, what, "units", "records", "PASS",
		"SKIP", "FAIL", "ABORTED", "yield %");
}

static void report_text_counts(FILE *out, const struct report_group *g, int width)
{
	char y[32];
	fprintf(out, "  %-*s %6d %7d %6d %5d %5d %7d %8s", width, g->key, g->c.units, g->c.records,
		g->c.n[RES_PASS], g->c.n[RES_SKIP], g->c.n[RES_FAIL], g->c.n[RES_ABORTED],
		report_num(y, sizeof y, g->c.yield, 2));
}

static int report_text_width(const struct report_summary *s, enum report_groups g, int min)
{
	int w = min;
	for (int i = 0; i < s->n_groups[g]; i++) {
		int n = (int)strlen(s->groups[g][i].key);
		if (n > w)
			w = n < 40 ? n : 40;
	}
	return w;
}

static void report_text_body(const struct report_summary *s, const struct report_set *set, FILE *out)
{
	char a[32], b[32], t0[32], t1[32];
	int w;

	if (set->source)
		fprintf(out, "station report: %s, %d record%s", set->source, s->total.records,
			s->total.records == 1 ? "" : "s");
	else
		fprintf(out, "station report: %d file%s, %d record%s", set->files,
			set->files == 1 ? "" : "s", s->total.records, s->total.records == 1 ? "" : "s");
	if (set->malformed)
		fprintf(out, ", %d malformed row%s skipped", set->malformed, set->malformed == 1 ? "" : "s");
	if (set->filtered_out)
		fprintf(out, ", %d outside the filters", set->filtered_out);
	fputc('\n', out);
	if (s->total.records == 0) {
		fprintf(out, "no records\n");
		return;
	}
	fprintf(out, "period %s .. %s (UTC)\n\n", clock_format(s->first_ms, CLOCK_ISO_S, t0, sizeof t0),
		clock_format(s->last_ms, CLOCK_ISO_S, t1, sizeof t1));
	for (int m = 0; m < RM_COUNT; m++) {
		report_metric_text(s, (enum report_metric)m, a, sizeof a);
		fprintf(out, "%-18s %10s%s%s\n", report_metrics[m].label, a,
			report_metrics[m].unit[0] ? " " : "", report_metrics[m].unit);
	}

	w = report_text_width(s, RG_STATION, 8);
	fprintf(out, "\nby station\n");
	report_text_counts_head(out, "station", w);
	for (int i = 0; i < s->n_groups[RG_STATION]; i++) {
		report_text_counts(out, &s->groups[RG_STATION][i], w);
		fputc('\n', out);
	}

	w = report_text_width(s, RG_LOT, 8);
	fprintf(out, "\nby lot\n");
	report_text_counts_head(out, "lot", w);
	for (int i = 0; i < s->n_groups[RG_LOT]; i++) {
		report_text_counts(out, &s->groups[RG_LOT][i], w);
		fputc('\n', out);
	}

	w = report_text_width(s, RG_SLOT, 6);
	fprintf(out, "\nby slot (streak: consecutive FAILs, worst / at the end; ! = %d or more)\n",
		s->streak_flag);
	report_text_counts_head(out, "slot", w);
	for (int i = 0; i < s->n_groups[RG_SLOT]; i++) {
		const struct report_group *g = &s->groups[RG_SLOT][i];
		report_text_counts(out, g, w);
		fprintf(out, "  streak %d/%d%s\n", g->max_streak, g->end_streak,
			g->max_streak >= s->streak_flag ? " !" : "");
	}

	fprintf(out, "\nby hour (UTC, by start time)\n");
	report_text_counts_head(out, "hour", 16);
	for (int i = 0; i < s->n_groups[RG_HOUR]; i++) {
		report_text_counts(out, &s->groups[RG_HOUR][i], 16);
		fputc('\n', out);
	}

	w = report_text_width(s, RG_PACKAGE, 8);
	fprintf(out, "\nby package (update median over PASS records)\n");
	report_text_counts_head(out, "package", w);
	for (int i = 0; i < s->n_groups[RG_PACKAGE]; i++) {
		const struct report_group *g = &s->groups[RG_PACKAGE][i];
		report_text_counts(out, g, w);
		fprintf(out, "  update %s s\n", report_num(a, sizeof a, g->update_median, 2));
	}

	int total = 0, cum = 0;
	for (int i = 0; i < s->n_groups[RG_ERROR]; i++)
		total += s->groups[RG_ERROR][i].count;
	w = report_text_width(s, RG_ERROR, 12);
	fprintf(out, "\nerrors, most frequent first (FAIL records)\n");
	if (total == 0)
		fprintf(out, "  none\n");
	else
		fprintf(out, "  %-*s %6s %7s %7s  %s\n", w, "code", "count", "%", "cum %", "meaning");
	for (int i = 0; i < s->n_groups[RG_ERROR]; i++) {
		const struct report_group *g = &s->groups[RG_ERROR][i];
		cum += g->count;
		fprintf(out, "  %-*s %6d %7s %7s  %s\n", w, g->key, g->count,
			report_num(a, sizeof a, 100.0 * g->count / total, 1),
			report_num(b, sizeof b, 100.0 * cum / total, 1), g->text);
	}
	fprintf(out, "\naborted, not errors (ABORTED records: the operator or a stop ended them)\n");
	if (s->n_groups[RG_STOP] == 0)
		fprintf(out, "  none\n");
	for (int i = 0; i < s->n_groups[RG_STOP]; i++)
		fprintf(out, "  %6d  %s\n", s->groups[RG_STOP][i].count, s->groups[RG_STOP][i].key);
	fprintf(out, "\nlegend\n"
		"  records: CSV rows; units: distinct IMEIs (a row without an IMEI counts as one unit)\n"
		"  yield = PASS / (PASS + FAIL) over records; SKIP and ABORTED are left out\n"
		"  first-pass yield = units whose first record is PASS / units whose first record is\n"
		"    PASS, FAIL or ABORTED (units first seen as SKIP are left out)\n"
		"  units per hour = units / hours worked (per UTC day: first start to last finish)\n"
		"  upload times over every record that has one; update times over PASS records;\n"
		"    median and p95 interpolate between ranks (spreadsheet PERCENTILE.INC)\n");
}

void report_text_escape(const char *text, size_t len, FILE *out)
{
	const unsigned char *p = (const unsigned char *)text;
	while (len > 0) {
		size_t k = utf8_seq(p, len);
		if (k == 0 || (k == 1 && ((p[0] < 0x20 && p[0] != '\n') || p[0] == 0x7f))) {
			fprintf(out, "\\x%02X", p[0]);
			k = 1;
		} else if (k == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			/* C1 controls (U+0080..U+009F): CSI alone is an escape sequence to a terminal. */
			fprintf(out, "\\u%04X", p[1]);
		} else {
			fwrite(p, 1, k, out);
		}
		p += k;
		len -= k;
	}
}

/* Records are data from modules and operators: the whole text goes through report_text_escape,
 * so no field can move the cursor, recolour or retitle the supervisor's terminal. */
void report_text(const struct report_summary *s, const struct report_set *set, FILE *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m) {
		fprintf(out, "station report: out of memory\n");
		return;
	}
	report_text_body(s, set, m);
	fclose(m);
	report_text_escape(buf, len, out);
	free(buf);
}
