/* The worker's waits: its mailbox (discovery events), the operator's commands, the upload gate. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_svc.h"

/* Applies queued discovery events to what the worker believes about its slot. */
void slot_wait_mail(struct slot *s)
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
		if (mail[i].ev == DISCOVERY_ARRIVED || mail[i].ev == DISCOVERY_NO_TTY) {
			/* NO_TTY: a module all the same; the unit opens no port and says why */
			s->present = true;
			s->port = mail[i].port;
			s->arrivals++;
			if (s->tr && s->port.tty[0])
				transcript_note(s->tr, "module arrived: %s", mail[i].port.tty);
			else if (s->tr)
				transcript_note(s->tr, "module arrived: no AT port on interface %d",
						s->sh->cfg->at_interface);
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

void slot_wait_commands(struct slot *s)
{
	unsigned c = board_take_commands(s->sh->board, s->index);
	s->cmds |= c;
	if (c & BOARD_CMD_ABORT)
		s->abort_req = true;
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
		slot_wait_mail(s);
		woke |= SLOT_WOKE_MAIL;
	}
	if (rc > 0 && p[1].revents) {
		slot_wait_commands(s);
		woke |= SLOT_WOKE_CMD;
	}
	if (rc > 0 && extra_fd >= 0 && p[2].revents)
		woke |= SLOT_WOKE_GATE;
	return woke;
}
