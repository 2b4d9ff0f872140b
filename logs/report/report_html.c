/* The report as one self-contained HTML page: inline CSS and SVG, no script, no network, readable
 * on paper. Key figures carry data-metric/data-value attributes so a test can read them back. */
#include "logs/report/report.h"
#include "station/base/clock.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Writes s with HTML's special characters escaped (record fields are untrusted text). */
static void html_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

static const char html_style[] =
	":root{--pass:#2e7d32;--warn:#ef8f00;--fail:#c62828;--ink:#1d2330;--mute:#5f6b7a;"
	"--line:#d5dbe3;--bar:#3b6ea8}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact;box-sizing:border-box}\n"
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);"
	"margin:24px auto;max-width:1240px;padding:0 16px}\n"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid "
	"var(--line);padding-bottom:4px}\n"
	".meta{color:var(--mute);margin:0 0 16px}\n"
	".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:10px}\n"
	".tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#f7f9fb}\n"
	".tile .v{font-size:26px;font-weight:700}.tile .l{color:var(--mute);font-size:13px}\n"
	".tile.good .v{color:var(--pass)}.tile.bad .v{color:var(--fail)}.tile.warn .v{color:var(--warn)}\n"
	"svg{width:100%;height:auto;display:block}svg text{font:13px system-ui,sans-serif;fill:var(--ink)}\n"
	"svg .axis{stroke:#99a3ae;stroke-width:1}svg .grid{stroke:#e6eaef;stroke-width:1}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0}\n"
	"th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:right}\n"
	"th:first-child,td:first-child{text-align:left}th{background:#eef2f6}\n"
	"td.text,th.text{text-align:left}tr.flag td{background:#fdecea;font-weight:600}\n"
	".cols{display:grid;grid-template-columns:1fr 1fr;gap:16px}\n"
	".legend{color:var(--mute);font-size:13px}\n"
	/* On A4 (186 mm between the margins) a chart 800 units wide puts 13-unit text at 8.6 pt;
	 * the histograms (600 wide) go one per line so theirs is larger still. */
	"@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}"
	"section{break-inside:avoid}.tile .v{font-size:18pt}.cols{grid-template-columns:1fr}"
	"@page{size:A4;margin:12mm}}\n";

/* The chart width in SVG units of the full-width charts: text stays at 8 pt or more on A4. */
#define HTML_W 800

/* The text colour for a number on a fill of #rrggbb: white or ink, whichever contrasts more
 * (WCAG relative luminance), so a heat-map cell is readable whatever its shade. */
static const char *html_ink_on(int r, int g, int b)
{
	const int c[3] = { r, g, b };
	double l = 0;
	static const double w[3] = { 0.2126, 0.7152, 0.0722 };
	for (int i = 0; i < 3; i++) {
		double v = c[i] / 255.0;
		l += w[i] * (v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4));
	}
	/* ink #1d2330 has luminance ~0.016 */
	double on_white = 1.05 / (l + 0.05), on_ink = (l + 0.05) / (0.016 + 0.05);
	return on_white >= on_ink ? "#fff" : "#1d2330";
}

static const char *html_yield_class(double y)
{
	if (isnan(y))
		return "";
	return y >= 95 ? "good" : y >= 85 ? "warn" : "bad";
}

static const char *html_yield_color(double y)
{
	if (isnan(y))
		return "#b0b8c1";
	return y >= 95 ? "#2e7d32" : y >= 85 ? "#ef8f00" : "#c62828";
}

static void html_tiles(const struct report_summary *s, FILE *out)
{
	char v[32];
	fprintf(out, "<section id=\"summary\" class=\"tiles\" aria-label=\"key figures\">\n");
	for (int m = 0; m < RM_COUNT; m++) {
		const char *cls = m == RM_YIELD ? html_yield_class(s->total.yield) :
				  m == RM_FPY ? html_yield_class(s->fpy) :
				  m == RM_FAIL && s->total.n[RES_FAIL] ? "bad" : "";
		report_metric_text(s, (enum report_metric)m, v, sizeof v);
		fprintf(out, "<div class=\"tile %s\" data-metric=\"%s\" data-value=\"%s\"><div class=\"v\">"
			"%s%s</div><div class=\"l\">%s</div></div>\n", cls, report_metrics[m].name, v, v,
			report_metrics[m].unit[0] && strcmp(v, "-") ? report_metrics[m].unit : "",
			report_metrics[m].label);
	}
	fprintf(out, "</section>\n");
}

