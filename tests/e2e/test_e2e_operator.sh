#!/bin/bash
# Operator commands through the real dashboard: retry runs a failed unit again (a second record),
# abort stops watching a unit mid-update (ABORTED record, the module left to finish), quit ends
# the run with the exit status of its units.
. "$(dirname "$0")"/lib.sh
e2e_tmux operator

d=$E2E_TMP/op
mkdir -p "$d"
cat >"$d"/pop <<'POP'
1 RM500Q-GL base urcport usbmodem locked
1 RM500Q-GL base
POP
# count SLOT RESULT: records of that slot with that result
count() { records "$d" slot,result 2>/dev/null | awk -F'\t' -v s="$1" -v r="$2" '$1 == s && $2 == r' | wc -l; }
# has SLOT RESULT N: at least N such records
has() { [ "$(count "$1" "$2")" -ge "$3" ]; }
# updating SLOT: the slot's events reached updating
updating() { grep -q "\"slot\":\"$1\".*\"to\":\"updating\"" "$d"/events.jsonl 2>/dev/null; }
# wait_for SECONDS COMMAND...: polls until the command succeeds
wait_for() { local end=$((SECONDS + $1)); shift; until "$@"; do [ $SECONDS -ge $end ] && return 1; sleep 0.2; done; }

tm_start op 160 48 "cd '$PWD' && timeout --foreground -k 5 120 '$FIXTURE_BIN' --population '$d/pop' \
	--seed 19 --package-size 8192 --time-scale 0.05 --write-config '$d/cfg' --log '$d/fixture.log' -- \
	'$E2E_DIR/start.sh' '$STATION_BIN' run -c '$d/cfg/station.ini' --events '$d/events.jsonl' 2>'$d/err'"

if wait_for 30 has 01 FAIL 1; then
	tm_keys op Home r
	if wait_for 30 has 01 FAIL 2; then pass operator_retry_runs_again
	else fail operator_retry_runs_again "$(count 01 FAIL) FAIL records for slot 01 after r"; fi
else
	fail operator_retry_runs_again "slot 01 never failed"
fi
if wait_for 30 updating 02; then
	tm_keys op End x
	sleep 0.5
	tm_keys op y
	if wait_for 20 has 02 ABORTED 1; then pass operator_abort_mid_update
	else fail operator_abort_mid_update "no ABORTED record for slot 02: $(tm_capture op | grep -m 3 -E '02|abort')"; fi
else
	fail operator_abort_mid_update "slot 02 never showed updating"
fi
tm_keys op q
sleep 0.5
tm_keys op y
if tm_wait op 'EXIT=1' 20; then pass operator_quit_exit_1; else fail operator_quit_exit_1 "$(echo "$TM_LAST" | tail -n 3)"; fi
n=$(records "$d" slot 2>/dev/null | wc -l)
if [ "$n" -eq 3 ]; then pass operator_records; else fail operator_records "$n records, expected 3 (two FAIL, one ABORTED)"; fi
