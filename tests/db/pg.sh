# A private PostgreSQL server for one test: initdb into a temporary folder (as the postgres user:
# the server refuses to run as root), a Unix socket in that folder only (no TCP port, so tests
# running side by side cannot collide), fsync off (the tests crash the server, not the machine).
# Sourced; needs Debian's postgresql package. Roles: postgres (trust, the admin), station
# (password from $PG_DIR/pgpass, which PGPASSFILE names).
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

# pg_as_postgres CMD...: runs a server program as the postgres user.
pg_as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_setup: creates the cluster in a new folder; sets PG_DIR, PG_SOCK, PG_ADMIN, PG_URL.
pg_setup() {
	PG_DIR=$(mktemp -d /tmp/station-pg.XXXXXX)
	chmod 755 "$PG_DIR"
	mkdir -p "$PG_DIR/s"
	[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR" "$PG_DIR/s"
	PG_SOCK=$PG_DIR/s
	pg_as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync \
		>"$PG_DIR/initdb.log" 2>&1 || { echo "initdb failed: $(tail -n 3 "$PG_DIR/initdb.log")"; return 1; }
	printf 'local all postgres trust\nlocal all all scram-sha-256\n' >"$PG_DIR/data/pg_hba.conf"
	pg_start || return 1
	PG_ADMIN="host=$PG_SOCK user=postgres dbname=line"
	PG_URL="host=$PG_SOCK user=station dbname=line"
	"$PG_BIN/psql" -X -q -h "$PG_SOCK" -U postgres -d postgres \
		-c "CREATE ROLE station LOGIN PASSWORD 'line-pw'" -c "CREATE DATABASE line" || return 1
	printf '*:*:*:station:line-pw\n' >"$PG_DIR/pgpass"
	chmod 600 "$PG_DIR/pgpass"
	export PGPASSFILE=$PG_DIR/pgpass
}

pg_start() {
	pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-k $PG_SOCK -c listen_addresses= -c fsync=off -c full_page_writes=off" start >/dev/null
}

# pg_crash: stops at once, as a power cut looks to a client.
pg_crash() {
	pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null
}

# pg_signal STOP|CONT: freezes or thaws the server and every one of its processes.
pg_signal() {
	local pm
	pm=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || return 1
	pkill -"$1" -P "$pm"
	kill -"$1" "$pm"
}

# psql_admin SQL: one value per line, fields separated by |.
psql_admin() {
	"$PG_BIN/psql" -X -q -A -t -h "$PG_SOCK" -U postgres -d line -c "$1"
}

pg_teardown() {
	[ -n "${PG_DIR:-}" ] || return 0
	pg_signal CONT 2>/dev/null  # a test that froze it may have failed before thawing
	pg_crash 2>/dev/null
	if [ -n "${PG_KEEP:-}" ]; then echo "kept $PG_DIR"; else rm -rf "$PG_DIR"; fi
}
