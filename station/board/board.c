#include "station/board/board.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "station/base/clock.h"
#include "station/base/tally.h"
#include "station/base/xalloc.h"

const struct slot_state_info slot_state_table[SLOT_STATE_COUNT] = {
	[SLOT_EMPTY]       = { "empty",       ROLE_IDLE,      false, false },
	[SLOT_WAITING]     = { "waiting",     ROLE_WAITING,   false, false },
	[SLOT_IDENTIFYING] = { "identifying", ROLE_BUSY,      true,  false },
	[SLOT_QUEUED]      = { "queued",      ROLE_QUEUED,    true,  false },
	[SLOT_UPLOADING]   = { "uploading",   ROLE_BUSY,      true,  false },
	[SLOT_STARTING]    = { "starting",    ROLE_BUSY,      true,  false },
	[SLOT_DOWNLOADING] = { "downloading", ROLE_DOWNLOAD,  true,  false },
	[SLOT_REBOOTING]   = { "rebooting",   ROLE_BUSY,      true,  false },
	[SLOT_UPDATING]    = { "updating",    ROLE_BUSY,      true,  false },
	[SLOT_VERIFYING]   = { "verifying",   ROLE_BUSY,      true,  false },
	[SLOT_PASS]        = { "pass",        ROLE_PASS,      false, true },
	[SLOT_SKIP]        = { "skip",        ROLE_SKIP,      false, true },
	[SLOT_FAIL]        = { "fail",        ROLE_FAIL,      false, true },
	[SLOT_ABORTED]     = { "aborted",     ROLE_ATTENTION, false, true },
};

/* Enough for a 64-slot run to lag several seconds behind without losing anything. */
#define BOARD_EVENTS 8192

struct board_cell {
	pthread_mutex_t lock;        /* guards slot and cmds */
	struct board_slot slot;
	unsigned cmds;
	int wake[2];                 /* pipe: a byte per command batch (a notification) */
	int cancel[2];               /* pipe: readable while the slot's unit is to be cancelled */
	int last_decile;             /* last progress decile reported as an event */
};

struct board {
	atomic_int n;                /* slots in use; grows (board_add_slot) up to cap */
	int cap;
	struct board_cell *cells;

	pthread_mutex_t info_lock;   /* guards the header facts and totals */
	char station[64], operator_id[64], lot[64], packages[128];
	char notice[128];            /* a station-wide notice for the header ("database: ...") */
	bool auto_start;
	char alert[200];
	struct board_totals totals;
	char (*rec_imei)[24];        /* every record's IMEI and span, for units and hours worked */
	struct tally_span *rec_span;
	int n_rec;

	pthread_mutex_t ev_lock;     /* guards the event ring */
	pthread_cond_t ev_cond;
	struct board_event *events;
	uint64_t ev_next;            /* seq of the next event to append (first is 1) */
	bool ev_closed;
};

const char *slot_state_name(enum slot_state s)
{
	return (unsigned)s < SLOT_STATE_COUNT ? slot_state_table[s].name : "?";
}

struct board *board_new(int n_slots)
{
	return board_new_cap(n_slots, n_slots);
}

struct board *board_new_cap(int n_slots, int cap)
{
	struct board *b = xcalloc(1, sizeof *b);
	pthread_condattr_t ca;

	if (cap < n_slots)
		cap = n_slots;
	atomic_init(&b->n, n_slots);
	b->cap = cap;
	b->cells = xcalloc((size_t)(cap > 0 ? cap : 1), sizeof *b->cells);
	for (int i = 0; i < cap; i++) {
		struct board_cell *c = &b->cells[i];
		pthread_mutex_init(&c->lock, NULL);
		if (pipe2(c->wake, O_CLOEXEC | O_NONBLOCK) < 0 || pipe2(c->cancel, O_CLOEXEC | O_NONBLOCK) < 0)
			fatal("pipe: %s", strerror(errno));
		c->slot.percent = -1;
		c->slot.state_since_ms = clock_mono_ms();
		c->last_decile = -1;
	}
	pthread_mutex_init(&b->info_lock, NULL);
	pthread_mutex_init(&b->ev_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&b->ev_cond, &ca);
	pthread_condattr_destroy(&ca);
	b->events = xcalloc(BOARD_EVENTS, sizeof *b->events);
	b->ev_next = 1;
	b->totals.started_ms = clock_mono_ms();
	b->totals.started_wall_ms = clock_wall_ms();
	b->totals.units_per_hour = NAN;
	return b;
}

