#include "ui/feed.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "station/base/xalloc.h"
#include "ui/feed_format.h"

/* How long the thread sleeps in board_next_event before looking at the stop flag again. */
#define FEED_POLL_MS 100

struct feed {
	struct board *b;
	FILE *out;
	enum feed_format fmt;
	pthread_t thread;
	atomic_bool stopping;
	uint64_t cursor;                 /* owned by the thread */
	char (*usb)[sizeof ((struct board_slot *)0)->usb_path];  /* per slot, owned by the thread */
};

/* The slot's USB path; a slot's path does not change, so it is read once it is known. */
static const char *feed_usb_path(struct feed *f, int slot)
{
	struct board_slot *s;

	if (slot < 0 || slot >= board_count(f->b))
		return "";
	if (!f->usb[slot][0]) {
		s = xmalloc(sizeof *s);
		board_snapshot(f->b, slot, s);
		xstrlcpy(f->usb[slot], s->usb_path, sizeof f->usb[slot]);
		free(s);
	}
	return f->usb[slot];
}

/* One write per line, after whatever other stdio output to the stream is pending. */
static void feed_write(struct feed *f, const char *line, size_t len)
{
	int fd = fileno(f->out);

	flockfile(f->out);
	fflush(f->out);
	while (len > 0) {
		ssize_t n = write(fd, line, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;   /* a closed reader: the run goes on, only this output stops */
		line += n;
		len -= (size_t)n;
	}
	funlockfile(f->out);
}

static void *feed_main(void *arg)
{
	struct feed *f = arg;
	struct board_event ev;
	char line[FEED_LINE_MAX];
	int len;

	for (;;) {
		bool stop = atomic_load(&f->stopping);
		if (!board_next_event(f->b, &f->cursor, &ev, stop ? 0 : FEED_POLL_MS)) {
			if (stop || board_events_closed(f->b))
				break;
			continue;
		}
		if (f->fmt == FEED_JSON)
			len = feed_format_json(&ev, feed_usb_path(f, ev.slot), line, sizeof line);
		else
			len = feed_format_line(&ev, feed_usb_path(f, ev.slot), line, sizeof line);
		feed_write(f, line, (size_t)len);
	}
	return NULL;
}

struct feed *feed_start(struct board *b, FILE *out, enum feed_format fmt)
{
	struct feed *f = xcalloc(1, sizeof *f);
	int rc;

	f->b = b;
	f->out = out;
	f->fmt = fmt;
	f->usb = xcalloc((size_t)(board_capacity(b) > 0 ? board_capacity(b) : 1), sizeof *f->usb);
	atomic_init(&f->stopping, false);
	rc = pthread_create(&f->thread, NULL, feed_main, f);
	if (rc != 0)
		fatal("feed thread: %s", strerror(rc));
	return f;
}

void feed_stop(struct feed *f)
{
	if (!f)
		return;
	atomic_store(&f->stopping, true);
	pthread_join(f->thread, NULL);
	free(f->usb);
	free(f);
}
