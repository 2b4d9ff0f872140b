#include "station/at/fota_tracker.h"

#include <string.h>

#include "station/at/modcode.h"

static const char *const fota_verdict_names[] = {
	[FOTA_PENDING] = "pending",
	[FOTA_SUCCESS] = "success",
	[FOTA_FAILED]  = "failed",
	[FOTA_TIMEOUT] = "timeout",
};

const char *fota_verdict_name(enum fota_verdict v)
{
	return (unsigned)v <= FOTA_TIMEOUT ? fota_verdict_names[v] : "?";
}

void fota_tracker_init(struct fota_tracker *t, int64_t now_ms, int64_t silence_ms)
{
	memset(t, 0, sizeof *t);
	t->silence_ms = silence_ms;
	t->progress_ms = silence_ms;
	t->last_heard_ms = now_ms;
	t->percent = -1;
	t->last_code = -1;
	t->port_present = true;
	t->verdict = FOTA_PENDING;
}

void fota_tracker_set_progress(struct fota_tracker *t, int64_t progress_ms)
{
	t->progress_ms = progress_ms;
}

int64_t fota_tracker_budget(const struct fota_tracker *t)
{
	return t->reporting && t->port_present ? t->progress_ms : t->silence_ms;
}

static enum fota_verdict fota_tracker_finish(struct fota_tracker *t, enum fota_verdict v)
{
	t->done = true;
	t->verdict = v;
	return v;
}

/* A report that proves an attempt is running: the first one, or the first after a retry code. */
static void fota_tracker_running(struct fota_tracker *t)
{
	if (t->attempt == 0 || t->between) {
		t->attempt++;
		t->between = false;
		t->percent = -1;
	}
}

/* An attempt ended with code: success, final failure, or the module will try again. */
static enum fota_verdict fota_tracker_end(struct fota_tracker *t, int code)
{
	const struct modcode_fota *m = modcode_fota(code);

	fota_tracker_running(t);  /* END alone also proves the update began */
	t->last_code = code;
	if (m->success)
		return fota_tracker_finish(t, FOTA_SUCCESS);
	t->failures++;
	if (!m->retry || t->failures >= FOTA_TRACKER_MAX_ATTEMPTS)
		return fota_tracker_finish(t, FOTA_FAILED);
	t->between = true;
	t->reporting = false;   /* it reboots: the next report is a first one again */
	return FOTA_PENDING;
}

enum fota_verdict fota_tracker_event(struct fota_tracker *t, const struct fota_event *ev, int64_t now_ms)
{
	if (t->done)
		return t->verdict;
	t->last_heard_ms = now_ms;
	t->reporting = true;
	switch (ev->word) {
	case FOTA_START:
		fota_tracker_running(t);
		break;
	case FOTA_UPDATING:
		fota_tracker_running(t);
		t->percent = ev->n;
		break;
	case FOTA_END:
		return fota_tracker_end(t, ev->n);
	case FOTA_HTTPEND:
	case FOTA_FTPEND:
		/* A download error ends it; a good download leads on to START. */
		if (ev->n != 0) {
			t->last_code = ev->n;
			return fota_tracker_finish(t, FOTA_FAILED);
		}
		break;
	case FOTA_RESTORE:
	case FOTA_HTTPSTART:
	case FOTA_FTPSTART:
	case FOTA_UNKNOWN:
	case FOTA_WORD_COUNT:
		break;
	}
	return t->verdict;
}

enum fota_verdict fota_tracker_port(struct fota_tracker *t, bool present, int64_t now_ms)
{
	if (t->done)
		return t->verdict;
	t->port_present = present;
	t->last_heard_ms = now_ms;
	t->reporting = false;
	return t->verdict;
}

enum fota_verdict fota_tracker_tick(struct fota_tracker *t, int64_t now_ms)
{
	if (t->done)
		return t->verdict;
	if (now_ms - t->last_heard_ms > fota_tracker_budget(t))
		return fota_tracker_finish(t, FOTA_TIMEOUT);
	return FOTA_PENDING;
}

int64_t fota_tracker_wait_ms(const struct fota_tracker *t, int64_t now_ms)
{
	int64_t left;

	if (t->done)
		return 0;
	left = t->last_heard_ms + fota_tracker_budget(t) - now_ms;
	return left > 0 ? left + 1 : 0;
}
