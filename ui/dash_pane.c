#include "ui/dash.h"

#include <stdio.h>
#include <string.h>

#include "station/base/clock.h"
#include "ui/dash_color.h"
#include "ui/dash_keys.h"

/* How many screen lines a transcript line takes at width w (long lines continue below). */
static int dash_pane_rows(const char *line, int w)
{
	int n = (int)strlen(line);
	return n <= w ? 1 : 1 + (n - w + w - 2) / (w - 1);
}

/* The transcript tail under y..last: the newest lines that fit whole, each wrapped to the pane's
 * width, under a heading that says how many are shown. */
static void dash_pane_transcript(struct dash *d, const struct board_slot *s, int y, int last)
{
	int w = d->cols - 3, first = s->tail_n, need = 0;
	char buf[512];

	if (w < 10)
		w = 10;
	while (first > 0 && need + dash_pane_rows(s->tail[first - 1], w) <= last - y) {
		first--;
		need += dash_pane_rows(s->tail[first], w);
	}
	snprintf(buf, sizeof buf, " transcript: last %d of %d line%s kept", s->tail_n - first, s->tail_n,
		 s->tail_n == 1 ? "" : "s");
	dash_put_line(d, y++, buf, dash_color_attr(PAINT_TITLES));
	for (int i = first; i < s->tail_n && y <= last; i++) {
		const char *p = s->tail[i];
		bool cont = false;
		do {
			/* A continued line is indented one more column. */
			int take = cont ? w - 1 : w, len = (int)strlen(p);
			snprintf(buf, sizeof buf, "%s%.*s", cont ? "    " : "   ", take, p);
			p += len < take ? len : take;
			cont = true;
			dash_put_line(d, y++, buf, A_NORMAL);
		} while (*p && y <= last);
	}
	while (y <= last)
		dash_put_line(d, y++, "", A_NORMAL);
}

/* The details pane: every fact of one slot, one short line each, then its last transcript lines.
 * Facts a unit does not have yet (no upload, no update attempt) are left out, not shown as 0. */
void dash_pane_details(struct dash *d)
{
	const struct board_slot *s = d->cur >= 0 ? &d->snap[d->cur] : NULL;
	int64_t now = clock_mono_ms();
	int y = DASH_TOP_LINES - 1, last = d->lines - 2, o;
	char buf[512], a[32], b[32], detail[200], lab[16];
	char station[128], op[128], lot[128], pkgs[128];

	if (!s) {
		dash_put_line(d, y, " no slot", A_NORMAL);
		return;
	}
	board_info(d->b, station, op, lot, pkgs, sizeof station);
	snprintf(buf, sizeof buf, " slot %s   usb %s   port %s", dash_label(d, d->cur, lab, sizeof lab),
		 s->usb_path[0] ? s->usb_path : "-", s->port[0] ? s->port : "-");
	dash_put_line(d, y++, buf, dash_color_attr(PAINT_TITLES));
	snprintf(buf, sizeof buf, " model     %s   IMEI %s", s->model[0] ? s->model : "-", s->imei[0] ? s->imei : "-");
	dash_put_line(d, y++, buf, A_NORMAL);
	snprintf(buf, sizeof buf, " operator  %s   lot %s", op[0] ? op : "-", lot[0] ? lot : "-");
	dash_put_line(d, y++, buf, A_NORMAL);
	dash_row_render(&d->lay, s, d->cur, false, now, d->line);   /* for the state word as rows show it */
	int sw = d->lay.w[DASH_COL_STATE];
	while (sw > 0 && d->line[d->lay.x[DASH_COL_STATE] + sw - 1] == ' ')
		sw--;
	snprintf(buf, sizeof buf, " state     %.*s%s", sw, d->line + d->lay.x[DASH_COL_STATE],
		 s->needs_ack ? "   ! failure not acknowledged (a)" : "");
	dash_put_line(d, y++, buf, dash_color_attr(slot_state_table[s->state].role));
	dash_row_detail(s, now, detail, sizeof detail);
	snprintf(buf, sizeof buf, " detail    %s", detail);
	dash_put_line(d, y++, buf, A_NORMAL);
	snprintf(buf, sizeof buf, " firmware  %s -> %s", s->fw_before[0] ? s->fw_before : "-",
		 s->fw_after[0] ? s->fw_after : "-");
	dash_put_line(d, y++, buf, A_NORMAL);
	o = snprintf(buf, sizeof buf, " package   %s", s->package[0] ? s->package : "-");
	if (s->percent >= 0)
		o += snprintf(buf + o, sizeof buf - (size_t)o, "   progress %d %%", s->percent);
	if (s->attempt > 0)
		snprintf(buf + o, sizeof buf - (size_t)o, "   module attempt %d/5", s->attempt);
	dash_put_line(d, y++, buf, A_NORMAL);
	if (s->bytes_total > 0) {
		snprintf(buf, sizeof buf, " upload    %.1f/%.1f MB at %.1f MB/s", s->bytes_done / 1e6,
			 s->bytes_total / 1e6, s->bytes_per_s / 1e6);
		dash_put_line(d, y++, buf, A_NORMAL);
	}
	/* The unit's time as its row shows it: a finished unit keeps the time it took. */
	int64_t end = slot_state_table[s->state].final ? s->state_since_ms : now;
	dash_row_duration(s->unit_started_ms > 0 && s->state != SLOT_EMPTY ? end - s->unit_started_ms : -1,
			  a, sizeof a);
	dash_row_duration(now - s->state_since_ms, b, sizeof b);
	snprintf(buf, sizeof buf, " times     unit %s   in this state %s", a[0] ? a : "-", b);
	dash_put_line(d, y++, buf, A_NORMAL);
	if (s->err != ERR_NONE) {
		char fit[512];
		snprintf(buf, sizeof buf, " error     %s%s%s: %s (%s)", errcode_name(s->err),
			 s->module_code[0] ? ", module " : "", s->module_code,
			 s->error_text[0] ? s->error_text : "-", errcode_text(s->err));
		dash_row_fit(buf, d->cols, fit, sizeof fit);
		dash_put_line(d, y++, fit, dash_color_attr(ROLE_FAIL));
	}
	dash_pane_transcript(d, s, y, last);
}

