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
#include "station/slot/slot_run.h"
#include "station/slot/slot_settle.h"
#include "station/slot/slot_svc.h"
#include "station/slot/upload_gate.h"
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
	/* An abort pressed before this unit does not cancel it; a shutdown does. */
	board_cancel_clear(sh->board, s->index);
	if (atomic_load(&sh->stopping))
		board_cancel(sh->board, s->index);
	s->tr = transcript_new(s->label, slot_svc_tail_sink, s);
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

	slot_run(s);
	slot_svc_close_port(s);
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
	/* A station stopping while the module updates records ABORTED but keeps the unit in the
	 * journal: the next start resumes it as after a crash (the module finishes by itself). */
	bool kept = s->u.result == SLOT_ABORTED && s->u.journaled && !s->abort_req &&
		    atomic_load(&sh->stopping) && s->u.update_started_ms;
	if (kept)
		transcript_note(s->tr, "left in the journal: a restart resumes this unit");
	if (!s->u.no_record && slot_record_write(s, finished) && s->u.journaled && !kept &&
	    journal_remove(sh->cfg->log_dir, s->usb_path, err, sizeof err) < 0)
		transcript_note(s->tr, "journal: %s", err);
	transcript_close(s->tr);
	s->tr = NULL;

	if (!s->u.no_record) {
		atomic_fetch_add(&sh->finished, 1);
		if (s->u.result == SLOT_FAIL || s->u.result == SLOT_ABORTED)
			atomic_fetch_add(&sh->failed, 1);
		board_count_result(sh->board, s->u.result, s->u.result == SLOT_PASS);
	}
	slot_svc_publish(s);
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
static bool slot_until_start(struct slot *s)
{
	s->cmds &= ~(unsigned)BOARD_CMD_START;
	slot_wait_commands(s);
	if (board_auto_start(s->sh->board) && !(s->cmds & BOARD_CMD_START))
		return true;
	board_transition(s->sh->board, s->index, SLOT_WAITING, "module in slot; waiting for start");
	slot_svc_detail(s, "press start");
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
static bool slot_until_removed(struct slot *s)
{
	unsigned arrived = s->ch_arrival;

	s->cmds &= ~(unsigned)(BOARD_CMD_RETRY | BOARD_CMD_START);
	slot_wait_mail(s);
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
	/* --once: a module seen at start that never shows up (it was pulled) does not hold the run;
	 * one without its AT tty shows up after discovery's wait for the tty. */
	int64_t once_deadline = clock_mono_ms() + sh->cfg->reboot_ms + DISCOVERY_TTY_WAIT_MS;

	if (sh->once && !s->present_now && !s->has_resume) {
		slot_svc_detail(s, "no module at start");
		if (sh->notify_fd >= 0 && write(sh->notify_fd, "e", 1) < 0) { /* already waiting */ }
		return NULL;
	}
	for (;;) {
		slot_wait_mail(s);
		slot_wait_commands(s);
		if (atomic_load(&sh->stopping))
			break;
		if (!s->present && !s->has_resume && !rerun) {
			struct board_slot b;
			board_snapshot(sh->board, s->index, &b);
			if (b.state != SLOT_EMPTY) {
				slot_imeis_release(sh->imeis, s->index);
				board_transition(sh->board, s->index, SLOT_EMPTY, "slot empty");
				slot_svc_detail(s, "insert module");
			}
			if (sh->once && clock_mono_ms() >= once_deadline)
				break;
			slot_wait(s, sh->once ? once_deadline : -1, -1);
			continue;
		}
		if (!s->has_resume && !rerun && !slot_until_start(s))
			continue;
		s->rerun = rerun;
		rerun = false;
		slot_unit(s);
		s->has_resume = false;
		if (sh->once)
			break;
		rerun = slot_until_removed(s);
		/* A retry after an abort mid-update waits for the module's update to end first. */
		while (rerun && slot_settle_needed(s) && !slot_settle(s))
			rerun = !atomic_load(&sh->stopping) && slot_until_removed(s);
		if (!rerun)
			slot_imeis_release(sh->imeis, s->index);
	}
	slot_svc_close_port(s);
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
