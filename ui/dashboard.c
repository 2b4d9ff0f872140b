#include "ui/dash.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "ui/dash_color.h"
#include "ui/dash_keys.h"
#include "ui/dash_row.h"
#include "ui/dash_term.h"

static bool dash_is_failed(const struct board_slot *s)
{
	return s->state == SLOT_FAIL || s->state == SLOT_ABORTED || s->needs_ack;
}


static int dash_pos_of(const struct dash *d, int slot)
{
	for (int p = 0; p < d->nvis; p++)
		if (d->vis[p] == slot)
			return p;
	return -1;
}

/* Takes this frame's copies and rings the bell for new failures. */
static void dash_snapshot(struct dash *d)
{
	bool ring = false;
	int label_w = 2, usb_w = 3, n = board_count(d->b);

	if (n != d->n) {
		for (int i = d->n; i < n; i++)
			d->drawn_cursor[i] = -1;
		if (d->cur < 0 && n > 0)
			d->cur = 0;
		d->n = n;
		d->full = true;
	}

	for (int i = 0; i < d->n; i++) {
		struct board_slot *s = &d->snap[i];
		char tmp[16];
		board_snapshot(d->b, i, s);
		if ((int)strlen(dash_label(d, i, tmp, sizeof tmp)) > label_w)
			label_w = (int)strlen(dash_label(d, i, tmp, sizeof tmp));
		if ((int)strlen(s->usb_path) > usb_w)
			usb_w = (int)strlen(s->usb_path);
		if (s->needs_ack && !d->seen_ack[i])
			ring = true;
		d->seen_ack[i] = s->needs_ack;
	}
	board_totals(d->b, &d->totals);
	if (ring && d->opts->bell)
		beep();
	if (label_w != d->label_w || usb_w != d->usb_w) {
		d->label_w = label_w;
		d->usb_w = usb_w;
		d->full = true;
	}
	d->nvis = 0;
	for (int i = 0; i < d->n; i++)
		if (!d->failed_only || dash_is_failed(&d->snap[i]))
			d->vis[d->nvis++] = i;
	if (d->nvis && dash_pos_of(d, d->cur) < 0)
		d->cur = d->vis[0];
}

/* Columns of rows: as many as the width allows and the slots need; scrolling beyond that. */
static void dash_grid(struct dash *d)
{
	int rows = d->lines - DASH_TOP_LINES - 1;
	int maxcols = (d->cols + 1) / (DASH_ROW_GOOD_WIDTH + 1);
	int need = d->nvis ? (d->nvis + rows - 1) / rows : 1;
	int ncols = need < 1 ? 1 : need > maxcols ? (maxcols < 1 ? 1 : maxcols) : need;
	int rpc = ncols > 1 && d->nvis <= ncols * rows ? (d->nvis + ncols - 1) / ncols : rows;
	int col_w = (d->cols - (ncols - 1)) / ncols;
	int cap = ncols * rpc, pos, top_was = d->top;

	if (ncols != d->ncols || rpc != d->rows_per_col || col_w != d->col_w) {
		d->ncols = ncols;
		d->rows_per_col = rpc;
		d->col_w = col_w;
		d->full = true;
	}
	if (d->full)
		dash_layout_compute(&d->lay, col_w, d->label_w, d->usb_w);
	pos = dash_pos_of(d, d->cur);
	if (d->top > d->nvis - cap)
		d->top = d->nvis - cap;
	if (d->top < 0)
		d->top = 0;
	if (pos >= 0 && pos < d->top)
		d->top = pos;
	if (pos >= 0 && pos >= d->top + cap)
		d->top = pos - cap + 1;
	/* Scrolled: every row moves, and a row's cache only knows where that slot was drawn. */
	if (d->top != top_was)
		d->full = true;
}


