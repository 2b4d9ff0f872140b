/* The forwarder of `station run`: one thread that sends what the CSV files hold and the database
 * has not confirmed. Slots never wait for it: the record writer's hook only sets a flag and
 * signals a condition variable. The database being down, slow or refusing shows in the status
 * (records waiting, since when, why) and is retried with a growing pause. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "logs/db/db.h"
#include "logs/db/db_outbox.h"
#include "logs/db/db_priv.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"

#define DB_FORWARD_BATCH 200
#define DB_FORWARD_PAUSE_MIN_MS 500
#define DB_FORWARD_PAUSE_MAX_MS 5000
/* Without a wake-up, look at the files this often anyway (a notification is never lost, but a
 * file put there by hand would otherwise wait for the next record). */
#define DB_FORWARD_IDLE_MS 30000

struct db_forward {
	char *url;
	struct db_outbox ob;          /* forwarder thread only */
	struct db_conn *conn;         /* forwarder thread only */
	db_forward_status_fn *fn;
	void *ctx;
	pthread_t thread;
	int cancel[2];                /* written when the flush time is over: ends any wait */

	pthread_mutex_t lock;         /* guards the fields below */
	pthread_cond_t wake;
	bool notified, stopping;
	struct db_forward_status st;
};

static void db_forward_publish(struct db_forward *fw, const struct db_forward_status *now)
{
	bool changed;
	pthread_mutex_lock(&fw->lock);
	changed = memcmp(&fw->st, now, sizeof *now) != 0;
	fw->st = *now;
	pthread_mutex_unlock(&fw->lock);
	if (changed && fw->fn)
		fw->fn(fw->ctx, now);
}

/* Waits until deadline (monotonic ms), a notification (when notify counts) or stop. */
static void db_forward_sleep(struct db_forward *fw, int64_t deadline, bool notify)
{
	pthread_mutex_lock(&fw->lock);
	while (!fw->stopping && !(notify && fw->notified) && clock_left_ms(deadline) > 0) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t left = clock_left_ms(deadline);
		ts.tv_sec += left / 1000;
		ts.tv_nsec += (left % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&fw->wake, &fw->lock, &ts);
	}
	fw->notified = false;
	pthread_mutex_unlock(&fw->lock);
}

static bool db_forward_stopping(struct db_forward *fw)
{
	pthread_mutex_lock(&fw->lock);
	bool s = fw->stopping;
	pthread_mutex_unlock(&fw->lock);
	return s;
}

static void db_forward_rejected(void *ctx, int index, const char *why)
{
	const struct db_record *d = &((const struct db_record *)ctx)[index];
	fprintf(stderr, "station: database refused the record of %s slot %s IMEI %s started %s (%s); "
		"it stays in the CSV only\n", d->v[REC_STATION], d->v[REC_SLOT], d->v[REC_IMEI],
		d->v[REC_STARTED_AT], why);
}

/* Connects and checks the schema unless connected; 0, or -1 with st->error. */
static int db_forward_connect(struct db_forward *fw, struct db_forward_status *st)
{
	enum db_fail fail;
	char err[300];

	if (fw->conn)
		return 0;
	fw->conn = db_conn_open(fw->url, DB_CONNECT_MS, fw->cancel[0], err, sizeof err);
	if (fw->conn && db_schema_check(fw->conn, &fail, err, sizeof err) < 0) {
		db_conn_close(fw->conn);
		fw->conn = NULL;
	}
	if (!fw->conn) {
		xstrlcpy(st->error, err, sizeof st->error);
		return -1;
	}
	return 0;
}

/* Sends b; 0 when every record is confirmed (or refused for its content), -1 with st->error. */
static int db_forward_send(struct db_forward *fw, const struct db_outbox_batch *b,
			   struct db_forward_status *st)
{
	enum db_fail fail;
	char err[300];
	long inserted;

	if (db_forward_connect(fw, st) < 0)
		return -1;
	struct db_record *recs = xmalloc(sizeof *recs * (size_t)(b->n ? b->n : 1));
	for (int i = 0; i < b->n; i++)
		recs[i] = *b->recs[i].d;
	int rc = db_insert(fw->conn, recs, b->n, &inserted, &fail, err, sizeof err);
	if (rc < 0 && fail == DB_FAIL_DATA)
		rc = db_insert_each(fw->conn, recs, b->n, &inserted, db_forward_rejected, recs, &fail,
				    err, sizeof err);
	free(recs);
	if (rc < 0) {
		xstrlcpy(st->error, err, sizeof st->error);
		db_conn_close(fw->conn);
		fw->conn = NULL;
		return -1;
	}
	return 0;
}

