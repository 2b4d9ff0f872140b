#include "ui/dash.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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

void dash_lines_header(struct dash *d)
{
	char station[128], op[128], lot[128], pkgs[128], notice[128], left[800], right[96];
	time_t t = (time_t)(clock_wall_ms() / 1000);
	const char *auto_on = board_auto_start(d->b) ? "ON" : "OFF";
	bool wide;
	struct tm tm;

	board_info(d->b, station, op, lot, pkgs, sizeof station);
	board_notice(d->b, notice, sizeof notice);
	gmtime_r(&t, &tm);
	snprintf(left, sizeof left, " %s  operator %s  lot %s  package %s%s%s",
		 station[0] ? station : "station", op[0] ? op : "-", lot[0] ? lot : "-",
		 pkgs[0] ? pkgs : "-", notice[0] ? "   " : "", notice);
	snprintf(right, sizeof right, "  auto-start %s   %04d-%02d-%02d %02d:%02d:%02d UTC ", auto_on,
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	wide = strlen(left) + strlen(right) <= (size_t)d->cols;
	if (!wide) {
		/* Narrow: shorter words, the time alone; auto-start and the clock always show. */
		/* The notice first: it asks for attention, the rest is known to the operator. */
		snprintf(left, sizeof left, "%s%s %s  op %s  lot %s  pkg %s", notice[0] ? " " : "", notice,
			 station[0] ? station : "station", op[0] ? op : "-", lot[0] ? lot : "-",
			 pkgs[0] ? pkgs : "-");
		snprintf(right, sizeof right, " auto %s %02d:%02d:%02d ", auto_on, tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
	}
	dash_join(left, sizeof left, right, d->cols);
	dash_put_line(d, 0, left, dash_color_attr(PAINT_HEADER));
}

void dash_lines_summary(struct dash *d)
{
	const struct board_totals *t = &d->totals;
	char buf[512], el[32], rate[32], yield[32];
	int64_t ms = clock_mono_ms() - t->started_ms;
	int done = t->pass + t->skip + t->fail;
	int counts[SLOT_STATE_COUNT] = { 0 };
	int o = 0, cap = d->ncols * d->rows_per_col;
	const char *sep;

	/* The same definition as the supervisor report: PASS / (PASS + FAIL). */
	if (t->pass + t->fail > 0)
		snprintf(yield, sizeof yield, "%.1f %%", 100.0 * t->pass / (t->pass + t->fail));
	else
		snprintf(yield, sizeof yield, "-");
	if (ms >= 60000)
		snprintf(rate, sizeof rate, "%.1f", done * 3600000.0 / (double)ms);
	else
		snprintf(rate, sizeof rate, "-");
	snprintf(el, sizeof el, "%d:%02d:%02d", (int)(ms / 3600000), (int)(ms / 60000 % 60),
		 (int)(ms / 1000 % 60));
	snprintf(buf, sizeof buf, " units: pass %d  fail %d  skip %d  aborted %d   yield %s   "
		 "units/h %s   elapsed %s", t->pass, t->fail, t->skip, t->aborted, yield, rate, el);
	if ((int)strlen(buf) > d->cols)
		snprintf(buf, sizeof buf, " pass %d fail %d skip %d aborted %d  yield %s  %s/h  %s",
			 t->pass, t->fail, t->skip, t->aborted, yield, rate, el);
	dash_put_line(d, 1, buf, A_BOLD);

	for (int i = 0; i < d->n; i++)
		counts[d->snap[i].state]++;
	if (d->mode == DASH_MODE_LIST && d->failed_only)
		o += snprintf(buf + o, sizeof buf - (size_t)o, " [failed only: %d]", d->nvis);
	if (d->mode == DASH_MODE_LIST && d->nvis > cap)
		o += snprintf(buf + o, sizeof buf - (size_t)o, " rows %d-%d/%d:", d->top + 1,
			      d->top + cap < d->nvis ? d->top + cap : d->nvis, d->nvis);
	else
		o += snprintf(buf + o, sizeof buf - (size_t)o, " slots:");
	/* Two spaces between counts when they fit, one when the line is short of room. */
	sep = "  ";
	for (int pass = 0; pass < 2; pass++) {
		int p = o;
		for (int st = 0; st < SLOT_STATE_COUNT && p < (int)sizeof buf - 40; st++)
			if (counts[st])
				p += snprintf(buf + p, sizeof buf - (size_t)p, "%s%s %d", p == o ? " " : sep,
					      slot_state_name(st), counts[st]);
		if (p <= d->cols || pass == 1)
			break;
		sep = " ";
	}
	dash_put_line(d, 2, buf, A_NORMAL);
}

void dash_lines_footer(struct dash *d)
{
	char buf[512], lab[16];
	int64_t now = clock_mono_ms();
	int y = d->lines - 1;

	switch (d->confirm) {
	case DASH_CONFIRM_ABORT:
		snprintf(buf, sizeof buf, " Abort slot %s (%s)? The module may still be updating: leave it "
			 "powered in its slot.  y abort / n keep", dash_label(d, d->confirm_slot, lab, sizeof lab),
			 slot_state_name(d->snap[d->confirm_slot].state));
		dash_put_line(d, y, buf, dash_color_attr(PAINT_PROMPT));
		return;
	case DASH_CONFIRM_QUIT:
		snprintf(buf, sizeof buf, " %d unit%s running. Quit anyway? Their modules may still be "
			 "updating.  y quit / n stay", dash_busy_count(d), dash_busy_count(d) == 1 ? " is" : "s are");
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
