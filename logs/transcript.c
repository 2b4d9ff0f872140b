#include "logs/transcript.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "logs/logdir.h"
#include "station/base/clock.h"
#include "station/base/url.h"
#include "station/base/xalloc.h"

/* Lines kept before the file exists; beyond this the oldest part is dropped and said so. */
#define TRANSCRIPT_PENDING_MAX (256 * 1024)
/* A received line longer than this is written in pieces. Above the longest AT+QFOTADL line
 * (a 512-byte URL and its quotes), so a module's echo of it is one line and masked whole. */
#define TRANSCRIPT_RX_MAX 1024

struct transcript {
	char label[16];
	char port[64];
	transcript_sink sink;
	void *ctx;
	int fd;                        /* -1 until attached */
	char *path;                    /* NULL until attached */
	char *pending;                 /* lines before attach */
	size_t pending_len;
	bool pending_cut;
	uint8_t rx[TRANSCRIPT_RX_MAX]; /* received bytes of the line in progress */
	size_t rx_len;
};

struct transcript *transcript_new(const char *slot_label, transcript_sink sink, void *ctx)
{
	struct transcript *t = xcalloc(1, sizeof *t);
	xstrlcpy(t->label, slot_label, sizeof t->label);
	xstrlcpy(t->port, "-", sizeof t->port);
	t->sink = sink;
	t->ctx = ctx;
	t->fd = -1;
	return t;
}

size_t transcript_escape(const uint8_t *data, size_t len, char *out, size_t size)
{
	size_t i, o = 0;

	if (size == 0)
		return 0;
	for (i = 0; i < len; i++) {
		char e[8];
		uint8_t c = data[i];
		if (c == '\r')
			strcpy(e, "<CR>");
		else if (c == '\n')
			strcpy(e, "<LF>");
		else if (c == '\\')
			strcpy(e, "\\\\");
		else if (c >= 0x20 && c < 0x7f)
			e[0] = (char)c, e[1] = '\0';
		else
			snprintf(e, sizeof e, "\\x%02X", c);
		size_t n = strlen(e);
		if (o + n >= size)
			break;
		memcpy(out + o, e, n);
		o += n;
	}
	out[o] = '\0';
	return i;
}

static void transcript_out(struct transcript *t, const char *buf, size_t len)
{
	if (t->fd >= 0) {
		while (len) {
			ssize_t n = write(t->fd, buf, len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return;   /* a full disk loses transcript text, never the unit */
			buf += n;
			len -= (size_t)n;
		}
		return;
	}
	if (t->pending_len + len > TRANSCRIPT_PENDING_MAX) {
		t->pending_cut = true;
		return;
	}
	t->pending = xrealloc(t->pending, t->pending_len + len);
	memcpy(t->pending + t->pending_len, buf, len);
	t->pending_len += len;
}

/* One transcript line: date, slot, port, direction, escaped text. Every line, sent, received or
 * a note, passes here: a URL package's password is masked before anything is kept or shown. */
static void transcript_line(struct transcript *t, char dir, const char *raw)
{
	char iso[32], text[4 * TRANSCRIPT_RX_MAX + 8];
	url_mask(raw, text, sizeof text);
	const char *port = strncmp(t->port, "/dev/", 5) == 0 ? t->port + 5 : t->port;
	char *line = xasprintf("%s slot%s %s %c %s\n", clock_iso(clock_wall_ms(), iso, sizeof iso),
			       t->label, port, dir, text);
	transcript_out(t, line, strlen(line));
	free(line);
	if (t->sink)
		t->sink(t->ctx, dir, text);
}

static void transcript_emit(struct transcript *t, char dir, const uint8_t *data, size_t len)
{
	char text[4 * TRANSCRIPT_RX_MAX + 1];
	while (len) {
		size_t used = transcript_escape(data, len, text, sizeof text);
		transcript_line(t, dir, text);
		data += used;
		len -= used;
	}
}

static void transcript_flush_rx(struct transcript *t)
{
	if (t->rx_len) {
		transcript_emit(t, '<', t->rx, t->rx_len);
		t->rx_len = 0;
	}
}

void transcript_bytes(struct transcript *t, char dir, const uint8_t *data, size_t len)
{
	switch (dir) {
	case TRANSCRIPT_TX:
		transcript_flush_rx(t);
		transcript_emit(t, '>', data, len);
		return;
	case TRANSCRIPT_RX:
		for (size_t i = 0; i < len; i++) {
			t->rx[t->rx_len++] = data[i];
			if (data[i] == '\n' || t->rx_len == sizeof t->rx)
				transcript_flush_rx(t);
		}
		return;
	default:
		transcript_flush_rx(t);
		transcript_emit(t, TRANSCRIPT_NOTE, data, len);
		return;
	}
}

void transcript_note(struct transcript *t, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	transcript_bytes(t, TRANSCRIPT_NOTE, (const uint8_t *)text, strlen(text));
}

void transcript_set_port(struct transcript *t, const char *port)
{
	transcript_flush_rx(t);
	xstrlcpy(t->port, port && *port ? port : "-", sizeof t->port);
}

int transcript_attach(struct transcript *t, const char *log_dir, const char *imei, int64_t started_wall_ms,
		      char *err, size_t errlen)
{
	char day[16], dir[4096], hhmmss[16];

	if (t->fd >= 0)
		return 0;
	clock_format(started_wall_ms, CLOCK_HHMMSS, hhmmss, sizeof hhmmss);
	snprintf(dir, sizeof dir, "%s/transcripts/%s", log_dir, clock_date(started_wall_ms, day, sizeof day));
	if (logdir_make(dir, err, errlen) < 0)
		return -1;
	t->path = xasprintf("%s/%s-%s-slot%s.log", dir, imei && *imei ? imei : "unknown", hhmmss, t->label);
	t->fd = logdir_open(t->path, O_WRONLY | O_APPEND | O_CREAT);
	if (t->fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", t->path, strerror(errno));
		free(t->path);
		t->path = NULL;
		return -1;
	}
	if (t->pending_cut) {
		static const char cut[] = "# (earlier lines dropped: too many before the file was named)\n";
		transcript_out(t, cut, sizeof cut - 1);
	}
	transcript_out(t, t->pending, t->pending_len);
	free(t->pending);
	t->pending = NULL;
	t->pending_len = 0;
	return 0;
}

const char *transcript_path(const struct transcript *t)
{
	return t->path ? t->path : "";
}

void transcript_close(struct transcript *t)
{
	if (!t)
		return;
	transcript_flush_rx(t);
	if (t->fd >= 0)
		close(t->fd);
	free(t->pending);
	free(t->path);
	free(t);
}
