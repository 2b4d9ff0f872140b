/* The slot's services: results, the board, the log, the AT port and its commands. Called by the
 * phases and the driver; calls nothing above it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "station/base/clock.h"
#include "station/at/modcode.h"
#include "station/base/url.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_svc.h"

const struct config *slot_svc_cfg(const struct slot *s)
{
	return s->sh->cfg;
}

bool slot_svc_has_result(const struct slot *s)
{
	return s->u.result != SLOT_STATE_COUNT;
}

bool slot_svc_stopping(struct slot *s)
{
	slot_wait_commands(s);
	return s->abort_req || atomic_load(&s->sh->stopping);
}

void slot_svc_set_result(struct slot *s, enum slot_state result, enum errcode err, const char *module_code,
		     const char *fmt, ...)
{
	va_list ap;
	char text[sizeof s->u.error_text];
	s->u.result = result;
	s->u.err = err;
	xstrlcpy(s->u.module_code, module_code ? module_code : "", sizeof s->u.module_code);
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* the words go to the record, the board and the events: never a URL's password */
	url_mask(text, s->u.error_text, sizeof s->u.error_text);
}

enum slot_outcome slot_svc_aborted(struct slot *s)
{
	slot_wait_commands(s);   /* the abort that cancelled the I/O, for the words below */
	const char *who = atomic_load(&s->sh->stopping) ? "station stopped" : "stopped by the operator";
	if (s->u.update_started_ms)
		slot_svc_set_result(s, SLOT_ABORTED, ERR_ABORTED, NULL,
				"%s during the update; the module finishes it by itself", who);
	else
		slot_svc_set_result(s, SLOT_ABORTED, ERR_ABORTED, NULL, "%s", who);
	return SLOT_ENDED;
}

enum slot_outcome slot_svc_fail(struct slot *s, enum errcode e, const char *module_code, const char *text)
{
	slot_svc_set_result(s, SLOT_FAIL, e, module_code, "%s", text);
	return SLOT_ENDED;
}

/* The one place an AT status becomes a station error code: what failed (op) decides what an
 * ERROR, a CME code or an unreadable answer means for the unit. */
enum errcode slot_svc_errcode(enum slot_op op, enum at_status st, int cme)
{
	switch (st) {
	case AT_OK:
	case AT_CONNECT:
		return ERR_NONE;
	case AT_TIMEOUT:
		return ERR_TIMEOUT;
	case AT_PORT_LOST:
		return ERR_PORT_LOST;
	case AT_CANCELLED:
		return ERR_ABORTED;
	case AT_CME:
		if (op == SLOT_OP_FILE || op == SLOT_OP_UPLOAD) {
			switch (modcode_cme(cme)->kind) {
			case MODCODE_NO_SPACE: return ERR_UFS_FULL;
			case MODCODE_TRANSFER: return ERR_UPLOAD;
			case MODCODE_FILE:     return ERR_FILE;
			case MODCODE_OTHER:    break;
			}
			return op == SLOT_OP_FILE ? ERR_FILE : ERR_UPLOAD;
		}
		break;
	case AT_MISMATCH:
		if (op == SLOT_OP_UPLOAD)
			return ERR_CHECKSUM;
		break;
	case AT_MALFORMED:
		switch (op) {
		case SLOT_OP_IDENTIFY: return ERR_IDENTIFY;
		case SLOT_OP_URC_PORT: return ERR_URC_PORT;
		case SLOT_OP_FILE:     return ERR_FILE;
		case SLOT_OP_UPLOAD:   return ERR_UPLOAD;
		case SLOT_OP_UPDATE:   return ERR_AT;
		}
		break;
	case AT_REFUSED:
		if (op == SLOT_OP_FILE || op == SLOT_OP_UPLOAD)
			return ERR_FILE;
		break;
	case AT_ERROR:
		if (op == SLOT_OP_UPLOAD)
			return ERR_UPLOAD;
		break;
	}
	/* ERROR, CME, a refusal or a contradiction elsewhere. */
	return op == SLOT_OP_URC_PORT ? ERR_URC_PORT : ERR_AT;
}

/* A failed AT step: a cancellation ends the unit ABORTED, anything else fails it with the code
 * slot_svc_errcode gives (module_code: the module's own, or NULL). */
enum slot_outcome slot_svc_at_fail(struct slot *s, enum slot_op op, enum at_status st, int cme,
				   const char *module_code, const char *text)
{
	if (st == AT_CANCELLED)
		return slot_svc_aborted(s);
	return slot_svc_fail(s, slot_svc_errcode(op, st, cme), module_code, text);
}

enum slot_outcome slot_svc_engine_fail(struct slot *s, enum slot_op op, int rc, const char *text)
{
	return slot_svc_at_fail(s, op, (enum at_status)rc, s->ch ? at_chan_last_cme(s->ch) : -1, NULL, text);
}

