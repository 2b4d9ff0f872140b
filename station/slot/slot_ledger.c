#include "station/slot/slot_ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "logs/journal.h"
#include "logs/record_find.h"
#include "logs/record_writer.h"
#include "logs/report/report.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_svc.h"

/* Seconds with milliseconds, as in the record. */
static void slot_ledger_seconds(int64_t ms, char *buf, size_t size)
{
	if (ms < 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
}

static int64_t slot_ledger_parse_seconds(const char *s)
{
	if (!s[0])
		return -1;
	char *end;
	double v = strtod(s, &end);
	return *end || v < 0 ? -1 : (int64_t)(v * 1000.0 + 0.5);
}

void slot_ledger_journal(struct slot *s, const char *phase)
{
	const struct slot_unit *u = &s->u;
	struct journal_entry e = { 0 };
	char iso[32], err[256];

	xstrlcpy(e.slot, s->label, sizeof e.slot);
	xstrlcpy(e.usb_path, s->usb_path, sizeof e.usb_path);
	xstrlcpy(e.imei, u->imei, sizeof e.imei);
	xstrlcpy(e.package, u->pkg ? u->pkg->cfg->name : "", sizeof e.package);
	xstrlcpy(e.started_at, clock_iso(u->started_wall_ms, iso, sizeof iso), sizeof e.started_at);
	xstrlcpy(e.fw_before, u->fw_before, sizeof e.fw_before);
	xstrlcpy(e.model, u->model, sizeof e.model);
	snprintf(e.bytes, sizeof e.bytes, "%llu", (unsigned long long)u->bytes);
	slot_ledger_seconds(u->upload_ms, e.upload_s, sizeof e.upload_s);
	if (u->update_started_wall_ms > 0)
		clock_iso(u->update_started_wall_ms, e.update_started_at, sizeof e.update_started_at);
	snprintf(e.attempts, sizeof e.attempts, "%d", u->attempts);
	xstrlcpy(e.phase, phase, sizeof e.phase);
	xstrlcpy(e.operator_id, u->operator_id[0] ? u->operator_id : s->sh->operator_id, sizeof e.operator_id);
	xstrlcpy(e.lot, u->lot[0] ? u->lot : s->sh->lot, sizeof e.lot);
	xstrlcpy(e.config_sha256, u->config_sha256[0] ? u->config_sha256 : s->sh->cfg->sha256,
		 sizeof e.config_sha256);
	if (journal_add(s->sh->cfg->log_dir, &e, err, sizeof err) < 0)
		slot_svc_log(s, "journal: %s (a restart will not resume this unit)", err);
	else
		s->u.journaled = true;
}

void slot_ledger_restore(struct slot *s, const struct journal_entry *e)
{
	struct slot_unit *u = &s->u;
	int64_t ms, now_wall = clock_wall_ms(), now_mono = clock_mono_ms();
	bool date_only;

	if (clock_parse(e->started_at, &ms, &date_only) == 0 && !date_only && ms <= now_wall) {
		u->started_wall_ms = ms;
		u->started_mono_ms = now_mono - (now_wall - ms);
	}
	xstrlcpy(u->model, e->model, sizeof u->model);
	if (e->bytes[0])
		u->bytes = strtoull(e->bytes, NULL, 10);
	u->upload_ms = slot_ledger_parse_seconds(e->upload_s);
	if (clock_parse(e->update_started_at, &ms, &date_only) == 0 && !date_only && ms <= now_wall) {
		u->update_started_wall_ms = ms;
		u->update_started_ms = now_mono - (now_wall - ms);
	}
	if (e->attempts[0])
		u->attempts = atoi(e->attempts);
	xstrlcpy(u->operator_id, e->operator_id, sizeof u->operator_id);
	xstrlcpy(u->lot, e->lot, sizeof u->lot);
	xstrlcpy(u->config_sha256, e->config_sha256, sizeof u->config_sha256);
	xstrlcpy(u->journal_phase, e->phase, sizeof u->journal_phase);
}

/* Ends the unit showing a result recorded earlier; no record is written for it. */
static void slot_ledger_show(struct slot *s, const struct record_found *f, const char *why)
{
	struct slot_unit *u = &s->u;
	int e = errcode_from_name(f->error_code);
	enum slot_state st = strcmp(f->result, "PASS") == 0 ? SLOT_PASS :
			     strcmp(f->result, "SKIP") == 0 ? SLOT_SKIP :
			     strcmp(f->result, "ABORTED") == 0 ? SLOT_ABORTED : SLOT_FAIL;
	u->no_record = true;
	if (f->fw_after[0])
		xstrlcpy(u->fw_after, f->fw_after, sizeof u->fw_after);
	slot_svc_set_result(s, st, e >= 0 ? (enum errcode)e : ERR_NONE, f->module_code, "%s%s%s (%s %s)",
			f->error_text, f->error_text[0] ? "; " : "", why, f->result, f->finished_at);
	slot_svc_log(s, "%s: %s %s %s, finished %s; no new record", why, f->result, f->error_code,
		 f->module_code, f->finished_at);
}

bool slot_ledger_recorded(struct slot *s)
{
	struct record_found f;
	if (s->rerun || !s->u.imei[0] ||
	    !record_writer_find(s->sh->records, clock_wall_ms(), s->label, s->u.imei, NULL, &f))
		return false;
	/* ABORTED is the station's stop and E-PORT-LOST the module leaving (pulled, a cable): neither
	 * is the module's outcome, and putting it back is the operator's way to try again. */
	if (strcmp(f.result, "ABORTED") == 0 || strcmp(f.error_code, "E-PORT-LOST") == 0)
		return false;
	slot_ledger_show(s, &f, "already recorded in this slot");
	return true;
}

bool slot_ledger_resume_recorded(struct slot *s)
{
	struct record_found f;
	char err[256];
	if (!record_writer_find(s->sh->records, clock_wall_ms(), s->label, s->resume.imei, s->resume.started_at, &f))
		return false;
	/* ABORTED: a clean stop left the unit in the journal on purpose; its outcome is still to come. */
	if (strcmp(f.result, "ABORTED") == 0)
		return false;
	if (journal_remove_unit(s->sh->cfg->log_dir, s->usb_path, s->resume.imei, err, sizeof err) < 0)
		slot_svc_log(s, "journal: %s", err);
	s->u.journaled = false;
	slot_ledger_show(s, &f, "recorded before the restart");
	return true;
}

bool slot_ledger_never_started(struct slot *s)
{
	const struct config *cfg = s->sh->cfg;
	int64_t deadline = clock_mono_ms() + cfg->reboot_ms;
	char err[256];

	slot_svc_detail(s, "journal says the update was being started: watching the module");
	while (s->ch && !slot_svc_stopping(s)) {
		int64_t left = clock_left_ms(deadline);
		if (left <= 0)
			break;
		enum at_status st = at_chan_wait_urc(s->ch, left);
		if (st == AT_PORT_LOST) {
			slot_svc_close_port(s);
			return false;          /* it reboots into the update */
		}
		if (st == AT_OK && s->urc_n > 0)
			for (int i = 0; i < s->urc_n; i++)
				if (strstr(s->urc[i], "FOTA"))
					return false;  /* it reports the update */
		if (st == AT_CANCELLED)
			return false;          /* the station stops: the resume path records it */
	}
	if (!s->ch || slot_svc_stopping(s))
		return false;
	slot_svc_log(s, "the module never started the update (no reboot, no report for %lld s, still on %s): "
		 "starting it now", (long long)(cfg->reboot_ms / 1000), s->u.fw_before);
	if (journal_remove_unit(cfg->log_dir, s->usb_path, s->u.imei, err, sizeof err) < 0)
		slot_svc_log(s, "journal: %s", err);
	s->u.journaled = false;
	s->u.update_started_ms = 0;
	s->u.update_started_wall_ms = 0;
	s->u.attempts = 0;
	s->u.resumed = false;
	return true;
}
