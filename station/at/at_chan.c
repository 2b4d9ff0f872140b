#include "station/at/at_chan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/at/at_line.h"
#include "station/at/at_route.h"
#include "station/at/at_tty.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"

/* After a resync's OK, lines keep being drained until the port has been quiet this long, so an
 * answer that was late by more than the resync's own round trip is still not taken for the next. */
#define AT_CHAN_SETTLE_MS 100
#define AT_CHAN_CMD_MAX 600

struct at_chan {
	struct at_tty tty;
	struct at_chan_hooks hooks;
	struct at_line line;
	uint8_t rx[4096];
	size_t rx_pos, rx_len;
	int timeouts;
	int last_cme;       /* the <n> of the last +CME ERROR, else -1 */
	int lost_after;     /* this many timeouts in a row: the port counts as lost (0 = never) */
	bool need_resync;   /* a command ended without its final result: its answer may still come */
	bool first_contact; /* opened here, no command yet: an earlier owner's answer may still come */
	bool data_mode;     /* CONNECT seen, the final result of its command not yet */
	int64_t data_idle_ms; /* the module leaves data mode by itself after this long without bytes */
	uint8_t data_fold;  /* the CR or LF that ended CONNECT: its partner is no data-mode byte */
};

static struct at_chan *at_chan_new(void)
{
	struct at_chan *ch = xcalloc(1, sizeof *ch);
	at_line_init(&ch->line);
	ch->last_cme = -1;
	ch->tty.fd = -1;
	ch->tty.cancel_fd = -1;
	return ch;
}

struct at_chan *at_chan_open(const char *path, char *err, size_t errlen)
{
	struct at_chan *ch = at_chan_new();
	if (at_tty_open(&ch->tty, path, err, errlen) < 0) {
		free(ch);
		return NULL;
	}
	ch->first_contact = true;
	return ch;
}

struct at_chan *at_chan_from_fd(int fd)
{
	struct at_chan *ch = at_chan_new();
	at_tty_wrap(&ch->tty, fd);
	return ch;
}

struct at_chan *at_chan_from_port_fd(int fd)
{
	struct at_chan *ch = at_chan_from_fd(fd);
	ch->first_contact = true;
	return ch;
}

void at_chan_close(struct at_chan *ch)
{
	if (!ch)
		return;
	at_tty_close(&ch->tty);
	free(ch);
}

int at_chan_fd(const struct at_chan *ch)
{
	return ch->tty.fd;
}

void at_chan_set_hooks(struct at_chan *ch, const struct at_chan_hooks *hooks)
{
	if (hooks)
		ch->hooks = *hooks;
	else
		memset(&ch->hooks, 0, sizeof ch->hooks);
}

void at_chan_set_cancel_fd(struct at_chan *ch, int fd)
{
	ch->tty.cancel_fd = fd;
}

void at_chan_set_data_idle(struct at_chan *ch, int64_t ms)
{
	ch->data_idle_ms = ms;
}

bool at_chan_in_data_mode(const struct at_chan *ch)
{
	return ch->data_mode;
}

bool at_chan_needs_resync(const struct at_chan *ch)
{
	return ch->need_resync || ch->data_mode || ch->first_contact;
}

void at_chan_set_lost_after(struct at_chan *ch, int n)
{
	ch->lost_after = n;
}

int at_chan_last_cme(const struct at_chan *ch)
{
	return ch->last_cme;
}

int at_chan_timeouts(const struct at_chan *ch)
{
	return ch->timeouts;
}

static void at_chan_trace(struct at_chan *ch, enum at_dir dir, const void *data, size_t len)
{
	if (ch->hooks.transcript && len)
		ch->hooks.transcript(ch->hooks.ctx, dir, data, len);
}

void at_chan_note(struct at_chan *ch, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	if (!ch->hooks.transcript)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	at_chan_trace(ch, AT_DIR_NOTE, buf, strlen(buf));
}

/* Refills the receive buffer when it is empty. */
static enum at_status at_chan_fill(struct at_chan *ch, int64_t deadline_ms)
{
	ssize_t r;

