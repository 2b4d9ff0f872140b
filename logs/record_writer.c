#include "logs/record_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logs/csv.h"
#include "logs/logdir.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"

struct record_writer {
	pthread_mutex_t lock;   /* serialises appends: one record is one write + fsync */
	char *log_dir;
	char *station;
	void (*observe)(void *ctx, const struct record *r);
	void *observe_ctx;
	void (*on_written)(void *ctx);   /* set before the first append, then read only */
	void *on_written_ctx;
};

struct record_writer *record_writer_open(const char *log_dir, const char *station, char *err,
					 size_t errlen)
{
	struct record_writer *w;

	if (logdir_make(log_dir, err, errlen) < 0)
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
	pthread_mutex_destroy(&w->lock);
	free(w->log_dir);
	free(w->station);
	free(w);
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
	for (int i = 0; i < REC_COLS; i++)
		csv_field(b, r->f[i] ? r->f[i] : "", i == 0);
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

int record_writer_append(struct record_writer *w, const struct record *r, int64_t wall_ms, char *err,
			 size_t errlen)
{
	char path[4096];
	struct csv_buf b = { 0 };
	struct stat st;
	int fd, rc = 0;

	record_writer_path(w, wall_ms, path, sizeof path);
	pthread_mutex_lock(&w->lock);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		pthread_mutex_unlock(&w->lock);
		return -1;
	}
	/* A new (empty) file gets the header in the same write as its first record. */
	if (fstat(fd, &st) == 0 && st.st_size == 0)
		record_header(&b);
	record_format(r, &b);
	if (record_write_all(fd, b.data, b.len) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	close(fd);
	pthread_mutex_unlock(&w->lock);
	csv_buf_free(&b);
	if (rc == 0 && w->observe)
		w->observe(w->observe_ctx, r);
	if (rc == 0 && w->on_written)
		w->on_written(w->on_written_ctx);
	return rc;
}
