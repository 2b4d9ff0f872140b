/* One slot as one dashboard row: the column layout for a width, and the row text. Pure: no curses,
 * so the layout and the words are tested without a terminal. */
#ifndef DASH_ROW_H
#define DASH_ROW_H
#include <stddef.h>
#include <stdint.h>

#include "station/board/board.h"

enum dash_col {
	DASH_COL_MARK,     /* '>' the cursor, '!' a failure not yet acknowledged */
	DASH_COL_LABEL,
	DASH_COL_USB,
	DASH_COL_IMEI,     /* the IMEI's last six digits */
	DASH_COL_STATE,    /* the state in words, always */
	DASH_COL_BAR,
	DASH_COL_PERCENT,
	DASH_COL_ATTEMPT,  /* the module's own update attempt, n/5 */
	DASH_COL_ELAPSED,  /* since the unit started */
	DASH_COL_DETAIL,   /* phase detail, or the error code and its words */
	DASH_COL_COUNT
};

/* Where each column sits in a row of one layout; width 0 = not shown at this width. */
struct dash_layout {
	int width;
	int x[DASH_COL_COUNT];
	int w[DASH_COL_COUNT];
};

/* The narrowest row worth showing: below it the dashboard asks for a bigger terminal. */
#define DASH_ROW_MIN_WIDTH 48
/* Rows narrower than this share the screen in one column of slots. */
#define DASH_ROW_GOOD_WIDTH 78

const char *dash_col_title(enum dash_col c);
/* Fits the columns into width, dropping the least useful ones first; label_w and usb_w are the
 * widest label and USB path on the board. */
void dash_layout_compute(struct dash_layout *l, int width, int label_w, int usb_w);
/* Renders s into buf (width + 1 bytes): exactly l->width characters, blank-padded, NUL-terminated.
 * now_ms is the monotonic clock, for live times. */
void dash_row_render(const struct dash_layout *l, const struct board_slot *s, int index,
		     bool cursor, int64_t now_ms, char *buf);
/* The column titles in the same layout. */
void dash_row_titles(const struct dash_layout *l, char *buf);
/* The detail words alone (also used by the details pane). */
void dash_row_detail(const struct board_slot *s, int64_t now_ms, char *buf, int size);
/* text cut to width at a word boundary, with "..." as the visible marker when it was cut (a
 * word longer than the room is cut inside, still marked). out has width + 1 bytes or more. */
void dash_row_fit(const char *text, int width, char *out, size_t size);
/* "12:34", "1h02" or "" for a duration. */
void dash_row_duration(int64_t ms, char *buf, int size);
/* The second the row's live times change at; rows whose value is unchanged need no repaint. */
int64_t dash_row_tick(const struct board_slot *s, int64_t now_ms);
#endif