static void dash_draw_row(struct dash *d, int slot, int y, int x, bool cursor)
{
	const struct board_slot *s = &d->snap[slot];
	const struct dash_layout *l = &d->lay;
	int64_t now = clock_mono_ms(), tick = dash_row_tick(s, now);
	attr_t base = cursor ? A_REVERSE : A_NORMAL;
	attr_t role = dash_color_attr(slot_state_table[s->state].role) | base;

	if (d->drawn_cursor[slot] == cursor && d->drawn_seq[slot] == s->seq && d->drawn_tick[slot] == tick
	    && d->drawn_y[slot] == y && d->drawn_x[slot] == x)
		return;
	d->drawn_cursor[slot] = cursor;
	d->drawn_seq[slot] = s->seq;
	d->drawn_tick[slot] = tick;
	d->drawn_y[slot] = y;
	d->drawn_x[slot] = x;
	dash_row_render(l, s, slot, cursor, now, d->line);
	attrset(base);
	mvaddnstr(y, x, d->line, l->width);
	/* The state and its progress carry the role's colour; an error's words too. */
	attrset(role);
	mvaddnstr(y, x + l->x[DASH_COL_STATE], d->line + l->x[DASH_COL_STATE], l->w[DASH_COL_STATE]);
	if (l->w[DASH_COL_BAR])
		mvaddnstr(y, x + l->x[DASH_COL_BAR], d->line + l->x[DASH_COL_BAR], l->w[DASH_COL_BAR]);
	if (s->err != ERR_NONE && slot_state_table[s->state].final)
		mvaddnstr(y, x + l->x[DASH_COL_DETAIL], d->line + l->x[DASH_COL_DETAIL], l->w[DASH_COL_DETAIL]);
	if (s->needs_ack) {
		attrset(dash_color_attr(ROLE_FAIL) | A_BOLD);
		mvaddnstr(y, x + 1, "!", 1);
	}
	attrset(A_NORMAL);
}

static void dash_draw_list(struct dash *d)
{
	int y0 = DASH_TOP_LINES, rows = d->lines - DASH_TOP_LINES - 1;

	/* Titles and separators change only with the layout. */
	if (d->full) {
		for (int c = 0; c < d->ncols; c++) {
			int x = c * (d->col_w + 1);
			dash_row_titles(&d->lay, d->line);
			attrset(dash_color_attr(PAINT_TITLES));
			mvaddnstr(y0 - 1, x, d->line, d->col_w);
			attrset(A_NORMAL);
			if (c > 0)
				mvvline(y0 - 1, x - 1, '|', rows + 1);
		}
		if (d->nvis == 0)
			dash_put_line(d, y0, d->failed_only ? " no failed slots (f shows all)" : " no slots",
				      dash_color_attr(PAINT_NOTICE));
	}
	for (int p = d->top; p < d->nvis && p < d->top + d->ncols * d->rows_per_col; p++) {
		int k = p - d->top, c = k / d->rows_per_col, r = k % d->rows_per_col;
		dash_draw_row(d, d->vis[p], y0 + r, c * (d->col_w + 1), d->vis[p] == d->cur);
	}
}


static void dash_frame(struct dash *d)
{
	int lines, cols;

	getmaxyx(stdscr, lines, cols);
	if (lines != d->lines || cols != d->cols || cols > d->line_cap) {
		d->lines = lines;
		d->cols = cols < d->line_cap ? cols : d->line_cap;
		d->full = true;
	}
	dash_snapshot(d);
	if (d->nvis != d->last_nvis) {
		d->last_nvis = d->nvis;
		d->full = true;
	}
	if (d->lines < DASH_MIN_LINES || d->cols < DASH_MIN_COLS) {
		char msg[2][64];
		erase();
		snprintf(msg[0], sizeof msg[0], "terminal too small: %dx%d", d->cols, d->lines);
		snprintf(msg[1], sizeof msg[1], "the dashboard needs %dx%d", DASH_MIN_COLS, DASH_MIN_LINES);
		attrset(dash_color_attr(PAINT_NOTICE));
		for (int k = 0; k < 2; k++) {
			int x = (d->cols - (int)strlen(msg[k])) / 2;
			mvaddnstr(d->lines / 2 - 1 + k, x > 0 ? x : 0, msg[k], d->cols);
		}
		attrset(A_NORMAL);
		refresh();
		d->full = true;
		return;
	}
	dash_grid(d);
	if (d->full) {
		erase();
		for (int i = 0; i < d->n; i++)
			d->drawn_cursor[i] = -1;
	}
	dash_lines_header(d);
	dash_lines_summary(d);
	switch (d->mode) {
	case DASH_MODE_LIST:
		dash_draw_list(d);
		break;
	case DASH_MODE_DETAILS:
		dash_pane_details(d);
		break;
	case DASH_MODE_HELP:
		dash_pane_help(d);
		break;
	}
	dash_lines_footer(d);
	d->full = false;
	refresh();
}

/* Moves the cursor by delta positions in the shown list, clamped. */
static void dash_move(struct dash *d, int delta)
{
	int pos = dash_pos_of(d, d->cur);
	if (d->nvis == 0)
		return;
	pos = pos < 0 ? 0 : pos + delta;
	pos = pos < 0 ? 0 : pos >= d->nvis ? d->nvis - 1 : pos;
	d->cur = d->vis[pos];
}

static void dash_start_all(struct dash *d)
{
	int n = 0;
	for (int i = 0; i < d->n; i++)
		if (d->snap[i].state == SLOT_WAITING) {
			board_command(d->b, i, BOARD_CMD_START);
			n++;
		}
	dash_status(d, "start sent to %d waiting slot%s", n, n == 1 ? "" : "s");
}