	if (ch->rx_pos < ch->rx_len)
		return AT_OK;
	r = at_tty_read(&ch->tty, ch->rx, sizeof ch->rx, deadline_ms);
	if (r < 0) {
		if (r == AT_PORT_LOST)
			at_chan_note(ch, "port lost");
		return (enum at_status)r;
	}
	ch->rx_pos = 0;
	ch->rx_len = (size_t)r;
	at_chan_trace(ch, AT_DIR_RX, ch->rx, ch->rx_len);
	return AT_OK;
}

/* The next complete line into ch->line.text, waiting until deadline_ms. */
static enum at_status at_chan_next_line(struct at_chan *ch, int64_t deadline_ms)
{
	for (;;) {
		bool done;
		enum at_status st = at_chan_fill(ch, deadline_ms);
		if (st != AT_OK)
			return st;
		ch->rx_pos += at_line_feed(&ch->line, ch->rx + ch->rx_pos, ch->rx_len - ch->rx_pos, &done);
		if (!done)
			continue;
		if (ch->line.cut)
			at_chan_note(ch, "line cut at %zu bytes (%zu dropped)", ch->line.len, ch->line.dropped);
		return AT_OK;
	}
}

static void at_chan_urc(struct at_chan *ch, const char *line)
{
	if (ch->hooks.urc)
		ch->hooks.urc(ch->hooks.ctx, line);
}

/* Drops everything received so far: buffered bytes, a partial line and what the driver holds. */
static void at_chan_flush(struct at_chan *ch)
{
	size_t n = ch->rx_len - ch->rx_pos + at_tty_flush_input(&ch->tty);
	ch->rx_pos = ch->rx_len = 0;
	at_line_reset(&ch->line);
	at_chan_note(ch, "flush: %zu bytes dropped", n);
}

/* Reads lines until a final result for cmd, filling resp. The deadline is absolute. */
static enum at_status at_chan_collect(struct at_chan *ch, const char *cmd, const char *const *prefixes,
				      int64_t deadline_ms, struct at_response *resp)
{
	for (;;) {
		enum at_status st = at_chan_next_line(ch, deadline_ms), fin = AT_OK;
		int cme = -1;

		if (st != AT_OK)
			return st;
		switch (at_route_line(ch->line.text, cmd, prefixes, &fin, &cme)) {
		case AT_ROUTE_ECHO:
			break;
		case AT_ROUTE_FINAL:
			resp->cme = cme;
			return fin;
		case AT_ROUTE_LINE:
			if (resp->n_lines < AT_MAX_LINES)
				memcpy(resp->lines[resp->n_lines++], ch->line.text, ch->line.len + 1);
			else
				at_chan_note(ch, "more than %d lines: one dropped", AT_MAX_LINES);
			break;
		case AT_ROUTE_URC:
			at_chan_urc(ch, ch->line.text);
			break;
		}
	}
}

/* Lines that arrived before a command was sent cannot be its answer: route every complete line
 * already received (buffered, or waiting in the driver) as unsolicited. A partial line stays. */
static enum at_status at_chan_drain(struct at_chan *ch)
{
	for (;;) {
		enum at_status st = at_chan_next_line(ch, clock_mono_ms() - 1);
		if (st == AT_TIMEOUT)
			return AT_OK;  /* nothing more is already there */
		if (st != AT_OK)
			return st;
		at_chan_urc(ch, ch->line.text);
	}
}

/* Resync takes every non-URC line as its own and drops it, so nothing late reaches the URC hook. */
static const char *const at_chan_any[] = { "", NULL };

/* Still in data mode: the module takes every byte as data until it ends data mode by itself (its
 * idle timeout) with the command's final result. Sending "AT" now would only add to the file, so
 * wait for that result. */
static enum at_status at_chan_leave_data(struct at_chan *ch, int64_t deadline_ms)
{
	struct at_response r;
	enum at_status st;

	at_chan_note(ch, "resync: waiting for the module to leave data mode");
	for (;;) {
		r.n_lines = 0;
		st = at_chan_collect(ch, "", at_chan_any, deadline_ms, &r);
		if (st == AT_TIMEOUT || st == AT_PORT_LOST || st == AT_CANCELLED)
			return st;
		if (st != AT_CONNECT)
			break;
	}
	at_chan_note(ch, "resync: data mode ended with %s", at_status_name(st));
	ch->data_mode = false;
	return AT_OK;
}

