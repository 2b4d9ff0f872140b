/* The operator's dashboard: every slot live on one screen, keyboard-driven, colour plus words.
 * It reads board snapshots and sends board commands; it never touches a port, and nothing on it
 * changes the station config. */
#ifndef DASHBOARD_H
#define DASHBOARD_H
#include <stdbool.h>

#include "station/board/board.h"

struct dashboard_opts {
	bool bell;    /* ring the terminal bell when a slot fails */
	bool color;   /* false when NO_COLOR is set or the terminal has none (dashboard_color_wanted) */
};

/* QUIT: the operator quit with q; INTERRUPTED: with Ctrl-C (the caller exits 130); DONE: the run
 * ended by itself. */
enum dashboard_exit { DASHBOARD_QUIT, DASHBOARD_DONE, DASHBOARD_INTERRUPTED };

/* Runs the dashboard on the calling thread until the operator quits (confirming while units run)
 * or the board's events are closed (board_close_events: the run is over, e.g. --once finished;
 * then it shows the final state and returns DASHBOARD_DONE after a short moment or a key).
 * Restores the terminal on every exit path. Only this thread may call curses meanwhile; text
 * other threads write to stderr is held back and printed once the terminal is restored.
 * Call it with standard input and output on a terminal (isatty); if curses cannot use the
 * terminal it returns DASHBOARD_QUIT at once without drawing.
 * While it runs, SIGINT (Ctrl-C) means "quit" (asking first while units run; a second one says
 * yes) and the caller's SIGINT handler is put back on return; SIGWINCH is curses' own.
 * Text from the board is shown as one byte per column: non-ASCII bytes in rows show as '?'.
 * Workers should clear board_slot.detail when they change state and it no longer applies: an
 * empty detail shows the state and the seconds spent in it ("rebooting 23 s"). */
enum dashboard_exit dashboard_run(struct board *b, const struct dashboard_opts *opts);

/* true unless NO_COLOR is set to a non-empty value: the value for dashboard_opts.color. */
bool dashboard_color_wanted(void);
#endif