/* Bars of yield per hour, coloured by band, with the record count under each bar. */
static void html_hours(const struct report_summary *s, FILE *out)
{
	int n = s->n_groups[RG_HOUR];
	const int W = HTML_W, H = 300, L = 50, R = 10, T = 20, B = 72;
	double bw = (double)(W - L - R) / (n ? n : 1);
	int every = bw >= 40 ? 1 : (int)ceil(40 / bw);
	fprintf(out, "<section><h2>Yield per hour</h2>\n<svg id=\"chart-yield-hour\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" aria-label=\"yield per hour\">\n", W, H);
	for (int p = 0; p <= 100; p += 25) {
		double y = T + (H - T - B) * (1 - p / 100.0);
		fprintf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", L, W - R, y, y, L - 6,
			y + 4, p);
	}
	for (int i = 0; i < n; i++) {
		const struct report_group *g = &s->groups[RG_HOUR][i];
		double y = isnan(g->c.yield) ? 0 : g->c.yield;
		double h = (H - T - B) * y / 100, x = L + i * bw;
		char v[32];
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
			"data-hour=\"", x + bw * 0.1, H - B - h, bw * 0.8, h, html_yield_color(g->c.yield));
		html_text(out, g->key);
		fprintf(out, "\" data-yield=\"%s\"><title>", report_num(v, sizeof v, g->c.yield, 2));
		html_text(out, g->key);
		fprintf(out, " UTC: yield %s %%, %d PASS, %d FAIL, %d records</title></rect>\n", v,
			g->c.n[RES_PASS], g->c.n[RES_FAIL], g->c.records);
		if (bw >= 34)
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s%s</text>\n",
				x + bw / 2, H - B - h - 4, report_num(v, sizeof v, g->c.yield, 0),
				isnan(g->c.yield) ? "" : "%");
		if (i % every == 0) {
			fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.5s</text>"
				"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#5f6b7a\">n=%d</text>\n",
				x + bw / 2, H - B + 16, g->key + 11, x + bw / 2, H - B + 30, g->c.records);
		}
		/* the date under the first hour of each day */
		if (i == 0 || strncmp(g->key, s->groups[RG_HOUR][i - 1].key, 10) != 0)
			fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-weight=\"700\">%.10s</text>\n",
				x + bw * 0.1, H - B + 44, g->key);
	}
	fprintf(out, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", L, W - R, H - B,
		H - B);
	fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#5f6b7a\">hour (UTC) of the unit's start; "
		"green &#8805; 95 %%, amber &#8805; 85 %%, red below</text>\n</svg></section>\n", L, H - 6);
}

