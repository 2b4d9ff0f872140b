/* Phase update: AT+QFOTADL, then the module's reboots and +QIND: "FOTA" reports until its verdict;
 * and the clean-up after a module that gave up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "logs/journal.h"
#include "station/at/at_ident.h"
#include "station/at/fota.h"
#include "station/at/fota_tracker.h"
#include "station/at/modcode.h"
#include "station/base/clock.h"
#include "station/base/url.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_ledger.h"
#include "station/slot/slot_phase.h"
#include "station/slot/upload_gate.h"

enum slot_outcome slot_update_start(struct slot *s)
{
	const struct config *cfg = slot_svc_cfg(s);
	struct at_response *r;
	const char *url = s->u.pkg->cfg->url;
	char cmd[URL_MAX + 64];
	enum at_status st;

	slot_svc_go(s, SLOT_STARTING, url ? "starting the module's download and update" :
		    "upload verified; starting the update");
	/* Only now: the board never shows more slots uploading than the cap. */
	upload_gate_leave(s->sh->gate, s->index);
	slot_ledger_journal(s, JOURNAL_PHASE_STARTING);

	if (url)
		snprintf(cmd, sizeof cmd, "AT+QFOTADL=\"%s\"", url);
	else
		snprintf(cmd, sizeof cmd, "AT+QFOTADL=\"/cache/ufs/%s\"", s->u.pkg->cfg->file_name);
	r = xmalloc(sizeof *r);
	s->urc_n = 0;
	st = slot_svc_at(s, cmd, NULL, cfg->command_ms, r);
	if (st == AT_OK) {
		free(r);
		s->u.update_started_ms = clock_mono_ms();
		s->u.update_started_wall_ms = clock_wall_ms();
		slot_ledger_journal(s, JOURNAL_PHASE_UPDATING);
		return SLOT_NEXT;
	}
	if (st == AT_CANCELLED) {
		/* The command may have reached the module: it is never sent again, and the words say
		 * the module may be updating. */
		free(r);
		s->u.update_started_ms = clock_mono_ms();
		return slot_svc_aborted(s);
	}
	if (st == AT_PORT_LOST || st == AT_TIMEOUT) {
		/* AT+QFOTADL is not idempotent: never sent twice. The module reboots as soon as it has
		 * answered and the hang-up can drop its OK; or the answer is late. Find out what it does:
		 * a port that goes is a reboot into the update, a port that stays must bring reports
		 * within [timing] reboot, else E-TIMEOUT. */
		free(r);
		slot_svc_log(s, "%s right after AT+QFOTADL: following the module, not sending it again",
			     at_status_name(st));
		if (st == AT_PORT_LOST)
			slot_svc_close_port(s);
		s->u.update_started_ms = clock_mono_ms();
		s->u.update_started_wall_ms = clock_wall_ms();
		slot_ledger_journal(s, JOURNAL_PHASE_UPDATING);
		return SLOT_NEXT;
	}
	char code[16] = "", text[64];
	if (st == AT_CME)
		snprintf(code, sizeof code, "CME %d", r->cme);
	snprintf(text, sizeof text, "AT+QFOTADL: %s", at_status_name(st));
	int cme = r->cme;
	free(r);
	return slot_svc_at_fail(s, SLOT_OP_UPDATE, st, cme, code, text);
}

/* Applies the queued URCs to the tracker and the board. */
static enum fota_verdict slot_update_feed_urcs(struct slot *s, struct fota_tracker *t)
{
	enum fota_verdict v = t->verdict;
	char detail[96];

