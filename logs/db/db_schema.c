/* The schema: a version table and the typed `units` table, created or upgraded by
 * `station db init`, checked by `station check` and at the start of `station run`. Each
 * upgrade step is frozen SQL: a later version adds a step, never edits one. */
#include "logs/db/db_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/xalloc.h"

static const char db_schema_table[] =
	"CREATE TABLE IF NOT EXISTS station_schema ("
	" version integer PRIMARY KEY,"
	" applied_at timestamptz NOT NULL DEFAULT now())";

/* Step N takes the schema from version N - 1 to N. Column order is logs/record.h's. */
static const char *const db_schema_steps[DB_SCHEMA_VERSION] = {
	"CREATE TABLE units ("
	" id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" started_at timestamptz NOT NULL,"
	" finished_at timestamptz,"
	" station text NOT NULL,"
	" operator text NOT NULL,"
	" lot text NOT NULL,"
	" slot text NOT NULL,"
	" usb_path text NOT NULL,"
	" port text NOT NULL,"
	" model text NOT NULL,"
	" imei text NOT NULL,"
	" fw_before text NOT NULL,"
	" fw_after text NOT NULL,"
	" package text NOT NULL,"
	" package_sha256 text NOT NULL,"
	" config_sha256 text NOT NULL,"
	" bytes bigint CHECK (bytes >= 0),"
	" upload_s double precision CHECK (upload_s >= 0),"
	" update_s double precision CHECK (update_s >= 0),"
	" module_attempts integer CHECK (module_attempts >= 0),"
	" result text NOT NULL CHECK (result IN ('PASS', 'SKIP', 'FAIL', 'ABORTED')),"
	" error_code text NOT NULL,"
	" module_code text NOT NULL,"
	" error_text text NOT NULL,"
	" received_at timestamptz NOT NULL DEFAULT now(),"
	" CONSTRAINT units_record_id UNIQUE (station, slot, imei, started_at));"
	"CREATE INDEX units_imei ON units (imei);"
	"CREATE INDEX units_lot ON units (lot);"
	"CREATE INDEX units_station ON units (station, started_at);"
	"CREATE INDEX units_started_at ON units (started_at)",
};

/* The version in the database: 0 when there is none yet, -1 with err when it cannot be read. */
static int db_schema_version(struct db_conn *c, bool missing_is_zero, enum db_fail *fail, char *err,
			     size_t n)
{
	PGresult *r = db_conn_exec(c, "SELECT coalesce(max(version), 0) FROM station_schema", 0, NULL,
				   DB_QUERY_MS, fail, err, n);
	if (!r) {
		if (*fail == DB_FAIL_SCHEMA && strstr(err, "does not exist")) {
			if (missing_is_zero)
				return 0;
			snprintf(err, n, "found no station tables in the database (no station_schema); "
				 "expected schema version %d: run `station db init -c FILE` once",
				 DB_SCHEMA_VERSION);
		}
		return -1;
	}
	int v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

int db_schema_check(struct db_conn *c, enum db_fail *fail, char *err, size_t n)
{
	int v = db_schema_version(c, false, fail, err, n);
	if (v < 0)
		return -1;
	*fail = DB_FAIL_SCHEMA;
	if (v < DB_SCHEMA_VERSION) {
		snprintf(err, n, "found schema version %d; expected %d: run `station db init -c FILE`",
			 v, DB_SCHEMA_VERSION);
		return -1;
	}
	if (v > DB_SCHEMA_VERSION) {
		snprintf(err, n, "found schema version %d, newer than this station's %d; expected "
			 "the station updated to match the database", v, DB_SCHEMA_VERSION);
		return -1;
	}
	PGresult *r = db_conn_exec(c, "SELECT has_table_privilege('units', 'INSERT'), "
				   "has_table_privilege('units', 'SELECT')", 0, NULL, DB_QUERY_MS, fail,
				   err, n);
	if (!r)
		return -1;
	bool ok = strcmp(PQgetvalue(r, 0, 0), "t") == 0 && strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	PQclear(r);
	if (!ok) {
		*fail = DB_FAIL_SCHEMA;
		snprintf(err, n, "found that this role may not insert into and select from units; "
			 "expected the grants of `station db init -c FILE`");
		return -1;
	}
	*fail = DB_OK;
	return 0;
}

struct db_conn *db_schema_open(const char *url, char *err, size_t n)
{
	enum db_fail fail;
	struct db_conn *c = db_conn_open(url, DB_CONNECT_MS, -1, err, n);
	if (c && db_schema_check(c, &fail, err, n) < 0) {
		db_conn_close(c);
		return NULL;
	}
	return c;
}

int db_check(const char *url, char *err, size_t n)
{
	struct db_conn *c = db_schema_open(url, err, n);
	db_conn_close(c);
	return c ? 0 : -1;
}

/* The user name in a connection string, or "" when it names none. */
static void db_schema_user(const char *url, char *out, size_t n)
{
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	out[0] = '\0';
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "user") == 0 && o->val)
			snprintf(out, n, "%s", o->val);
	PQconninfoFree(opts);
}