/* Rows are slots, columns hours; the redder, the more FAILs. Flagged slots are marked. */
static void html_heatmap(const struct report_summary *s, FILE *out)
{
	int ns = s->n_groups[RG_SLOT], nh = s->n_groups[RG_HOUR], maxf = 0;
	for (int i = 0; i < ns; i++)
		for (int j = 0; j < nh; j++)
			if (s->slot_hour_fail[i][j] > maxf)
				maxf = s->slot_hour_fail[i][j];
	const int L = 90, T = 24, CH = 20, W = HTML_W;
	double cw = (double)(W - L - 10) / (nh ? nh : 1);
	int every = cw >= 40 ? 1 : (int)ceil(40 / cw);
	int H = T + ns * CH + 30;
	fprintf(out, "<section><h2>Failures per slot and hour</h2>\n<svg id=\"chart-slot-heatmap\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"failures per slot and hour\">\n", W, H);
	for (int j = 0; j < nh; j += every) {
		const char *k = s->groups[RG_HOUR][j].key;
		int new_day = j == 0 || strncmp(k, s->groups[RG_HOUR][j - every].key, 10) != 0;
		/* the first column of each day also names the day (MM-DD) */
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%.5s%s%.5s</text>\n",
			L + (j + 0.5) * cw, T - 8, new_day && nh > 1 ? "" : "", new_day ? k + 5 : "",
			new_day ? " " : "", k + 11);
	}
	for (int i = 0; i < ns; i++) {
		const struct report_group *g = &s->groups[RG_SLOT][i];
		int flag = g->max_streak >= s->streak_flag;
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"%s>", L - 8, T + i * CH + 14,
			flag ? " fill=\"#c62828\" font-weight=\"700\"" : "");
		html_text(out, g->key);
		fprintf(out, "%s</text>\n", flag ? " !" : "");
		for (int j = 0; j < nh; j++) {
			int f = s->slot_hour_fail[i][j], r = s->slot_hour_records[i][j];
			char fill[16];
			int rgb[3] = { 0xf3, 0xf5, 0xf7 };
			if (r > 0 && f == 0) {
				rgb[0] = 0xdc, rgb[1] = 0xef, rgb[2] = 0xdc;
			} else if (f > 0) {
				double k = maxf > 1 ? (double)(f - 1) / (maxf - 1) : 1;
				rgb[0] = (int)(255 - k * 72), rgb[1] = (int)(205 - k * 177), rgb[2] = (int)(210 - k * 182);
			}
			snprintf(fill, sizeof fill, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
			fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
				"stroke=\"#fff\"><title>slot ", L + j * cw, T + i * CH, cw, CH, fill);
			html_text(out, g->key);
			fprintf(out, ", %.5s: %d FAIL of %d</title></rect>\n", s->groups[RG_HOUR][j].key + 11,
				f, r);
			if (f && cw >= 16)
				fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%d"
					"</text>\n", L + (j + 0.5) * cw, T + i * CH + 14,
					html_ink_on(rgb[0], rgb[1], rgb[2]), f);
		}
	}
	fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#5f6b7a\">cell: FAIL records of that slot in that "
		"hour (grey: no unit); ! = %d or more FAILs in a row</text>\n</svg></section>\n", L, H - 8,
		s->streak_flag);
}

/* ABORTED records by reason, apart from the errors: an operator's abort is not a fault. */
static void html_stops(const struct report_summary *s, FILE *out)
{
	int n = s->n_groups[RG_STOP];
	fprintf(out, "<h3>Aborted, not errors</h3>\n");
	if (n == 0) {
		fprintf(out, "<p>No ABORTED records.</p>\n");
		return;
	}
	fprintf(out, "<table id=\"table-aborted\"><tr><th class=\"text\">reason</th><th>count</th></tr>\n");
	for (int i = 0; i < n; i++) {
		fprintf(out, "<tr><td class=\"text\">");
		html_text(out, s->groups[RG_STOP][i].key);
		fprintf(out, "</td><td>%d</td></tr>\n", s->groups[RG_STOP][i].count);
	}
	fprintf(out, "</table>\n");
}

/* Error codes (FAIL records), most frequent first, with the cumulative share. */
static void html_pareto(const struct report_summary *s, FILE *out)
{
	int n = s->n_groups[RG_ERROR], total = 0, maxc = 1, cum = 0;
	for (int i = 0; i < n; i++) {
		total += s->groups[RG_ERROR][i].count;
		if (s->groups[RG_ERROR][i].count > maxc)
			maxc = s->groups[RG_ERROR][i].count;
	}
	fprintf(out, "<section><h2>Errors, most frequent first</h2>\n");
	if (n == 0) {
		fprintf(out, "<p>No FAIL records.</p>");
		html_stops(s, out);
		fprintf(out, "</section>\n");
		return;
	}
	const int W = HTML_W, L = 170, RH = 24, T = 8, BARW = 380;
	int H = T + n * RH + 10;
	fprintf(out, "<svg id=\"chart-pareto\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"error "
		"Pareto\">\n", W, H);
	for (int i = 0; i < n; i++) {
		const struct report_group *g = &s->groups[RG_ERROR][i];
		double w = (double)BARW * g->count / maxc;
		int y = T + i * RH;
		cum += g->count;
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", L - 8, y + 15);
		html_text(out, g->key);
		fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#c62828\" "
			"data-code=\"", L, y + 3, w, RH - 6);
		html_text(out, g->key);
		fprintf(out, "\" data-count=\"%d\"><title>", g->count);
		html_text(out, g->text);
		fprintf(out, "</title></rect><text x=\"%.1f\" y=\"%d\">%d (%.1f %%, cumulative %.1f %%)"
			"</text>\n", L + w + 6, y + 15, g->count, 100.0 * g->count / total,
			100.0 * cum / total);
	}
	fprintf(out, "</svg>\n<table id=\"table-errors\"><tr><th>code</th><th>count</th><th>%%</th>"
		"<th>cum %%</th><th class=\"text\">meaning</th></tr>\n");
	cum = 0;
	for (int i = 0; i < n; i++) {
		const struct report_group *g = &s->groups[RG_ERROR][i];
		cum += g->count;
		fprintf(out, "<tr><td>");
		html_text(out, g->key);
		fprintf(out, "</td><td>%d</td><td>%.1f</td><td>%.1f</td><td class=\"text\">", g->count,
			100.0 * g->count / total, 100.0 * cum / total);
		html_text(out, g->text);
		fprintf(out, "</td></tr>\n");
	}
	fprintf(out, "</table>\n");
	html_stops(s, out);
	fprintf(out, "</section>\n");
}