/* Runs one action on the slot under the cursor; returns true when the dashboard should end. */
static bool dash_act(struct dash *d, enum dash_action act)
{
	const struct board_slot *s = d->cur >= 0 ? &d->snap[d->cur] : NULL;
	const char *st = s ? slot_state_name(s->state) : "";
	char lab[16];
	const char *name = d->cur >= 0 ? dash_label(d, d->cur, lab, sizeof lab) : "";
	int page = d->mode == DASH_MODE_LIST ? d->ncols * d->rows_per_col : 1;

	switch (act) {
	case DASH_ACT_NONE:
		break;
	case DASH_ACT_UP: dash_move(d, -1); break;
	case DASH_ACT_DOWN: dash_move(d, 1); break;
	case DASH_ACT_LEFT: dash_move(d, -d->rows_per_col); break;
	case DASH_ACT_RIGHT: dash_move(d, d->rows_per_col); break;
	case DASH_ACT_PAGE_UP: dash_move(d, -page); break;
	case DASH_ACT_PAGE_DOWN: dash_move(d, page); break;
	case DASH_ACT_HOME: dash_move(d, -d->nvis); break;
	case DASH_ACT_END: dash_move(d, d->nvis); break;
	case DASH_ACT_DETAILS:
		d->mode = d->mode == DASH_MODE_DETAILS ? DASH_MODE_LIST : DASH_MODE_DETAILS;
		d->full = true;
		break;
	case DASH_ACT_HELP:
		d->mode = DASH_MODE_HELP;
		d->full = true;
		break;
	case DASH_ACT_BACK:
		if (d->mode != DASH_MODE_LIST)
			d->full = true;
		d->mode = DASH_MODE_LIST;
		break;
	case DASH_ACT_START:
		if (!s)
			break;
		if (s->state == SLOT_WAITING) {
			board_command(d->b, d->cur, BOARD_CMD_START);
			dash_status(d, "start sent to slot %s", name);
		} else {
			dash_status(d, "slot %s is %s, not waiting: nothing to start", name, st);
		}
		break;
	case DASH_ACT_START_ALL:
		dash_start_all(d);
		break;
	case DASH_ACT_AUTO: {
		bool on = !board_auto_start(d->b);
		board_set_auto_start(d->b, on);
		dash_status(d, "auto-start %s for this run", on ? "ON" : "OFF");
		break;
	}
	case DASH_ACT_ABORT:
		if (s && slot_state_table[s->state].busy) {
			d->confirm = DASH_CONFIRM_ABORT;
			d->confirm_slot = d->cur;
		} else if (s) {
			dash_status(d, "slot %s is %s: no unit to abort", name, st);
		}
		break;
	case DASH_ACT_RETRY:
		/* A failed module pulled and put back waits in its slot: r runs it as s would. */
		if (s && (s->state == SLOT_FAIL || s->state == SLOT_ABORTED || s->state == SLOT_WAITING)) {
			board_command(d->b, d->cur, BOARD_CMD_RETRY);
			dash_status(d, "retry sent to slot %s", name);
		} else if (s) {
			dash_status(d, "slot %s is %s: only a failed or waiting slot can be retried", name, st);
		}
		break;
	case DASH_ACT_ACK:
		if (s && s->needs_ack) {
			board_command(d->b, d->cur, BOARD_CMD_ACK);
			dash_status(d, "slot %s: failure acknowledged", name);
		} else if (s) {
			dash_status(d, "slot %s has no failure to acknowledge", name);
		}
		break;
	case DASH_ACT_FAILED_ONLY:
		d->failed_only = !d->failed_only;
		d->top = 0;
		d->full = true;
		break;
	case DASH_ACT_QUIT:
		if (dash_busy_count(d) == 0)
			return true;
		d->confirm = DASH_CONFIRM_QUIT;
		break;
	case DASH_ACT_COUNT:
		break;
	}
	return false;
}

/* A key while a question is on the footer: y does it, anything else says no. */
static bool dash_answer(struct dash *d, int ch)
{
	enum dash_confirm c = d->confirm;
	char lab[16];

	d->confirm = DASH_CONFIRM_NONE;
	if (ch != 'y' && ch != 'Y') {
		d->confirm_by_signal = false;
		dash_status(d, c == DASH_CONFIRM_QUIT ? "not quitting" : "not aborted");
		return false;
	}
	if (c == DASH_CONFIRM_QUIT)
		return true;
	if (c == DASH_CONFIRM_ABORT) {
		board_command(d->b, d->confirm_slot, BOARD_CMD_ABORT);
		dash_status(d, "abort sent to slot %s: the module may still be updating; leave it powered "
			    "until it reports", dash_label(d, d->confirm_slot, lab, sizeof lab));
	}
	return false;
}

