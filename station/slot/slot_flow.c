/* One unit on one slot, as steps that read like the flow of DESIGN.md: identify, decide, wait for
 * an upload turn, upload, start the update, follow it through the module's reboots, verify.
 * Each step returns the next; a step that ends the unit sets its result and returns STEP_DONE.
 * The update itself (start, follow, verify, give-up, resume) is in slot_follow.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ident.h"
#include "station/at/at_ufs.h"
#include "station/at/at_upload.h"
#include "station/base/clock.h"
#include "station/slot/slot_imeis.h"
#include "station/slot/slot_priv.h"
#include "station/slot/upload_gate.h"
#include "station/base/xalloc.h"


/* Upload retries on a size or checksum mismatch. */
#define SLOT_UPLOAD_ATTEMPTS 3

const struct config *slot_cfg(const struct slot *s)
{
	return s->sh->cfg;
}

bool slot_has_result(const struct slot *s)
{
	return s->u.result != SLOT_STATE_COUNT;
}

enum slot_step slot_aborted(struct slot *s)
{
	const char *who = atomic_load(&s->sh->stopping) ? "station stopped" : "stopped by the operator";
	if (s->u.update_started_ms)
		slot_set_result(s, SLOT_ABORTED, ERR_ABORTED, NULL,
				"%s during the update; the module finishes it by itself", who);
	else
		slot_set_result(s, SLOT_ABORTED, ERR_ABORTED, NULL, "%s", who);
	return STEP_DONE;
}

enum slot_step slot_fail(struct slot *s, enum errcode e, const char *module_code, const char *text)
{
	slot_set_result(s, SLOT_FAIL, e, module_code, "%s", text);
	return STEP_DONE;
}

/* A negative errcode from the engine: an interruption that was not an abort repeats the step
 * (an operator key pressed on a busy slot), an abort or shutdown aborts, anything else fails. */
enum slot_step slot_engine_fail(struct slot *s, int rc, const char *text, enum slot_step again)
{
	if (rc == -ERR_ABORTED) {
		slot_take_commands(s);
		return slot_stop(s) ? slot_aborted(s) : again;
	}
	return slot_fail(s, (enum errcode)-rc, NULL, text);
}

/* Clears the state's detail, so the dashboard shows the seconds in the new state. */
void slot_go(struct slot *s, enum slot_state to, const char *why)
{
	struct board_slot *b = board_lock(s->sh->board, s->index);
	b->detail[0] = '\0';
	b->percent = -1;
	enum slot_state from = b->state;
	board_unlock(s->sh->board, s->index);
	if (s->tr)
		transcript_note(s->tr, "%s -> %s (%s)", slot_state_name(from), slot_state_name(to), why);
	board_transition(s->sh->board, s->index, to, "%s", why);
	xstrlcpy(s->u.stage, slot_state_name(to), sizeof s->u.stage);
}

void slot_attach_transcript(struct slot *s)
{
	char err[256];
	if (transcript_attach(s->tr, slot_cfg(s)->log_dir, s->u.imei, s->u.started_wall_ms, err, sizeof err) < 0)
		board_tail(s->sh->board, s->index, err);
}

/* ---- identification ---- */

/* The tty may appear a moment after discovery reports the device: retry opening it for up to
 * [timing] command.
 * Returns 0, or -1 with a reason (or with the result set when aborted). */
static int slot_open_retry(struct slot *s, char *err, size_t errlen)
{
	int64_t deadline = clock_mono_ms() + slot_cfg(s)->command_ms;
	for (;;) {
		if (slot_open_port(s, err, errlen) == 0)
			return 0;
		if (clock_mono_ms() >= deadline || !s->present)
			return -1;
		slot_wait(s, clock_mono_ms() + 100, -1);
		if (slot_stop(s)) {
			slot_aborted(s);
			return -1;
		}
	}
}

static enum slot_step slot_open(struct slot *s)
{
	char err[256];
	int rc;

	slot_go(s, SLOT_IDENTIFYING, "module found");
	if (!s->present)
		return slot_fail(s, ERR_PORT_LOST, NULL, "module left before identification");
	if (slot_open_retry(s, err, sizeof err) < 0)
		return slot_has_result(s) ? STEP_DONE : slot_fail(s, ERR_PORT_LOST, NULL, err);
	rc = at_ident_prepare(s->ch, slot_cfg(s)->command_ms, err, sizeof err);
	if (rc < 0)
		return slot_engine_fail(s, rc, err, STEP_OPEN);
	return STEP_IDENTIFY;
}

