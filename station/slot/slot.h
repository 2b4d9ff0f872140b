/* The slot worker: one thread per slot, running that slot's state machine over its module.
 *
 * Thread contract: slot_start() and slot_join() run on the main thread. slot_post() is called by
 * the discovery thread (it only queues the event and wakes the worker). Everything else about a
 * slot (its AT channel, transcript and unit) belongs to its worker thread; the worker publishes
 * through the board and appends records through the shared record writer. */
#ifndef SLOT_H
#define SLOT_H
#include <stdatomic.h>
#include <stdbool.h>

#include "station/usb/discovery.h"
#include "logs/journal.h"

struct at_chan;
struct board;
struct catalogue;
struct config;
struct record_writer;
struct slot_imeis;
struct upload_gate;

/* What every slot shares; set up by station run before the first slot starts, immutable after
 * (except the atomics). */
struct slot_shared {
	const struct config *cfg;
	struct board *board;
	const struct catalogue *cat;
	struct record_writer *records;
	struct slot_imeis *imeis;          /* IMEIs in use, across slots */
	struct upload_gate *gate;          /* max_parallel_uploads */
	const char *operator_id;
	const char *lot;
	bool once;                         /* --once: one unit per slot, then the worker ends */
	atomic_bool stopping;              /* shutdown: start nothing new, stop watching units */
	atomic_int failed;                 /* units that ended FAIL or ABORTED */
	atomic_int finished;               /* units with a record */
	atomic_int opened;                 /* AT ports opened, over the whole run */
	atomic_int refused;                /* units failed E-PORT-ACCESS / E-PORT-BUSY */
	int notify_fd;                     /* a byte is written here when a worker ends (-1: none) */
	/* Opens a module's AT port by tty path: NULL means at_chan_open. Another opener serves an
	 * engine that talks to something other than a tty (a scripted module in the engine tests). */
	struct at_chan *(*open_port)(void *ctx, const char *tty, char *err, size_t errlen);
	void *open_ctx;
};

struct slot;

/* Starts the worker of board slot index, bound to usb_path. present_now (--once): whether a
 * module was there at start; without it in once mode the worker ends at once. resume: a journal
 * entry to resume watching (copied), or NULL. */
struct slot *slot_start(struct slot_shared *sh, int index, const char *label, const char *usb_path,
			bool present_now, const struct journal_entry *resume);
/* A discovery event for this slot's USB path (from the discovery thread). */
void slot_post(struct slot *s, enum discovery_event ev, const struct discovery_port *port);
/* Wakes the worker so it sees sh->stopping. */
void slot_wake(struct slot *s);
/* Waits for the worker to end (after stopping, or by itself in once mode) and frees it. */
void slot_join(struct slot *s);
#endif
