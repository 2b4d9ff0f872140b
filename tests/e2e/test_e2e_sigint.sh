#!/bin/bash
# SIGINT in the middle of a run: the station starts nothing new, records every unit it stops
# watching as ABORTED (saying a module mid-update finishes by itself) and exits 130.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/sigint
mkdir -p "$d"
# Slow module time so the units are mid-flight when the signal comes.
E2E_SCALE=0.05
timeout -k 5 120 "$FIXTURE_BIN" --modules 6 --population all-good --seed 4 --package-size 32768 \
	--time-scale "$E2E_SCALE" --write-config "$d"/cfg --log "$d"/fixture.log -- bash -c '
	"$1"/start.sh "$2" run -c "$3"/cfg/station.ini --headless >"$3"/out 2>"$3"/err &
	pid=$!
	for _ in $(seq 1 300); do
		[ "$(grep -c -- "-> updating" "$3"/out 2>/dev/null)" -ge 3 ] && break
		sleep 0.1
	done
	kill -INT $pid
	wait $pid
	echo $? >"$3"/rc' _ "$E2E_DIR" "$STATION_BIN" "$d"
rc=$(cat "$d"/rc 2>/dev/null)
if [ "$rc" = 130 ]; then pass sigint_exit_130; else fail sigint_exit_130 "exit ${rc:-none}: $(tail -n 2 "$d"/err)"; fi

records_u "$d" slot,result,error_code,error_text,update_s >"$d"/recs 2>"$d"/csvq.err
n=$(wc -l <"$d"/recs)
na=$(awk -F$'\x1f' '$2 == "ABORTED" && $3 == "E-ABORTED"' "$d"/recs | wc -l)
nu=$(cut -d$'\x1f' -f1 "$d"/recs | sort -u | wc -l)
if [ "$n" -eq 6 ] && [ "$nu" -eq 6 ] && [ "$na" -ge 3 ]; then pass sigint_records_aborted
else fail sigint_records_aborted "$n records for $nu slots, $na ABORTED: $(tr '\037' ' ' <"$d"/recs | head -n 3)"; fi
mid=$(awk -F$'\x1f' '$2 == "ABORTED" && $4 ~ /finishes it by itself/' "$d"/recs | wc -l)
if [ "$mid" -ge 3 ]; then pass sigint_mid_update_said
else fail sigint_mid_update_said "$mid ABORTED records say the module finishes by itself"; fi
# Units stopped mid-update stay in the journal (a restart resumes them); the others do not.
nj=$(grep -vc '^#' "$d"/cfg/records/journal 2>/dev/null)
if [ "${nj:-0}" -eq "$mid" ]; then pass sigint_journal_keeps_mid_update
else fail sigint_journal_keeps_mid_update "${nj:-0} journal entries for $mid units stopped mid-update"; fi
if grep -q -- '-> aborted' "$d"/out; then pass sigint_output_shows_aborted; else fail sigint_output_shows_aborted "no '-> aborted' line"; fi
# Every unit stops at once (within a second of the first), not at its module's next report.
span=$(grep -- '-> aborted' "$d"/out | cut -c12-23 | awk -F: '{ t = $1 * 3600 + $2 * 60 + $3; if (NR == 1 || t < lo) lo = t; if (t > hi) hi = t } END { printf "%d", (hi - lo) * 1000 }')
if [ "${span:-99999}" -lt 1000 ]; then pass sigint_stops_promptly; else fail sigint_stops_promptly "aborts spread over $span ms"; fi
