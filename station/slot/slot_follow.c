/* The update of one unit, from AT+QFOTADL to the module's verdict and the version check, and the
 * resume of a unit a previous run started (steps of slot_flow.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ident.h"
#include "station/at/at_ufs.h"
#include "station/base/clock.h"
#include "station/at/fota.h"
#include "station/at/fota_tracker.h"
#include "logs/journal.h"
#include "station/at/modcode.h"
#include "station/slot/slot_imeis.h"
#include "station/slot/slot_priv.h"
#include "station/slot/upload_gate.h"
#include "station/base/url.h"
#include "station/base/xalloc.h"

enum slot_step slot_start_update(struct slot *s)
{
	const struct config *cfg = slot_cfg(s);
	struct journal_entry e = { 0 };
	struct at_response *r;
	const char *url = s->u.pkg->cfg->url;
	char cmd[URL_MAX + 64], err[256], iso[32];
	enum at_status st;

	slot_go(s, SLOT_STARTING, url ? "starting the module's download and update" :
		"upload verified; starting the update");
	/* Only now: the board never shows more slots uploading than the cap. */
	upload_gate_leave(s->sh->gate, s->index);
	xstrlcpy(e.slot, s->label, sizeof e.slot);
	xstrlcpy(e.usb_path, s->usb_path, sizeof e.usb_path);
	xstrlcpy(e.imei, s->u.imei, sizeof e.imei);
	xstrlcpy(e.package, s->u.pkg->cfg->name, sizeof e.package);
	xstrlcpy(e.started_at, clock_iso(s->u.started_wall_ms, iso, sizeof iso), sizeof e.started_at);
	xstrlcpy(e.fw_before, s->u.fw_before, sizeof e.fw_before);
	if (journal_add(cfg->log_dir, &e, err, sizeof err) < 0)
		slot_log(s, "journal: %s (a restart will not resume this unit)", err);
	else
		s->u.journaled = true;

	if (url)
		snprintf(cmd, sizeof cmd, "AT+QFOTADL=\"%s\"", url);
	else
		snprintf(cmd, sizeof cmd, "AT+QFOTADL=\"/cache/ufs/%s\"", s->u.pkg->cfg->file_name);
	r = xmalloc(sizeof *r);
	s->urc_n = 0;
	st = slot_at(s, cmd, NULL, cfg->command_ms, r);
	if (st == AT_OK) {
		free(r);
		s->u.update_started_ms = clock_mono_ms();
		return url ? STEP_DOWNLOAD : STEP_FOLLOW;
	}
	if (st == AT_INTERRUPTED) {
		free(r);
		return slot_aborted(s);
	}
	if (st == AT_PORT_LOST) {
		/* The module reboots as soon as it has answered; the hang-up can drop its OK. Follow it:
		 * if it did not take the command it comes back without reports (E-TIMEOUT). */
		free(r);
		slot_log(s, "port lost right after AT+QFOTADL: following the module's reboot");
		slot_close_port(s);
		s->u.update_started_ms = clock_mono_ms();
		return STEP_FOLLOW;
	}
	if (st == AT_CME)
		snprintf(err, sizeof err, "CME %d", r->cme);
	else
		err[0] = '\0';
	enum errcode e2 = st == AT_TIMEOUT ? ERR_TIMEOUT : st == AT_PORT_LOST ? ERR_PORT_LOST : ERR_AT;
	slot_set_result(s, SLOT_FAIL, e2, err, "AT+QFOTADL: %s", at_status_name(st));
	free(r);
	return STEP_DONE;
}

/* The IMEI among the answer's lines: noise or a cut URC may sit beside it. */
static bool slot_find_imei(struct at_response *r, char *imei)
{
	char err[160];
	for (int i = 0; i < r->n_lines; i++)
		if (at_ident_parse_cgsn(&r->lines[i], 1, imei, err, sizeof err) == 0)
			return true;
	return false;
}

/* The port came back: a new tty, echo on again. Checks it is still the same unit. Returns 0, or -1
 * with the result set (E-IDENTITY, E-PORT-LOST, aborted). */