/* Brings the module back to a known state after a lost answer: flush, AT -> OK, then wait for
 * quiet so that the lost answer cannot arrive later and be taken for the next command's. All of
 * it within timeout_ms (plus the data-mode idle when the module may still be in data mode): a
 * module that keeps talking cannot hold the channel.
 * First contact on a port opened here is the same without the flush: what the module said while
 * nobody had the port open is delivered when it is opened, after the open's own flush (a USB
 * module holds its output until the host reads), and may be an earlier owner's answer (a cut
 * upload's "+QFUPL: ..." and OK, once a station was killed mid-upload). Lines already there are
 * routed as unsolicited instead: a report the module made at boot ("+QIND: ...") is kept. */
static enum at_status at_chan_resync(struct at_chan *ch, int64_t timeout_ms)
{
	static const uint8_t at_cr[] = "AT\r";
	int64_t deadline = clock_mono_ms() + timeout_ms;
	struct at_response r;
	enum at_status st;

	if (ch->data_mode) {
		deadline += ch->data_idle_ms;
		st = at_chan_leave_data(ch, deadline);
		if (st != AT_OK)
			return st;
	}
	if (ch->first_contact) {
		at_chan_note(ch, "first contact: AT, then quiet (an earlier answer may still come)");
		st = at_chan_drain(ch);
		if (st != AT_OK)
			return st;
	} else {
		at_chan_note(ch, "resync after a lost answer");
		at_chan_flush(ch);
	}
	st = (enum at_status)at_tty_write(&ch->tty, at_cr, 3, deadline, NULL);
	at_chan_trace(ch, AT_DIR_TX, at_cr, 3);
	if (st != AT_OK)
		return st;
	do {
		r.n_lines = 0;
		st = at_chan_collect(ch, "AT", at_chan_any, deadline, &r);
	} while (st != AT_OK && st != AT_TIMEOUT && st != AT_PORT_LOST && st != AT_CANCELLED &&
		 clock_left_ms(deadline) > 0);
	if (st != AT_OK)
		return st;
	/* Quiet period: final results here belong to the lost command or a duplicate; drop them. */
	for (;;) {
		int64_t quiet = clock_mono_ms() + AT_CHAN_SETTLE_MS;
		if (quiet > deadline) {
			at_chan_note(ch, "resync: the module does not go quiet");
			return AT_TIMEOUT;
		}
		r.n_lines = 0;
		st = at_chan_collect(ch, "AT", at_chan_any, quiet, &r);
		if (st == AT_TIMEOUT)
			break;
		if (st == AT_PORT_LOST || st == AT_CANCELLED)
			return st;
		at_chan_note(ch, "resync: dropped a late %s", at_status_name(st));
	}
	ch->need_resync = false;
	ch->first_contact = false;
	return AT_OK;
}

/* A command line must be one printable line starting with AT. */
static bool at_chan_cmd_ok(const char *cmd)
{
	size_t n = strlen(cmd);
	if (n < 2 || n > AT_CHAN_CMD_MAX || (cmd[0] != 'A' && cmd[0] != 'a') || (cmd[1] != 'T' && cmd[1] != 't'))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)cmd[i] < 0x20 || cmd[i] == 0x7f)
			return false;
	return true;
}

/* Counts lost answers and marks the channel for a resync before the next command. */
static enum at_status at_chan_end(struct at_chan *ch, enum at_status st)
{
	if (st == AT_TIMEOUT) {
		ch->timeouts++;
		ch->need_resync = true;
		at_chan_note(ch, "timeout (%d in a row)", ch->timeouts);
		if (ch->lost_after > 0 && ch->timeouts >= ch->lost_after) {
			/* A port that answers nothing any more is as good as gone (a hung module). */
			at_chan_note(ch, "port lost: %d timeouts in a row", ch->timeouts);
			return AT_PORT_LOST;
		}
	} else if (st == AT_CANCELLED) {
		ch->need_resync = true;
		at_chan_note(ch, "cancelled");
	} else if (st == AT_PORT_LOST) {
		ch->need_resync = true;   /* noted where it was seen */
	} else {
		ch->timeouts = 0;
	}
	return st;
}

