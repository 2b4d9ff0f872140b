/* Checks station run makes before it touches a module, and what it tells the operator when
 * records stop being written. Shared with station check where check can judge the same thing. */
#ifndef RUN_GUARD_H
#define RUN_GUARD_H
#include <stdbool.h>
#include <stddef.h>

struct board;

/* File descriptors a slot holds at most (four pipes: its mailbox, the board's wake and cancel,
 * its upload-gate turn; its AT port; its transcript: 10, as `make soak` sees at 64 slots) and
 * those the station holds besides its slots (standard streams, the log folder lock, the record
 * file being written, the journal, the events file, libusb and discovery, the dashboard's
 * terminal), with room to spare. */
#define RUN_GUARD_FDS_PER_SLOT 10
#define RUN_GUARD_FDS_BASE 64

/* Text for --operator and --lot: printable UTF-8, no control characters (a newline or an escape
 * sequence would forge a record or repaint a supervisor's terminal), at most 63 bytes. Returns 0,
 * or -1 with a reason in err. */
int run_guard_text(const char *option, const char *value, char *err, size_t errlen);
/* Whether n_slots slots fit in the open-file limit. raise: first lift the soft limit to the hard
 * one (station run does; station check judges by the hard limit it would get). Returns 0, or -1
 * with a reason naming both figures. */
int run_guard_fds(int n_slots, bool raise, char *err, size_t errlen);
/* The record writer's notify hook: a station event on the board (dashboard, plain lines, the
 * events stream) when records stop being written and when they are written again. ctx: the board. */
void run_guard_records(void *ctx, bool failing, int held, const char *why);
#endif