static int slot_reattach(struct slot *s)
{
	static const char *const bare[] = { "", NULL };
	struct at_response *r;
	char err[256], imei[24];
	int rc;

	if (slot_open_port(s, err, sizeof err) < 0) {
		if (!s->reopen_noted)
			slot_log(s, "reopen %s: %s (trying again)", s->port.tty, err);
		s->reopen_noted = true;
		return 1;   /* not there yet: the caller tries again shortly */
	}
	s->reopen_noted = false;
	slot_publish_unit(s);
	rc = at_ident_prepare(s->ch, slot_cfg(s)->command_ms, err, sizeof err);
	if (rc == -ERR_ABORTED && slot_stop(s)) {
		slot_aborted(s);
		return -1;
	}
	if (rc < 0)
		slot_log(s, "after reboot: %s", err);
	r = xmalloc(sizeof *r);
	s->u.normal_fw = false;
	if (slot_at(s, "AT+CGSN", bare, slot_cfg(s)->command_ms, r) == AT_OK &&
	    slot_find_imei(r, imei) && (s->u.normal_fw = true) && strcmp(imei, s->u.imei) != 0) {
		snprintf(err, sizeof err, "module %s came back in this slot instead of %s", imei, s->u.imei);
		slot_fail(s, ERR_IDENTITY, NULL, err);
		free(r);
		return -1;
	}
	free(r);
	if (slot_stop(s)) {
		slot_aborted(s);
		return -1;
	}
	return 0;
}

/* Waits for the module's reboot: the port goes (if it is still open) and comes back on this
 * slot's path. Returns 0 when reattached, -1 with the result set. */
static int slot_await_reboot(struct slot *s, const char *why)
{
	const struct config *cfg = slot_cfg(s);
	int64_t deadline = clock_mono_ms() + cfg->reboot_ms;
	char text[200];

	while (s->ch) {
		enum at_status st = at_chan_wait_urc(s->ch, clock_left_ms(deadline));
		if (st == AT_PORT_LOST) {
			slot_close_port(s);
			break;
		}
		if (st == AT_INTERRUPTED) {
			slot_take_commands(s);
			if (slot_stop(s)) {
				slot_aborted(s);
				return -1;
			}
		}
		if (st == AT_TIMEOUT) {
			/* It did not reboot (or did so before we looked): go on with this port. */
			slot_log(s, "no reboot seen within %lld s; reading on the same port",
				 (long long)(cfg->reboot_ms / 1000));
			return 0;
		}
	}
	slot_go(s, SLOT_REBOOTING, why);
	deadline = clock_mono_ms() + cfg->reboot_ms;
	for (;;) {
		slot_take_mail(s);
		bool retry = false;
		if (s->present && s->arrivals != s->ch_arrival) {
			int rc = slot_reattach(s);
			if (rc <= 0)
				return rc;
			retry = true;
		}
		if (slot_stop(s)) {
			slot_aborted(s);
			return -1;
		}
		if (clock_mono_ms() >= deadline) {
			snprintf(text, sizeof text, "port did not come back within %lld s",
				 (long long)(cfg->reboot_ms / 1000));
			slot_fail(s, ERR_PORT_LOST, NULL, text);
			return -1;
		}
		slot_wait(s, retry && clock_mono_ms() + 100 < deadline ? clock_mono_ms() + 100 : deadline, -1);
	}
}

/* Applies the queued URCs to the tracker and the board. */
static enum fota_verdict slot_feed_urcs(struct slot *s, struct fota_tracker *t)
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
		struct board_slot *b = board_lock(s->sh->board, s->index);
		b->attempt = t->attempt;
		board_unlock(s->sh->board, s->index);
		if ((ev.word == FOTA_START || ev.word == FOTA_UPDATING) && !t->done) {
			struct board_slot now;
			board_snapshot(s->sh->board, s->index, &now);
			if (now.state != SLOT_UPDATING || t->attempt != before) {
				char why[80];
				snprintf(why, sizeof why, "module reports the update (attempt %d/%d)", t->attempt,
					 FOTA_TRACKER_MAX_ATTEMPTS);
				slot_go(s, SLOT_UPDATING, why);
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
			slot_log(s, "attempt %d failed with %d; the module retries", t->attempt, ev.n);
			slot_detail(s, "attempt %d/%d failed (%d), module retries", t->attempt,
				    FOTA_TRACKER_MAX_ATTEMPTS, ev.n);
		}
		if (t->done)
			break;
	}
	s->urc_n = 0;
	return v;
}

/* After a reattach: whether the module answers as normal firmware (not the recovery image that
 * runs the update) with a complete version that is the package's target. */
static bool slot_runs_target(struct slot *s)
{
	static const char *const bare[] = { "", NULL };
	const char *to = s->u.pkg ? s->u.pkg->cfg->to : NULL;
	struct at_response *r;
	bool yes = false;

	if (!s->u.normal_fw || !to)
		return false;
	r = xmalloc(sizeof *r);
	/* Line by line: noise or a cut URC may sit beside the version. */
	if (slot_at(s, "AT+QGMR", bare, slot_cfg(s)->command_ms, r) == AT_OK)
		for (int i = 0; i < r->n_lines && !yes; i++)
			yes = strncmp(r->lines[i], to, strlen(to)) == 0 && at_ident_version_complete(r->lines[i]);
	free(r);
	return yes;
}

