#include "logs/record_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logs/csv.h"
#include "logs/journal.h"
#include "logs/record_find.h"
#include "logs/logdir.h"
#include "station/base/clock.h"
#include "station/base/utf8.h"
#include "station/base/xalloc.h"

/* A record that could not be written yet. */
struct record_held {
	char *path;              /* its day's file */
	char *line;              /* the CSV line, CRLF-terminated */
	char usb_path[32];       /* its journal entry, "" when none */
	char imei[24];
	struct record rec;       /* a copy of its fields, for the observe hook once written */
};

struct record_writer {
	pthread_mutex_t lock;    /* guards everything below: one record is one write + fsync */
	char *log_dir;
	char *station;
	struct record_held *held;
	int n_held, cap_held;
	bool failing;            /* the last attempt failed */
	int told_held;           /* held count the notify hook last heard of */
	char why[256];           /* what the last failure said */
	record_writer_notify_fn *notify;
	void *notify_ctx;
	void (*observe)(void *ctx, const struct record *r);
	void *observe_ctx;
	void (*on_written)(void *ctx);   /* set before the first append, then read only */
	void *on_written_ctx;
};

static void record_copy_free(struct record *r)
{
	for (int i = 0; i < REC_COLS; i++)
		free((char *)(uintptr_t)r->f[i]);
}

struct record_writer *record_writer_open(const char *log_dir, const char *station, char *err,
					 size_t errlen)
{
	struct record_writer *w;

	if (logdir_make(log_dir, err, errlen) < 0 || logdir_probe(log_dir, err, errlen) < 0)
		return NULL;
	w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->lock, NULL);
	w->log_dir = xstrdup(log_dir);
	w->station = xstrdup(station);
	return w;
}

void record_writer_close(struct record_writer *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->n_held; i++) {
		free(w->held[i].path);
		free(w->held[i].line);
		record_copy_free(&w->held[i].rec);
	}
	free(w->held);
	pthread_mutex_destroy(&w->lock);
	free(w->log_dir);
	free(w->station);
	free(w);
}

void record_writer_set_notify(struct record_writer *w, record_writer_notify_fn *fn, void *ctx)
{
	pthread_mutex_lock(&w->lock);
	w->notify = fn;
	w->notify_ctx = ctx;
	pthread_mutex_unlock(&w->lock);
}

void record_writer_on_written(struct record_writer *w, void (*fn)(void *ctx), void *ctx)
{
	w->on_written = fn;
	w->on_written_ctx = ctx;
}

void record_writer_path(const struct record_writer *w, int64_t wall_ms, char *out, size_t size)
{
	char day[16];
	snprintf(out, size, "%s/%s-%s.csv", w->log_dir, w->station, clock_date(wall_ms, day, sizeof day));
}

void record_format(const struct record *r, struct csv_buf *b)
{
	for (int i = 0; i < REC_COLS; i++) {
		const char *v = r->f[i] ? r->f[i] : "";
		char *clean = utf8_valid(v) ? NULL : utf8_clean(v);
		csv_field(b, clean ? clean : v, i == 0);
		free(clean);
	}
	csv_end(b);
}

static void record_header(struct csv_buf *b)
{
	for (int i = 0; i < REC_COLS; i++)
		csv_field(b, record_col_names[i], i == 0);
	csv_end(b);
}

/* Writes all of buf; a short write on a regular file means the disk is full or failing. */
static int record_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = ENOSPC;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

void record_writer_observe(struct record_writer *w, void (*fn)(void *ctx, const struct record *r),
			   void *ctx)
{
	w->observe = fn;
	w->observe_ctx = ctx;
}

/* Writes one line to path (with the header first on an empty file), durably. On failure the file
 * is cut back to its size before, so it still ends with a whole record. Called with the lock. */
static int record_put(struct record_writer *w, const char *path, const char *line, char *err, size_t errlen)
{
	struct csv_buf b = { 0 };
	struct stat st;
	int rc = 0;
	int fd = logdir_open(path, O_WRONLY | O_APPEND | O_CREAT);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot read the size of %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	/* A new (empty) file gets the header in the same write as its first record. */
	if (st.st_size == 0)
		record_header(&b);
	csv_put_text(&b, line);
	if (record_write_all(fd, b.data, b.len) < 0 || fsync(fd) < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
		if (ftruncate(fd, st.st_size) < 0 || fsync(fd) < 0)
			snprintf(err, errlen, "cannot write %s: %s; cutting back the part written failed: "
				 "%s", path, strerror(e), strerror(errno));
		rc = -1;
	}
	close(fd);
	csv_buf_free(&b);
	/* The first record of a day created a file: make its name durable too. */
	if (rc == 0 && st.st_size == 0 && logdir_sync(w->log_dir, err, errlen) < 0)
		rc = -1;
	return rc;
}

/* Writes held records oldest first until one fails. Called with the lock; returns 0 when none is
 * left, -1 with the failure in err. */
static int record_flush(struct record_writer *w, struct record_held **written, int *n_written,
			char *err, size_t errlen)
{
	int done = 0, rc = 0;
	char jerr[256];

	while (done < w->n_held) {
		struct record_held *h = &w->held[done];
		if (record_put(w, h->path, h->line, err, errlen) < 0) {
			rc = -1;
			break;
		}
		/* A failed removal leaves an entry whose record exists: resuming it finds the record. */
		if (h->usb_path[0])
			journal_remove_unit(w->log_dir, h->usb_path, h->imei, jerr, sizeof jerr);
		free(h->path);
		free(h->line);
		done++;
	}
	/* The written ones go to the caller, who tells the hooks outside the lock. */
	*written = done ? xmalloc(sizeof **written * (size_t)done) : NULL;
	if (done)
		memcpy(*written, w->held, sizeof **written * (size_t)done);
	*n_written = done;
	memmove(w->held, w->held + done, sizeof *w->held * (size_t)(w->n_held - done));
	w->n_held -= done;
	return rc;
}

