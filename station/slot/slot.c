#include "station/slot/slot.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "logs/record_writer.h"
#include "station/base/clock.h"
#include "logs/journal.h"
#include "station/slot/slot_imeis.h"
#include "station/slot/slot_priv.h"
#include "station/slot/upload_gate.h"
#include "station/base/url.h"
#include "station/base/xalloc.h"

/* ---- mailbox: discovery thread -> worker ---- */

void slot_post(struct slot *s, enum discovery_event ev, const struct discovery_port *port)
{
	pthread_mutex_lock(&s->mail_lock);
	if (s->mail_n == SLOT_MAIL_MAX) {
		/* Keep the newest: the latest ARRIVED/LEFT is what the slot must act on. */
		memmove(&s->mail[0], &s->mail[1], sizeof s->mail[0] * (SLOT_MAIL_MAX - 1));
		s->mail_n--;
		s->mail_overflow = true;
	}
	s->mail[s->mail_n].ev = ev;
	s->mail[s->mail_n].port = *port;
	s->mail_n++;
	pthread_mutex_unlock(&s->mail_lock);
	if (write(s->mail_pipe[1], "m", 1) < 0) { /* a byte is already waiting */ }
}

void slot_wake(struct slot *s)
{
	if (write(s->mail_pipe[1], "w", 1) < 0) { /* a byte is already waiting */ }
}

