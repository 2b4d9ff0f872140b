/* One record checked against the table's types before it is sent, so one odd row can never
 * hold back the rows behind it: what the station cannot store is known here, not in a failed
 * batch. Times are sent in the one UTC form (station/base/clock), numbers as written. */
#include "logs/db/db_priv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logs/report/report.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"

enum db_kind { DB_K_TEXT, DB_K_TIME, DB_K_TIME_OR_NULL, DB_K_INT64, DB_K_INT32, DB_K_SECONDS,
	       DB_K_RESULT };

static const enum db_kind db_record_kinds[REC_COLS] = {
	[REC_STARTED_AT] = DB_K_TIME,
	[REC_FINISHED_AT] = DB_K_TIME_OR_NULL,
	[REC_BYTES] = DB_K_INT64,
	[REC_UPLOAD_S] = DB_K_SECONDS,
	[REC_UPDATE_S] = DB_K_SECONDS,
	[REC_MODULE_ATTEMPTS] = DB_K_INT32,
	[REC_RESULT] = DB_K_RESULT,
	/* every other column: DB_K_TEXT (0) */
};

const char *const db_record_types[REC_COLS] = {
	[REC_STARTED_AT] = "timestamptz", [REC_FINISHED_AT] = "timestamptz",
	[REC_STATION] = "text", [REC_OPERATOR] = "text", [REC_LOT] = "text", [REC_SLOT] = "text",
	[REC_USB_PATH] = "text", [REC_PORT] = "text", [REC_MODEL] = "text", [REC_IMEI] = "text",
	[REC_FW_BEFORE] = "text", [REC_FW_AFTER] = "text", [REC_PACKAGE] = "text",
	[REC_PACKAGE_SHA256] = "text", [REC_CONFIG_SHA256] = "text", [REC_BYTES] = "bigint",
	[REC_UPLOAD_S] = "float8", [REC_UPDATE_S] = "float8", [REC_MODULE_ATTEMPTS] = "integer",
	[REC_RESULT] = "text", [REC_ERROR_CODE] = "text", [REC_MODULE_CODE] = "text",
	[REC_ERROR_TEXT] = "text",
};

static int db_record_int(const char *s, long long max)
{
	char *end;
	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	return *end || errno || v > max ? -1 : 0;
}

/* Checks one field; out gets the text to send (NULL for SQL NULL). 0 or -1. */
static int db_record_field(enum db_kind k, const char *s, char **out)
{
	int64_t ms;
	bool date_only;
	char buf[32];

	*out = NULL;
	switch (k) {
	case DB_K_TEXT:
		/* PostgreSQL text holds no NUL (cannot happen here) but any other byte; the CSV is
		 * UTF-8 by contract, and a database in another encoding refuses the row (class 22). */
		*out = xstrdup(s);
		return 0;
	case DB_K_TIME_OR_NULL:
		if (!s[0])
			return 0;
		__attribute__((fallthrough));
	case DB_K_TIME:
		if (clock_parse(s, &ms, &date_only) < 0 || date_only)
			return -1;
		*out = xstrdup(clock_iso(ms, buf, sizeof buf));
		return 0;
	case DB_K_INT64:
	case DB_K_INT32:
		if (!s[0])
			return 0;
		if (db_record_int(s, k == DB_K_INT32 ? 2147483647LL : 9223372036854775807LL) < 0)
			return -1;
		*out = xstrdup(s);
		return 0;
	case DB_K_SECONDS: {
		char *end;
		if (!s[0])
			return 0;
		errno = 0;
		double v = strtod(s, &end);
		if (*end || errno || !isfinite(v) || v < 0 || s[0] < '0' || s[0] > '9')
			return -1;
		*out = xstrdup(s);
		return 0;
	}
	case DB_K_RESULT:
		for (int i = 0; i < RES_COUNT; i++)
			if (strcmp(s, report_result_names[i]) == 0) {
				*out = xstrdup(s);
				return 0;
			}
		return -1;
	}
	return -1;
}

int db_record_from(const struct record *r, struct db_record *out, char *why, size_t n)
{
	memset(out, 0, sizeof *out);
	for (int c = 0; c < REC_COLS; c++) {
		const char *s = r->f[c] ? r->f[c] : "";
		if (db_record_field(db_record_kinds[c], s, &out->v[c]) < 0) {
			snprintf(why, n, "found %s '%.40s'; expected %s", record_col_names[c], s,
				 db_record_kinds[c] == DB_K_RESULT ? "PASS, SKIP, FAIL or ABORTED" :
				 db_record_kinds[c] == DB_K_SECONDS ? "seconds or nothing" :
				 db_record_kinds[c] == DB_K_TIME ? "an ISO 8601 time" :
				 db_record_kinds[c] == DB_K_TIME_OR_NULL ? "an ISO 8601 time or nothing" :
				 "a whole number or nothing");
			db_record_free(out);
			return -1;
		}
	}
	return 0;
}

void db_record_free(struct db_record *d)
{
	for (int c = 0; c < REC_COLS; c++) {
		free(d->v[c]);
		d->v[c] = NULL;
	}
}