	for (int i = 0; i < s->urc_n; i++) {
		struct fota_event ev;
		int before = t->attempt;
		if (fota_parse(s->urc[i], &ev) < 0)
			continue;
		v = fota_tracker_event(t, &ev, clock_mono_ms());
		s->u.attempts = t->attempt;
		if (t->attempt != before && s->u.journaled)
			slot_ledger_journal(s, JOURNAL_PHASE_UPDATING);   /* a resume counts on from here */
		struct board_slot *b = board_lock(s->sh->board, s->index);
		b->attempt = t->attempt;
		board_unlock(s->sh->board, s->index);
		if ((ev.word == FOTA_START || ev.word == FOTA_UPDATING) && !t->done) {
			/* a module updating from a URL has the whole package, even when its download's end
			 * report was lost to the reboot: what it received is what the station fetched */
			if (s->u.pkg->cfg->url && !s->u.bytes)
				s->u.bytes = s->u.pkg->size;
			struct board_slot now;
			board_snapshot(s->sh->board, s->index, &now);
			if (now.state != SLOT_UPDATING || t->attempt != before) {
				char why[80];
				snprintf(why, sizeof why, "module reports the update (attempt %d/%d)", t->attempt,
					 FOTA_TRACKER_MAX_ATTEMPTS);
				slot_svc_go(s, SLOT_UPDATING, why);
			}
		}
		if (ev.word == FOTA_UPDATING && ev.n >= 0) {
			if (t->attempt > 1)
				snprintf(detail, sizeof detail, "updating %d %% (attempt %d/%d)", ev.n, t->attempt,
					 FOTA_TRACKER_MAX_ATTEMPTS);
			else
				snprintf(detail, sizeof detail, "updating %d %%", ev.n);
			board_progress(s->sh->board, s->index, ev.n, detail);
		}
		if (ev.word == FOTA_END && ev.n != 0 && !t->done) {
			slot_svc_log(s, "attempt %d failed with %d; the module retries", t->attempt, ev.n);
			slot_svc_detail(s, "attempt %d/%d failed (%d), module retries", t->attempt,
				    FOTA_TRACKER_MAX_ATTEMPTS, ev.n);
		}
		if (t->done)
			break;
	}
	s->urc_n = 0;
	return v;
}

enum slot_outcome slot_update_follow(struct slot *s)
{
	const struct config *cfg = slot_svc_cfg(s);
	int64_t update_deadline = s->u.update_started_ms + cfg->update_ms;
	struct fota_tracker t;
	enum fota_verdict v = FOTA_PENDING;
	char text[200], code[16];

	fota_tracker_init(&t, clock_mono_ms(), cfg->reboot_ms);
	fota_tracker_set_progress(&t, cfg->progress_ms);
	if (s->u.resumed && s->u.attempts > 0) {
		/* Count on from the attempts the journal saw, so the module giving up is its fifth. */
		t.attempt = s->u.attempts;
		t.failures = s->u.attempts - 1;
	}
	if (!s->ch) {
		fota_tracker_port(&t, false, clock_mono_ms());
		slot_svc_go(s, SLOT_REBOOTING, "port lost: module reboots into the update");
	}
	while (v == FOTA_PENDING) {
		int64_t now = clock_mono_ms();
		int64_t wait = fota_tracker_wait_ms(&t, now);
		int64_t left = update_deadline - now;

		if (slot_svc_stopping(s))
			return slot_svc_aborted(s);
		if (left <= 0) {
			snprintf(text, sizeof text, "update not finished within %lld s", (long long)(cfg->update_ms / 1000));
			return slot_svc_fail(s, ERR_TIMEOUT, NULL, text);
		}
		if (wait > left)
			wait = left;
		if (s->ch) {
			enum at_status st = at_chan_wait_urc(s->ch, wait);
			if (st == AT_OK) {
				v = slot_update_feed_urcs(s, &t);
				continue;
			}
			if (st == AT_CANCELLED)
				return slot_svc_aborted(s);
			if (st == AT_PORT_LOST) {
				slot_svc_close_port(s);
				fota_tracker_port(&t, false, clock_mono_ms());
				slot_svc_go(s, SLOT_REBOOTING, t.attempt ? "port lost during the update" :
								   "port lost: module reboots into the update");
				continue;
			}
			v = fota_tracker_tick(&t, clock_mono_ms());
			continue;
		}
		slot_wait(s, s->reopen_noted && wait > 100 ? now + 100 : now + wait, -1);
		if (s->present && s->arrivals != s->ch_arrival) {
			int rc = slot_module_reattach(s);
			if (rc < 0)
				return SLOT_ENDED;
			if (rc == 0) {
				fota_tracker_port(&t, true, clock_mono_ms());
				slot_svc_detail(s, "port back, waiting for the module's report");
				v = slot_update_feed_urcs(s, &t);
				if (v == FOTA_PENDING && slot_module_runs_target(s)) {
					/* Its END report was lost, but it already runs the new firmware. */
					slot_svc_log(s, "module came back on the target firmware without an END report");
					s->u.attempts = t.attempt > 0 ? t.attempt : 1;
					s->u.update_ms = clock_mono_ms() - s->u.update_started_ms;
					s->u.booted_new = true;
					return SLOT_NEXT;
				}
				continue;
			}
		}
		v = fota_tracker_tick(&t, clock_mono_ms());
	}

