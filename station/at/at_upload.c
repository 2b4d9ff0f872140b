#include "station/at/at_upload.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/at/at_qfupl.h"
#include "station/base/clock.h"
#include "station/at/at_ufs.h"
#include "station/at/modcode.h"
#include "station/base/xalloc.h"
#include "station/base/xor16.h"

#define AT_UPLOAD_BLOCK 1024          /* bytes per 'A' in ack mode 1 */
#define AT_UPLOAD_CHUNK (64 * 1024)   /* bytes per write in ack mode 0 */
#define AT_UPLOAD_PROGRESS (64 * 1024)
#define AT_UPLOAD_SLICE_MS 100        /* how often a blocked write looks for an answer */

/* How sending the data ended. */
enum at_upload_send {
	AT_UPLOAD_SENT,      /* all bytes out */
	AT_UPLOAD_STALLED,   /* the module stopped taking bytes or acking */
	AT_UPLOAD_SPOKE,     /* the module answered before all bytes were out */
};

static int at_upload_end(struct at_upload_result *res, enum at_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int at_upload_end(struct at_upload_result *res, enum at_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->text, sizeof res->text, fmt, ap);
	va_end(ap);
	res->status = st;
	return st < 0 ? (int)st : 0;
}

/* A command that did not end as hoped: a CME code gets the module's words. */
static int at_upload_fail(struct at_upload_result *res, const char *what, const struct at_response *r)
{
	res->cme = r->cme;
	if (r->status == AT_CME && r->cme >= 0) {
		const struct modcode_cme *m = modcode_cme(r->cme);
		snprintf(res->module_code, sizeof res->module_code, "CME %d", r->cme);
		return at_upload_end(res, AT_CME, "%s: %s", what, m->text);
	}
	switch (r->status) {
	case AT_TIMEOUT:
		return at_upload_end(res, r->status, "%s: no answer in time", what);
	case AT_PORT_LOST:
		return at_upload_end(res, r->status, "%s: the port went away", what);
	case AT_CANCELLED:
		return at_upload_end(res, r->status, "%s: stopped", what);
	case AT_OK:
	case AT_CONNECT:
		/* The one the command did not expect here: not its answer. */
		return at_upload_end(res, AT_MALFORMED, "%s: unexpected %s", what, at_status_name(r->status));
	case AT_ERROR:
	case AT_CME:
	case AT_REFUSED:
	case AT_MALFORMED:
	case AT_MISMATCH:
		break;
	}
	return at_upload_end(res, r->status, "%s: %s", what, at_status_name(r->status));
}

static void at_upload_progress(const struct at_upload_req *req, uint64_t sent, uint64_t *next)
{
	if (!req->progress || (sent < *next && sent < req->size))
		return;
	req->progress(req->ctx, sent, req->size);
	*next = sent - sent % AT_UPLOAD_PROGRESS + AT_UPLOAD_PROGRESS;
}

/* The expected checksum, folded in behind the writes of the first attempt, while the module side
 * is still draining them, instead of one pass over the whole package before the first byte. */
struct at_upload_sum {
	uint16_t sum;
	uint64_t done;
};

static void at_upload_sum_to(struct at_upload_sum *c, const uint8_t *data, uint64_t upto)
{
	if (upto > c->done) {
		c->sum = xor16_update(c->sum, c->done, data + c->done, (size_t)(upto - c->done));
		c->done = upto;
	}
}

/* Writes one chunk. While the port takes nothing, looks every slice for an answer from the module
 * (it left data mode: an error, or its idle timeout), and gives up after wait_ms without progress.
 * *sent gets the bytes written; *st a port loss or an interruption. */
static enum at_upload_send at_upload_chunk(struct at_chan *ch, const uint8_t *data, size_t n, int64_t wait_ms,
					   size_t *sent, enum at_status *st)
{
	int64_t last = clock_mono_ms();
	uint8_t b;

	*sent = 0;
	while (*sent < n) {
		size_t done = 0;

		*st = at_chan_write_some(ch, data + *sent, n - *sent, AT_UPLOAD_SLICE_MS, &done);
		*sent += done;
		if (*st == AT_OK)
			break;
		if (*st != AT_TIMEOUT)
			return AT_UPLOAD_STALLED;
		if (done)
			last = clock_mono_ms();
		*st = at_chan_peek_byte(ch, &b, 0);
		if (*st == AT_OK)
			return AT_UPLOAD_SPOKE;
		if (*st != AT_TIMEOUT)
			return AT_UPLOAD_STALLED;
		*st = AT_OK;
		if (clock_mono_ms() - last > wait_ms)
			return AT_UPLOAD_STALLED;
	}
	*st = AT_OK;
	return AT_UPLOAD_SENT;
}

/* Data mode: sends the bytes; *st gets a port loss or an interruption. */
static enum at_upload_send at_upload_data(struct at_chan *ch, const struct at_upload_req *req,
					  struct at_upload_result *res, struct at_upload_sum *sum,
					  enum at_status *st)
{
	int64_t wait_ms = (int64_t)req->idle_timeout_s * 1000 + req->timeout_ms;
	size_t chunk = req->ack_mode ? AT_UPLOAD_BLOCK : AT_UPLOAD_CHUNK;
	uint64_t next = 0;
	enum at_upload_send how;
	size_t done;
	uint8_t b;

