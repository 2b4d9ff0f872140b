/* The board: what every slot is doing, for the dashboard, the headless lines and the event stream.
 *
 * Thread contract: each slot worker is the only writer of its own slot and publishes through
 * board_update() under that slot's lock. Readers (UI, headless printer) take copies with
 * board_snapshot() and never hold a lock while drawing. Commands go the other way: a front end
 * calls board_command(), the slot's worker picks them up with board_take_commands(), woken through
 * board_wake_fd() which it polls between commands (a notification: it never interrupts a command
 * or an upload). An abort also makes board_cancel_fd() readable: the one fd that interrupts the
 * slot's AT I/O (shutdown makes it readable too, with board_cancel()). Every state change and every 10 % of progress is
 * also appended to one event log that front ends read in order with board_next_event(). */
#ifndef BOARD_H
#define BOARD_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/base/errcode.h"

enum slot_state {
	SLOT_EMPTY,        /* no module in the slot */
	SLOT_WAITING,      /* module present, waiting for the operator to start it */
	SLOT_IDENTIFYING,
	SLOT_QUEUED,       /* waiting for an upload turn (max_parallel_uploads) */
	SLOT_UPLOADING,
	SLOT_STARTING,     /* AT+QFOTADL sent */
	SLOT_DOWNLOADING,  /* a URL package: the module downloads it over its own network */
	SLOT_REBOOTING,    /* port gone, waiting for it and for a FOTA report */
	SLOT_UPDATING,
	SLOT_VERIFYING,
	SLOT_PASS,
	SLOT_SKIP,
	SLOT_FAIL,
	SLOT_ABORTED,
	SLOT_STATE_COUNT
};

/* Colour roles: the UI maps each to a colour once; drawing code never names a colour. */
enum slot_role {
	ROLE_IDLE,       /* empty slot */
	ROLE_WAITING,    /* needs the operator to start it */
	ROLE_BUSY,
	ROLE_QUEUED,
	ROLE_DOWNLOAD,   /* the module is busy on its own network, not on the station's USB */
	ROLE_PASS,
	ROLE_SKIP,       /* done without flashing: not the same look as PASS */
	ROLE_FAIL,
	ROLE_ATTENTION,  /* done: remove the module */
	ROLE_COUNT
};

struct slot_state_info {
	const char *name;    /* "uploading": for logs, events and the dashboard */
	enum slot_role role;
	bool busy;           /* a unit is in progress */
	bool final;          /* the unit has a result; the slot waits for the module to leave */
};
extern const struct slot_state_info slot_state_table[SLOT_STATE_COUNT];
const char *slot_state_name(enum slot_state s);

enum board_cmd {
	BOARD_CMD_START = 1 << 0,  /* start a waiting slot */
	BOARD_CMD_ABORT = 1 << 1,  /* stop watching this unit; record ABORTED */
	BOARD_CMD_RETRY = 1 << 2,  /* run a failed unit again */
	BOARD_CMD_ACK   = 1 << 3,  /* the operator saw the failure */
};

#define BOARD_TAIL_LINES 20
#define BOARD_TAIL_WIDTH 256   /* the details pane wraps what a wide screen cannot show */

/* One slot as a snapshot. Strings are always NUL-terminated. */
struct board_slot {
	char label[16];
	char usb_path[32];
	char port[64];          /* current AT tty, "" while absent */
	char model[32];
	char imei[24];
	char fw_before[80];
	char fw_after[80];
	char package[64];
	enum slot_state state;
	char detail[96];        /* "upload 12.4/40.0 MB 3.1 MB/s", "rebooting 23 s" */
	int percent;            /* 0..100, or -1 when there is no progress to show */
	uint64_t bytes_done, bytes_total;
	double bytes_per_s;
	int attempt;            /* module's own update attempt, 0 before the update */
	enum errcode err;
	char module_code[16];   /* "520", "CME 420", "" */
	char error_text[128];
	int64_t unit_started_ms;   /* monotonic; 0 when no unit */
	int64_t state_since_ms;    /* monotonic */
	bool needs_ack;            /* a failure the operator has not acknowledged */
	unsigned seq;              /* bumped on every update, so a UI repaints only what changed */
	char tail[BOARD_TAIL_LINES][BOARD_TAIL_WIDTH];  /* last transcript lines, oldest first */
	int tail_n;
};

