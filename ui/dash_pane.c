#include "ui/dash.h"

#include <stdio.h>
#include <string.h>

#include "station/base/clock.h"
#include "ui/dash_color.h"
#include "ui/dash_keys.h"

/* The details pane: every fact of one slot, one short line each, then its last transcript lines. */
void dash_pane_details(struct dash *d)
{
	const struct board_slot *s = d->cur >= 0 ? &d->snap[d->cur] : NULL;
	int64_t now = clock_mono_ms();
	int y = DASH_TOP_LINES - 1, last = d->lines - 2, first;
	char buf[512], a[32], b[32], detail[200], lab[16], pct[16];

	if (!s) {
		dash_put_line(d, y, " no slot", A_NORMAL);
		return;
	}
	snprintf(buf, sizeof buf, " slot %s   usb %s   port %s", dash_label(d, d->cur, lab, sizeof lab),
		 s->usb_path[0] ? s->usb_path : "-", s->port[0] ? s->port : "-");
	dash_put_line(d, y++, buf, dash_color_attr(PAINT_TITLES));
	snprintf(buf, sizeof buf, " model     %s   IMEI %s", s->model[0] ? s->model : "-", s->imei[0] ? s->imei : "-");
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
	if (s->percent >= 0)
		snprintf(pct, sizeof pct, "%d %%", s->percent);
	else
		snprintf(pct, sizeof pct, "-");
	snprintf(buf, sizeof buf, " package   %s   progress %s   attempt %d/5", s->package[0] ? s->package : "-",
		 pct, s->attempt);
	dash_put_line(d, y++, buf, A_NORMAL);
	snprintf(buf, sizeof buf, " upload    %.1f/%.1f MB at %.1f MB/s", s->bytes_done / 1e6,
		 s->bytes_total / 1e6, s->bytes_per_s / 1e6);
	dash_put_line(d, y++, buf, A_NORMAL);
	dash_row_duration(s->unit_started_ms > 0 ? now - s->unit_started_ms : -1, a, sizeof a);
	dash_row_duration(now - s->state_since_ms, b, sizeof b);
	snprintf(buf, sizeof buf, " times     unit %s   in this state %s", a[0] ? a : "-", b);
	dash_put_line(d, y++, buf, A_NORMAL);
	if (s->err != ERR_NONE) {
		snprintf(buf, sizeof buf, " error     %s%s%s: %s", errcode_name(s->err),
			 s->module_code[0] ? ", module " : "", s->module_code,
			 s->error_text[0] ? s->error_text : "-");
		dash_put_line(d, y++, buf, dash_color_attr(ROLE_FAIL));
		snprintf(buf, sizeof buf, "           (%s)", errcode_text(s->err));
		dash_put_line(d, y++, buf, A_NORMAL);
	} else {
		dash_put_line(d, y++, " error     none", A_NORMAL);
	}
	snprintf(buf, sizeof buf, " transcript, last %d lines:", s->tail_n);
	dash_put_line(d, y++, buf, dash_color_attr(PAINT_TITLES));
	/* The newest lines matter most: when the pane is short, the oldest are left out. */
	first = s->tail_n - (last - y + 1);
	for (int i = first < 0 ? 0 : first; i < s->tail_n && y <= last; i++) {
		snprintf(buf, sizeof buf, "   %s", s->tail[i]);
		dash_put_line(d, y++, buf, A_NORMAL);
	}
	while (y <= last)
		dash_put_line(d, y++, "", A_NORMAL);
}

void dash_pane_help(struct dash *d)
{
	int y = DASH_TOP_LINES - 1, last = d->lines - 2;
	char buf[512], names[64];

	dash_put_line(d, y++, " keys (any key closes this help)", dash_color_attr(PAINT_TITLES));
	for (int i = 0; i < dash_keys_count && y <= last; i++) {
		if (!dash_keys[i].help)
			continue;
		int o = snprintf(names, sizeof names, "%s", dash_keys[i].name);
		for (int j = i + 1; j < dash_keys_count; j++)
			if (dash_keys[j].act == dash_keys[i].act && !dash_keys[j].help &&
			    strcmp(dash_keys[j].name, dash_keys[i].name) != 0 && o < (int)sizeof names)
				o += snprintf(names + o, sizeof names - (size_t)o, " %s", dash_keys[j].name);
		snprintf(buf, sizeof buf, "   %-10s %s", names, dash_keys[i].help);
		dash_put_line(d, y++, buf, A_NORMAL);
	}
	if (y <= last)
		dash_put_line(d, y++, "", A_NORMAL);
	static const char *const legend[] = {
		" states are always in words; results in CAPITALS (PASS, FAIL, SKIP, ABORTED)",
		" ! before a slot: a failure nobody has acknowledged yet (a clears it)",
		" colours: waiting yellow, busy cyan, downloading bold cyan, queued blue, pass green,",
		"          fail red, aborted magenta",
	};
	for (size_t i = 0; i < sizeof legend / sizeof legend[0] && y <= last; i++)
		dash_put_line(d, y++, legend[i], A_NORMAL);
	while (y <= last)
		dash_put_line(d, y++, "", A_NORMAL);
}
