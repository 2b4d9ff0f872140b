/* The dashboard's private state and the helpers its files share (ui/dash*.c). UI thread only. */
#ifndef DASH_H
#define DASH_H
#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "station/board/board.h"
#include "ui/dash_row.h"
#include "ui/dashboard.h"

#define DASH_FRAME_MS 100        /* about 10 Hz */
#define DASH_STATUS_MS 4000      /* how long a status message stays in the footer */
#define DASH_DONE_LINGER_MS 3000 /* the final state stays this long after the run is over */
#define DASH_MIN_COLS 60
#define DASH_MIN_LINES 10
#define DASH_TOP_LINES 4         /* header, results, slot states, column titles */

enum dash_mode { DASH_MODE_LIST, DASH_MODE_DETAILS, DASH_MODE_HELP };
enum dash_confirm { DASH_CONFIRM_NONE, DASH_CONFIRM_ABORT, DASH_CONFIRM_QUIT };

struct dash {
	struct board *b;
	const struct dashboard_opts *opts;
	int n;
	struct board_slot *snap;      /* this frame's copies */
	struct board_totals totals;
	unsigned *drawn_seq;          /* what each row shows now, to skip rows that did not change */
	int64_t *drawn_tick;
	signed char *drawn_cursor;    /* -1 = row not drawn since the last full redraw */
	int *drawn_y, *drawn_x;
	bool *seen_ack;               /* needs_ack already rung for */
	int *vis;                     /* slot indexes shown, in order */
	int nvis;
	int cur;                      /* the slot under the cursor (board index), -1 none */
	int top;                      /* first position of vis on screen */
	enum dash_mode mode;
	int help_top;                 /* first help line shown, when the help scrolls */
	bool confirm_by_signal;       /* the quit question came from Ctrl-C */
	enum dash_confirm confirm;
	int confirm_slot;
	bool failed_only;
	char status[256];
	int64_t status_until;
	int lines, cols;
	bool full;                    /* erase and draw everything on the next frame */
	struct dash_layout lay;
	int ncols, rows_per_col, col_w;
	int label_w, usb_w;
	char *line;                   /* reused row buffer, line_cap + 1 */
	int line_cap;
	int last_nvis;
	int64_t done_at;              /* when the run was seen to be over, 0 while it runs */
};

/* A message in the footer for a few seconds. */
void dash_status(struct dash *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The slot's label, or its number when it has none. */
const char *dash_label(const struct dash *d, int i, char *buf, size_t size);
/* Prints a whole screen line, blank-padded to the width, in attr. */
void dash_put_line(struct dash *d, int y, const char *text, attr_t attr);
/* How many slots have a unit in progress in this frame. */
int dash_busy_count(const struct dash *d);

/* The fixed lines (ui/dash_lines.c): header, results and slot counts, footer or question. */
void dash_lines_header(struct dash *d);
void dash_lines_summary(struct dash *d);
void dash_lines_footer(struct dash *d);
/* The panes over the slot list (ui/dash_pane.c). */
void dash_pane_details(struct dash *d);
void dash_pane_help(struct dash *d);
#endif