/* The run's figures, counted from the records it wrote with the report's definitions
 * (logs/README.md): records by result, units = distinct IMEIs, hours worked. */
struct board_totals {
	int pass, skip, fail, aborted;   /* records */
	int units;             /* distinct IMEIs; a record without one is a unit of its own */
	double hours;          /* hours worked (station/base/tally.h) */
	double units_per_hour; /* NAN under a minute of work */
	int64_t started_ms;    /* monotonic, when the run began */
	int64_t started_wall_ms;
};

struct board_event {
	uint64_t seq;
	int64_t wall_ms;
	int slot;                /* index */
	char label[16];
	enum slot_state from, to;
	int percent;             /* -1 if none */
	enum errcode err;
	char module_code[16];
	char text[200];          /* why, in words */
};

struct board;

struct board *board_new(int n_slots);
/* A board with room for cap slots, n_slots of them in use; board_add_slot takes the next one. */
struct board *board_new_cap(int n_slots, int cap);
void board_free(struct board *b);
/* Slots in use: may grow while the board is read (a module on a new port of an auto station). */
int board_count(struct board *b);
int board_capacity(const struct board *b);
/* One more slot (from one thread at a time): its index, or -1 when the board is full. Set its
 * label and path (board_lock) before the worker starts. */
int board_add_slot(struct board *b);

/* Station-wide facts the header shows. */
void board_set_info(struct board *b, const char *station, const char *operator_id, const char *lot,
		    const char *packages, bool auto_start);
/* A station-wide notice the dashboard's header shows ("" = none), e.g. records waiting for the
 * line database. Any thread. */
void board_set_notice(struct board *b, const char *text);
void board_notice(struct board *b, char *out, size_t size);
bool board_auto_start(struct board *b);
void board_set_auto_start(struct board *b, bool on);
void board_info(struct board *b, char *station, char *operator_id, char *lot, char *packages, int size);

/* A station-wide alert (records are not being written, ...): alert is shown in the dashboard's
 * header until replaced ("" clears it); event_text goes to the event log as a station event
 * (slot -1), so plain lines and the events stream carry it too. Any thread. */
void board_alert(struct board *b, const char *alert, const char *event_text);
/* The current alert, "" when none. */
void board_get_alert(struct board *b, char *out, size_t size);

/* Worker side: lock, change fields of the returned slot, unlock (publishes and bumps seq). */
struct board_slot *board_lock(struct board *b, int slot);
void board_unlock(struct board *b, int slot);
/* Moves a slot to a new state, logging "from -> to (why)" as an event; takes the lock itself. */
void board_transition(struct board *b, int slot, enum slot_state to, const char *why_fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Records progress; emits an event each time percent crosses a multiple of 10. */
void board_progress(struct board *b, int slot, int percent, const char *detail);
/* Appends one line to the slot's transcript tail. */
void board_tail(struct board *b, int slot, const char *line);
/* Kept for the slot workers; the totals come from board_count_record, fed by what the records
 * say, so the dashboard and the report count alike. */
void board_count_result(struct board *b, enum slot_state result, bool first_pass);
/* Counts one written record: its result (PASS, SKIP, FAIL or ABORTED), IMEI ("" none) and UTC
 * start and finish. Thread-safe. */
void board_count_record(struct board *b, enum slot_state result, const char *imei, int64_t started_ms,
			int64_t finished_ms);

/* Reader side. */
void board_snapshot(struct board *b, int slot, struct board_slot *out);
void board_totals(struct board *b, struct board_totals *out);
/* Next event after *cursor, waiting up to timeout_ms (0 = do not wait). Returns 1 with *ev filled,
 * 0 on timeout. An event log overrun is reported as a synthetic event text, never silently. */
int board_next_event(struct board *b, uint64_t *cursor, struct board_event *ev, int timeout_ms);
/* Wakes readers blocked in board_next_event (at shutdown). */
void board_close_events(struct board *b);
bool board_events_closed(struct board *b);

/* Commands: front end -> worker. */
void board_command(struct board *b, int slot, unsigned cmds);
unsigned board_take_commands(struct board *b, int slot);
int board_wake_fd(struct board *b, int slot);
/* Cancellation: readable from an abort command or board_cancel() until board_cancel_clear(). */
void board_cancel(struct board *b, int slot);
int board_cancel_fd(struct board *b, int slot);
void board_cancel_clear(struct board *b, int slot);
#endif