void board_free(struct board *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->cap; i++) {
		pthread_mutex_destroy(&b->cells[i].lock);
		close(b->cells[i].wake[0]);
		close(b->cells[i].wake[1]);
		close(b->cells[i].cancel[0]);
		close(b->cells[i].cancel[1]);
	}
	pthread_mutex_destroy(&b->info_lock);
	pthread_mutex_destroy(&b->ev_lock);
	pthread_cond_destroy(&b->ev_cond);
	free(b->events);
	free(b->cells);
	free(b->rec_imei);
	free(b->rec_span);
	free(b);
}

int board_count(struct board *b)
{
	return atomic_load(&b->n);
}

int board_capacity(const struct board *b)
{
	return b->cap;
}

int board_add_slot(struct board *b)
{
	int i = atomic_load(&b->n);
	if (i >= b->cap)
		return -1;
	atomic_store(&b->n, i + 1);
	return i;
}

void board_set_info(struct board *b, const char *station, const char *operator_id, const char *lot,
		    const char *packages, bool auto_start)
{
	pthread_mutex_lock(&b->info_lock);
	xstrlcpy(b->station, station ? station : "", sizeof b->station);
	xstrlcpy(b->operator_id, operator_id ? operator_id : "", sizeof b->operator_id);
	xstrlcpy(b->lot, lot ? lot : "", sizeof b->lot);
	xstrlcpy(b->packages, packages ? packages : "", sizeof b->packages);
	b->auto_start = auto_start;
	pthread_mutex_unlock(&b->info_lock);
}

void board_info(struct board *b, char *station, char *operator_id, char *lot, char *packages, int size)
{
	pthread_mutex_lock(&b->info_lock);
	xstrlcpy(station, b->station, (size_t)size);
	xstrlcpy(operator_id, b->operator_id, (size_t)size);
	xstrlcpy(lot, b->lot, (size_t)size);
	xstrlcpy(packages, b->packages, (size_t)size);
	pthread_mutex_unlock(&b->info_lock);
}

void board_set_notice(struct board *b, const char *text)
{
	pthread_mutex_lock(&b->info_lock);
	xstrlcpy(b->notice, text ? text : "", sizeof b->notice);
	pthread_mutex_unlock(&b->info_lock);
}

void board_notice(struct board *b, char *out, size_t size)
{
	pthread_mutex_lock(&b->info_lock);
	xstrlcpy(out, b->notice, size);
	pthread_mutex_unlock(&b->info_lock);
}

bool board_auto_start(struct board *b)
{
	bool on;
	pthread_mutex_lock(&b->info_lock);
	on = b->auto_start;
	pthread_mutex_unlock(&b->info_lock);
	return on;
}

void board_set_auto_start(struct board *b, bool on)
{
	pthread_mutex_lock(&b->info_lock);
	b->auto_start = on;
	pthread_mutex_unlock(&b->info_lock);
	/* Waiting slots may start now: wake them all. */
	for (int i = 0; i < board_count(b); i++)
		if (write(b->cells[i].wake[1], "a", 1) < 0) { /* a full pipe already wakes it */ }
}

struct board_slot *board_lock(struct board *b, int slot)
{
	pthread_mutex_lock(&b->cells[slot].lock);
	return &b->cells[slot].slot;
}

void board_unlock(struct board *b, int slot)
{
	b->cells[slot].slot.seq++;
	pthread_mutex_unlock(&b->cells[slot].lock);
}

/* Appends one event; the ring overwrites the oldest, which a lagging reader is told about. */
static void board_emit(struct board *b, const struct board_event *ev)
{
	pthread_mutex_lock(&b->ev_lock);
	struct board_event *e = &b->events[b->ev_next % BOARD_EVENTS];
	*e = *ev;
	e->seq = b->ev_next++;
	e->wall_ms = clock_wall_ms();
	pthread_cond_broadcast(&b->ev_cond);
	pthread_mutex_unlock(&b->ev_lock);
}

void board_alert(struct board *b, const char *alert, const char *event_text)
{
	struct board_event ev;
	pthread_mutex_lock(&b->info_lock);
	xstrlcpy(b->alert, alert, sizeof b->alert);
	pthread_mutex_unlock(&b->info_lock);
	memset(&ev, 0, sizeof ev);
	ev.slot = -1;
	ev.from = ev.to = SLOT_STATE_COUNT;
	ev.percent = -1;
	xstrlcpy(ev.text, event_text, sizeof ev.text);
	board_emit(b, &ev);
}

