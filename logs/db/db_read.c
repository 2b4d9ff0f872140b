/* Reading the line back: the report's rows and a unit's history. The rows come back as the CSV's
 * text (times in the one UTC form, numbers as PostgreSQL prints them, which read back to the
 * same values), so the report builds them with the very code that reads CSV files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logs/db/db.h"
#include "logs/db/db_outbox.h"
#include "logs/db/db_priv.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"

/* Every column as text, NULL as ''. Times to the millisecond in UTC, as the CSV has them. */
static char *db_read_select(void)
{
	size_t len = 0;
	char *q = xstrdup("SELECT ");
	for (int c = 0; c < REC_COLS; c++) {
		const char *name = record_col_names[c];
		char *part = strcmp(db_record_types[c], "timestamptz") == 0 ?
			xasprintf("%scoalesce(to_char(%s AT TIME ZONE 'UTC', "
				  "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), '')", c ? ", " : "", name) :
			xasprintf("%scoalesce(%s::text, '')", c ? ", " : "", name);
		len = strlen(q);
		q = xrealloc(q, len + strlen(part) + 1);
		strcpy(q + len, part);
		free(part);
	}
	len = strlen(q);
	static const char from[] = " FROM units";
	q = xrealloc(q, len + sizeof from);
	strcpy(q + len, from);
	return q;
}

int db_report_load(const char *url, struct report_set *set, const struct report_filter *f, char *err,
		   size_t n)
{
	enum db_fail fail;
	char since[32], until[32];
	const char *vals[4];
	int np = 0;
	struct db_conn *c = db_schema_open(url, err, n);
	if (!c)
		return -1;
	char *sel = db_read_select();
	char where[400] = "";
	size_t w = 0;
	/* The same filters as the CSV loader applies (by start time; until exclusive). */
	if (f->since_ms != INT64_MIN) {
		vals[np++] = clock_iso(f->since_ms, since, sizeof since);
		w += (size_t)snprintf(where + w, sizeof where - w, " AND started_at >= $%d::timestamptz", np);
	}
	if (f->until_ms != INT64_MAX) {
		vals[np++] = clock_iso(f->until_ms, until, sizeof until);
		w += (size_t)snprintf(where + w, sizeof where - w, " AND started_at < $%d::timestamptz", np);
	}
	if (f->lot) {
		vals[np++] = f->lot;
		w += (size_t)snprintf(where + w, sizeof where - w, " AND lot = $%d", np);
	}
	if (f->station) {
		vals[np++] = f->station;
		w += (size_t)snprintf(where + w, sizeof where - w, " AND station = $%d", np);
	}
	char *sql = xasprintf("%s WHERE true%s ORDER BY started_at, station, slot, id", sel, where);
	free(sel);
	PGresult *r = db_conn_exec(c, sql, np, vals, DB_QUERY_MS * 4, &fail, err, n);
	free(sql);
	db_conn_close(c);
	if (!r)
		return -1;
	int rows = PQntuples(r), added = 0;
	set->source = "database";
	for (int i = 0; i < rows; i++) {
		struct record rec;
		char why[200];
		for (int col = 0; col < REC_COLS; col++)
			rec.f[col] = PQgetvalue(r, i, col);
		int rc = report_add_record(set, &rec, f, why, sizeof why);
		if (rc < 0)
			fprintf(stderr, "database: record of %s slot %s IMEI %s: %s; left out\n",
				rec.f[REC_STATION], rec.f[REC_SLOT], rec.f[REC_IMEI], why);
		added += rc > 0;
	}
	PQclear(r);
	return added;
}

