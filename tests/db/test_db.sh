#!/bin/bash
# The line database against a real PostgreSQL server this test starts (tests/db/pg.sh): schema and
# privileges, forwarding during real runs in the fixture (database up, crashed mid-run, station
# killed while sending), two stations' report and history, import, and a database that cannot
# be used (bad url, wrong password, no tables): a clear message, the CSV still written.
. "$(dirname "$0")"/../e2e/lib.sh
. "$(dirname "$0")"/pg.sh
trap 'exit 143' TERM INT
trap 'pg_teardown; if [ "$e2e_failed" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then rm -rf "$E2E_TMP"; else echo "kept $E2E_TMP"; fi' EXIT
DB_DIR=$(cd "$(dirname "$0")" && pwd)

if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
	echo "FAIL setup: no PostgreSQL server programs (make deps installs postgresql)"; exit 1
fi
pg_setup || { echo "FAIL setup: cannot start PostgreSQL"; exit 1; }

# ini_db NAME: the sed script start.sh applies: station name, and the database.
ini_db() { printf 's/^name *=.*/name = %s/;$a [database]\\nurl = %s' "$1" "$PG_URL"; }
# db_rows STATION: the station's rows, in the CSV's text (as csvq prints them), sorted.
COLS=started_at,finished_at,station,operator,lot,slot,usb_path,port,model,imei,fw_before,fw_after,package,package_sha256,config_sha256,bytes,upload_s,update_s,module_attempts,result,error_code,module_code,error_text
db_rows() {
	psql_admin "COPY (SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),
		coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), ''),
		station, operator, lot, slot, usb_path, port, model, imei, fw_before, fw_after, package,
		package_sha256, config_sha256, coalesce(bytes::text, ''), coalesce(upload_s::text, ''),
		coalesce(update_s::text, ''), coalesce(module_attempts::text, ''), result, error_code,
		module_code, error_text FROM units WHERE station = '$1') TO STDOUT" | sort
}
csv_rows() { "$CSVQ" -c "$COLS" "$1"/cfg/records/*.csv | sort; }
# A number as the CSV writes it and as PostgreSQL prints it can differ in zeros ("2.50" / "2.5"):
# compare numbers as numbers.
norm() { awk -F'\t' -v OFS='\t' '{ for (i = 16; i <= 19; i++) if ($i != "") $i = $i + 0; print }'; }
# median_unit_s DIR: median seconds from start to finish of the run's units.
median_unit_s() {
	"$CSVQ" -c started_at,finished_at "$1"/cfg/records/*.csv | python3 -c '
import sys, datetime, statistics
p = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
print("%.3f" % statistics.median((p(b) - p(a)).total_seconds() for a, b in (l.split() for l in sys.stdin)))'
}

# --- Schema: check before init says so; init creates, is idempotent, grants insert + select only.
d=$E2E_TMP/cfgonly
mkdir -p "$d"
"$FIXTURE_BIN" --modules 1 --seed 1 --write-config "$d"/cfg -- true >/dev/null 2>&1
printf '\n[database]\nurl = %s\n' "$PG_URL" >>"$d"/cfg/station.ini
"$STATION_BIN" check -c "$d"/cfg/station.ini >"$d"/out 2>"$d"/err; rc=$?
if [ $rc = 2 ] && grep -q 'found no station tables.*station db init' "$d"/err; then pass db_check_missing_tables
else fail db_check_missing_tables "exit $rc: $(cat "$d"/err)"; fi
"$STATION_BIN" db init -c "$d"/cfg/station.ini --admin "$PG_ADMIN" >"$d"/init1 2>&1; rc1=$?
"$STATION_BIN" db init -c "$d"/cfg/station.ini --admin "$PG_ADMIN" >"$d"/init2 2>&1; rc2=$?
if [ $rc1 = 0 ] && [ $rc2 = 0 ] && grep -q 'version 0 -> 1' "$d"/init1 && grep -q 'up to date' "$d"/init2 \
	&& [ "$(psql_admin 'SELECT version FROM station_schema')" = 1 ]; then pass db_init_idempotent
else fail db_init_idempotent "exit $rc1/$rc2: $(cat "$d"/init1 "$d"/init2)"; fi
"$STATION_BIN" check -c "$d"/cfg/station.ini >"$d"/out 2>"$d"/err; rc=$?
if [ $rc = 0 ] && grep -q 'connected, schema version 1' "$d"/out; then pass db_check_ok
else fail db_check_ok "exit $rc: $(cat "$d"/err)"; fi
psql_station() { "$PG_BIN/psql" -X -q -A -t -h "$PG_SOCK" -U station -d line -c "$1" 2>&1; }
ins=$(psql_station "INSERT INTO units (started_at, station, operator, lot, slot, usb_path, port, model, imei,
	fw_before, fw_after, package, package_sha256, config_sha256, result, error_code, module_code, error_text)
	VALUES (now(), 'GRANT-TEST', '', '', '01', '', '', '', '1', '', '', '', '', '', 'PASS', '', '', '') RETURNING 1")
upd=$(psql_station "UPDATE units SET lot = 'x'")
alt=$(psql_station "ALTER TABLE units ADD COLUMN x int")
del=$(psql_station "DELETE FROM units")
if [ "$ins" = 1 ] && [[ $upd == *"permission denied"* ]] && [[ $alt == *"must be owner"* ]] && [[ $del == *"permission denied"* ]]; then
	pass db_role_insert_select_only
else fail db_role_insert_select_only "insert '$ins' update '$upd' alter '$alt' delete '$del'"; fi
psql_admin "DELETE FROM units WHERE station = 'GRANT-TEST'" >/dev/null

# --- Bad url, password in the url, wrong password: a clear message; the CSV is still written.
sed -i 's|^url = .*|url = postgresql://station:secret@localhost/line|' "$d"/cfg/station.ini
"$STATION_BIN" check -c "$d"/cfg/station.ini >/dev/null 2>"$d"/err; rc=$?
pwshown=$(grep -c secret "$d"/err)
if [ $rc = 2 ] && grep -q 'found a password in the connection string' "$d"/err && [ "$pwshown" -eq 0 ]; then pass db_password_in_url_refused
else fail db_password_in_url_refused "exit $rc: $(cat "$d"/err)"; fi
sed -i 's|^url = .*|url = postgresql://station@%zz/line|' "$d"/cfg/station.ini
"$STATION_BIN" check -c "$d"/cfg/station.ini >/dev/null 2>"$d"/err; rc=$?
if [ $rc = 2 ] && grep -q 'url: found a connection string libpq refuses' "$d"/err; then pass db_bad_url
else fail db_bad_url "exit $rc: $(cat "$d"/err)"; fi

d=$E2E_TMP/wrongpw
printf '*:*:*:station:wrong\n' >"$E2E_TMP/badpass"; chmod 600 "$E2E_TMP/badpass"
PGPASSFILE=$E2E_TMP/badpass E2E_INI_SED=$(ini_db L3-PW) run_once "$d" --modules 2 --seed 4 --package-size 4096
n=$("$CSVQ" "$d"/cfg/records/*.csv 2>/dev/null | wc -l)
if [ "$(cat "$d"/rc)" = 0 ] && [ "$n" = 2 ] && grep -q 'database: cannot connect: .*password authentication failed' "$d"/err \
	&& grep -qE 'database: [12] records? waiting since [0-9]{2}:[0-9]{2}' "$d"/out; then pass db_wrong_password_csv_kept
else fail db_wrong_password_csv_kept "exit $(cat "$d"/rc), $n records: $(head -c 600 "$d"/err)"; fi
PGPASSFILE=$E2E_TMP/badpass "$STATION_BIN" check -c "$d"/cfg/station.ini >/dev/null 2>"$d"/cerr; rc=$?
if [ $rc = 2 ] && grep -q 'password authentication failed' "$d"/cerr; then pass db_check_wrong_password
else fail db_check_wrong_password "exit $rc: $(cat "$d"/cerr)"; fi

# --- 32 modules with the database up: the rows equal the CSV records.
A=$E2E_TMP/st1
E2E_INI_SED=$(ini_db L3-ST01) run_once "$A" --modules 32 --seed 21 --package-size 32768
# Exit 1 (a unit failed: sanitizer builds on a busy machine can time a module out) still has to
# leave every record in the database.
if [[ $(cat "$A"/rc) = [01] ]] && [ "$(csv_rows "$A" | wc -l)" = 32 ] && \
	diff <(csv_rows "$A" | norm) <(db_rows L3-ST01 | norm) >"$A"/diff; then pass db_rows_equal_csv_32
else fail db_rows_equal_csv_32 "exit $(cat "$A"/rc): $(head -c 600 "$A"/diff) $(tail -n 3 "$A"/err)"; fi
if ! grep -q 'records\? waiting' "$A"/out "$A"/err; then pass db_up_nothing_waits_shown
else fail db_up_nothing_waits_shown "$(grep waiting "$A"/out "$A"/err | head -n 3)"; fi

# --- The database crashes mid-run and comes back: every record once, the waiting count shown.
# Beside it, at the same time (so both see the same load on a shared machine), the same modules
# without a database: the baseline of unit times, imported afterwards (twice).
B=$E2E_TMP/st2 C=$E2E_TMP/st3
mkdir -p "$B" "$C"
E2E_INI_SED='s/^name *=.*/name = L3-ST03/' run_once "$C" --modules 32 --seed 21 --package-size 32768 &
base=$!
# Done when every module has a record (a unit that failed on a slow machine may be tried again:
# then more) and the database holds as many.
done_b="n=\$(cat '$B'/cfg/records/*.csv | grep -c '^20'); [ \$n -ge 32 ] && [ \"\$(\"$PG_BIN/psql\" -X -A -t -h '$PG_SOCK' -U postgres -d line -c \"SELECT count(*) FROM units WHERE station = 'L3-ST02'\" 2>/dev/null)\" = \$n ]"
E2E_INI_SED=$(ini_db L3-ST02) timeout -k 5 240 "$FIXTURE_BIN" --modules 32 --seed 21 --package-size 32768 \
	--time-scale "$E2E_SCALE" --write-config "$B"/cfg --log "$B"/fixture.log -- "$E2E_DIR"/start.sh \
	"$DB_DIR"/signal_when.sh "$B" 90 INT "$done_b" \
	"$STATION_BIN" run -c "$B"/cfg/station.ini --headless >"$B"/out 2>"$B"/err &
fx=$!
count() { cat "$B"/cfg/records/*.csv 2>/dev/null | grep -c '^20'; }
end=$((SECONDS + 60))
while [ $SECONDS -lt $end ] && [ "$(count)" -lt 1 ]; do sleep 0.1; done
pg_crash; at_crash=$(count)
while [ $SECONDS -lt $end ] && ! grep -q 'records\? waiting since' "$B"/out; do sleep 0.1; done
while [ $SECONDS -lt $end ] && [ "$(count)" -lt $((at_crash + 3)) ]; do sleep 0.1; done
during=$(count)
pg_start
wait $fx
rc=$(cat "$B"/rc)
waiting=$(grep -oE 'database: [0-9]+ records? waiting since [0-9]{2}:[0-9]{2} UTC' "$B"/out | head -n 1)
if [ "$rc" = 130 ] && [ -n "$waiting" ] && [ "$during" -gt "$at_crash" ]; then pass db_down_waiting_shown
else fail db_down_waiting_shown "exit $rc, '$waiting', $at_crash records at the crash, $during before the restart: $(tail -n 3 "$B"/err)"; fi
if [ "$(csv_rows "$B" | wc -l)" -ge 32 ] && \
	diff <(csv_rows "$B" | norm) <(db_rows L3-ST02 | norm) >"$B"/diff; then pass db_down_every_record_once
else fail db_down_every_record_once "csv $(csv_rows "$B" | wc -l), db $(db_rows L3-ST02 | wc -l): $(head -c 400 "$B"/diff)"; fi
wait $base
mb=$(median_unit_s "$B"); mc=$(median_unit_s "$C")
echo "figure: median unit time $mb s (database crashed mid-run), $mc s (no database, same time), $(median_unit_s "$A") s (database up, earlier)"

# --- A database that hangs: its server frozen (SIGSTOP: the socket takes connections, nothing
# answers). If a slot ever waited for the database, no unit would end; all 32 end and are in
# the CSV while it is frozen, and the run ends by itself (the last flush at the stop is bounded).
D=$E2E_TMP/frozen
pg_signal STOP
E2E_INI_SED=$(ini_db L3-ST09) run_once "$D" --modules 32 --seed 22 --package-size 32768
pg_signal CONT
if [[ $(cat "$D"/rc) = [01] ]] && [ "$(csv_rows "$D" | wc -l)" -ge 32 ]; then pass db_frozen_slots_not_blocked
else fail db_frozen_slots_not_blocked "exit $(cat "$D"/rc), $(csv_rows "$D" | wc -l) records: $(tail -n 3 "$D"/err)"; fi
echo "figure: median unit time $(median_unit_s "$D") s with the database frozen"

printf '\n[database]\nurl = %s\n' "$PG_URL" >>"$C"/cfg/station.ini
"$STATION_BIN" db import -c "$C"/cfg/station.ini "$C"/cfg/records/*.csv >"$C"/imp1 2>&1; r1=$?
"$STATION_BIN" db import -c "$C"/cfg/station.ini "$C"/cfg/records/*.csv >"$C"/imp2 2>&1; r2=$?
nc=$(csv_rows "$C" | wc -l)
if [ $r1 = 0 ] && [ $r2 = 0 ] && [ "$nc" -ge 20 ] && grep -q ": $nc records, $nc new, 0 already there" "$C"/imp1 && \
	grep -q ": $nc records, 0 new, $nc already there" "$C"/imp2 && \
	diff <(csv_rows "$C" | norm) <(db_rows L3-ST03 | norm) >/dev/null; then pass db_import_idempotent
else fail db_import_idempotent "$(cat "$C"/imp1 "$C"/imp2)"; fi

# --- The station killed while the database is storing its batch, then started again: no record
# missing, none twice. A lock holds the insert on the server until the station is dead, so the
# rows are stored but their confirmation never reaches the outbox file.
K=$E2E_TMP/st4
mkdir -p "$K"
"$PG_BIN/psql" -X -q -h "$PG_SOCK" -U postgres -d line -c "BEGIN" \
	-c "LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE" -c "SELECT pg_sleep(200)" >/dev/null 2>&1 &
locker=$!
cond="[ \"\$(\"$PG_BIN/psql\" -X -A -t -h '$PG_SOCK' -U postgres -d line -c \"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'station' AND wait_event_type = 'Lock' AND query LIKE 'INSERT%'\")\" = 1 ] && [ \$(cat '$K'/cfg/records/*.csv | grep -c '^20') -ge 3 ]"
E2E_INI_SED=$(ini_db L3-ST04) timeout -k 5 120 "$FIXTURE_BIN" --modules 3 --seed 9 --package-size 4096 \
	--time-scale "$E2E_SCALE" --write-config "$K"/cfg -- "$E2E_DIR"/start.sh "$DB_DIR"/signal_when.sh "$K" 60 KILL "$cond" \
	"$STATION_BIN" run -c "$K"/cfg/station.ini --headless >"$K"/out 2>"$K"/err
killed_rc=$(cat "$K"/rc)
psql_admin "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(200)%' AND pid <> pg_backend_pid()" >/dev/null
wait $locker 2>/dev/null
end=$((SECONDS + 30))
while [ $SECONDS -lt $end ] && [ "$(psql_admin "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'station'")" != 0 ]; do sleep 0.2; done
stored=$(db_rows L3-ST04 | wc -l)
confirmed=$(awk '/^L3-ST04-/ { print $2 }' "$K"/cfg/records/db-confirmed)
confirmed=${confirmed:-0}  # no line: nothing of that file confirmed
size=$(stat -c %s "$K"/cfg/records/L3-ST04-*.csv)
timeout -k 5 120 "$FIXTURE_BIN" --modules 1 --seed 10 --package-size 4096 --time-scale "$E2E_SCALE" -- \
	"$STATION_BIN" run -c "$K"/cfg/station.ini --headless --once >"$K"/out2 2>"$K"/err2; rc=$?
# Stored but not confirmed: a restart that trusted only its own file would send them twice.
if [ "$killed_rc" = 137 ] && [ "$stored" -ge 1 ] && [ "$confirmed" -lt "$size" ] && [ $rc = 0 ] && [ "$(csv_rows "$K" | wc -l)" = 4 ] && \
	diff <(csv_rows "$K" | norm) <(db_rows L3-ST04 | norm) >"$K"/diff; then pass db_sigkill_none_missing_none_twice
else fail db_sigkill_none_missing_none_twice "killed with $killed_rc, $stored rows stored before the restart, $confirmed of $size bytes confirmed, restart exit $rc, csv $(csv_rows "$K" | wc -l), db $(db_rows L3-ST04 | wc -l): $(head -c 300 "$K"/diff) $(tail -n 2 "$K"/err2)"; fi

# --- The line: the report from the database equals the report over every station's CSV files.
csvs=("$A"/cfg/records/*.csv "$B"/cfg/records/*.csv "$C"/cfg/records/*.csv "$K"/cfg/records/*.csv)
"$STATION_BIN" report --csv "${csvs[@]}" >"$E2E_TMP"/rep_csv.csv 2>&1
"$STATION_BIN" report --csv --db "$PG_URL" >"$E2E_TMP"/rep_db.csv 2>&1; rc=$?
"$STATION_BIN" report "${csvs[@]}" | tail -n +2 >"$E2E_TMP"/rep_csv.txt
"$STATION_BIN" report --db "$PG_URL" | tail -n +2 >"$E2E_TMP"/rep_db.txt
stations=$(grep -c '^station,L3-ST0[1-4],records,' "$E2E_TMP"/rep_db.csv)
if [ $rc = 0 ] && [ "$stations" = 4 ] && cmp -s "$E2E_TMP"/rep_csv.csv "$E2E_TMP"/rep_db.csv && \
	cmp -s "$E2E_TMP"/rep_csv.txt "$E2E_TMP"/rep_db.txt; then pass db_report_equals_csv_report
else fail db_report_equals_csv_report "exit $rc, $stations stations: $(diff "$E2E_TMP"/rep_csv.csv "$E2E_TMP"/rep_db.csv | head -n 6)"; fi
"$STATION_BIN" report --csv --station L3-ST02 "${csvs[@]}" >"$E2E_TMP"/st_csv.csv
"$STATION_BIN" report --csv --station L3-ST02 --db "$PG_URL" >"$E2E_TMP"/st_db.csv
if cmp -s "$E2E_TMP"/st_csv.csv "$E2E_TMP"/st_db.csv && grep -q "^summary,,records,$(csv_rows "$B" | wc -l)" "$E2E_TMP"/st_db.csv; then pass db_report_station_filter
else fail db_report_station_filter "$(diff "$E2E_TMP"/st_csv.csv "$E2E_TMP"/st_db.csv | head -n 4)"; fi

# history finds a unit flashed at either station (the same IMEIs ran at ST01, ST02 and ST03).
imei=$("$CSVQ" -c imei "$K"/cfg/records/*.csv | head -n 1)
"$STATION_BIN" history --db "$PG_URL" "$imei" >"$E2E_TMP"/h1 2>&1; r1=$?
imei2=$("$CSVQ" -c imei "$A"/cfg/records/*.csv | head -n 1)
"$STATION_BIN" history --db "$PG_URL" "$imei2" >"$E2E_TMP"/h2 2>&1; r2=$?
"$STATION_BIN" history --db "$PG_URL" 000000000000000 >/dev/null 2>&1; r3=$?
if [ $r1 = 0 ] && grep -q "L3-ST04 slot" "$E2E_TMP"/h1 && [ $r2 = 0 ] && grep -q 'L3-ST01 slot' "$E2E_TMP"/h2 && \
	grep -q 'L3-ST02 slot' "$E2E_TMP"/h2 && [ $r3 = 1 ]; then pass db_history_either_station
else fail db_history_either_station "exit $r1/$r2/$r3: $(head -n 4 "$E2E_TMP"/h1 "$E2E_TMP"/h2)"; fi
