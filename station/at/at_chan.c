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
	bool need_resync;   /* a command ended without its final result: its answer may still come */
	uint8_t data_fold;  /* the CR or LF that ended CONNECT: its partner is no data-mode byte */
};

static const char *const at_status_names[] = {
	[AT_OK - AT_REFUSED]          = "OK",
	[AT_CONNECT - AT_REFUSED]     = "CONNECT",
	[AT_ERROR - AT_REFUSED]       = "ERROR",
	[AT_CME - AT_REFUSED]         = "CME ERROR",
	[AT_TIMEOUT - AT_REFUSED]     = "timeout",
	[AT_PORT_LOST - AT_REFUSED]   = "port lost",
	[AT_INTERRUPTED - AT_REFUSED] = "interrupted",
	[AT_REFUSED - AT_REFUSED]     = "refused",
};

const char *at_status_name(enum at_status s)
{
	int i = (int)s - AT_REFUSED;
	if (i < 0 || i >= (int)(sizeof at_status_names / sizeof at_status_names[0]))
		return "unknown";
	return at_status_names[i];
}

enum errcode at_status_errcode(enum at_status s)
{
	switch (s) {
	case AT_OK:
	case AT_CONNECT:
		return ERR_NONE;
	case AT_ERROR:
	case AT_CME:
	case AT_REFUSED:
		return ERR_AT;
	case AT_TIMEOUT:
		return ERR_TIMEOUT;
	case AT_PORT_LOST:
		return ERR_PORT_LOST;
	case AT_INTERRUPTED:
		return ERR_ABORTED;
	}
	return ERR_INTERNAL;
}

static struct at_chan *at_chan_new(void)
{
	struct at_chan *ch = xcalloc(1, sizeof *ch);
	at_line_init(&ch->line);
	ch->tty.fd = -1;
	ch->tty.wake_fd = -1;
	return ch;
}

struct at_chan *at_chan_open(const char *path, char *err, size_t errlen)
{
	struct at_chan *ch = at_chan_new();
	if (at_tty_open(&ch->tty, path, err, errlen) < 0) {
		free(ch);
		return NULL;
	}
	return ch;
}

struct at_chan *at_chan_from_fd(int fd)
{
	struct at_chan *ch = at_chan_new();
	at_tty_wrap(&ch->tty, fd);
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

void at_chan_set_wake_fd(struct at_chan *ch, int fd)
{
	ch->tty.wake_fd = fd;
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
		if (st == AT_TIMEOUT || st == AT_INTERRUPTED)
			return AT_OK;  /* nothing more already there; a notification is not ours to take */
		if (st != AT_OK)
			return st;
		at_chan_urc(ch, ch->line.text);
	}
}

/* Brings the module back to a known state after a lost answer: flush, AT -> OK, then wait for
 * quiet so that the lost answer cannot arrive later and be taken for the next command's. */
/* Resync takes every non-URC line as its own and drops it, so nothing late reaches the URC hook. */
static const char *const at_chan_any[] = { "", NULL };

static enum at_status at_chan_resync(struct at_chan *ch, int64_t timeout_ms)
{
	static const uint8_t at_cr[] = "AT\r";
	struct at_response r;
	enum at_status st;
	int64_t deadline;

	at_chan_note(ch, "resync after a lost answer");
	at_chan_flush(ch);
	st = (enum at_status)at_tty_write(&ch->tty, at_cr, 3, clock_mono_ms() + timeout_ms, NULL);
	at_chan_trace(ch, AT_DIR_TX, at_cr, 3);
	if (st != AT_OK)
		return st;
	deadline = clock_mono_ms() + timeout_ms;
	do {
		r.n_lines = 0;
		st = at_chan_collect(ch, "AT", at_chan_any, deadline, &r);
	} while (st != AT_OK && st != AT_TIMEOUT && st != AT_PORT_LOST && st != AT_INTERRUPTED &&
		 clock_left_ms(deadline) > 0);
	if (st != AT_OK)
		return st;
	/* Quiet period: final results here belong to the lost command or a duplicate; drop them. */
	for (;;) {
		r.n_lines = 0;
		st = at_chan_collect(ch, "AT", at_chan_any, clock_mono_ms() + AT_CHAN_SETTLE_MS, &r);
		if (st == AT_TIMEOUT)
			break;
		if (st == AT_PORT_LOST || st == AT_INTERRUPTED)
			return st;
		at_chan_note(ch, "resync: dropped a late %s", at_status_name(st));
	}
	ch->need_resync = false;
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
	} else if (st == AT_INTERRUPTED) {
		ch->need_resync = true;
		at_chan_note(ch, "interrupted");
	} else if (st != AT_PORT_LOST) {
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
	if (ch->need_resync) {
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
	return resp->status = at_chan_end(ch, st);
}

enum at_status at_chan_wait_urc(struct at_chan *ch, int64_t timeout_ms)
{
	enum at_status st = at_chan_next_line(ch, clock_mono_ms() + timeout_ms);
	if (st == AT_OK)
		at_chan_urc(ch, ch->line.text);
	return st;
}

enum at_status at_chan_write_raw(struct at_chan *ch, const uint8_t *data, size_t len, int64_t timeout_ms)
{
	size_t done = 0;
	enum at_status st = (enum at_status)at_tty_write(&ch->tty, data, len, clock_mono_ms() + timeout_ms, &done);
	if (st != AT_OK)
		at_chan_note(ch, "data: %zu of %zu bytes written: %s", done, len, at_status_name(st));
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
