/* Inside the database module: libpq is seen only here and in db_*.c. */
#ifndef DB_PRIV_H
#define DB_PRIV_H
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logs/db/db.h"
#include "logs/record.h"

/* Why a statement failed, as the caller has to act on it. */
enum db_fail {
	DB_OK,
	DB_FAIL_CONN,      /* connection lost, timed out or cancelled: reconnect later */
	DB_FAIL_DATA,      /* this data cannot be stored (SQLSTATE class 22 or 23): skip it */
	DB_FAIL_SCHEMA,    /* missing table, wrong privileges, ...: an engineer has to act */
};

struct db_conn {
	PGconn *pg;
	int cancel_fd;     /* readable: stop waiting at once (-1: none) */
};

/* Connects within timeout_ms (cancel_fd readable gives up). NULL with a one-line reason. */
struct db_conn *db_conn_open(const char *url, int timeout_ms, int cancel_fd, char *err, size_t n);
void db_conn_close(struct db_conn *c);
/* Runs sql with text parameters (NULL = SQL NULL) within timeout_ms. Returns the result (caller
 * PQclear()s it) or NULL with *fail and a one-line reason in err. */
PGresult *db_conn_exec(struct db_conn *c, const char *sql, int nparams, const char *const *vals,
		       int timeout_ms, enum db_fail *fail, char *err, size_t n);
/* Runs a statement that returns no rows; 0 or -1. */
int db_conn_run(struct db_conn *c, const char *sql, enum db_fail *fail, char *err, size_t n);
/* The first line of a libpq message, without "FATAL:  " and the like. */
void db_conn_message(const char *msg, char *out, size_t n);

/* Checks the schema version and the role's privileges on an open connection. */
int db_schema_check(struct db_conn *c, enum db_fail *fail, char *err, size_t n);
/* A connection (the usual timeout, no cancel) to a database whose schema this station can
 * use; NULL with err otherwise. */
struct db_conn *db_schema_open(const char *url, char *err, size_t n);

/* One record as insert parameters: every column of record.h, NULL for an empty number or time. */
struct db_record {
	char *v[REC_COLS];
};
/* Checks r's fields and fills out (strings owned by out). 0, or -1 with why. Pure. */
int db_record_from(const struct record *r, struct db_record *out, char *why, size_t n);
void db_record_free(struct db_record *d);
/* The SQL type of each column ("timestamptz", "text", ...). */
extern const char *const db_record_types[REC_COLS];

/* Inserts recs[0..n) in one statement; a record already stored is skipped. *inserted gets the
 * count of new rows. 0, or -1 with *fail and err. */
int db_insert(struct db_conn *c, const struct db_record *recs, int n, long *inserted,
	      enum db_fail *fail, char *err, size_t errlen);
/* The same, one record at a time when a batch fails for its data: a record refused for its
 * content is reported through rejected(ctx, index, why) and skipped. 0, or -1 (connection or
 * schema) with *fail and err. */
int db_insert_each(struct db_conn *c, const struct db_record *recs, int n, long *inserted,
		   void (*rejected)(void *ctx, int index, const char *why), void *ctx,
		   enum db_fail *fail, char *err, size_t errlen);
#endif