static void *db_forward_main(void *arg)
{
	struct db_forward *fw = arg;
	struct db_forward_status st = { 0 };
	int pause = DB_FORWARD_PAUSE_MIN_MS;
	int64_t next_try = 0;
	char err[300];

	/* Connect at once, so a wrong url, password or schema is said at the start of the run,
	 * not at the first record. */
	if (db_forward_connect(fw, &st) < 0) {
		st.down = true;
		db_forward_publish(fw, &st);
		next_try = clock_mono_ms() + pause;
	}

	for (;;) {
		struct db_outbox_batch b;
		bool stopping = db_forward_stopping(fw);
		if (db_outbox_collect(&fw->ob, DB_FORWARD_BATCH, &b, stderr, err, sizeof err) < 0) {
			st.down = true;
			xstrlcpy(st.error, err, sizeof st.error);
			db_forward_publish(fw, &st);
			if (stopping)
				break;
			db_forward_sleep(fw, clock_mono_ms() + DB_FORWARD_PAUSE_MAX_MS, false);
			continue;
		}
		st.waiting = b.waiting;
		st.since_ms = b.waiting ? b.oldest_ms : 0;
		if (b.n == 0) {
			/* Only malformed rows, or nothing: move past them. */
			db_outbox_confirm(&fw->ob, &b, 0);
			if (db_outbox_save(&fw->ob, err, sizeof err) < 0)
				fprintf(stderr, "station: database outbox: %s\n", err);
			db_outbox_batch_free(&b);
			if (fw->conn) {
				st.down = false;
				st.error[0] = '\0';
			}
			db_forward_publish(fw, &st);
			if (stopping)
				break;
			db_forward_sleep(fw, clock_mono_ms() + DB_FORWARD_IDLE_MS, true);
			continue;
		}
		/* At the stop one last try, whatever the pause: the database may be back. */
		if (clock_left_ms(next_try) > 0 && !stopping) {
			db_outbox_batch_free(&b);
			db_forward_publish(fw, &st);
			/* A notification only recounts what waits; the next try keeps its time. */
			db_forward_sleep(fw, next_try, true);
			continue;
		}
		if (db_forward_send(fw, &b, &st) < 0) {
			st.down = true;
			db_outbox_batch_free(&b);
			db_forward_publish(fw, &st);
			if (stopping)
				break;
			next_try = clock_mono_ms() + pause;
			pause = pause * 2 > DB_FORWARD_PAUSE_MAX_MS ? DB_FORWARD_PAUSE_MAX_MS : pause * 2;
			continue;
		}
		db_outbox_confirm(&fw->ob, &b, b.n);
		if (db_outbox_save(&fw->ob, err, sizeof err) < 0)
			fprintf(stderr, "station: database outbox: %s\n", err);
		st.sent += b.n;
		st.down = false;
		st.error[0] = '\0';
		st.waiting -= b.n;
		pause = DB_FORWARD_PAUSE_MIN_MS;
		next_try = 0;
		db_outbox_batch_free(&b);
		/* The loop collects again at once: more may wait, and the status is recounted. */
	}
	db_conn_close(fw->conn);
	fw->conn = NULL;
	return NULL;
}

struct db_forward *db_forward_start(const char *url, const char *log_dir, const char *station,
				    db_forward_status_fn *fn, void *ctx, char *err, size_t n)
{
	struct db_forward *fw = xcalloc(1, sizeof *fw);
	if (db_outbox_open(&fw->ob, log_dir, station, err, n) < 0) {
		db_outbox_free(&fw->ob);
		free(fw);
		return NULL;
	}
	if (pipe2(fw->cancel, O_CLOEXEC | O_NONBLOCK) < 0)
		fatal("pipe: %s", strerror(errno));
	fw->url = xstrdup(url);
	fw->fn = fn;
	fw->ctx = ctx;
	pthread_mutex_init(&fw->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&fw->wake, &ca);
	pthread_condattr_destroy(&ca);
	fw->notified = true;
	if (pthread_create(&fw->thread, NULL, db_forward_main, fw) != 0)
		fatal("pthread_create: database forwarder");
	return fw;
}

void db_forward_notify(void *arg)
{
	struct db_forward *fw = arg;
	pthread_mutex_lock(&fw->lock);
	fw->notified = true;
	pthread_cond_signal(&fw->wake);
	pthread_mutex_unlock(&fw->lock);
}

void db_forward_stop(struct db_forward *fw, int flush_ms, struct db_forward_status *last)
{
	if (!fw)
		return;
	pthread_mutex_lock(&fw->lock);
	fw->stopping = true;
	pthread_cond_signal(&fw->wake);
	pthread_mutex_unlock(&fw->lock);
	/* The thread sends what it can, then ends; at the deadline any wait it is in is cancelled. */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += flush_ms / 1000;
	ts.tv_nsec += (flush_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	if (pthread_timedjoin_np(fw->thread, NULL, &ts) != 0) {
		if (write(fw->cancel[1], "x", 1) < 0) { /* the pipe is already readable */ }
		pthread_join(fw->thread, NULL);
	}
	if (last)
		*last = fw->st;
	close(fw->cancel[0]);
	close(fw->cancel[1]);
	pthread_cond_destroy(&fw->wake);
	pthread_mutex_destroy(&fw->lock);
	db_outbox_free(&fw->ob);
	free(fw->url);
	free(fw);
}

void db_forward_get_status(struct db_forward *fw, struct db_forward_status *out)
{
	pthread_mutex_lock(&fw->lock);
	*out = fw->st;
	pthread_mutex_unlock(&fw->lock);
}

void db_forward_status_text(const struct db_forward_status *st, char *buf, size_t size)
{
	char hhmm[8];
	if (st->waiting <= 0) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "database: %ld record%s waiting since %s UTC", st->waiting,
		 st->waiting == 1 ? "" : "s", clock_format(st->since_ms, CLOCK_HHMM, hhmm, sizeof hhmm));
}
