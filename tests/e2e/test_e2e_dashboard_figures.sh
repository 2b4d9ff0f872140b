#!/bin/bash
# The real station's dashboard (tmux, 160x48) inside the fixture:
# - its figures are the report's on the same run: a module that FAILs and is retried to PASS is one
#   unit with two records; units, records, yield and units/h agree with `station report --csv`;
# - Ctrl-C while units run asks, a second Ctrl-C quits: exit status 130, those units ABORTED.
. "$(dirname "$0")"/lib.sh
e2e_tmux dashboard

d=$E2E_TMP/figures
mkdir -p "$d"
printf '1 RM500Q-GL base endfail 520 5\n2 RM500Q-GL base\n' >"$d/pop"
tm_start fig 160 48 "cd '$PWD' && timeout --foreground -k 5 120 '$FIXTURE_BIN' --population '$d/pop' --seed 21 \
	--package-size 8192 --time-scale $E2E_SCALE --write-config '$d/cfg' --log '$d/fixture.log' -- \
	'$E2E_DIR/start.sh' '$STATION_BIN' run -c '$d/cfg/station.ini' --operator OP-5 --lot LOT-9 2>'$d/err'"
if tm_wait fig '^[ >]!01 .*FAIL ' 60; then
	tm_keys fig r
	tm_wait_all fig 60 '^[ >] 01 .*PASS' '^[ >] 02 .*PASS' '^[ >] 03 .*PASS' 'records: pass 3  fail 1' ||
		fail figures_retry_passes "slot 01 not PASS after r: $(echo "$TM_LAST" | sed -n 2,8p)"
else
	fail figures_first_fail "slot 01 never failed: $(echo "$TM_LAST" | sed -n 2,8p)"
fi
summary=$(grep -m 1 -E '^ units ' <<<"$TM_LAST")
tm_keys fig q
tm_wait fig 'EXIT=' 20
if grep -q 'EXIT=1' <<<"$TM_LAST"; then pass figures_exit_1_some_failed; else fail figures_exit_1_some_failed "$(grep EXIT <<<"$TM_LAST")"; fi

"$STATION_BIN" report --csv "$d"/cfg/records/*.csv >"$d/report.csv" 2>"$d/report.err"
metric() { tr -d '\r' <"$d/report.csv" | awk -F, -v m="$1" '$1 == "summary" && $3 == m { print $4 }'; }
r_units=$(metric units) r_records=$(metric records) r_yield=$(metric yield_pct) r_uph=$(metric units_per_hour)
[ -n "$r_yield" ] && r_yield=$(printf '%.1f' "$r_yield")
[ -z "$r_uph" ] && r_uph=- || r_uph=$(printf '%.1f' "$r_uph")
if [[ $summary =~ ^\ units\ ([0-9]+)\ +records:\ pass\ ([0-9]+)\ +fail\ ([0-9]+)\ +skip\ ([0-9]+)\ +aborted\ ([0-9]+)\ +yield\ ([0-9.]+)\ %\ +units/h\ ([0-9.]+|-)\  ]]; then
	d_units=${BASH_REMATCH[1]} d_records=$(( BASH_REMATCH[2] + BASH_REMATCH[3] + BASH_REMATCH[4] + BASH_REMATCH[5] ))
	d_yield=${BASH_REMATCH[6]} d_uph=${BASH_REMATCH[7]}
	if [ "$d_units" = 3 ] && [ "$d_units" = "$r_units" ] && [ "$d_records" = 4 ] && [ "$d_records" = "$r_records" ]; then
		pass figures_units_are_distinct_imeis
	else fail figures_units_are_distinct_imeis "dashboard units $d_units records $d_records; report units $r_units records $r_records"; fi
	[ "$d_yield" = "$r_yield" ] && [ "$d_yield" = 75.0 ] && pass figures_yield_agrees ||
		fail figures_yield_agrees "dashboard $d_yield, report $r_yield"
	[ "$d_uph" = "$r_uph" ] && pass figures_units_per_hour_agrees || fail figures_units_per_hour_agrees "dashboard $d_uph, report $r_uph"
else
	fail figures_summary_line "no summary line: '$summary'"
fi

# Ctrl-C while two units update: the question, then a second Ctrl-C: 130, both ABORTED.
d=$E2E_TMP/ctrlc
mkdir -p "$d"
tm_start cc 160 48 "cd '$PWD' && timeout --foreground -k 5 120 '$FIXTURE_BIN' --modules 2 --seed 19 --package-size 8192 \
	--time-scale 0.05 --write-config '$d/cfg' --log '$d/fixture.log' -- '$E2E_DIR/start.sh' '$STATION_BIN' run \
	-c '$d/cfg/station.ini' --events '$d/events.jsonl' 2>'$d/err'"
for _ in $(seq 1 300); do
	[ "$(grep -c '"to":"updating"' "$d"/events.jsonl 2>/dev/null)" -ge 2 ] && break
	sleep 0.1
done
tm_keys cc C-c
if tm_wait cc '^ y quit / n stay: 2 units are running' 10; then pass ctrl_c_asks_first
else fail ctrl_c_asks_first "$(echo "$TM_LAST" | tail -n 2)"; fi
tm_keys cc C-c
if tm_wait cc 'EXIT=130' 30; then pass ctrl_c_exit_130; else fail ctrl_c_exit_130 "$(grep EXIT <<<"$TM_LAST")"; fi
got=$(records "$d" slot,result 2>/dev/null | sort | tr '\t\n' ': ')
[ "$got" = "01:ABORTED 02:ABORTED " ] && pass ctrl_c_units_aborted || fail ctrl_c_units_aborted "records '$got'"