int db_history(const char *url, const char *imei, FILE *out, char *err, size_t n)
{
	enum db_fail fail;
	struct db_conn *c = db_schema_open(url, err, n);
	if (!c)
		return -1;
	char *sel = db_read_select();
	char *sql = xasprintf("%s WHERE imei = $1 ORDER BY started_at, station, slot, id", sel);
	free(sel);
	PGresult *r = db_conn_exec(c, sql, 1, (const char *const[]){ imei }, DB_QUERY_MS, &fail, err, n);
	free(sql);
	db_conn_close(c);
	if (!r)
		return -1;
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
#define V(col) PQgetvalue(r, i, col)
		fprintf(out, "%s  %-7s  %s slot %s  lot %s  operator %s\n", V(REC_STARTED_AT),
			V(REC_RESULT), V(REC_STATION), V(REC_SLOT), V(REC_LOT)[0] ? V(REC_LOT) : "-",
			V(REC_OPERATOR)[0] ? V(REC_OPERATOR) : "-");
		fprintf(out, "    %s  %s -> %s  package %s", V(REC_MODEL)[0] ? V(REC_MODEL) : "-",
			V(REC_FW_BEFORE)[0] ? V(REC_FW_BEFORE) : "-", V(REC_FW_AFTER)[0] ? V(REC_FW_AFTER) : "-",
			V(REC_PACKAGE)[0] ? V(REC_PACKAGE) : "-");
		if (V(REC_PACKAGE_SHA256)[0])
			fprintf(out, " (sha256 %.12s...)", V(REC_PACKAGE_SHA256));
		fprintf(out, "  finished %s\n", V(REC_FINISHED_AT)[0] ? V(REC_FINISHED_AT) : "-");
		if (V(REC_ERROR_CODE)[0])
			fprintf(out, "    %s%s%s  %s\n", V(REC_ERROR_CODE), V(REC_MODULE_CODE)[0] ? " " : "",
				V(REC_MODULE_CODE), V(REC_ERROR_TEXT));
#undef V
	}
	PQclear(r);
	return rows;
}

/* The import's batch: records of one file, sent every DB_IMPORT_BATCH. */
#define DB_IMPORT_BATCH 200
struct db_importing {
	struct db_conn *c;
	const char *path;
	struct db_record recs[DB_IMPORT_BATCH];
	int lines[DB_IMPORT_BATCH];
	int n;
	struct db_import_stats *st;
	FILE *msg;
	int failed;            /* a connection or schema problem: stop sending */
	char err[300];
};

static void db_import_rejected(void *ctx, int index, const char *why)
{
	struct db_importing *im = ctx;
	fprintf(im->msg, "%s:%d: the database refused the row (%s); not imported\n", im->path,
		im->lines[index], why);
	im->st->rejected++;
}

static void db_import_flush(struct db_importing *im)
{
	enum db_fail fail;
	long inserted = 0;
	if (!im->failed && im->n) {
		int rc = db_insert(im->c, im->recs, im->n, &inserted, &fail, im->err, sizeof im->err);
		if (rc < 0 && fail == DB_FAIL_DATA)
			rc = db_insert_each(im->c, im->recs, im->n, &inserted, db_import_rejected, im, &fail,
					    im->err, sizeof im->err);
		if (rc < 0)
			im->failed = 1;
		im->st->inserted += inserted;
	}
	for (int i = 0; i < im->n; i++)
		db_record_free(&im->recs[i]);
	im->n = 0;
}

static void db_import_take(void *ctx, const struct record *r, long long end, int line)
{
	struct db_importing *im = ctx;
	char why[200];
	(void)end;
	if (db_record_from(r, &im->recs[im->n], why, sizeof why) < 0) {
		fprintf(im->msg, "%s:%d: %s; not imported\n", im->path, line, why);
		im->st->rejected++;
		return;
	}
	im->st->records++;
	im->lines[im->n++] = line;
	if (im->n == DB_IMPORT_BATCH)
		db_import_flush(im);
}

int db_import(const char *url, const char *path, struct db_import_stats *st, FILE *msg, char *err,
	      size_t n)
{
	size_t len;
	char *text = db_outbox_slurp(path, &len, err, n);
	if (!text)
		return -1;
	if (len && text[len - 1] != '\n') {
		/* A file finished by hand may lack the last line end; the whole file is complete. */
		text = xrealloc(text, len + 2);
		text[len++] = '\n';
		text[len] = '\0';
	}
	struct db_conn *c = db_schema_open(url, err, n);
	if (!c) {
		free(text);
		return -1;
	}
	struct db_importing *im = xcalloc(1, sizeof *im);
	im->c = c;
	im->path = path;
	im->st = st;
	im->msg = msg;
	int rc = 0;
	if (db_outbox_parse(path, text, len, 0, -1, db_import_take, im, msg, err, n) < 0)
		rc = -1;
	db_import_flush(im);
	if (rc == 0 && im->failed) {
		snprintf(err, n, "%s", im->err);
		rc = -1;
	}
	free(im);
	db_conn_close(c);
	free(text);
	return rc;
}