	s->u.attempts = t.attempt;
	s->u.update_ms = clock_mono_ms() - s->u.update_started_ms;
	switch (v) {
	case FOTA_SUCCESS:
		return SLOT_NEXT;
	case FOTA_FAILED:
		snprintf(code, sizeof code, "%d", t.last_code);
		if (modcode_fota(t.last_code)->retry)
			snprintf(text, sizeof text, "module gave up after %d attempts; last error %d (%s)",
				 t.attempt, t.last_code, modcode_fota(t.last_code)->name);
		else
			snprintf(text, sizeof text, "update failed on attempt %d with error %d: %s", t.attempt,
				 t.last_code, modcode_fota(t.last_code)->text);
		if (modcode_fota(t.last_code)->download) {
			/* a download error (a resumed unit): the module did not reboot, nothing to wait for */
			slot_svc_set_result(s, SLOT_FAIL, ERR_DOWNLOAD, code, "%s", text);
			return SLOT_ENDED;
		}
		slot_svc_set_result(s, SLOT_FAIL, ERR_MODULE, code, "%s", text);
		return SLOT_GAVE_UP;
	case FOTA_TIMEOUT:
		if (!s->ch && s->present && !s->port.tty[0]) {
			/* back on USB, but its AT interface never got a tty */
			snprintf(text, sizeof text, "module back, no AT port on interface %d within %lld s",
				 cfg->at_interface, (long long)(cfg->reboot_ms / 1000));
			return slot_svc_fail(s, ERR_NO_AT_PORT, NULL, text);
		}
		if (!s->ch) {
			snprintf(text, sizeof text, "port gone for more than %lld s", (long long)(cfg->reboot_ms / 1000));
			return slot_svc_fail(s, ERR_PORT_LOST, NULL, text);
		}
		snprintf(text, sizeof text, "no update report from the module for %lld s",
			 (long long)(fota_tracker_budget(&t) / 1000));
		return slot_svc_fail(s, ERR_TIMEOUT, NULL, text);
	case FOTA_PENDING:
		break;
	}
	return slot_svc_fail(s, ERR_INTERNAL, NULL, "update tracker ended undecided");
}

/* The module gave up (or failed for good): it boots its old firmware. Read what it runs and
 * remove the package; the FAIL stands whatever happens here. */
enum slot_outcome slot_update_gave_up(struct slot *s)
{
	struct slot_unit keep = s->u;
	struct at_ident id = { 0 };
	char err[256];

	s->u.result = SLOT_STATE_COUNT;
	if (slot_module_await_reboot(s, "module gave up; it boots its old firmware") < 0) {
		/* It did not come back (or the wait was stopped): the module's verdict stands. */
		s->u.result = keep.result;
		s->u.err = keep.err;
		memcpy(s->u.module_code, keep.module_code, sizeof s->u.module_code);
		memcpy(s->u.error_text, keep.error_text, sizeof s->u.error_text);
		return SLOT_ENDED;
	}
	s->u.result = keep.result;
	if (at_ident_version(s->ch, &id, slot_svc_cfg(s)->command_ms, err, sizeof err) == 0) {
		xstrlcpy(s->u.fw_after, id.version, sizeof s->u.fw_after);
		slot_svc_publish(s);
	}
	slot_module_delete_package(s);
	return SLOT_ENDED;
}