/* Handles one key; returns true when the dashboard should end. */
static bool dash_key(struct dash *d, int ch)
{
	if (ch == KEY_RESIZE) {
		d->full = true;
		return false;
	}
	if (d->done_at)
		return true;
	if (d->confirm != DASH_CONFIRM_NONE)
		return dash_answer(d, ch);
	if (d->mode == DASH_MODE_HELP) {
		enum dash_action act = dash_keys_action(ch);
		int step = act == DASH_ACT_UP ? -1 : act == DASH_ACT_DOWN ? 1 : act == DASH_ACT_PAGE_UP ?
			   -10 : act == DASH_ACT_PAGE_DOWN ? 10 : 0;
		if (step) {
			d->help_top += step;   /* clamped when drawn */
		} else {
			d->mode = DASH_MODE_LIST;
			d->help_top = 0;
		}
		d->full = true;
		return false;
	}
	return dash_act(d, dash_keys_action(ch));
}

static void dash_free(struct dash *d)
{
	free(d->snap);
	free(d->drawn_seq);
	free(d->drawn_tick);
	free(d->drawn_cursor);
	free(d->drawn_y);
	free(d->drawn_x);
	free(d->seen_ack);
	free(d->vis);
	free(d->line);
}

bool dashboard_color_wanted(void)
{
	return dash_color_wanted();
}

enum dashboard_exit dashboard_run(struct board *b, const struct dashboard_opts *opts)
{
	struct dash d = { .b = b, .opts = opts, .n = board_count(b), .cur = 0, .full = true };
	/* Room for every slot the board may grow to (a module on a new port of an auto station). */
	size_t n = (size_t)(board_capacity(b) > 0 ? board_capacity(b) : 1);
	enum dashboard_exit result = DASHBOARD_QUIT;
	int64_t next_frame = 0;

	if (!dash_term_start())
		return DASHBOARD_QUIT;
	dash_color_init(opts->color);
	d.snap = xcalloc(n, sizeof *d.snap);
	d.drawn_seq = xcalloc(n, sizeof *d.drawn_seq);
	d.drawn_tick = xcalloc(n, sizeof *d.drawn_tick);
	d.drawn_cursor = xcalloc(n, sizeof *d.drawn_cursor);
	d.drawn_y = xcalloc(n, sizeof *d.drawn_y);
	d.drawn_x = xcalloc(n, sizeof *d.drawn_x);
	d.seen_ack = xcalloc(n, sizeof *d.seen_ack);
	d.vis = xcalloc(n, sizeof *d.vis);
	if (d.n == 0)
		d.cur = -1;
	for (;;) {
		int64_t now = clock_mono_ms();
		int ch;

		/* The line buffer follows the width: a resize may have made it bigger. */
		if (!d.line || COLS > d.line_cap) {
			free(d.line);
			d.line_cap = COLS > 512 ? COLS : 512;
			d.line = xmalloc((size_t)d.line_cap + 1);
		}
		if (!d.done_at && board_events_closed(b)) {
			d.done_at = now;
			d.confirm = DASH_CONFIRM_NONE;
		}
		if (d.done_at && now - d.done_at >= DASH_DONE_LINGER_MS) {
			result = DASHBOARD_DONE;
			break;
		}
		if (!dash_term_owned()) {
			/* Another thread gave the terminal back because the process is dying. */
			usleep(DASH_FRAME_MS * 1000);
			continue;
		}
		if (now >= next_frame) {
			dash_frame(&d);
			next_frame = now + DASH_FRAME_MS;
		}
		if (dash_term_take_interrupt()) {
			/* Ctrl-C: the same as q, and a second one answers yes; the run counts as
			 * interrupted either way. */
			if (d.confirm == DASH_CONFIRM_QUIT || dash_busy_count(&d) == 0) {
				result = DASHBOARD_INTERRUPTED;
				break;
			}
			d.confirm = DASH_CONFIRM_QUIT;
			d.confirm_by_signal = true;
			next_frame = 0;
			continue;
		}
		timeout((int)(next_frame - now > 0 ? next_frame - now : 0));
		ch = getch();
		if (ch == ERR)
			continue;
		if (dash_key(&d, ch)) {
			result = d.done_at ? DASHBOARD_DONE : d.confirm_by_signal ? DASHBOARD_INTERRUPTED :
				 DASHBOARD_QUIT;
			break;
		}
		next_frame = 0;   /* answer a key at once */
	}
	dash_term_stop();
	dash_free(&d);
	return result;
}