/* Reads AT+QGMR until the version is complete (a module still booting answers a short one). */
int slot_read_version(struct slot *s, struct at_ident *id, char *err, size_t errlen)
{
	int64_t deadline = clock_mono_ms() + slot_cfg(s)->reboot_ms;
	int rc = 0;

	while (!id->version_complete) {
		if (clock_mono_ms() >= deadline) {
			snprintf(err, errlen, "version still incomplete after %lld s: %s",
				 (long long)(slot_cfg(s)->reboot_ms / 1000), id->version);
			return -ERR_TIMEOUT;
		}
		slot_detail(s, "version incomplete (%s), asking again", id->version);
		if (slot_wait(s, clock_mono_ms() + 1000, -1) & SLOT_WOKE_CMD && slot_stop(s))
			return -ERR_ABORTED;
		rc = at_ident_version(s->ch, id, slot_cfg(s)->command_ms, err, errlen);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static enum slot_step slot_identify(struct slot *s)
{
	struct at_ident id;
	char err[256];
	int rc, holder;

	rc = at_ident_read(s->ch, &id, slot_cfg(s)->command_ms, err, sizeof err);
	if (rc == 0)
		rc = slot_read_version(s, &id, err, sizeof err);
	if (rc < 0)
		return slot_engine_fail(s, rc, err, STEP_IDENTIFY);
	xstrlcpy(s->u.model, id.model, sizeof s->u.model);
	xstrlcpy(s->u.imei, id.imei, sizeof s->u.imei);
	xstrlcpy(s->u.fw_before, id.version, sizeof s->u.fw_before);
	slot_attach_transcript(s);
	slot_publish_unit(s);
	holder = slot_imeis_claim(s->sh->imeis, s->index, s->u.imei);
	if (holder >= 0) {
		struct board_slot other;
		board_snapshot(s->sh->board, holder, &other);
		snprintf(err, sizeof err, "IMEI %s is already in slot %s", s->u.imei, other.label);
		return slot_fail(s, ERR_DUPLICATE, NULL, err);
	}
	return STEP_DECIDE;
}

static enum slot_step slot_decide(struct slot *s)
{
	const struct package *pkg = NULL;
	char text[200];

	switch (catalogue_pick(s->sh->cat, s->u.fw_before, &pkg)) {
	case CATALOGUE_SKIP:
		s->u.pkg = pkg;
		xstrlcpy(s->u.fw_after, s->u.fw_before, sizeof s->u.fw_after);
		slot_set_result(s, SLOT_SKIP, ERR_NONE, NULL, "already at %s", s->u.fw_before);
		return STEP_DONE;
	case CATALOGUE_NO_PACKAGE:
		snprintf(text, sizeof text, "no package for firmware %s", s->u.fw_before);
		return slot_fail(s, ERR_NO_PACKAGE, NULL, text);
	case CATALOGUE_WRONG_BASE:
		snprintf(text, sizeof text, "firmware %s is not the base of any package for this model",
			 s->u.fw_before);
		return slot_fail(s, ERR_WRONG_BASE, NULL, text);
	case CATALOGUE_FLASH:
		s->u.pkg = pkg;
		slot_publish_unit(s);
		return STEP_URC_PORT;
	}
	return slot_fail(s, ERR_INTERNAL, NULL, "unknown catalogue verdict");
}

static enum slot_step slot_urc_port(struct slot *s)
{
	char err[256];
	int rc = at_ident_ensure_urcport(s->ch, slot_cfg(s)->command_ms, err, sizeof err);
	if (rc < 0)
		return slot_engine_fail(s, rc, err, STEP_URC_PORT);
	/* a URL package is not uploaded: the module downloads it after AT+QFOTADL */
	return s->u.pkg->cfg->url ? STEP_START_UPDATE : STEP_QUEUE;
}

/* ---- upload ---- */

static enum slot_step slot_queue(struct slot *s)
{
	struct upload_gate *g = s->sh->gate;
	unsigned departures = s->departures;

	if (upload_gate_enter(g, s->index))
		return STEP_UPLOAD;
	slot_go(s, SLOT_QUEUED, "waiting for an upload turn");
	for (;;) {
		slot_wait(s, -1, upload_gate_fd(g, s->index));
		if (upload_gate_granted(g, s->index))
			return STEP_UPLOAD;
		if (slot_stop(s)) {
			upload_gate_leave(g, s->index);
			return slot_aborted(s);
		}
		if (!s->present || s->departures != departures) {
			upload_gate_leave(g, s->index);
			return slot_fail(s, ERR_PORT_LOST, NULL, "module left while waiting for an upload turn");
		}
	}
}

struct slot_upload_progress {
	struct slot *s;
	int64_t started_ms;
};

static void slot_upload_progress(void *ctx, uint64_t sent, uint64_t total)
{
	struct slot_upload_progress *p = ctx;
	int64_t ms = clock_mono_ms() - p->started_ms;
	double rate = ms > 0 ? (double)sent * 1000.0 / (double)ms : 0;
	int pct = total ? (int)(sent * 100 / total) : 100;
	char detail[96];

	snprintf(detail, sizeof detail, "upload %.1f/%.1f MB %.1f MB/s", (double)sent / 1e6, (double)total / 1e6,
		 rate / 1e6);
	struct board_slot *b = board_lock(p->s->sh->board, p->s->index);
	b->bytes_done = sent;
	b->bytes_total = total;
	b->bytes_per_s = rate;
	board_unlock(p->s->sh->board, p->s->index);
	board_progress(p->s->sh->board, p->s->index, pct, detail);
}

static enum slot_step slot_upload(struct slot *s)
{
	const struct package *pkg = s->u.pkg;
	const struct config *cfg = slot_cfg(s);
	struct slot_upload_progress prog = { s, 0 };
	struct at_upload_result res;
	uint64_t free_b = 0, total_b = 0;
	char err[256];
	int rc;

	slot_go(s, SLOT_UPLOADING, "upload turn");
	/* A stale copy of the file (an earlier attempt) would make the space look short. */
	rc = at_ufs_delete(s->ch, pkg->cfg->file_name, NULL, cfg->command_ms, err, sizeof err);
	if (rc == 0)
		rc = at_ufs_space(s->ch, &free_b, &total_b, cfg->command_ms, err, sizeof err);
	if (rc < 0) {
		upload_gate_leave(s->sh->gate, s->index);
		return slot_engine_fail(s, rc, err, STEP_QUEUE);
	}
	if (free_b < pkg->size) {
		upload_gate_leave(s->sh->gate, s->index);
		snprintf(err, sizeof err, "module has %llu bytes free in UFS, the package needs %zu",
			 (unsigned long long)free_b, pkg->size);
		return slot_fail(s, ERR_UFS_FULL, NULL, err);
	}

	struct at_upload_req req = {
		.name = pkg->cfg->file_name,
		.data = pkg->data,
		.size = pkg->size,
		.idle_timeout_s = (int)((cfg->upload_idle_ms + 999) / 1000),
		.ack_mode = 1,
		.max_attempts = SLOT_UPLOAD_ATTEMPTS,
		.timeout_ms = cfg->command_ms,
		.progress = slot_upload_progress,
		.ctx = &prog,
	};
	if (req.idle_timeout_s < 1)
		req.idle_timeout_s = 1;
	prog.started_ms = clock_mono_ms();
	s->u.file_on_module = true;
	rc = at_upload(s->ch, &req, &res);
	s->u.upload_ms = clock_mono_ms() - prog.started_ms;
	if (rc < 0) {
		upload_gate_leave(s->sh->gate, s->index);
		if (res.err == ERR_ABORTED) {
			slot_take_commands(s);
			if (!slot_stop(s))
				return STEP_QUEUE;   /* a key pressed on a busy slot: take a turn again */
			return slot_aborted(s);
		}
		slot_set_result(s, SLOT_FAIL, res.err, res.module_code, "%s", res.text);
		return STEP_DONE;
	}
	s->u.bytes = pkg->size;
	if (res.attempts > 1)
		slot_log(s, "upload verified after %d attempts", res.attempts);
	return STEP_START_UPDATE;
}

void slot_flow_run(struct slot *s)
{
	enum slot_step step = s->has_resume ? STEP_RESUME : STEP_OPEN;

	while (step != STEP_DONE) {
		if (slot_stop(s) && !slot_has_result(s) && step != STEP_GAVE_UP) {
			step = slot_aborted(s);
			break;
		}
		switch (step) {
		case STEP_OPEN:         step = slot_open(s); break;
		case STEP_IDENTIFY:     step = slot_identify(s); break;
		case STEP_DECIDE:       step = slot_decide(s); break;
		case STEP_URC_PORT:     step = slot_urc_port(s); break;
		case STEP_QUEUE:        step = slot_queue(s); break;
		case STEP_UPLOAD:       step = slot_upload(s); break;
		case STEP_START_UPDATE: step = slot_start_update(s); break;
		case STEP_DOWNLOAD:     step = slot_download(s); break;
		case STEP_FOLLOW:       step = slot_follow(s); break;
		case STEP_VERIFY:       step = slot_verify(s); break;
		case STEP_GAVE_UP:      step = slot_gave_up(s); break;
		case STEP_RESUME:       step = slot_resume(s); break;
		case STEP_DONE:         break;
		}
	}
	if (!slot_has_result(s))
		slot_set_result(s, SLOT_FAIL, ERR_INTERNAL, NULL, "unit ended without a result");
}
