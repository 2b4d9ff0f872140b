#include "ui/dash.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "station/base/clock.h"
#include "ui/dash_color.h"
#include "ui/dash_keys.h"

/* Puts right at the right edge of left (cutting left if it must): right holds what must show. */
static void dash_join(char *left, size_t size, const char *right, int width)
{
	size_t n = strlen(left), r = strlen(right);

	if (width <= 0 || (size_t)width >= size || r > (size_t)width)
		return;
	if (n + r > (size_t)width)
		n = (size_t)width - r;
	memset(left + n, ' ', (size_t)width - n - r);
	memcpy(left + width - r, right, r + 1);
}

/* A header field cut to at most max columns with a visible marker; "-" when empty. The whole
 * value is in the details pane. */
static const char *dash_field(const char *v, int max, char *out, size_t size)
{
	if (!v[0])
		return "-";
	if ((int)strlen(v) <= max)
		return v;
	if (max < 4)
		max = 4;
	snprintf(out, size, "%.*s...", max - 3, v);
	return out;
}

void dash_lines_header(struct dash *d)
{
	char station[128], op[128], lot[128], pkgs[128], notice[128], left[800], right[96];
	char fs[40], fo[40], fl[40], fp[80];
	const char *auto_on = board_auto_start(d->b) ? "ON" : "OFF";
	char now[24], hms[12];
	int64_t wall = clock_wall_ms();

	board_info(d->b, station, op, lot, pkgs, sizeof station);
	board_notice(d->b, notice, sizeof notice);
	clock_format(wall, CLOCK_DATE_TIME, now, sizeof now);
	clock_format(wall, CLOCK_TIME, hms, sizeof hms);
	snprintf(right, sizeof right, "  auto-start %s   %s UTC ", auto_on, now);
	/* Long IDs are cut with a marker, never silently; narrower screens get shorter words and
	 * shorter fields; auto-start and the clock always show. A notice asks for attention: on a
	 * narrow screen it comes first. */
	static const struct { int id, pkg; bool shortw; } fits[] = {
		{ 32, 60, false }, { 20, 30, false }, { 16, 20, true }, { 12, 12, true }, { 8, 8, true },
	};
	for (size_t k = 0; k < sizeof fits / sizeof fits[0]; k++) {
		bool sw = fits[k].shortw;
		const char *st = dash_field(station[0] ? station : "station", fits[k].id, fs, sizeof fs);
		const char *o = dash_field(op, fits[k].id, fo, sizeof fo), *l = dash_field(lot, fits[k].id, fl, sizeof fl);
		const char *pk = dash_field(pkgs, fits[k].pkg, fp, sizeof fp);
		if (sw) {
			snprintf(right, sizeof right, " auto %s %s ", auto_on, hms);
			snprintf(left, sizeof left, "%s%s %s  op %s  lot %s  pkg %s", notice[0] ? " " : "", notice,
				 st, o, l, pk);
		} else {
			snprintf(left, sizeof left, " %s  operator %s  lot %s  package %s%s%s", st, o, l, pk,
				 notice[0] ? "   " : "", notice);
		}
		if (strlen(left) + strlen(right) <= (size_t)d->cols)
			break;
	}
	dash_join(left, sizeof left, right, d->cols);
	/* A station-wide alert (records not being written) takes the header: it concerns every unit. */
	char alert[200];
	board_get_alert(d->b, alert, sizeof alert);
	if (alert[0]) {
		snprintf(left, sizeof left, " !! %s", alert);
		snprintf(right, sizeof right, " %s ", hms);
		dash_join(left, sizeof left, right, d->cols);
		dash_put_line(d, 0, left, dash_color_attr(ROLE_FAIL) | A_BOLD);
		return;
	}
	dash_put_line(d, 0, left, dash_color_attr(PAINT_HEADER));
}

/* Failures outside the rows on screen: "3 failed below", "1 failed above" (empty when none). */
static void dash_failed_offscreen(const struct dash *d, int cap, char *out, size_t size)
{
	int above = 0, below = 0;
	size_t o = 0;

	out[0] = '\0';
	if (d->mode != DASH_MODE_LIST)
		return;
	for (int p = 0; p < d->nvis; p++) {
		const struct board_slot *s = &d->snap[d->vis[p]];
		if (s->state != SLOT_FAIL && s->state != SLOT_ABORTED && !s->needs_ack)
			continue;
		above += p < d->top;
		below += p >= d->top + cap;
	}
	if (above)
		o += (size_t)snprintf(out + o, size - o, " %d failed above ", above);
	if (below && o < size)
		snprintf(out + o, size - o, " %d failed below ", below);
}