/* The help lines: keys from the table, then the legend. */
static int dash_pane_help_lines(char lines[][160], int max)
{
	static const char *const legend[] = {
		" states are in words; results in CAPITALS (PASS, SKIP, FAIL, ABORTED)",
		" ! before a slot: a failure nobody has acknowledged yet (a clears it)",
		" colours: waiting yellow, busy cyan, downloading bold cyan, queued blue,",
		"          aborted magenta, pass green, skip dim green, fail red",
	};
	char names[64];
	int n = 0;

	for (int i = 0; i < dash_keys_count && n < max; i++) {
		if (!dash_keys[i].help)
			continue;
		int o = snprintf(names, sizeof names, "%s", dash_keys[i].name);
		for (int j = i + 1; j < dash_keys_count; j++)
			if (dash_keys[j].act == dash_keys[i].act && !dash_keys[j].help &&
			    strcmp(dash_keys[j].name, dash_keys[i].name) != 0 && o < (int)sizeof names)
				o += snprintf(names + o, sizeof names - (size_t)o, " %s", dash_keys[j].name);
		snprintf(lines[n++], 160, "   %-14s %s", names, dash_keys[i].help);
	}
	for (size_t i = 0; i < sizeof legend / sizeof legend[0] && n < max; i++)
		snprintf(lines[n++], 160, "%s", legend[i]);
	return n;
}

void dash_pane_help(struct dash *d)
{
	int y = DASH_TOP_LINES - 1, last = d->lines - 2;
	char lines[48][160];
	int n = dash_pane_help_lines(lines, 48), room = last - y;

	/* Scrolls when the screen is short: the heading says so and where it is. */
	if (d->help_top > n - room)
		d->help_top = n - room;
	if (d->help_top < 0 || n <= room)
		d->help_top = 0;
	if (n <= room) {
		dash_put_line(d, y++, " keys (any key closes this help)", dash_color_attr(PAINT_TITLES));
	} else {
		char head[128];
		snprintf(head, sizeof head, " keys %d-%d/%d (Up/Down scroll, any other key closes)",
			 d->help_top + 1, d->help_top + room, n);
		dash_put_line(d, y++, head, dash_color_attr(PAINT_TITLES));
	}
	for (int i = d->help_top; i < n && y <= last; i++)
		dash_put_line(d, y++, lines[i], A_NORMAL);
	while (y <= last)
		dash_put_line(d, y++, "", A_NORMAL);
}
