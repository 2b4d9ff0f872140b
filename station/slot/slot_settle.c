#include "station/slot/slot_settle.h"

#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ident.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_svc.h"

#define SLOT_SETTLE_ASK_MS 2000   /* how often a silent module is asked whether it is back */

/* Whether the module on the open port answers as normal firmware: an IMEI to AT+CGSN. */
static bool slot_settle_answers(struct slot *s)
{
	static const char *const bare[] = { "", NULL };
	const struct config *cfg = slot_svc_cfg(s);
	struct at_response *r = xmalloc(sizeof *r);
	char err[256];
	bool normal = false;

	if (at_ident_prepare(s->ch, cfg->command_ms, err, sizeof err) == 0 &&
	    slot_svc_at(s, "AT+CGSN", bare, cfg->command_ms, r) == AT_OK)
		for (int i = 0; i < r->n_lines && !normal; i++) {
			char imei[24];
			normal = at_ident_parse_cgsn(&r->lines[i], 1, imei, err, sizeof err) == 0;
		}
	free(r);
	return normal;
}

bool slot_settle(struct slot *s)
{
	const struct config *cfg = slot_svc_cfg(s);
	int64_t deadline = clock_mono_ms() + cfg->update_ms, next_ask = 0, absent_since = -1;
	char err[256];
	bool ok = false, end_seen = false;
	unsigned arrivals_at_end = 0;
	int64_t end_at = 0;

	struct board_slot *b = board_lock(s->sh->board, s->index);
	b->err = ERR_NONE;
	b->module_code[0] = b->error_text[0] = '\0';
	b->needs_ack = false;
	board_unlock(s->sh->board, s->index);
	s->abort_req = false;
	s->cmds &= ~(unsigned)BOARD_CMD_ABORT;
	/* The abort that ended the unit does not cancel this wait; a new abort or a shutdown does. */
	board_cancel_clear(s->sh->board, s->index);
	if (atomic_load(&s->sh->stopping))
		board_cancel(s->sh->board, s->index);
	s->tr = transcript_new(s->label, slot_svc_tail_sink, s);
	if (transcript_attach(s->tr, cfg->log_dir, s->u.imei, clock_wall_ms(), err, sizeof err) < 0)
		board_tail(s->sh->board, s->index, err);
	slot_svc_go(s, SLOT_UPDATING, "retry: the aborted unit's module may still be updating");
	slot_svc_detail(s, "retry: waiting for the module's update to end");
	for (;;) {
		int64_t now = clock_mono_ms();
		if (slot_svc_stopping(s))
			break;
		/* Gone for longer than a reboot takes: the operator took it out. */
		absent_since = s->present || s->ch ? -1 : absent_since < 0 ? now : absent_since;
		if (absent_since >= 0 && now - absent_since > cfg->reboot_ms)
			break;
		if (now >= deadline) {
			slot_svc_log(s, "the module did not answer as normal firmware within %lld s; "
				     "identifying anyway", (long long)(cfg->update_ms / 1000));
			ok = true;
			break;
		}
		/* After its END report the module reboots: ask only once it has come back. */
		if (s->present && now >= next_ask &&
		    (!end_seen || s->arrivals != arrivals_at_end || now - end_at > cfg->reboot_ms)) {
			next_ask = now + SLOT_SETTLE_ASK_MS;
			if ((s->ch || slot_svc_open_port(s, err, sizeof err) == 0) && slot_settle_answers(s)) {
				slot_svc_log(s, "the module answers as normal firmware: identifying it");
				ok = true;
				break;
			}
			continue;
		}
		if (s->ch) {
			/* Its reports and its reboot arrive here; a reboot closes the port. */
			enum at_status st = at_chan_wait_urc(s->ch, clock_left_ms(next_ask > now ? next_ask :
										    now + SLOT_SETTLE_ASK_MS));
			for (int i = 0; i < s->urc_n; i++)
				if (strstr(s->urc[i], "\"FOTA\",\"END\"")) {
					end_seen = true;
					arrivals_at_end = s->arrivals;
					end_at = now;
				}
			s->urc_n = 0;
			if (st == AT_PORT_LOST)
				slot_svc_close_port(s);
			else if (st == AT_CANCELLED)
				slot_wait_commands(s);   /* an abort or a shutdown: the loop ends above */
			slot_wait_mail(s);
		} else {
			slot_wait(s, s->present ? (next_ask > now ? next_ask : now + SLOT_SETTLE_ASK_MS) : deadline, -1);
		}
	}
	slot_svc_close_port(s);
	transcript_close(s->tr);
	s->tr = NULL;
	if (!ok && !atomic_load(&s->sh->stopping)) {
		/* Aborted again or taken out: the slot shows the aborted unit as it was. */
		b = board_lock(s->sh->board, s->index);
		b->err = ERR_ABORTED;
		xstrlcpy(b->error_text, s->u.error_text, sizeof b->error_text);
		board_unlock(s->sh->board, s->index);
		board_transition(s->sh->board, s->index, SLOT_ABORTED, "retry stopped: %s", s->u.error_text);
	}
	return ok;
}

bool slot_settle_needed(const struct slot *s)
{
	return s->u.result == SLOT_ABORTED && s->u.update_started_ms != 0;
}