/* Called with the lock after an attempt; tells the notify hook (after unlocking) if the state
 * changed. Unlocks. */
static void record_settle(struct record_writer *w, int rc, const char *err)
{
	bool was = w->failing, now = rc < 0;
	record_writer_notify_fn *fn = w->notify;
	void *ctx = w->notify_ctx;
	int held = w->n_held;
	char why[256];

	bool tell = was != now || (now && held != w->told_held);
	w->failing = now;
	w->told_held = held;
	if (now)
		xstrlcpy(w->why, err, sizeof w->why);
	xstrlcpy(why, w->why, sizeof why);
	pthread_mutex_unlock(&w->lock);
	if (fn && tell)
		fn(ctx, now, held, why);
}

/* The observe and on_written hooks, once per record that reached its file, in file order,
 * outside the lock; frees what record_flush handed over. */
static void record_tell_written(struct record_writer *w, struct record_held *written, int n)
{
	for (int i = 0; i < n; i++) {
		if (w->observe)
			w->observe(w->observe_ctx, &written[i].rec);
		if (w->on_written)
			w->on_written(w->on_written_ctx);
		record_copy_free(&written[i].rec);
	}
	free(written);
}

int record_writer_append(struct record_writer *w, const struct record *r, int64_t wall_ms,
			 const char *journal_usb_path, const char *journal_imei, char *err, size_t errlen)
{
	struct csv_buf b = { 0 };
	char path[4096];

	record_writer_path(w, wall_ms, path, sizeof path);
	record_format(r, &b);
	pthread_mutex_lock(&w->lock);
	if (w->n_held == w->cap_held)
		w->held = xrealloc(w->held, sizeof *w->held * (size_t)(w->cap_held = w->cap_held ? w->cap_held * 2 : 8));
	struct record_held *h = &w->held[w->n_held++];
	memset(h, 0, sizeof *h);
	h->path = xstrdup(path);
	h->line = b.data;
	xstrlcpy(h->usb_path, journal_usb_path ? journal_usb_path : "", sizeof h->usb_path);
	xstrlcpy(h->imei, journal_imei ? journal_imei : "", sizeof h->imei);
	for (int i = 0; i < REC_COLS; i++)
		h->rec.f[i] = r->f[i] ? xstrdup(r->f[i]) : NULL;
	/* Behind the held ones, so records reach the file in the order they were made. Only a record
	 * held before this one keeps its journal entry on its own; this one's entry is the caller's
	 * to remove when it went through now. */
	h->usb_path[0] = '\0';
	struct record_held *written;
	int n_written;
	int rc = record_flush(w, &written, &n_written, err, errlen);
	if (rc < 0) {
		/* Still held: its journal entry must go once it is written. */
		struct record_held *last = &w->held[w->n_held - 1];
		xstrlcpy(last->usb_path, journal_usb_path ? journal_usb_path : "", sizeof last->usb_path);
	}
	record_settle(w, rc, err);
	record_tell_written(w, written, n_written);
	return rc < 0 ? 1 : 0;
}

int record_writer_retry(struct record_writer *w)
{
	char err[256];
	pthread_mutex_lock(&w->lock);
	if (w->n_held == 0) {
		pthread_mutex_unlock(&w->lock);
		return 0;
	}
	struct record_held *written;
	int n_written;
	int rc = record_flush(w, &written, &n_written, err, sizeof err);
	int held = w->n_held;
	record_settle(w, rc, err);
	record_tell_written(w, written, n_written);
	return held;
}

int record_writer_held(struct record_writer *w)
{
	pthread_mutex_lock(&w->lock);
	int n = w->n_held;
	pthread_mutex_unlock(&w->lock);
	return n;
}

/* Maps a record file read-only (a few MiB a day): no heap copy, so the lookups of 64 slots do
 * not grow every thread's malloc arena with the file. NULL when it cannot be read. */
static const char *record_map_file(const char *path, size_t *len)
{
	int fd = logdir_open(path, O_RDONLY);
	struct stat st;
	void *map = MAP_FAILED;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		*len = (size_t)st.st_size;
	}
	close(fd);
	return map == MAP_FAILED ? NULL : map;
}

int record_writer_find(struct record_writer *w, int64_t now_ms, const char *slot, const char *imei,
		       const char *started_at, struct record_found *out)
{
	char path[4096];
	int found = 0;

	if (!imei || !imei[0])
		return 0;
	pthread_mutex_lock(&w->lock);
	/* Newest first: the held records, then today's file, then yesterday's. */
	for (int i = w->n_held - 1; i >= 0 && !found; i--)
		found = record_find_in_text(w->held[i].line, strlen(w->held[i].line), 0, slot, imei,
					    started_at, out);
	for (int day = 0; day < 2 && !found; day++) {
		size_t len = 0;
		record_writer_path(w, now_ms - day * 86400000LL, path, sizeof path);
		const char *text = record_map_file(path, &len);
		if (text) {
			found = record_find_in_text(text, len, 1, slot, imei, started_at, out);
			munmap((void *)(uintptr_t)text, len);
		}
	}
	pthread_mutex_unlock(&w->lock);
	return found;
}
