#!/bin/bash
# Records a supervisor can trust, with the real station in the fixture: a read-only log folder
# (exit 3, no module touched), a full disk (records held, said everywhere, written in order when
# space returns; exit 4 when they never could be), two stations on one log folder (the second is
# refused with the first one's pid) and SIGHUP (handled like SIGTERM). The fixture runs its
# command in a mount namespace of its own, so the small filesystems mounted here go with it.
. "$(dirname "$0")"/lib.sh

# wait_for FILE REGEX COUNT SECONDS: until FILE holds COUNT lines matching REGEX.
wait_for() {
	local i
	for i in $(seq 1 $(($4 * 10))); do
		[ "$(grep -c -E -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
		sleep 0.1
	done
	return 1
}
export -f wait_for

# in_fixture DIR MODULES SCALE SCRIPT: runs bash -c SCRIPT inside the fixture with $1 = DIR,
# $2 = the station, $3 = E2E_DIR; the fixture's status goes to DIR/fixture.rc.
in_fixture() {
	local d=$1 n=$2 scale=$3 script=$4
	mkdir -p "$d"
	timeout -k 5 200 "$FIXTURE_BIN" --modules "$n" --population all-good --seed 11 --package-size 16384 \
		--time-scale "$scale" --write-config "$d"/cfg --log "$d"/fixture.log -- \
		bash -c "$script" _ "$d" "$STATION_BIN" "$E2E_DIR" >"$d"/script.out 2>&1
	echo $? >"$d"/fixture.rc
}

# ---- read-only log folder ----
d=$E2E_TMP/ro
in_fixture "$d" 2 0.01 '
	mkdir -p "$1"/cfg/records && mount -t tmpfs -o ro,size=64k tmpfs "$1"/cfg/records || exit 99
	"$3"/start.sh "$2" run -c "$1"/cfg/station.ini --headless --once >"$1"/out 2>"$1"/err
	echo $? >"$1"/rc'
rc=$(cat "$d"/rc 2>/dev/null)
if [ "$rc" = 3 ] && grep -q "cannot create a record file.*Read-only" "$d"/err; then pass readonly_exit_3
else fail readonly_exit_3 "exit ${rc:-none} (fixture $(cat "$d"/fixture.rc)): $(head -c 300 "$d"/err)"; fi
if ! grep -q ' cmd ' "$d"/fixture.log; then pass readonly_no_module_touched
else fail readonly_no_module_touched "$(grep -c ' cmd ' "$d"/fixture.log) AT commands reached the modules"; fi

# ---- two stations on one log folder ----
d=$E2E_TMP/two
in_fixture "$d" 2 0.02 '
	"$3"/start.sh "$2" run -c "$1"/cfg/station.ini --headless >"$1"/out 2>"$1"/err &
	first=$!
	echo $first >"$1"/first.pid
	wait_for "$1"/out "-> identifying" 1 60
	"$2" run -c "$1"/cfg/station.ini --headless --once >"$1"/out2 2>"$1"/err2
	echo $? >"$1"/rc2
	kill -INT $first
	wait $first'
rc=$(cat "$d"/rc2 2>/dev/null)
first=$(cat "$d"/first.pid 2>/dev/null)
if [ "$rc" = 3 ] && [ -n "$first" ] && grep -q "in use by another station (pid $first)" "$d"/err2; then
	pass two_stations_second_refused
else fail two_stations_second_refused "exit ${rc:-none}: $(head -c 300 "$d"/err2) (first pid $first)"; fi

# ---- disk full, then space returns ----
d=$E2E_TMP/full
in_fixture "$d" 3 0.02 '
	mkdir -p "$1"/cfg/records && mount -t tmpfs -o size=256k tmpfs "$1"/cfg/records || exit 99
	"$3"/start.sh "$2" run -c "$1"/cfg/station.ini --headless --events "$1"/events.jsonl >"$1"/out 2>"$1"/err &
	pid=$!
	wait_for "$1"/out "-> updating" 3 90
	dd if=/dev/zero of="$1"/cfg/records/filler bs=4k 2>/dev/null
	dd if=/dev/zero of="$1"/cfg/records/filler2 bs=1 2>/dev/null
	wait_for "$1"/out "-> pass" 3 90
	wait_for "$1"/out "records are not being written" 1 10
	cp "$1"/cfg/records/*.csv "$1"/while-full.csv 2>/dev/null
	rm -f "$1"/cfg/records/filler "$1"/cfg/records/filler2
	wait_for "$1"/out "records are being written again" 1 30
	kill -INT $pid
	wait $pid
	echo $? >"$1"/rc
	cp -a "$1"/cfg/records "$1"/saved && umount "$1"/cfg/records && cp -a "$1"/saved/. "$1"/cfg/records/'
rc=$(cat "$d"/rc 2>/dev/null)
if grep -q "slot -- records are not being written: cannot write .*No space left" "$d"/out &&
   grep -q '"slot":null.*records are not being written' "$d"/events.jsonl; then pass diskfull_said_in_lines_and_events
else fail diskfull_said_in_lines_and_events "$(grep -m2 records "$d"/out) (fixture $(cat "$d"/fixture.rc))"; fi
# While the disk was full, the file held only whole records.
if [ ! -s "$d"/while-full.csv ] || "$CSVQ" "$d"/while-full.csv >/dev/null 2>"$d"/csvq.err; then
	pass diskfull_no_torn_line
else fail diskfull_no_torn_line "$(head -c 300 "$d"/csvq.err)"; fi
got=$(records "$d" slot,result 2>"$d"/csvq2.err | sort | tr '\t\n' ': ')
if [ "$got" = "01:PASS 02:PASS 03:PASS " ] && [ ! -s "$d"/csvq2.err ]; then pass diskfull_records_written_after
else fail diskfull_records_written_after "records '$got' $(head -c 200 "$d"/csvq2.err)"; fi
if [ "$rc" = 130 ] && { [ ! -f "$d"/cfg/records/journal ] || ! grep -qv '^#' "$d"/cfg/records/journal; }; then
	pass diskfull_journal_cleared_after
else fail diskfull_journal_cleared_after "exit ${rc:-none}; journal: $(grep -v '^#' "$d"/cfg/records/journal 2>/dev/null | head -n 2)"; fi

# ---- the disk stays full: exit 4, the loss said ----
d=$E2E_TMP/lost
in_fixture "$d" 2 0.02 '
	mkdir -p "$1"/cfg/records && mount -t tmpfs -o size=256k tmpfs "$1"/cfg/records || exit 99
	"$3"/start.sh "$2" run -c "$1"/cfg/station.ini --headless --once >"$1"/out 2>"$1"/err &
	pid=$!
	wait_for "$1"/out "-> updating" 2 90
	dd if=/dev/zero of="$1"/cfg/records/filler bs=4k 2>/dev/null
	dd if=/dev/zero of="$1"/cfg/records/filler2 bs=1 2>/dev/null
	wait $pid
	echo $? >"$1"/rc
	grep -v "^#" "$1"/cfg/records/journal >"$1"/journal.left 2>/dev/null'
rc=$(cat "$d"/rc 2>/dev/null)
if [ "$rc" = 4 ] && grep -q "2 records could not be written and are lost" "$d"/err; then pass diskfull_exit_4_records_lost
else fail diskfull_exit_4_records_lost "exit ${rc:-none}: $(tail -n 2 "$d"/err)"; fi
if [ "$(wc -l <"$d"/journal.left 2>/dev/null)" = 2 ]; then pass diskfull_lost_units_stay_in_journal
else fail diskfull_lost_units_stay_in_journal "journal: $(cat "$d"/journal.left 2>/dev/null)"; fi

# ---- SIGHUP, headless ----
d=$E2E_TMP/hup
in_fixture "$d" 3 0.02 '
	"$3"/start.sh "$2" run -c "$1"/cfg/station.ini --headless >"$1"/out 2>"$1"/err &
	pid=$!
	wait_for "$1"/out "-> updating" 3 90
	kill -HUP $pid
	wait $pid
	echo $? >"$1"/rc'
rc=$(cat "$d"/rc 2>/dev/null)
got=$(records "$d" slot,result 2>/dev/null | sort | tr '\t\n' ': ')
if [ "$rc" = 130 ] && [ "$got" = "01:ABORTED 02:ABORTED 03:ABORTED " ]; then pass sighup_headless_records
else fail sighup_headless_records "exit ${rc:-none}, records '$got': $(tail -n 2 "$d"/err)"; fi

# ---- SIGHUP, dashboard: the terminal goes away (tmux closes the pane's terminal) ----
. "$E2E_DIR"/../ui/tmux_lib.sh
trap 'tm_cleanup; if [ "$e2e_failed" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then rm -rf "$E2E_TMP"; else echo "kept $E2E_TMP"; fi' EXIT
d=$E2E_TMP/huptty
mkdir -p "$d"
tm_start huptty 160 48 "cd '$PWD' && E2E_PIDFILE='$d/pid' \
	timeout --foreground -k 5 120 '$FIXTURE_BIN' --modules 2 --seed 18 --package-size 8192 --time-scale 0.05 \
	--write-config '$d/cfg' --log '$d/fixture.log' -- '$E2E_DIR/start.sh' '$STATION_BIN' run \
	-c '$d/cfg/station.ini' --events '$d/events.jsonl' 2>'$d/err'"
wait_for "$d"/events.jsonl '"to":"updating"' 2 60
pid=$(cat "$d"/pid 2>/dev/null)
tm_kill huptty
for _ in $(seq 1 300); do
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
got=$(records "$d" slot,result 2>/dev/null | sort | tr '\t\n' ': ')
if [ -n "$pid" ] && [ "$got" = "01:ABORTED 02:ABORTED " ]; then pass sighup_dashboard_records
else fail sighup_dashboard_records "records '$got' (pid ${pid:-none}): $(tail -c 300 "$d"/err)"; fi