	*st = AT_OK;
	res->bytes_sent = 0;
	while (res->bytes_sent < req->size) {
		size_t off = (size_t)res->bytes_sent, n = req->size - off < chunk ? req->size - off : chunk;

		/* Anything from the module now means it left data mode (an error, or it gave up). In
		 * ack mode the wait for each 'A' sees that already. */
		if (!req->ack_mode) {
			*st = at_chan_peek_byte(ch, &b, 0);
			if (*st == AT_OK)
				return AT_UPLOAD_SPOKE;
			if (*st != AT_TIMEOUT)
				return AT_UPLOAD_STALLED;
		}
		how = at_upload_chunk(ch, req->data + off, n, wait_ms, &done, st);
		res->bytes_sent += done;
		at_upload_sum_to(sum, req->data, res->bytes_sent);
		at_upload_progress(req, res->bytes_sent, &next);
		if (how != AT_UPLOAD_SENT)
			return how;
		if (!req->ack_mode || n < AT_UPLOAD_BLOCK)
			continue;
		*st = at_chan_peek_byte(ch, &b, wait_ms);
		if (*st == AT_TIMEOUT) {
			*st = AT_OK;
			return AT_UPLOAD_STALLED;
		}
		if (*st != AT_OK)
			return AT_UPLOAD_STALLED;
		if (b != 'A')
			return res->bytes_sent == req->size ? AT_UPLOAD_SENT : AT_UPLOAD_SPOKE;
		at_chan_read_byte(ch, &b, 0);
	}
	*st = AT_OK;
	return AT_UPLOAD_SENT;
}

/* Deletes a file that arrived wrong before the next attempt; a missing file is fine. */
static void at_upload_delete(struct at_chan *ch, const struct at_upload_req *req)
{
	char err[160];
	if (at_ufs_delete(ch, req->name, NULL, req->timeout_ms, err, sizeof err) < 0)
		at_chan_note(ch, "delete before retry: %s", err);
}

int at_upload(struct at_chan *ch, const struct at_upload_req *req, struct at_upload_result *res)
{
	static const char *const prefix[] = { "+QFUPL:", NULL };
	struct at_upload_sum expect = { 0, 0 };
	struct at_response *r;
	char cmd[160];
	int rc = AT_MISMATCH;

	memset(res, 0, sizeof *res);
	res->cme = -1;
	res->reported_size = -1;
	res->reported_checksum = -1;
	if (!req->name || !at_ufs_name_ok(req->name)) {
		return at_upload_end(res, AT_REFUSED, "file name refused (quote, control character, path or over 80 bytes)");
	}
	if (req->size == 0 || (req->ack_mode != 0 && req->ack_mode != 1) || req->idle_timeout_s < 1) {
		return at_upload_end(res, AT_REFUSED, "upload refused: empty file or bad ack mode / timeout");
	}
	snprintf(cmd, sizeof cmd, "AT+QFUPL=\"%s\",%zu,%d,%d", req->name, req->size, req->idle_timeout_s,
		 req->ack_mode);
	if (req->checksum_known)
		expect = (struct at_upload_sum){ req->checksum, req->size };
	r = xmalloc(sizeof *r);
	/* The module ends data mode by itself after this long without bytes. */
	at_chan_set_data_idle(ch, (int64_t)req->idle_timeout_s * 1000);
	for (int attempt = 1; attempt <= (req->max_attempts > 0 ? req->max_attempts : 1); attempt++) {
		enum at_upload_send how;
		enum at_status st;
		uint64_t size;
		uint16_t sum;

		res->attempts = attempt;
		res->reported_size = -1;
		res->reported_checksum = -1;
		if (at_chan_command(ch, cmd, prefix, req->timeout_ms, r) != AT_CONNECT) {
			if (r->status == AT_CME && r->cme == 407 && attempt < req->max_attempts) {
				at_upload_delete(ch, req);  /* a stale copy: remove it and go again */
				continue;
			}
			rc = at_upload_fail(res, "AT+QFUPL", r);
			break;
		}
		at_chan_note(ch, "data: %zu bytes, ack mode %d", req->size, req->ack_mode);
		how = at_upload_data(ch, req, res, &expect, &st);
		at_upload_sum_to(&expect, req->data, req->size);
		res->expected_checksum = expect.sum;
		at_chan_note(ch, "data: %llu bytes sent, xor16 %04x%s", (unsigned long long)res->bytes_sent, expect.sum,
			     how == AT_UPLOAD_STALLED ? " (stalled)" : how == AT_UPLOAD_SPOKE ? " (module answered early)" : "");
		if (st != AT_OK) {
			r->status = st;
			rc = at_upload_fail(res, "upload data", r);
			break;
		}
		st = at_chan_finish(ch, prefix, req->timeout_ms +
				    (how == AT_UPLOAD_SENT ? 0 : (int64_t)req->idle_timeout_s * 1000), r);
		if (st != AT_OK) {
			rc = at_upload_fail(res, "AT+QFUPL result", r);
			break;
		}
		res->status = st;
		if (r->n_lines == 1 && at_qfupl_parse(r->lines[0], &size, &sum) == 0) {
			res->reported_size = (int64_t)size;
			res->reported_checksum = sum;
		}
		if (res->reported_size == (int64_t)req->size && res->reported_checksum == res->expected_checksum) {
			rc = at_upload_end(res, AT_OK, "uploaded %zu bytes, checksum %04x", req->size, sum);
			break;
		}
		if (res->reported_size < 0)
			at_upload_end(res, AT_MISMATCH, "no +QFUPL result line in the answer");
		else
			at_upload_end(res, AT_MISMATCH, "module got %lld of %zu bytes, checksum %04x, expected %04x",
				      (long long)res->reported_size, req->size, (unsigned)res->reported_checksum,
				      res->expected_checksum);
		at_chan_note(ch, "attempt %d: %s", attempt, res->text);
		at_upload_delete(ch, req);
		rc = AT_MISMATCH;
	}
	free(r);
	return rc;
}
