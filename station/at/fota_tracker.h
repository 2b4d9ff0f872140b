/* Follows one module through its delta update from its reports, its port coming and going, and the
 * clock; says when the update is over and how it ended. Pure: the caller feeds it and gives it the
 * time (monotonic ms), so every rule is testable without waiting.
 *
 * Rules (PROTOCOL.md): START is optional, UPDATING or END prove the update began; progress may jump,
 * repeat or restart; END,0 is success; an END code in a retry range means the module reboots and
 * tries again, so the next START / UPDATING is the next attempt, and after five failed attempts it
 * gives up (failure, attempts = 5); other codes are final at once; UPDATING or START after a reboot
 * without an END is a power-loss resume (same attempt). The gap rule: the first report after the
 * module comes back (or after AT+QFOTADL, or after a retry code) must come within the silence
 * budget (the 90 s rule); between two reports of a running attempt a module writing a big
 * partition may be silent much longer, up to the progress budget. Longer silence is a timeout. */
#ifndef FOTA_TRACKER_H
#define FOTA_TRACKER_H
#include <stdbool.h>
#include <stdint.h>

#include "station/at/fota.h"

#define FOTA_TRACKER_MAX_ATTEMPTS 5

enum fota_verdict {
	FOTA_PENDING,   /* still going */
	FOTA_SUCCESS,   /* END,0 */
	FOTA_FAILED,    /* a final code, or the retries used up: see last_code */
	FOTA_TIMEOUT,   /* silence longer than the budget */
};

struct fota_tracker {
	int64_t silence_ms;     /* the budget for the first report after a port change (the 90 s rule) */
	int64_t progress_ms;    /* the budget between two reports of a running attempt */
	bool reporting;         /* a report came since the last port change (or retry code) */
	int64_t last_heard_ms;  /* last report or port change */
	int attempt;            /* the module's attempt, 1..5; 0 before the update is seen to begin */
	int failures;           /* attempts that ended with an error code */
	int percent;            /* last progress, -1 before any */
	int last_code;          /* last END / FTPEND / HTTPEND code, -1 before any */
	bool between;           /* an attempt ended with a retry code; the next report starts another */
	bool port_present;
	bool done;
	enum fota_verdict verdict;
};

const char *fota_verdict_name(enum fota_verdict v);
/* Starts tracking at now_ms (right after AT+QFOTADL answered OK). */
void fota_tracker_init(struct fota_tracker *t, int64_t now_ms, int64_t silence_ms);
/* The budget between two reports of a running attempt (default: the silence budget). */
void fota_tracker_set_progress(struct fota_tracker *t, int64_t progress_ms);
/* The silence budget that applies now (silence_ms or progress_ms). */
int64_t fota_tracker_budget(const struct fota_tracker *t);
/* Feeds one parsed report. */
enum fota_verdict fota_tracker_event(struct fota_tracker *t, const struct fota_event *ev, int64_t now_ms);
/* The module's AT port went away (present = false) or came back. */
enum fota_verdict fota_tracker_port(struct fota_tracker *t, bool present, int64_t now_ms);
/* Applies the silence rule at now_ms. */
enum fota_verdict fota_tracker_tick(struct fota_tracker *t, int64_t now_ms);
/* Milliseconds until the silence rule fires (0 if done or already due), for a poll timeout. */
int64_t fota_tracker_wait_ms(const struct fota_tracker *t, int64_t now_ms);
#endif