/* Clears the state's detail, so the dashboard shows the seconds in the new state. */
void slot_svc_go(struct slot *s, enum slot_state to, const char *why)
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

void slot_svc_detail(struct slot *s, const char *fmt, ...)
{
	struct board_slot *b = board_lock(s->sh->board, s->index);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->detail, sizeof b->detail, fmt, ap);
	va_end(ap);
	board_unlock(s->sh->board, s->index);
}

/* Copies the unit's identity and outcome into the board. */
void slot_svc_publish(struct slot *s)
{
	struct board_slot *b = board_lock(s->sh->board, s->index);
	xstrlcpy(b->model, s->u.model, sizeof b->model);
	xstrlcpy(b->imei, s->u.imei, sizeof b->imei);
	xstrlcpy(b->fw_before, s->u.fw_before, sizeof b->fw_before);
	xstrlcpy(b->fw_after, s->u.fw_after, sizeof b->fw_after);
	xstrlcpy(b->package, s->u.pkg ? config_package_label(s->u.pkg->cfg) : "", sizeof b->package);
	b->attempt = s->u.attempts;
	b->err = s->u.err;
	xstrlcpy(b->module_code, s->u.module_code, sizeof b->module_code);
	xstrlcpy(b->error_text, s->u.error_text, sizeof b->error_text);
	board_unlock(s->sh->board, s->index);
}

void slot_svc_log(struct slot *s, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (s->tr)
		transcript_note(s->tr, "%s", text);
	else
		board_tail(s->sh->board, s->index, text);
}

void slot_svc_attach_transcript(struct slot *s)
{
	char err[256];
	if (transcript_attach(s->tr, slot_svc_cfg(s)->log_dir, s->u.imei, s->u.started_wall_ms, err, sizeof err) < 0)
		board_tail(s->sh->board, s->index, err);
}

/* Transcript lines also go to the board's tail, with the time of day. */
void slot_svc_tail_sink(void *ctx, char dir, const char *text)
{
	struct slot *s = ctx;
	char line[BOARD_TAIL_WIDTH], when[16];
	clock_format(clock_wall_ms(), CLOCK_TIME_MS, when, sizeof when);
	snprintf(line, sizeof line, "%s %c %s", when, dir, text);
	board_tail(s->sh->board, s->index, line);
}

/* Unsolicited lines wait in a small queue for the step that follows the update. */
static void slot_svc_urc_hook(void *ctx, const char *line)
{
	struct slot *s = ctx;
	if (s->urc_n == (int)(sizeof s->urc / sizeof s->urc[0])) {
		memmove(s->urc[0], s->urc[1], sizeof s->urc[0] * (size_t)(s->urc_n - 1));
		s->urc_n--;
	}
	xstrlcpy(s->urc[s->urc_n++], line, sizeof s->urc[0]);
}

static void slot_svc_transcript_hook(void *ctx, enum at_dir dir, const uint8_t *data, size_t len)
{
	struct slot *s = ctx;
	char d = TRANSCRIPT_NOTE;
	switch (dir) {
	case AT_DIR_TX: d = TRANSCRIPT_TX; break;
	case AT_DIR_RX: d = TRANSCRIPT_RX; break;
	case AT_DIR_NOTE: break;
	}
	transcript_bytes(s->tr, d, data, len);
}

int slot_svc_open_port(struct slot *s, char *err, size_t errlen)
{
	struct at_chan_hooks hooks = { .transcript = slot_svc_transcript_hook, .urc = slot_svc_urc_hook, .ctx = s };

	slot_svc_close_port(s);
	s->ch = s->sh->open_port ? s->sh->open_port(s->sh->open_ctx, s->port.tty, err, errlen)
				 : at_chan_open(s->port.tty, err, errlen);
	if (!s->ch)
		return -1;
	atomic_fetch_add(&s->sh->opened, 1);
	s->ch_arrival = s->arrivals;
	s->reopen_noted = false;
	s->urc_n = 0;
	transcript_set_port(s->tr, s->port.tty);
	at_chan_set_hooks(s->ch, &hooks);
	/* Only a cancellation interrupts the port's I/O; notifications wait for slot_wait(). */
	at_chan_set_cancel_fd(s->ch, board_cancel_fd(s->sh->board, s->index));
	at_chan_set_lost_after(s->ch, slot_svc_cfg(s)->port_lost_timeouts);
	xstrlcpy(s->u.port, s->port.tty, sizeof s->u.port);
	return 0;
}

void slot_svc_close_port(struct slot *s)
{
	if (s->ch) {
		at_chan_close(s->ch);
		s->ch = NULL;
	}
}

/* One AT command on the unit's port. */
enum at_status slot_svc_at(struct slot *s, const char *cmd, const char *const *prefixes, int64_t timeout_ms,
			   struct at_response *resp)
{
	return at_chan_command(s->ch, cmd, prefixes, timeout_ms, resp);
}
