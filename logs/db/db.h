/* The line database: every station's records in one PostgreSQL table `units` (libpq).
 *   db_conn.c     connections and queries that a deadline or a cancel fd can end (never block)
 *   db_schema.c   the schema, its version table, upgrades and the station role's privileges
 *   db_record.c   one CSV record checked and turned into typed insert parameters (pure)
 *   db_insert.c   idempotent batch inserts (ON CONFLICT DO NOTHING on the record id)
 *   db_outbox.c   the CSV files as an outbox: what the database has confirmed, kept in the log folder
 *   db_forward.c  the forwarder thread of `station run`
 *   db_read.c     rows for the report and a unit's history
 * The CSV file is each station's source of truth; the database is a copy that a restart, a
 * database outage or an import can always complete again, never the other way round.
 * This module includes only station/base and logs. */
#ifndef DB_H
#define DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "logs/report/report.h"

/* The schema version this build writes and reads (table station_schema). */
#define DB_SCHEMA_VERSION 1
/* How long a connection attempt may take, in every command. */
#define DB_CONNECT_MS 5000
/* How long one statement may take before it is cancelled. */
#define DB_QUERY_MS 30000

/* Connects to url and checks that the schema is at DB_SCHEMA_VERSION and that the role can
 * insert and select. Returns 0, or -1 with one line in err saying what was found and what to do. */
int db_check(const char *url, char *err, size_t n);

/* Creates or upgrades the schema through admin_url (a role that may create tables), then grants
 * the role of station_url INSERT and SELECT on units (nothing more). What was done goes to out,
 * one line each. Returns 0 or -1 with err. */
int db_init(const char *admin_url, const char *station_url, FILE *out, char *err, size_t n);

struct db_import_stats {
	long records;      /* well-formed records read */
	long inserted;     /* new in the database */
	long rejected;     /* rows that cannot be stored (reported with file:line) */
};
/* Sends every record of the CSV file at path (idempotent: a record already stored is left as it
 * is). Problems with single rows go to msg as "file:line: ...". Returns 0, or -1 with err when
 * the file or the database cannot be used. */
int db_import(const char *url, const char *path, struct db_import_stats *st, FILE *msg, char *err,
	      size_t n);

/* The report's rows from the database: the same rows report_load_file makes from CSV files,
 * filtered by f (and by station when f->station is set). Returns rows added, or -1 with err. */
int db_report_load(const char *url, struct report_set *set, const struct report_filter *f, char *err,
		   size_t n);

/* Every record of imei on the line, oldest first, as text lines on out. Returns the number of
 * records, or -1 with err. */
int db_history(const char *url, const char *imei, FILE *out, char *err, size_t n);

/* The forwarder of `station run`. */
struct db_forward;
struct db_forward_status {
	long waiting;          /* records in the CSV files the database has not confirmed */
	int64_t since_ms;      /* finish time (wall) of the oldest of them; 0 when none */
	bool down;             /* the last attempt failed: error says why */
	char error[200];
	long sent;             /* records confirmed since the start */
};
/* Called on the forwarder's thread whenever the status changes; keep it short. */
typedef void db_forward_status_fn(void *ctx, const struct db_forward_status *st);

/* Starts the thread. It sends the records of <log_dir>/<station>-*.csv past what the database
 * has confirmed (<log_dir>/db-confirmed). The first start with a log folder but no
 * db-confirmed file treats the records already there as history (`station db import`). Returns
 * NULL with err when the log folder cannot be read. */
struct db_forward *db_forward_start(const char *url, const char *log_dir, const char *station,
				    db_forward_status_fn *fn, void *ctx, char *err, size_t n);
/* A record has been written and fsynced: send it soon. Cheap and never blocks on the database;
 * safe from any thread (the record writer's hook). */
void db_forward_notify(void *fw);
/* Sends what it can within flush_ms, then stops the thread and frees; *last (when not NULL)
 * gets the final status. */
void db_forward_stop(struct db_forward *fw, int flush_ms, struct db_forward_status *last);
void db_forward_get_status(struct db_forward *fw, struct db_forward_status *out);
/* "database: 12 records waiting since 14:05" into buf; "" when nothing waits. */
void db_forward_status_text(const struct db_forward_status *st, char *buf, size_t size);
#endif
