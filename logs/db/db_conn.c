/* Connections and statements through libpq's non-blocking calls, so a database that is down,
 * slow or silent costs the caller at most its deadline, and a cancel fd (shutdown) ends any wait.
 * Host name lookup inside PQconnectStartParams still blocks: give hosts as addresses or names
 * the local resolver answers at once. */
#include "logs/db/db_priv.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/clock.h"
#include "station/base/xalloc.h"

void db_conn_message(const char *msg, char *out, size_t n)
{
	static const char *const prefixes[] = { "FATAL:  ", "ERROR:  ", "fatal: ", "error: " };
	const char *p = msg ? msg : "";
	char first[512];
	size_t len;

	/* libpq may start with "connection to server on socket ... failed: FATAL:  ..." */
	while (*p == ' ' || *p == '\n')
		p++;
	len = strcspn(p, "\n");
	if (len >= sizeof first)
		len = sizeof first - 1;
	memcpy(first, p, len);
	first[len] = '\0';
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		char *at = strstr(first, prefixes[i]);
		if (at)
			memmove(at, at + strlen(prefixes[i]), strlen(at + strlen(prefixes[i])) + 1);
	}
	snprintf(out, n, "%s", first[0] ? first : "no reason given");
}

/* Waits until the socket is ready for what libpq asked, the deadline passes or cancel_fd is
 * readable. 0 ready, -1 with err. */
static int db_conn_wait(int sock, bool write, int cancel_fd, int64_t deadline, char *err, size_t n)
{
	for (;;) {
		struct pollfd p[2] = { { .fd = sock, .events = write ? POLLOUT : POLLIN },
				       { .fd = cancel_fd, .events = POLLIN } };
		int64_t left = clock_left_ms(deadline);
		if (left <= 0) {
			snprintf(err, n, "no answer from the database within the deadline");
			return -1;
		}
		int rc = poll(p, cancel_fd >= 0 ? 2 : 1, left > 1000 ? 1000 : (int)left);
		if (rc < 0 && errno != EINTR) {
			snprintf(err, n, "poll: %s", strerror(errno));
			return -1;
		}
		if (rc > 0 && cancel_fd >= 0 && (p[1].revents & POLLIN)) {
			snprintf(err, n, "stopped while waiting for the database");
			return -1;
		}
		if (rc > 0 && p[0].revents)
			return 0;
	}
}

static void db_conn_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

struct db_conn *db_conn_open(const char *url, int timeout_ms, int cancel_fd, char *err, size_t n)
{
	/* Our defaults first: with expand_dbname the URL's own values, expanded in place of dbname,
	 * come later and win. */
	const char *const keys[] = { "application_name", "connect_timeout", "dbname", NULL };
	const char *const vals[] = { "station", "5", url, NULL };
	int64_t deadline = clock_mono_ms() + timeout_ms;
	PGconn *pg = PQconnectStartParams(keys, vals, 1);

	if (!pg) {
		snprintf(err, n, "out of memory for a database connection");
		return NULL;
	}
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	while (PQstatus(pg) != CONNECTION_BAD && st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
		char why[200];
		if (db_conn_wait(PQsocket(pg), st == PGRES_POLLING_WRITING, cancel_fd, deadline, why,
				 sizeof why) < 0) {
			snprintf(err, n, "cannot connect: %s", why);
			PQfinish(pg);
			return NULL;
		}
		st = PQconnectPoll(pg);
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		char why[400];
		db_conn_message(PQerrorMessage(pg), why, sizeof why);
		snprintf(err, n, "cannot connect: %s", why);
		PQfinish(pg);
		return NULL;
	}
	/* Notices ("already exists, skipping") are not for the operator. */
	PQsetNoticeProcessor(pg, db_conn_notice, NULL);
	if (PQsetnonblocking(pg, 1) != 0) {
		snprintf(err, n, "cannot make the connection non-blocking");
		PQfinish(pg);
		return NULL;
	}
	struct db_conn *c = xcalloc(1, sizeof *c);
	c->pg = pg;
	c->cancel_fd = cancel_fd;
	return c;
}

void db_conn_close(struct db_conn *c)
{
	if (!c)
		return;
	PQfinish(c->pg);
	free(c);
}

/* SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the row itself. */
static enum db_fail db_conn_classify(PGconn *pg, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (PQstatus(pg) == CONNECTION_BAD || !state)
		return DB_FAIL_CONN;
	if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
		return DB_FAIL_DATA;
	/* 08: connection exception, 57: operator intervention (shutdown), 53: resources. */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57", 2) == 0 || strncmp(state, "53", 2) == 0)
		return DB_FAIL_CONN;
	return DB_FAIL_SCHEMA;
}

PGresult *db_conn_exec(struct db_conn *c, const char *sql, int nparams, const char *const *vals,
		       int timeout_ms, enum db_fail *fail, char *err, size_t n)
{
	int64_t deadline = clock_mono_ms() + timeout_ms;
	PGconn *pg = c->pg;
	PGresult *res = NULL, *r;
	char why[400];

	*fail = DB_FAIL_CONN;
	/* Without parameters the simple protocol, which also runs several statements (the schema). */
	int sent = nparams ? PQsendQueryParams(pg, sql, nparams, NULL, vals, NULL, NULL, 0) :
			     PQsendQuery(pg, sql);
	if (!sent) {
		db_conn_message(PQerrorMessage(pg), why, sizeof why);
		snprintf(err, n, "%s", why);
		return NULL;
	}
	int f;
	while ((f = PQflush(pg)) == 1)
		if (db_conn_wait(PQsocket(pg), true, c->cancel_fd, deadline, err, n) < 0)
			goto lost;
	if (f < 0)
		goto broken;
	for (;;) {
		while (PQisBusy(pg)) {
			if (db_conn_wait(PQsocket(pg), false, c->cancel_fd, deadline, err, n) < 0)
				goto lost;
			if (!PQconsumeInput(pg))
				goto broken;
		}
		r = PQgetResult(pg);
		if (!r)
			break;
		/* Keep the first error, else the last result. */
		if (res && PQresultStatus(res) == PGRES_FATAL_ERROR) {
			PQclear(r);
			continue;
		}
		PQclear(res);
		res = r;
	}
	if (!res)
		goto broken;
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		*fail = DB_OK;
		return res;
	}
	*fail = db_conn_classify(pg, res);
	db_conn_message(PQresultErrorMessage(res), why, sizeof why);
	snprintf(err, n, "%s", why);
	PQclear(res);
	return NULL;
broken:
	PQclear(res);
	db_conn_message(PQerrorMessage(pg), why, sizeof why);
	snprintf(err, n, "connection lost: %s", why);
	return NULL;
lost:
	/* The statement may still run on the server; this connection is out of step, so the caller
	 * drops it. Asking the server to cancel would block here in turn. */
	PQclear(res);
	return NULL;
}

int db_conn_run(struct db_conn *c, const char *sql, enum db_fail *fail, char *err, size_t n)
{
	PGresult *r = db_conn_exec(c, sql, 0, NULL, DB_QUERY_MS, fail, err, n);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}
