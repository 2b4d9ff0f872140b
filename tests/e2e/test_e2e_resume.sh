#!/bin/bash
# A station killed mid-update (no chance to write anything) and started again: the journal makes
# it resume watching those slots instead of uploading again, and it finishes their records.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/resume
mkdir -p "$d"
E2E_SCALE=0.03
timeout -k 5 120 "$FIXTURE_BIN" --modules 4 --population all-good --seed 8 --package-size 32768 \
	--time-scale "$E2E_SCALE" --write-config "$d"/cfg --log "$d"/fixture.log -- \
	"$E2E_DIR"/kill_restart.sh "$E2E_DIR" "$STATION_BIN" "$d" '[ "$(grep -c -- "-> updating" "$d"/out1 2>/dev/null)" -ge 4 ]'
rc=$(cat "$d"/rc2 2>/dev/null)

nj=$(grep -cv '^#' "$d"/journal.at-kill 2>/dev/null)
if [ "${nj:-0}" -eq 4 ]; then pass resume_journal_at_kill; else fail resume_journal_at_kill "${nj:-0} journal entries when killed, expected 4"; fi
if [ "$rc" = 0 ]; then pass resume_exit_status; else fail resume_exit_status "second run exit ${rc:-none}: $(tail -n 2 "$d"/err2)"; fi
records "$d" slot,result,module_attempts >"$d"/recs 2>/dev/null
n=$(wc -l <"$d"/recs)
np=$(awk -F'\t' '$2 == "PASS"' "$d"/recs | wc -l)
if [ "$n" -eq 4 ] && [ "$np" -eq 4 ]; then pass resume_records_finished
else fail resume_records_finished "$n records, $np PASS: $(tr '\t' ' ' <"$d"/recs | head -n 4 | tr '\n' ';')"; fi
# One upload per module in all: the second run never uploaded again.
nup=$(grep -c ' upload-start ' "$d"/fixture.log)
if [ "$nup" -eq 4 ]; then pass resume_no_second_upload; else fail resume_no_second_upload "$nup uploads for 4 modules"; fi
if grep -q 'resuming a unit from the journal' "$d"/out2; then pass resume_shown; else fail resume_shown "no resume line in the output"; fi
if [ ! -s "$d"/cfg/records/journal ] || ! grep -qv '^#' "$d"/cfg/records/journal; then pass resume_journal_empty
else fail resume_journal_empty "$(grep -v '^#' "$d"/cfg/records/journal | head -n 2)"; fi

# 2. The tty lags discovery when the module comes back (udev makes the node late: the fixture's
#    ttylag fault hides the AT tty's /dev node for 3 s after each re-plug). The station is killed
#    as the module reboots into its update and started again at once: its resume finds the module
#    on USB before its tty can be opened, and tries again as the normal path does, instead of
#    giving up on the first failed open.
d=$E2E_TMP/resume-lag
mkdir -p "$d"
echo "1 ttylag 3" >"$d"/faults
E2E_REBOOT=20 timeout -k 5 120 "$FIXTURE_BIN" --modules 1 --faults "$d"/faults --seed 8 --package-size 32768 \
	--time-scale "$E2E_SCALE" --write-config "$d"/cfg --log "$d"/fixture.log -- \
	"$E2E_DIR"/kill_restart.sh "$E2E_DIR" "$STATION_BIN" "$d" 'grep -q " unplug$" "$d"/fixture.log'
rc=$(cat "$d"/rc2 2>/dev/null)
nj=$(grep -cv '^#' "$d"/journal.at-kill 2>/dev/null)
# The node was still hidden when the second station started: its first open could only fail.
started=$(cat "$d"/second-start 2>/dev/null)
hidden=$(awk '$4 == "tty-node" && $6 == "hidden" { print $1; exit }' "$d"/fixture.log)
shown=$(awk '$4 == "tty-node" && $6 == "shown" { print $1; exit }' "$d"/fixture.log)
if [ "${nj:-0}" -eq 1 ] && [ -n "$started" ] && [ -n "$hidden" ] && { [ -z "$shown" ] || [[ $started < $shown ]]; }; then
	pass resume_lag_setup
else fail resume_lag_setup "journal entries ${nj:-0}; second start ${started:-?}, tty node shown ${shown:-never}"; fi
recs=$(records "$d" result,error_code,error_text 2>/dev/null | tr '\t' '|')
if [ "$rc" = 0 ] && [ "$(cut -d'|' -f1-2 <<<"$recs")" = "PASS|" ]; then
	pass resume_lagging_tty_retried
else fail resume_lagging_tty_retried "exit ${rc:-none}, records: $recs"; fi
if grep -qh "(trying again)" "$d"/cfg/records/transcripts/*/*.log 2>/dev/null; then pass resume_lag_noted
else fail resume_lag_noted "no retry noted in the transcript"; fi