enum at_status at_chan_command(struct at_chan *ch, const char *cmd, const char *const *prefixes,
			       int64_t timeout_ms, struct at_response *resp)
{
	uint8_t line[AT_CHAN_CMD_MAX + 1];
	size_t n = strlen(cmd), done = 0;
	enum at_status st;

	resp->n_lines = 0;
	resp->cme = -1;
	if (!at_chan_cmd_ok(cmd)) {
		at_chan_note(ch, "refused a malformed command line");
		return resp->status = AT_REFUSED;
	}
	if (at_chan_needs_resync(ch)) {
		st = at_chan_resync(ch, timeout_ms);
		if (st != AT_OK)
			return resp->status = at_chan_end(ch, st);
	}
	st = at_chan_drain(ch);
	if (st != AT_OK)
		return resp->status = at_chan_end(ch, st);
	memcpy(line, cmd, n);
	line[n++] = '\r';
	st = (enum at_status)at_tty_write(&ch->tty, line, n, clock_mono_ms() + timeout_ms, &done);
	at_chan_trace(ch, AT_DIR_TX, line, done);
	if (st == AT_OK)
		st = at_chan_collect(ch, cmd, prefixes, clock_mono_ms() + timeout_ms, resp);
	ch->data_fold = st == AT_CONNECT ? ch->line.fold : 0;
	ch->data_mode = st == AT_CONNECT;
	ch->last_cme = resp->cme;
	return resp->status = at_chan_end(ch, st);
}

enum at_status at_chan_finish(struct at_chan *ch, const char *const *prefixes, int64_t timeout_ms,
			      struct at_response *resp)
{
	enum at_status st;

	resp->n_lines = 0;
	resp->cme = -1;
	/* No echo in data mode: an empty command text matches no line. */
	st = at_chan_collect(ch, "", prefixes, clock_mono_ms() + timeout_ms, resp);
	if (st != AT_TIMEOUT && st != AT_PORT_LOST && st != AT_CANCELLED)
		ch->data_mode = false;   /* the command's final result: data mode is over */
	ch->last_cme = resp->cme;
	return resp->status = at_chan_end(ch, st);
}

enum at_status at_chan_wait_urc(struct at_chan *ch, int64_t timeout_ms)
{
	enum at_status st = at_chan_next_line(ch, clock_mono_ms() + timeout_ms);
	if (st == AT_OK)
		at_chan_urc(ch, ch->line.text);
	return st;
}

enum at_status at_chan_write_some(struct at_chan *ch, const uint8_t *data, size_t len, int64_t timeout_ms,
				  size_t *done)
{
	size_t n = 0;
	enum at_status st = (enum at_status)at_tty_write(&ch->tty, data, len, clock_mono_ms() + timeout_ms, &n);
	if (done)
		*done = n;
	return st;
}

enum at_status at_chan_peek_byte(struct at_chan *ch, uint8_t *byte, int64_t timeout_ms)
{
	int64_t deadline = clock_mono_ms() + timeout_ms;

	/* A caller that waits (an ack after a block) has just written: nothing is there yet, so it
	 * waits first and reads once, instead of a read that finds the port empty every block. A
	 * hang-up is left to the read, which notes it. */
	if (timeout_ms > 0 && ch->rx_pos >= ch->rx_len) {
		enum at_status w = (enum at_status)at_tty_wait_readable(&ch->tty, deadline);
		if (w == AT_TIMEOUT || w == AT_CANCELLED)
			return w;
	}

	for (;;) {
		enum at_status st = at_chan_fill(ch, deadline);
		uint8_t b;

		if (st != AT_OK)
			return st;
		b = ch->rx[ch->rx_pos];
		/* "CONNECT\r\n": the LF may come after the CR was taken as the end of the line. */
		if (ch->data_fold && (b == '\r' || b == '\n') && b != ch->data_fold) {
			ch->data_fold = 0;
			ch->rx_pos++;
			continue;
		}
		ch->data_fold = 0;
		*byte = b;
		return AT_OK;
	}
}

enum at_status at_chan_read_byte(struct at_chan *ch, uint8_t *byte, int64_t timeout_ms)
{
	enum at_status st = at_chan_peek_byte(ch, byte, timeout_ms);
	if (st == AT_OK)
		ch->rx_pos++;
	return st;
}