void board_get_alert(struct board *b, char *out, size_t size)
{
	pthread_mutex_lock(&b->info_lock);
	xstrlcpy(out, b->alert, size);
	pthread_mutex_unlock(&b->info_lock);
}

static void board_event_fill(struct board_event *ev, int slot, const struct board_slot *s)
{
	memset(ev, 0, sizeof *ev);
	ev->slot = slot;
	xstrlcpy(ev->label, s->label, sizeof ev->label);
	ev->from = ev->to = s->state;
	ev->percent = s->percent;
	ev->err = s->err;
	xstrlcpy(ev->module_code, s->module_code, sizeof ev->module_code);
}

void board_transition(struct board *b, int slot, enum slot_state to, const char *why_fmt, ...)
{
	struct board_event ev;
	struct board_cell *c = &b->cells[slot];
	va_list ap;

	pthread_mutex_lock(&c->lock);
	board_event_fill(&ev, slot, &c->slot);
	ev.from = c->slot.state;
	ev.to = to;
	c->slot.state = to;
	c->slot.state_since_ms = clock_mono_ms();
	c->last_decile = -1;
	if (slot_state_table[to].final || to == SLOT_EMPTY || to == SLOT_WAITING)
		c->slot.percent = -1;
	ev.percent = c->slot.percent;
	ev.err = c->slot.err;
	xstrlcpy(ev.module_code, c->slot.module_code, sizeof ev.module_code);
	c->slot.seq++;
	pthread_mutex_unlock(&c->lock);

	va_start(ap, why_fmt);
	vsnprintf(ev.text, sizeof ev.text, why_fmt, ap);
	va_end(ap);
	board_emit(b, &ev);
}

void board_progress(struct board *b, int slot, int percent, const char *detail)
{
	struct board_event ev;
	struct board_cell *c = &b->cells[slot];
	bool emit = false;

	if (percent > 100)
		percent = 100;
	pthread_mutex_lock(&c->lock);
	c->slot.percent = percent;
	if (detail)
		xstrlcpy(c->slot.detail, detail, sizeof c->slot.detail);
	if (percent >= 0 && percent / 10 != c->last_decile) {
		c->last_decile = percent / 10;
		emit = true;
		board_event_fill(&ev, slot, &c->slot);
		xstrlcpy(ev.text, c->slot.detail, sizeof ev.text);
	}
	c->slot.seq++;
	pthread_mutex_unlock(&c->lock);
	if (emit)
		board_emit(b, &ev);
}

void board_tail(struct board *b, int slot, const char *line)
{
	struct board_cell *c = &b->cells[slot];
	pthread_mutex_lock(&c->lock);
	struct board_slot *s = &c->slot;
	if (s->tail_n == BOARD_TAIL_LINES) {
		memmove(s->tail[0], s->tail[1], sizeof s->tail[0] * (BOARD_TAIL_LINES - 1));
		s->tail_n--;
	}
	xstrlcpy(s->tail[s->tail_n++], line, BOARD_TAIL_WIDTH);
	s->seq++;
	pthread_mutex_unlock(&c->lock);
}

void board_count_result(struct board *b, enum slot_state result, bool first_pass)
{
	(void)b;
	(void)result;
	(void)first_pass;
}

void board_count_record(struct board *b, enum slot_state result, const char *imei, int64_t started_ms,
			int64_t finished_ms)
{
	pthread_mutex_lock(&b->info_lock);
	struct board_totals *t = &b->totals;
	switch (result) {
	case SLOT_PASS: t->pass++; break;
	case SLOT_SKIP: t->skip++; break;
	case SLOT_FAIL: t->fail++; break;
	case SLOT_ABORTED: t->aborted++; break;
	case SLOT_EMPTY: case SLOT_WAITING: case SLOT_IDENTIFYING: case SLOT_QUEUED:
	case SLOT_UPLOADING: case SLOT_STARTING: case SLOT_DOWNLOADING: case SLOT_REBOOTING:
	case SLOT_UPDATING: case SLOT_VERIFYING: case SLOT_STATE_COUNT:
		break;
	}
	bool seen = false;
	for (int i = 0; imei[0] && i < b->n_rec && !seen; i++)
		seen = strcmp(b->rec_imei[i], imei) == 0;
	t->units += !seen;
	b->rec_imei = xrealloc(b->rec_imei, sizeof *b->rec_imei * (size_t)(b->n_rec + 1));
	b->rec_span = xrealloc(b->rec_span, sizeof *b->rec_span * (size_t)(b->n_rec + 1));
	xstrlcpy(b->rec_imei[b->n_rec], imei, sizeof b->rec_imei[0]);
	b->rec_span[b->n_rec++] = (struct tally_span){ started_ms, finished_ms >= started_ms ?
						       finished_ms : started_ms };
	t->hours = tally_hours_worked(b->rec_span, b->n_rec);
	t->units_per_hour = tally_units_per_hour(t->units, t->hours, b->n_rec);
	pthread_mutex_unlock(&b->info_lock);
}