/* A histogram of sorted v with the median and p95 marked. */
static void html_histogram(FILE *out, const char *id, const char *title, const double *v, int n,
			   double med, double p95)
{
	const int W = 600, H = 270, L = 56, R = 16, T = 40, B = 58, BINS = 20;
	int bins[20] = { 0 }, maxb = 1;
	fprintf(out, "<div><svg id=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n"
		"<text x=\"%d\" y=\"14\" font-weight=\"700\">%s (n=%d)</text>\n", id, W, H, title, L,
		title, n);
	if (n == 0) {
		fprintf(out, "<text x=\"%d\" y=\"%d\">no values</text></svg></div>\n", L, H / 2);
		return;
	}
	double lo = v[0], hi = v[n - 1], span = hi > lo ? hi - lo : 1;
	for (int i = 0; i < n; i++) {
		int b = (int)((v[i] - lo) / span * BINS);
		b = b >= BINS ? BINS - 1 : b;
		if (++bins[b] > maxb)
			maxb = bins[b];
	}
	double bw = (double)(W - L - R) / BINS;
	for (int b = 0; b < BINS; b++) {
		double h = (double)(H - T - B) * bins[b] / maxb;
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3b6ea8\">"
			"<title>%.1f..%.1f s: %d</title></rect>\n", L + b * bw + 1, H - B - h, bw - 2, h,
			lo + span * b / BINS, lo + span * (b + 1) / BINS, bins[b]);
	}
	fprintf(out, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", L, W - R,
		H - B, H - B);
	/* The count axis: 0, the middle and the tallest bin, in whole records. */
	fprintf(out, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n"
		"<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">count</text>\n",
		L, L, T, H - B, (T + H - B) / 2, (T + H - B) / 2);
	int ticks[3] = { 0, maxb / 2, maxb };
	for (int k = 0; k < 3; k++) {
		if (k == 1 && (ticks[1] == 0 || ticks[1] == maxb))
			continue;
		double y = H - B - (double)(H - T - B) * ticks[k] / maxb;
		fprintf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"count-tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n",
			L, W - R, y, y, L - 6, y + 4, ticks[k]);
	}
	/* Bins labelled by their edges, every fifth, in seconds. */
	for (int b = 0; b <= BINS; b += 5)
		fprintf(out, "<text class=\"bin-edge\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>\n",
			L + b * bw, H - B + 16, lo + span * b / BINS);
	fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">seconds (%d bins of %.2f s)</text>\n",
		W - R, H - 4, BINS, span / BINS);
	const struct { double x; const char *name, *color; } marks[] = {
		{ med, "median", "#1d2330" }, { p95, "p95", "#c62828" },
	};
	for (int m = 0; m < 2; m++) {
		/* median under the axis, p95 over the plot, so close values do not collide */
		double x = L + (marks[m].x - lo) / span * (W - L - R);
		const char *anchor = x > W - 90 ? "end" : x < L + 60 ? "start" : "middle";
		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
			"stroke-dasharray=\"4 3\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%d\" fill=\"%s\" "
			"text-anchor=\"%s\">%s %.1f s</text>\n", x, x, T, H - B, marks[m].color, x,
			m == 0 ? H - B + 34 : T - 6, marks[m].color, anchor, marks[m].name, marks[m].x);
	}
	fprintf(out, "</svg></div>\n");
}