static int db_schema_grant(struct db_conn *c, const char *station_url, FILE *out, char *err, size_t n)
{
	enum db_fail fail;
	char role[128];

	db_schema_user(station_url, role, sizeof role);
	if (!role[0]) {
		fprintf(out, "grants: the station's url names no user; grant its role INSERT and SELECT "
			"on units and SELECT on station_schema yourself\n");
		return 0;
	}
	PGresult *r = db_conn_exec(c, "SELECT current_user = $1, "
				   "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", 1,
				   (const char *const[]){ role }, DB_QUERY_MS, &fail, err, n);
	if (!r)
		return -1;
	bool self = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	bool exists = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	PQclear(r);
	if (self) {
		fprintf(out, "grants: role %s created the tables and owns them; for least privilege run "
			"`station db init` as another role (--admin URL)\n", role);
		return 0;
	}
	if (!exists) {
		fprintf(out, "grants: role %s does not exist yet; create it (CREATE ROLE %s LOGIN) and "
			"run `station db init` again\n", role, role);
		return 0;
	}
	char *id = PQescapeIdentifier(c->pg, role, strlen(role));
	if (!id) {
		snprintf(err, n, "cannot quote the role name %s", role);
		return -1;
	}
	/* Inserts and reads only: no UPDATE, DELETE, TRUNCATE or ALTER, so a station can never
	 * change what another station (or itself, earlier) stored. */
	char *sql = xasprintf("REVOKE ALL ON units, station_schema FROM %s; "
			      "GRANT SELECT, INSERT ON units TO %s; "
			      "GRANT SELECT ON station_schema TO %s", id, id, id);
	PQfreemem(id);
	int rc = db_conn_run(c, sql, &fail, err, n);
	free(sql);
	if (rc == 0)
		fprintf(out, "grants: role %s may SELECT and INSERT on units, SELECT on station_schema, "
			"nothing else\n", role);
	return rc;
}

int db_init(const char *admin_url, const char *station_url, FILE *out, char *err, size_t n)
{
	enum db_fail fail;
	struct db_conn *c = db_conn_open(admin_url, DB_CONNECT_MS, -1, err, n);
	if (!c)
		return -1;
	int v = -1, rc = -1;
	/* One transaction, and a lock so two stations initialising at once do not race. */
	if (db_conn_run(c, "BEGIN", &fail, err, n) < 0 ||
	    db_conn_run(c, "SELECT pg_advisory_xact_lock(7403150001)", &fail, err, n) < 0 ||
	    db_conn_run(c, db_schema_table, &fail, err, n) < 0)
		goto out;
	v = db_schema_version(c, true, &fail, err, n);
	if (v < 0)
		goto out;
	if (v > DB_SCHEMA_VERSION) {
		snprintf(err, n, "found schema version %d, newer than this station's %d; expected the "
			 "station updated first", v, DB_SCHEMA_VERSION);
		goto out;
	}
	for (int step = v + 1; step <= DB_SCHEMA_VERSION; step++) {
		char ver[16];
		snprintf(ver, sizeof ver, "%d", step);
		if (db_conn_run(c, db_schema_steps[step - 1], &fail, err, n) < 0)
			goto out;
		PGresult *r = db_conn_exec(c, "INSERT INTO station_schema (version) VALUES ($1)", 1,
					   (const char *const[]){ ver }, DB_QUERY_MS, &fail, err, n);
		if (!r)
			goto out;
		PQclear(r);
	}
	if (db_conn_run(c, "COMMIT", &fail, err, n) < 0)
		goto out;
	if (v == DB_SCHEMA_VERSION)
		fprintf(out, "schema: version %d, up to date\n", v);
	else
		fprintf(out, "schema: version %d -> %d (table units, indexes on imei, lot, station, "
			"started_at)\n", v, DB_SCHEMA_VERSION);
	rc = db_schema_grant(c, station_url, out, err, n);
out:
	db_conn_close(c);
	return rc;
}