void board_snapshot(struct board *b, int slot, struct board_slot *out)
{
	struct board_cell *c = &b->cells[slot];
	pthread_mutex_lock(&c->lock);
	*out = c->slot;
	pthread_mutex_unlock(&c->lock);
}

void board_totals(struct board *b, struct board_totals *out)
{
	pthread_mutex_lock(&b->info_lock);
	*out = b->totals;
	pthread_mutex_unlock(&b->info_lock);
}

int board_next_event(struct board *b, uint64_t *cursor, struct board_event *ev, int timeout_ms)
{
	struct timespec until;
	int got = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&b->ev_lock);
	while (*cursor + 1 >= b->ev_next && !b->ev_closed && timeout_ms > 0)
		if (pthread_cond_timedwait(&b->ev_cond, &b->ev_lock, &until) == ETIMEDOUT)
			break;
	if (*cursor + 1 < b->ev_next) {
		uint64_t want = *cursor + 1;
		uint64_t oldest = b->ev_next > BOARD_EVENTS ? b->ev_next - BOARD_EVENTS : 1;
		if (want < oldest) {
			memset(ev, 0, sizeof *ev);
			ev->seq = oldest - 1;
			ev->slot = -1;
			ev->wall_ms = clock_wall_ms();
			snprintf(ev->text, sizeof ev->text, "%llu events lost (reader too slow)",
				 (unsigned long long)(oldest - want));
			*cursor = oldest - 1;
		} else {
			*ev = b->events[want % BOARD_EVENTS];
			*cursor = want;
		}
		got = 1;
	}
	pthread_mutex_unlock(&b->ev_lock);
	return got;
}

void board_close_events(struct board *b)
{
	pthread_mutex_lock(&b->ev_lock);
	b->ev_closed = true;
	pthread_cond_broadcast(&b->ev_cond);
	pthread_mutex_unlock(&b->ev_lock);
}

bool board_events_closed(struct board *b)
{
	bool closed;
	pthread_mutex_lock(&b->ev_lock);
	closed = b->ev_closed;
	pthread_mutex_unlock(&b->ev_lock);
	return closed;
}

void board_command(struct board *b, int slot, unsigned cmds)
{
	struct board_cell *c = &b->cells[slot];
	pthread_mutex_lock(&c->lock);
	c->cmds |= cmds;
	if (cmds & BOARD_CMD_ACK)
		c->slot.needs_ack = false;
	c->slot.seq++;
	pthread_mutex_unlock(&c->lock);
	if ((cmds & BOARD_CMD_ABORT) && write(c->cancel[1], "x", 1) < 0) { /* already cancelled */ }
	if (write(c->wake[1], "c", 1) < 0) { /* pipe full: the worker is already due to wake */ }
}

void board_cancel(struct board *b, int slot)
{
	if (write(b->cells[slot].cancel[1], "x", 1) < 0) { /* already cancelled */ }
}

int board_cancel_fd(struct board *b, int slot)
{
	return b->cells[slot].cancel[0];
}

void board_cancel_clear(struct board *b, int slot)
{
	char drain[64];
	while (read(b->cells[slot].cancel[0], drain, sizeof drain) > 0)
		;
}

unsigned board_take_commands(struct board *b, int slot)
{
	struct board_cell *c = &b->cells[slot];
	char drain[64];
	unsigned cmds;
	while (read(c->wake[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&c->lock);
	cmds = c->cmds;
	c->cmds = 0;
	pthread_mutex_unlock(&c->lock);
	return cmds;
}

int board_wake_fd(struct board *b, int slot)
{
	return b->cells[slot].wake[0];
}