static void html_counts_table(const struct report_summary *s, FILE *out, enum report_groups g,
			      const char *id, const char *what)
{
	char y[32];
	fprintf(out, "<table id=\"%s\"><tr><th>%s</th><th>units</th><th>records</th><th>PASS</th>"
		"<th>SKIP</th><th>FAIL</th><th>ABORTED</th><th>yield %%</th>%s</tr>\n", id, what,
		g == RG_SLOT ? "<th>FAIL streak (worst / end)</th>" :
		g == RG_PACKAGE ? "<th>update median s</th>" : "");
	for (int i = 0; i < s->n_groups[g]; i++) {
		const struct report_group *gr = &s->groups[g][i];
		int flag = g == RG_SLOT && gr->max_streak >= s->streak_flag;
		fprintf(out, "<tr%s><td>", flag ? " class=\"flag\"" : "");
		html_text(out, gr->key);
		fprintf(out, "%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
			"<td>%s</td>", flag ? " !" : "", gr->c.units, gr->c.records, gr->c.n[RES_PASS],
			gr->c.n[RES_SKIP], gr->c.n[RES_FAIL], gr->c.n[RES_ABORTED],
			report_num(y, sizeof y, gr->c.yield, 2));
		if (g == RG_SLOT)
			fprintf(out, "<td>%d / %d</td>", gr->max_streak, gr->end_streak);
		if (g == RG_PACKAGE)
			fprintf(out, "<td>%s</td>", report_num(y, sizeof y, gr->update_median, 2));
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</table>\n");
}

void report_html(const struct report_summary *s, const struct report_set *set, FILE *out)
{
	char t0[32], t1[32];
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>Station report</title>\n<style>\n%s</style></head>\n<body>\n", html_style);
	fprintf(out, "<h1>Station report</h1>\n<p class=\"meta\">");
	if (s->total.records)
		fprintf(out, "%s to %s (UTC) &middot; ", clock_format(s->first_ms, CLOCK_ISO_S, t0, sizeof t0),
			clock_format(s->last_ms, CLOCK_ISO_S, t1, sizeof t1));
	if (set->source)
		fprintf(out, "%s, %d records", set->source, s->total.records);
	else
		fprintf(out, "%d file%s, %d records", set->files, set->files == 1 ? "" : "s",
			s->total.records);
	if (set->malformed)
		fprintf(out, ", %d malformed rows skipped", set->malformed);
	fprintf(out, "</p>\n");
	html_tiles(s, out);
	if (s->total.records == 0) {
		fprintf(out, "<p>No records.</p></body></html>\n");
		return;
	}
	html_hours(s, out);
	html_heatmap(s, out);
	html_pareto(s, out);
	fprintf(out, "<section><h2>Time distributions</h2><div class=\"cols\">\n");
	html_histogram(out, "chart-upload", "upload time, all records", s->upload, s->n_upload,
		       s->upload_median, s->upload_p95);
	html_histogram(out, "chart-update", "update time, PASS records", s->update, s->n_update,
		       s->update_median, s->update_p95);
	fprintf(out, "</div></section>\n<section><h2>By station</h2>\n");
	html_counts_table(s, out, RG_STATION, "table-stations", "station");
	fprintf(out, "</section>\n<section><h2>By lot</h2>\n");
	html_counts_table(s, out, RG_LOT, "table-lots", "lot");
	fprintf(out, "</section>\n<section><h2>By slot</h2>\n");
	html_counts_table(s, out, RG_SLOT, "table-slots", "slot");
	fprintf(out, "</section>\n<section><h2>By package</h2>\n");
	html_counts_table(s, out, RG_PACKAGE, "table-packages", "package");
	fprintf(out, "</section>\n<section class=\"legend\"><h2>How the figures are counted</h2><ul>\n"
		"<li>records: CSV rows; units: distinct IMEIs (a row without an IMEI counts as one).</li>\n"
		"<li>yield = PASS / (PASS + FAIL) over records; SKIP and ABORTED are left out.</li>\n"
		"<li>first-pass yield = units whose first record is PASS / units whose first record is "
		"PASS, FAIL or ABORTED.</li>\n"
		"<li>units per hour = units / hours worked (per UTC day: first start to last finish).</li>\n"
		"<li>upload times over every record that has one, update times over PASS records; median "
		"and p95 interpolate between ranks (spreadsheet PERCENTILE.INC).</li>\n"
		"<li>a slot is flagged (!) after %d or more FAILs in a row.</li></ul></section>\n"
		"</body></html>\n", s->streak_flag);
}
