#!/bin/bash
# The real station with its dashboard on a terminal (tmux) inside the fixture: with
# auto_start = no the modules wait for the operator; 'S' starts them all; --once ends the run
# when every unit has its result and the terminal is given back.
. "$(dirname "$0")"/lib.sh
e2e_tmux dashboard

d=$E2E_TMP/dash
mkdir -p "$d"
tm_start dash 160 48 "cd '$PWD' && E2E_INI_SED='s/^auto_start *=.*/auto_start = no/' \
	timeout --foreground -k 5 120 '$FIXTURE_BIN' --modules 3 --seed 17 --package-size 8192 --time-scale $E2E_SCALE \
	--write-config '$d/cfg' --log '$d/fixture.log' -- '$E2E_DIR/start.sh' '$STATION_BIN' run \
	-c '$d/cfg/station.ini' --once --operator OP-9 2>'$d/err'"

# Modules arrive one by one (a slower build takes seconds): wait for all three rows.
if tm_wait_all dash 30 ' 01 .* waiting ' ' 02 .* waiting ' ' 03 .* waiting '; then
	pass dashboard_waits_for_start
else
	fail dashboard_waits_for_start "no three waiting slots on screen: $(echo "$TM_LAST" | head -n 8)"
fi
if [ -z "$(ls "$d"/cfg/records/*.csv 2>/dev/null)" ] && ! grep -q 'AT+QFUPL' "$d"/fixture.log; then
	pass dashboard_nothing_before_start
else
	fail dashboard_nothing_before_start "a unit ran before the operator started it"
fi
tm_keys dash S
# Watch the screen until the run ends: the percentages shown while updating, and the last
# summary line before the terminal is given back.
seen_pct="" last_summary="" end=$(( $(date +%s) + 60 ))
while [ "$(date +%s)" -lt "$end" ]; do
	TM_LAST=$(tm_capture dash 2>/dev/null)
	grep -q 'EXIT=' <<<"$TM_LAST" && break
	seen_pct+=" $(grep -oE 'updating +\[[^]]*\] +[0-9]+%' <<<"$TM_LAST" | grep -oE '[0-9]+%' | tr '\n' ' ')"
	s=$(grep -m 1 -E '^ units [0-9]+ ' <<<"$TM_LAST") && last_summary=$s
	sleep 0.1
done
if grep -q 'EXIT=0' <<<"$TM_LAST"; then pass dashboard_once_exit_0; else fail dashboard_once_exit_0 "$(echo "$TM_LAST" | tail -n 5)"; fi
n_pct=$(tr ' ' '\n' <<<"$seen_pct" | grep -c . ; true)
n_distinct=$(tr ' ' '\n' <<<"$seen_pct" | grep . | sort -u | wc -l)
if [ "$n_distinct" -ge 2 ]; then pass dashboard_progress_moves
else fail dashboard_progress_moves "$n_pct progress readings, $n_distinct distinct: '$seen_pct'"; fi
got=$(records "$d" slot,result,operator 2>/dev/null | sort | tr '\t\n' ': ')
if [ "$got" = "01:PASS:OP-9 02:PASS:OP-9 03:PASS:OP-9 " ]; then pass dashboard_units_pass
else fail dashboard_units_pass "records '$got'"; fi
# The summary the operator last saw counts what the CSV holds.
n_csv_pass=$(records "$d" result 2>/dev/null | grep -c '^PASS$')
if [[ $last_summary =~ pass\ ([0-9]+)\ +fail\ ([0-9]+)\ +skip\ ([0-9]+) ]] &&
   [ "${BASH_REMATCH[1]}" = "$n_csv_pass" ] && [ "${BASH_REMATCH[2]}" = 0 ] && [ "${BASH_REMATCH[3]}" = 0 ]; then
	pass dashboard_summary_matches_csv
else fail dashboard_summary_matches_csv "summary '$last_summary', CSV has $n_csv_pass PASS"; fi

# SIGTERM while the dashboard runs units: they are recorded ABORTED, the terminal is given back
# and the status is 130.
d=$E2E_TMP/dashterm
mkdir -p "$d"
tm_start term 160 48 "cd '$PWD' && E2E_PIDFILE='$d/pid' \
	timeout --foreground -k 5 120 '$FIXTURE_BIN' --modules 2 --seed 18 --package-size 8192 --time-scale 0.05 \
	--write-config '$d/cfg' --log '$d/fixture.log' -- '$E2E_DIR/start.sh' '$STATION_BIN' run \
	-c '$d/cfg/station.ini' --events '$d/events.jsonl' 2>'$d/err'"
for _ in $(seq 1 300); do
	[ "$(cat "$d"/events.jsonl 2>/dev/null | grep -c '"to":"updating"')" -ge 2 ] && break
	sleep 0.1
done
pid=$(cat "$d"/pid 2>/dev/null)
[ -n "$pid" ] && kill -TERM "$pid"
if tm_wait term 'EXIT=130' 20; then pass dashboard_sigterm_exit_130
else fail dashboard_sigterm_exit_130 "$(echo "$TM_LAST" | grep EXIT) $(grep -m 3 -E 'SUMMARY|ERROR' "$d"/err)"; fi
got=$(records "$d" slot,result 2>/dev/null | sort | tr '\t\n' ': ')
if [ "$got" = "01:ABORTED 02:ABORTED " ]; then pass dashboard_sigterm_aborted; else fail dashboard_sigterm_aborted "records '$got'"; fi