void dash_lines_summary(struct dash *d)
{
	const struct board_totals *t = &d->totals;
	char buf[512], el[32], rate[32], yield[32], off[64];
	int64_t ms = clock_mono_ms() - t->started_ms;
	int counts[SLOT_STATE_COUNT] = { 0 };
	int o = 0, cap = d->ncols * d->rows_per_col;
	const char *sep;

	/* The report's definitions (logs/README.md): yield = PASS / (PASS + FAIL) records; units =
	 * distinct IMEIs; units/h over hours worked, "-" under a minute of work. */
	if (t->pass + t->fail > 0)
		snprintf(yield, sizeof yield, "%.1f %%", 100.0 * t->pass / (t->pass + t->fail));
	else
		snprintf(yield, sizeof yield, "-");
	if (!isnan(t->units_per_hour))
		snprintf(rate, sizeof rate, "%.1f", t->units_per_hour);
	else
		snprintf(rate, sizeof rate, "-");
	snprintf(el, sizeof el, "%d:%02d:%02d", (int)(ms / 3600000), (int)(ms / 60000 % 60),
		 (int)(ms / 1000 % 60));
	snprintf(buf, sizeof buf, " units %d   records: pass %d  fail %d  skip %d  aborted %d   "
		 "yield %s   units/h %s   elapsed %s", t->units, t->pass, t->fail, t->skip, t->aborted,
		 yield, rate, el);
	if ((int)strlen(buf) > d->cols)
		snprintf(buf, sizeof buf, " units %d  pass %d fail %d skip %d aborted %d  yield %s  %s/h  %s",
			 t->units, t->pass, t->fail, t->skip, t->aborted, yield, rate, el);
	dash_put_line(d, 1, buf, A_BOLD);

	for (int i = 0; i < d->n; i++)
		counts[d->snap[i].state]++;
	dash_failed_offscreen(d, cap, off, sizeof off);
	if (d->mode == DASH_MODE_LIST && d->failed_only)
		o += snprintf(buf + o, sizeof buf - (size_t)o, " [failed only: %d]", d->nvis);
	if (d->mode == DASH_MODE_LIST && d->nvis > cap)
		o += snprintf(buf + o, sizeof buf - (size_t)o, " rows %d-%d/%d:", d->top + 1,
			      d->top + cap < d->nvis ? d->top + cap : d->nvis, d->nvis);
	else
		o += snprintf(buf + o, sizeof buf - (size_t)o, " slots:");
	/* Two spaces between counts when they fit, one when the line is short of room; the
	 * failures off screen keep their place at the right edge. */
	int room = d->cols - (int)strlen(off) - (off[0] ? 1 : 0);
	sep = "  ";
	for (int pass = 0; pass < 2; pass++) {
		int p = o;
		for (int st = 0; st < SLOT_STATE_COUNT && p < (int)sizeof buf - 40; st++)
			if (counts[st])
				p += snprintf(buf + p, sizeof buf - (size_t)p, "%s%s %d", p == o ? " " : sep,
					      slot_state_name(st), counts[st]);
		if (p <= room || pass == 1)
			break;
		sep = " ";
	}
	dash_put_line(d, 2, buf, A_NORMAL);
	if (off[0] && room > 0) {
		attrset(dash_color_attr(ROLE_FAIL));
		mvaddnstr(2, room, off, d->cols - room);
		attrset(A_NORMAL);
	}
}

void dash_lines_footer(struct dash *d)
{
	char buf[512], lab[16];
	int64_t now = clock_mono_ms();
	int y = d->lines - 1, busy = dash_busy_count(d);

	/* A question leads with its keys, so a narrow screen never cuts them off. */
	switch (d->confirm) {
	case DASH_CONFIRM_ABORT:
		snprintf(buf, sizeof buf, " y abort / n keep: slot %s is %s; leave it powered in its slot",
			 dash_label(d, d->confirm_slot, lab, sizeof lab),
			 slot_state_name(d->snap[d->confirm_slot].state));
		dash_put_line(d, y, buf, dash_color_attr(PAINT_PROMPT));
		return;
	case DASH_CONFIRM_QUIT:
		snprintf(buf, sizeof buf, " y quit / n stay: %d unit%s running; %s may still be updating",
			 busy, busy == 1 ? " is" : "s are", busy == 1 ? "its module" : "their modules");
		dash_put_line(d, y, buf, dash_color_attr(PAINT_PROMPT));
		return;
	case DASH_CONFIRM_NONE:
		break;
	}
	if (d->done_at) {
		dash_put_line(d, y, " run finished: press any key", dash_color_attr(PAINT_NOTICE));
		return;
	}
	if (d->status[0] && now < d->status_until) {
		snprintf(buf, sizeof buf, " %s", d->status);
		dash_put_line(d, y, buf, dash_color_attr(PAINT_NOTICE));
		return;
	}
	dash_keys_footer(buf, d->cols);
	dash_put_line(d, y, buf, dash_color_attr(PAINT_FOOTER));
}
