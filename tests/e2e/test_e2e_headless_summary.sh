#!/bin/bash
# A headless --once run says what it waits for before the first event and ends with a summary
# line (units, records by result, yield, units/h, where the records are) that matches the CSV and
# `station report`.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/summary
mkdir -p "$d"
printf '2 RM500Q-GL base\n1 RM520N-GL target\n1 RM500Q-GL wrong\n' >"$d/pop"
run_once "$d" --population "$d/pop" --seed 8 --package-size 4096
first=$(head -n 1 "$d/out") second=$(sed -n 2p "$d/out")
if [[ $first == "station run: SIM-ST01: 4 slots (usb 1-1.1 .. 1-1.4), 2 packages; records in $d/cfg/records" ]] &&
   [ "$second" = "station run: --once: flashing the 4 modules present now, then ending" ]; then
	pass headless_says_what_it_waits_for
else fail headless_says_what_it_waits_for "first lines: '$first' '$second'"; fi
last=$(tail -n 1 "$d/out")
csv=$(ls "$d"/cfg/records/*.csv)
want="station run: summary (every module present at the start has a result): 4 units, 4 records: PASS 2, FAIL 1, SKIP 1, ABORTED 0; yield 66.7 %; units/h -; records in $csv"
[ "$last" = "$want" ] && pass headless_summary_line || fail headless_summary_line "got '$last', want '$want'"
n_pass=$(records "$d" result | grep -c '^PASS$'); n_fail=$(records "$d" result | grep -c '^FAIL$')
[ "$n_pass" = 2 ] && [ "$n_fail" = 1 ] && [ "$(cat "$d/rc")" = 1 ] && pass headless_summary_matches_csv ||
	fail headless_summary_matches_csv "CSV PASS $n_pass FAIL $n_fail rc $(cat "$d/rc")"
y=$("$STATION_BIN" report --csv "$csv" | tr -d '\r' | awk -F, '$1 == "summary" && $3 == "yield_pct" { print $4 }')
[ "$(printf '%.1f' "$y")" = 66.7 ] && pass headless_yield_is_reports || fail headless_yield_is_reports "report yield '$y'"