enum slot_step slot_follow(struct slot *s)
{
	const struct config *cfg = slot_cfg(s);
	int64_t update_deadline = s->u.update_started_ms + cfg->update_ms;
	struct fota_tracker t;
	enum fota_verdict v = FOTA_PENDING;
	char text[200], code[16];

	fota_tracker_init(&t, clock_mono_ms(), cfg->reboot_ms);
	if (!s->ch) {
		fota_tracker_port(&t, false, clock_mono_ms());
		slot_go(s, SLOT_REBOOTING, "port lost: module reboots into the update");
	}
	while (v == FOTA_PENDING) {
		int64_t now = clock_mono_ms();
		int64_t wait = fota_tracker_wait_ms(&t, now);
		int64_t left = update_deadline - now;

		if (slot_stop(s))
			return slot_aborted(s);
		if (left <= 0) {
			snprintf(text, sizeof text, "update not finished within %lld s", (long long)(cfg->update_ms / 1000));
			return slot_fail(s, ERR_TIMEOUT, NULL, text);
		}
		if (wait > left)
			wait = left;
		if (s->ch) {
			enum at_status st = at_chan_wait_urc(s->ch, wait);
			if (st == AT_OK) {
				v = slot_feed_urcs(s, &t);
				continue;
			}
			if (st == AT_INTERRUPTED) {
				slot_take_commands(s);
				continue;
			}
			if (st == AT_PORT_LOST) {
				slot_close_port(s);
				fota_tracker_port(&t, false, clock_mono_ms());
				slot_go(s, SLOT_REBOOTING, t.attempt ? "port lost during the update" :
								   "port lost: module reboots into the update");
				continue;
			}
			v = fota_tracker_tick(&t, clock_mono_ms());
			continue;
		}
		slot_wait(s, s->reopen_noted && wait > 100 ? now + 100 : now + wait, -1);
		if (s->present && s->arrivals != s->ch_arrival) {
			int rc = slot_reattach(s);
			if (rc < 0)
				return STEP_DONE;
			if (rc == 0) {
				fota_tracker_port(&t, true, clock_mono_ms());
				slot_detail(s, "port back, waiting for the module's report");
				v = slot_feed_urcs(s, &t);
				if (v == FOTA_PENDING && slot_runs_target(s)) {
					/* Its END report was lost, but it already runs the new firmware. */
					slot_log(s, "module came back on the target firmware without an END report");
					s->u.attempts = t.attempt > 0 ? t.attempt : 1;
					s->u.update_ms = clock_mono_ms() - s->u.update_started_ms;
					s->u.booted_new = true;
					return STEP_VERIFY;
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
		return STEP_VERIFY;
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
			slot_set_result(s, SLOT_FAIL, ERR_DOWNLOAD, code, "%s", text);
			return STEP_DONE;
		}
		slot_set_result(s, SLOT_FAIL, ERR_MODULE, code, "%s", text);
		return STEP_GAVE_UP;
	case FOTA_TIMEOUT:
		if (!s->ch) {
			snprintf(text, sizeof text, "port gone for more than %lld s", (long long)(cfg->reboot_ms / 1000));
			return slot_fail(s, ERR_PORT_LOST, NULL, text);
		}
		snprintf(text, sizeof text, "no update report from the module for %lld s",
			 (long long)(cfg->reboot_ms / 1000));
		return slot_fail(s, ERR_TIMEOUT, NULL, text);
	case FOTA_PENDING:
		break;
	}
	return slot_fail(s, ERR_INTERNAL, NULL, "update tracker ended undecided");
}

/* Deletes the package from the module's UFS; a failure is only noted (the unit's result stands). */
static void slot_delete_package(struct slot *s)
{
	char err[256];
	/* a URL package was never in UFS: the module keeps its download where it likes */
	if (!s->ch || !s->u.pkg || s->u.pkg->cfg->url)
		return;
	if (at_ufs_delete(s->ch, s->u.pkg->cfg->file_name, NULL, slot_cfg(s)->command_ms, err, sizeof err) < 0)
		slot_log(s, "delete %s: %s", s->u.pkg->cfg->file_name, err);
	else
		s->u.file_on_module = false;
}

enum slot_step slot_verify(struct slot *s)
{
	struct at_ident id = { 0 };
	char err[256];
	int rc;

	if (!s->u.booted_new && slot_await_reboot(s, "update done; module boots the new firmware") < 0)
		return STEP_DONE;
	slot_go(s, SLOT_VERIFYING, "module back; reading its version");
	rc = at_ident_version(s->ch, &id, slot_cfg(s)->command_ms, err, sizeof err);
	if (rc == 0)
		rc = slot_read_version(s, &id, err, sizeof err);
	if (rc < 0)
		return slot_engine_fail(s, rc, err, STEP_VERIFY);
	xstrlcpy(s->u.fw_after, id.version, sizeof s->u.fw_after);
	slot_publish_unit(s);
	if (strncmp(id.version, s->u.pkg->cfg->to, strlen(s->u.pkg->cfg->to)) != 0) {
		snprintf(err, sizeof err, "module runs %s after the update, expected %s", id.version,
			 s->u.pkg->cfg->to);
		slot_delete_package(s);
		return slot_fail(s, ERR_VERSION, NULL, err);
	}
	slot_delete_package(s);
	slot_set_result(s, SLOT_PASS, ERR_NONE, NULL, "updated to %s", id.version);
	return STEP_DONE;
}

/* The module gave up (or failed for good): it boots its old firmware. Read what it runs and
 * remove the package; the FAIL stands whatever happens here. */
enum slot_step slot_gave_up(struct slot *s)
{
	struct slot_unit keep = s->u;
	struct at_ident id = { 0 };
	char err[256];

	s->u.result = SLOT_STATE_COUNT;
	if (slot_await_reboot(s, "module gave up; it boots its old firmware") < 0) {
		/* It did not come back (or the wait was stopped): the module's verdict stands. */
		s->u.result = keep.result;
		s->u.err = keep.err;
		memcpy(s->u.module_code, keep.module_code, sizeof s->u.module_code);
		memcpy(s->u.error_text, keep.error_text, sizeof s->u.error_text);
		return STEP_DONE;
	}
	s->u.result = keep.result;
	if (at_ident_version(s->ch, &id, slot_cfg(s)->command_ms, err, sizeof err) == 0) {
		xstrlcpy(s->u.fw_after, id.version, sizeof s->u.fw_after);
		slot_publish_unit(s);
	}
	slot_delete_package(s);
	return STEP_DONE;
}

/* ---- resuming after a restart ---- */

enum slot_step slot_resume(struct slot *s)
{
	const struct config *cfg = slot_cfg(s);
	const struct journal_entry *e = &s->resume;
	int64_t deadline = clock_mono_ms() + cfg->reboot_ms;
	struct at_ident id = { 0 };
	char err[256];

	xstrlcpy(s->u.imei, e->imei, sizeof s->u.imei);
	xstrlcpy(s->u.fw_before, e->fw_before, sizeof s->u.fw_before);
	for (int i = 0; i < catalogue_count(s->sh->cat); i++)
		if (strcmp(catalogue_get(s->sh->cat, i)->cfg->name, e->package) == 0)
			s->u.pkg = catalogue_get(s->sh->cat, i);
	s->u.resumed = true;
	s->u.journaled = true;
	s->u.update_started_ms = clock_mono_ms();
	slot_attach_transcript(s);
	transcript_note(s->tr, "resuming a unit started %s (journal)", e->started_at);
	slot_imeis_claim(s->sh->imeis, s->index, s->u.imei);
	slot_publish_unit(s);
	if (!s->u.pkg)
		return slot_fail(s, ERR_PACKAGE, NULL, "journal names a package the config no longer has");
	slot_go(s, SLOT_REBOOTING, "resuming a unit from the journal");
	while (!s->present) {
		if (slot_stop(s))
			return slot_aborted(s);
		if (clock_mono_ms() >= deadline)
			return slot_fail(s, ERR_PORT_LOST, NULL, "module of the journaled unit did not appear");
		slot_wait(s, deadline, -1);
	}
	s->ch_arrival = s->arrivals - 1;
	if (slot_reattach(s) != 0)
		return slot_has_result(s) ? STEP_DONE : slot_fail(s, ERR_PORT_LOST, NULL, "cannot open the port");
	/* The update may have finished while the station was down. */
	if (at_ident_version(s->ch, &id, cfg->command_ms, err, sizeof err) == 0 && id.version_complete &&
	    strncmp(id.version, s->u.pkg->cfg->to, strlen(s->u.pkg->cfg->to)) == 0) {
		xstrlcpy(s->u.fw_after, id.version, sizeof s->u.fw_after);
		slot_delete_package(s);
		slot_set_result(s, SLOT_PASS, ERR_NONE, NULL, "updated to %s (resumed)", id.version);
		return STEP_DONE;
	}
	return STEP_FOLLOW;
}

