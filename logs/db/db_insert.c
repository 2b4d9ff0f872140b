/* Idempotent inserts: the record id (station, slot, imei, started_at) is the table's unique key,
 * and a record already stored is skipped (ON CONFLICT DO NOTHING), so a batch sent again after a
 * crash or a lost answer stores nothing twice. */
#include "logs/db/db_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/xalloc.h"

/* A growing SQL text. */
struct db_sql {
	char *s;
	size_t len;
};

static void db_sql_add(struct db_sql *q, const char *part)
{
	size_t l = strlen(part);
	q->s = xrealloc(q->s, q->len + l + 1);
	memcpy(q->s + q->len, part, l + 1);
	q->len += l;
}

/* INSERT INTO units (cols) VALUES ($1::type, ...), ... ON CONFLICT ON CONSTRAINT ... DO NOTHING */
static char *db_insert_sql(int rows)
{
	struct db_sql q = { 0 };
	char part[64];
	int p = 1;

	db_sql_add(&q, "INSERT INTO units (");
	for (int c = 0; c < REC_COLS; c++) {
		db_sql_add(&q, c ? ", " : "");
		db_sql_add(&q, record_col_names[c]);
	}
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < REC_COLS; c++) {
			snprintf(part, sizeof part, "%s$%d::%s", c ? ", " : r ? "), (" : ") VALUES (", p++,
				 db_record_types[c]);
			db_sql_add(&q, part);
		}
	db_sql_add(&q, ") ON CONFLICT ON CONSTRAINT units_record_id DO NOTHING");
	return q.s;
}

int db_insert(struct db_conn *c, const struct db_record *recs, int n, long *inserted,
	      enum db_fail *fail, char *err, size_t errlen)
{
	*inserted = 0;
	if (n <= 0) {
		*fail = DB_OK;
		return 0;
	}
	char *sql = db_insert_sql(n);
	const char **vals = xmalloc(sizeof *vals * (size_t)n * REC_COLS);
	for (int r = 0; r < n; r++)
		for (int col = 0; col < REC_COLS; col++)
			vals[r * REC_COLS + col] = recs[r].v[col];
	PGresult *res = db_conn_exec(c, sql, n * REC_COLS, vals, DB_QUERY_MS, fail, err, errlen);
	free(vals);
	free(sql);
	if (!res)
		return -1;
	*inserted = atol(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

int db_insert_each(struct db_conn *c, const struct db_record *recs, int n, long *inserted,
		   void (*rejected)(void *ctx, int index, const char *why), void *ctx,
		   enum db_fail *fail, char *err, size_t errlen)
{
	*inserted = 0;
	for (int i = 0; i < n; i++) {
		long one;
		if (db_insert(c, &recs[i], 1, &one, fail, err, errlen) == 0) {
			*inserted += one;
			continue;
		}
		if (*fail != DB_FAIL_DATA)
			return -1;
		rejected(ctx, i, err);
	}
	*fail = DB_OK;
	return 0;
}