/* Applies queued discovery events to what the worker believes about its slot. */
void slot_take_mail(struct slot *s)
{
	struct slot_mail mail[SLOT_MAIL_MAX];
	char drain[64];
	bool overflow;
	int n;

	while (read(s->mail_pipe[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&s->mail_lock);
	n = s->mail_n;
	memcpy(mail, s->mail, sizeof mail[0] * (size_t)n);
	s->mail_n = 0;
	overflow = s->mail_overflow;
	s->mail_overflow = false;
	pthread_mutex_unlock(&s->mail_lock);
	if (overflow && s->tr)
		transcript_note(s->tr, "discovery events were dropped (mailbox full)");
	for (int i = 0; i < n; i++) {
		if (mail[i].ev == DISCOVERY_ARRIVED) {
			s->present = true;
			s->port = mail[i].port;
			s->arrivals++;
			if (s->tr)
				transcript_note(s->tr, "module arrived: %s", mail[i].port.tty);
		} else {
			s->present = false;
			s->departures++;
			if (s->tr)
				transcript_note(s->tr, "module left");
		}
	}
	struct board_slot *b = board_lock(s->sh->board, s->index);
	xstrlcpy(b->port, s->present ? s->port.tty : "", sizeof b->port);
	board_unlock(s->sh->board, s->index);
}

void slot_take_commands(struct slot *s)
{
	unsigned c = board_take_commands(s->sh->board, s->index);
	s->cmds |= c;
	if (c & BOARD_CMD_ABORT)
		s->abort_req = true;
}

bool slot_stop(struct slot *s)
{
	return s->abort_req || atomic_load(&s->sh->stopping);
}

/* Sleeps until a deadline (monotonic ms; -1 none), a discovery event, an operator command or the
 * extra fd (the upload gate). Applies mail and commands before returning what woke it. */
unsigned slot_wait(struct slot *s, int64_t deadline_ms, int extra_fd)
{
	struct pollfd p[3] = {
		{ .fd = s->mail_pipe[0], .events = POLLIN },
		{ .fd = board_wake_fd(s->sh->board, s->index), .events = POLLIN },
		{ .fd = extra_fd, .events = POLLIN },
	};
	unsigned woke = 0;
	int timeout = -1, rc;

	if (deadline_ms >= 0) {
		int64_t left = clock_left_ms(deadline_ms);
		timeout = left > 86400000 ? 86400000 : (int)left;
	}
	rc = poll(p, extra_fd >= 0 ? 3 : 2, timeout);
	if (rc < 0 && errno != EINTR)
		fatal("poll: %s", strerror(errno));
	if (rc == 0)
		woke |= SLOT_WOKE_TIMEOUT;
	if (rc > 0 && p[0].revents) {
		slot_take_mail(s);
		woke |= SLOT_WOKE_MAIL;
	}
	if (rc > 0 && p[1].revents) {
		slot_take_commands(s);
		woke |= SLOT_WOKE_CMD;
	}
	if (rc > 0 && extra_fd >= 0 && p[2].revents)
		woke |= SLOT_WOKE_GATE;
	return woke;
}

/* ---- board and transcript helpers ---- */

void slot_detail(struct slot *s, const char *fmt, ...)
{
	struct board_slot *b = board_lock(s->sh->board, s->index);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->detail, sizeof b->detail, fmt, ap);
	va_end(ap);
	board_unlock(s->sh->board, s->index);
}

/* Copies the unit's identity and outcome into the board. */
void slot_publish_unit(struct slot *s)
{
	struct board_slot *b = board_lock(s->sh->board, s->index);
	xstrlcpy(b->model, s->u.model, sizeof b->model);
	xstrlcpy(b->imei, s->u.imei, sizeof b->imei);
	xstrlcpy(b->fw_before, s->u.fw_before, sizeof b->fw_before);
	xstrlcpy(b->fw_after, s->u.fw_after, sizeof b->fw_after);
	xstrlcpy(b->package, s->u.pkg ? s->u.pkg->cfg->name : "", sizeof b->package);
	b->attempt = s->u.attempts;
	b->err = s->u.err;
	xstrlcpy(b->module_code, s->u.module_code, sizeof b->module_code);
	xstrlcpy(b->error_text, s->u.error_text, sizeof b->error_text);
	board_unlock(s->sh->board, s->index);
}

void slot_log(struct slot *s, const char *fmt, ...)
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

/* Transcript lines also go to the board's tail, with the time of day. */
static void slot_tail_sink(void *ctx, char dir, const char *text)
{
	struct slot *s = ctx;
	char line[BOARD_TAIL_WIDTH];
	int64_t now = clock_wall_ms();
	time_t sec = (time_t)(now / 1000);
	struct tm tm;
	gmtime_r(&sec, &tm);
	snprintf(line, sizeof line, "%02d:%02d:%02d.%03d %c %s", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (int)(now % 1000), dir, text);
	board_tail(s->sh->board, s->index, line);
}

/* Unsolicited lines wait in a small queue for the step that follows the update. */
static void slot_urc_hook(void *ctx, const char *line)
{
	struct slot *s = ctx;
	if (s->urc_n == (int)(sizeof s->urc / sizeof s->urc[0])) {
		memmove(s->urc[0], s->urc[1], sizeof s->urc[0] * (size_t)(s->urc_n - 1));
		s->urc_n--;
	}
	xstrlcpy(s->urc[s->urc_n++], line, sizeof s->urc[0]);
}

static void slot_transcript_hook(void *ctx, enum at_dir dir, const uint8_t *data, size_t len)
{
	struct slot *s = ctx;
	transcript_bytes(s->tr, dir, data, len);
}

int slot_open_port(struct slot *s, char *err, size_t errlen)
{
	struct at_chan_hooks hooks = { .transcript = slot_transcript_hook, .urc = slot_urc_hook, .ctx = s };

	slot_close_port(s);
	s->ch = at_chan_open(s->port.tty, err, errlen);
	if (!s->ch)
		return -1;
	s->ch_arrival = s->arrivals;
	s->reopen_noted = false;
	s->urc_n = 0;
	transcript_set_port(s->tr, s->port.tty);
	at_chan_set_hooks(s->ch, &hooks);
	at_chan_set_wake_fd(s->ch, board_wake_fd(s->sh->board, s->index));
	xstrlcpy(s->u.port, s->port.tty, sizeof s->u.port);
	return 0;
}

void slot_close_port(struct slot *s)
{
	if (s->ch) {
		at_chan_close(s->ch);
		s->ch = NULL;
	}
}

/* One AT command; an operator command that is not an abort only interrupts the wait, so the
 * command is sent again (identification and file commands may be repeated). */
enum at_status slot_at(struct slot *s, const char *cmd, const char *const *prefixes, int64_t timeout_ms,
		       struct at_response *resp)
{
	for (;;) {
		enum at_status st = at_chan_command(s->ch, cmd, prefixes, timeout_ms, resp);
		if (st != AT_INTERRUPTED)
			return st;
		slot_take_commands(s);
		if (slot_stop(s))
			return st;
	}
}

void slot_set_result(struct slot *s, enum slot_state result, enum errcode err, const char *module_code,
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

/* ---- the worker ---- */

static void slot_unit(struct slot *s)
{
	struct slot_shared *sh = s->sh;
	char err[256];
	int64_t now_wall = clock_wall_ms();

	memset(&s->u, 0, sizeof s->u);
	s->u.started_wall_ms = now_wall;
	s->u.started_mono_ms = clock_mono_ms();
	s->u.upload_ms = -1;
	s->u.update_ms = -1;
	s->u.result = SLOT_STATE_COUNT;
	s->abort_req = false;
	s->cmds &= ~(unsigned)(BOARD_CMD_ABORT | BOARD_CMD_START | BOARD_CMD_RETRY);
	s->tr = transcript_new(s->label, slot_tail_sink, s);
	s->ch_arrival = s->arrivals;

	struct board_slot *b = board_lock(sh->board, s->index);
	b->model[0] = b->imei[0] = b->fw_before[0] = b->fw_after[0] = b->package[0] = '\0';
	b->module_code[0] = b->error_text[0] = b->detail[0] = '\0';
	b->err = ERR_NONE;
	b->attempt = 0;
	b->percent = -1;
	b->bytes_done = b->bytes_total = 0;
	b->bytes_per_s = 0;
	b->needs_ack = false;
	b->unit_started_ms = s->u.started_mono_ms;
	b->tail_n = 0;
	board_unlock(sh->board, s->index);

	slot_flow_run(s);
	slot_close_port(s);
	upload_gate_leave(sh->gate, s->index);   /* whatever step the unit ended in */

	if (s->u.result == SLOT_STATE_COUNT)
		fatal("slot %s: unit ended without a result", s->label);
	if (s->u.update_started_ms && s->u.update_ms < 0)
		s->u.update_ms = clock_mono_ms() - s->u.update_started_ms;
	if (s->tr && !transcript_path(s->tr)[0] &&
	    transcript_attach(s->tr, sh->cfg->log_dir, s->u.imei, s->u.started_wall_ms, err, sizeof err) < 0)
		board_tail(sh->board, s->index, err);
	transcript_note(s->tr, "result %s %s %s %s", slot_state_name(s->u.result), errcode_name(s->u.err),
			s->u.module_code, s->u.error_text);

	int64_t finished = clock_wall_ms();
	slot_record_write(s, finished);
	if (s->u.journaled && journal_remove(sh->cfg->log_dir, s->usb_path, err, sizeof err) < 0)
		transcript_note(s->tr, "journal: %s", err);
	transcript_close(s->tr);
	s->tr = NULL;

	atomic_fetch_add(&sh->finished, 1);
	if (s->u.result == SLOT_FAIL || s->u.result == SLOT_ABORTED)
		atomic_fetch_add(&sh->failed, 1);
	board_count_result(sh->board, s->u.result, s->u.result == SLOT_PASS);
	slot_publish_unit(s);
	b = board_lock(sh->board, s->index);
	b->needs_ack = s->u.result == SLOT_FAIL;
	b->percent = -1;
	snprintf(b->detail, sizeof b->detail, "remove module");
	board_unlock(sh->board, s->index);
	if (s->u.result == SLOT_PASS || s->u.result == SLOT_SKIP)
		board_transition(sh->board, s->index, s->u.result, "%s", s->u.error_text);
	else
		board_transition(sh->board, s->index, s->u.result, "%s: %s", errcode_name(s->u.err),
				 s->u.error_text);
}

/* A module is in the slot and the slot does not start by itself: wait for START. Returns true
 * to start, false when the module left or the station stops. */
static bool slot_wait_start(struct slot *s)
{
	s->cmds &= ~(unsigned)BOARD_CMD_START;
	slot_take_commands(s);
	if (board_auto_start(s->sh->board) && !(s->cmds & BOARD_CMD_START))
		return true;
	board_transition(s->sh->board, s->index, SLOT_WAITING, "module in slot; waiting for start");
	slot_detail(s, "press start");
	for (;;) {
		if (atomic_load(&s->sh->stopping) || !s->present)
			return false;
		if (s->cmds & (BOARD_CMD_START | BOARD_CMD_RETRY)) {
			s->cmds &= ~(unsigned)(BOARD_CMD_START | BOARD_CMD_RETRY);
			return true;
		}
		if (board_auto_start(s->sh->board))
			return true;
		slot_wait(s, -1, -1);
	}
}

/* After a result: the slot waits for its module to leave (a module left in its slot is never
 * flashed twice). A module that arrived after the unit last had its port is a new insertion (it
 * was pulled and put back while the unit ended). Returns true when the operator asks to run the
 * unit again. */
static bool slot_wait_removal(struct slot *s)
{
	unsigned arrived = s->ch_arrival;

	s->cmds &= ~(unsigned)(BOARD_CMD_RETRY | BOARD_CMD_START);
	slot_take_mail(s);
	for (;;) {
		if (atomic_load(&s->sh->stopping))
			return false;
		if (!s->present || s->arrivals != arrived)
			return false;
		if (s->cmds & BOARD_CMD_RETRY) {
			s->cmds &= ~(unsigned)BOARD_CMD_RETRY;
			struct board_slot b;
			board_snapshot(s->sh->board, s->index, &b);
			if (b.state == SLOT_FAIL || b.state == SLOT_ABORTED) {
				board_command(s->sh->board, s->index, BOARD_CMD_ACK);
				return true;
			}
		}
		s->cmds &= ~(unsigned)(BOARD_CMD_START | BOARD_CMD_ABORT | BOARD_CMD_ACK);
		s->abort_req = false;
		slot_wait(s, -1, -1);
	}
}

static void *slot_main(void *arg)
{
	struct slot *s = arg;
	struct slot_shared *sh = s->sh;
	bool rerun = false;
	/* --once: a module seen at start that never shows up (it was pulled) does not hold the run. */
	int64_t once_deadline = clock_mono_ms() + sh->cfg->reboot_ms;

	if (sh->once && !s->present_now && !s->has_resume) {
		slot_detail(s, "no module at start");
		if (sh->notify_fd >= 0 && write(sh->notify_fd, "e", 1) < 0) { /* already waiting */ }
		return NULL;
	}
	for (;;) {
		slot_take_mail(s);
		slot_take_commands(s);
		if (atomic_load(&sh->stopping))
			break;
		if (!s->present && !s->has_resume && !rerun) {
			struct board_slot b;
			board_snapshot(sh->board, s->index, &b);
			if (b.state != SLOT_EMPTY) {
				slot_imeis_release(sh->imeis, s->index);
				board_transition(sh->board, s->index, SLOT_EMPTY, "slot empty");
				slot_detail(s, "insert module");
			}
			if (sh->once && clock_mono_ms() >= once_deadline)
				break;
			slot_wait(s, sh->once ? once_deadline : -1, -1);
			continue;
		}
		if (!s->has_resume && !rerun && !slot_wait_start(s))
			continue;
		rerun = false;
		slot_unit(s);
		s->has_resume = false;
		if (sh->once)
			break;
		rerun = slot_wait_removal(s);
		if (!rerun)
			slot_imeis_release(sh->imeis, s->index);
	}
	slot_close_port(s);
	if (sh->notify_fd >= 0 && write(sh->notify_fd, "e", 1) < 0) { /* a byte is already waiting */ }
	return NULL;
}

struct slot *slot_start(struct slot_shared *sh, int index, const char *label, const char *usb_path,
			bool present_now, const struct journal_entry *resume)
{
	struct slot *s = xcalloc(1, sizeof *s);
	int rc;

	s->sh = sh;
	s->index = index;
	xstrlcpy(s->label, label, sizeof s->label);
	xstrlcpy(s->usb_path, usb_path, sizeof s->usb_path);
	s->present_now = present_now;
	if (resume) {
		s->has_resume = true;
		s->resume = *resume;
	}
	pthread_mutex_init(&s->mail_lock, NULL);
	if (pipe2(s->mail_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		fatal("pipe: %s", strerror(errno));

	struct board_slot *b = board_lock(sh->board, index);
	xstrlcpy(b->label, label, sizeof b->label);
	xstrlcpy(b->usb_path, usb_path, sizeof b->usb_path);
	xstrlcpy(b->detail, "insert module", sizeof b->detail);
	board_unlock(sh->board, index);

	rc = pthread_create(&s->thread, NULL, slot_main, s);
	if (rc != 0)
		fatal("pthread_create: %s", strerror(rc));
	return s;
}

void slot_join(struct slot *s)
{
	pthread_join(s->thread, NULL);
	close(s->mail_pipe[0]);
	close(s->mail_pipe[1]);
	pthread_mutex_destroy(&s->mail_lock);
	free(s);
}

const char *slot_usb_path(const struct slot *s)
{
	return s->usb_path;
}
