#!/bin/bash
# Operator keys during uploads: with one upload at a time and a package of several MB, 'A'
# (auto-start on/off, which notifies every slot) pressed while a slot is uploading breaks
# nothing: every unit passes, and no command in any transcript takes another command's answer
# (the fault this guards against: an interrupted upload's late +QFUPL / OK read as the answer
# of the next command, "AT+QFLDS: malformed answer").
. "$(dirname "$0")"/lib.sh
e2e_tmux keys

d=$E2E_TMP/keys
mkdir -p "$d"
# Slow modules (256 KiB/s, as behind a slow hub) keep every upload on screen for seconds,
# however fast or loaded the machine is.
printf '%s slow 256\n' 1 2 3 >"$d"/faults
tm_start keys 160 48 "cd '$PWD' && E2E_INI_SED='s/^max_parallel_uploads *=.*/max_parallel_uploads = 1/' \
	timeout --foreground -k 5 200 '$FIXTURE_BIN' --modules 3 --seed 23 --package-size 1500000 \
	--faults '$d/faults' --time-scale $E2E_SCALE --write-config '$d/cfg' --log '$d/fixture.log' -- '$E2E_DIR/start.sh' \
	'$STATION_BIN' run -c '$d/cfg/station.ini' --once 2>'$d/err'"

# Press 'A' whenever a slot is seen uploading (at most once per slot), until the run ends.
pressed="" end=$(( $(date +%s) + 180 ))
while [ "$(date +%s)" -lt "$end" ]; do
	TM_LAST=$(tm_capture keys 2>/dev/null)
	grep -q 'EXIT=' <<<"$TM_LAST" && break
	slot=$(grep -m 1 -oE '^ *0[1-3] .*uploading' <<<"$TM_LAST" | grep -oE '0[1-3]' | head -n 1)
	if [ -n "$slot" ] && [[ $pressed != *"$slot"* ]]; then
		tm_keys keys A
		pressed+=" $slot"
	fi
	sleep 0.2
done
n_pressed=$(wc -w <<<"$pressed")
if [ "$n_pressed" -ge 2 ]; then pass keys_pressed_during_uploads
else fail keys_pressed_during_uploads "'A' pressed during the upload of slots '$pressed' only"; fi
if grep -q 'EXIT=0' <<<"$TM_LAST"; then pass keys_exit_0; else fail keys_exit_0 "$(echo "$TM_LAST" | tail -n 4)"; fi
got=$(records "$d" slot,result 2>/dev/null | sort | tr '\t\n' ': ')
if [ "$got" = "01:PASS 02:PASS 03:PASS " ]; then pass keys_units_pass
else fail keys_units_pass "records '$got'"; fi
# Every "+XXX:" answer line of a command the station sends (AT+XXX) follows that command; boot
# messages and reports of the module are not answers.
bad=$(for f in "$d"/cfg/records/transcripts/*/*.log; do awk '
	FNR == NR { if ($4 == ">" && match($5, /^AT\+[A-Z]+/)) sent[substr($5, 4, RLENGTH - 3)] = 1; next }
	$4 == ">" && match($5, /^AT\+[A-Z]+/) { last = substr($5, 4, RLENGTH - 3) }
	$4 == "<" && match($5, /^\+[A-Z]+:/) {
		name = substr($5, 2, RLENGTH - 2)
		if (name in sent && name != last) print $2 ": " $5 " after AT+" last }' "$f" "$f"; done | head -n 3)
n_tr=$(ls "$d"/cfg/records/transcripts/*/*.log 2>/dev/null | wc -l)
if [ "$n_tr" -eq 3 ] && [ -z "$bad" ]; then pass keys_no_answer_taken_by_another
else fail keys_no_answer_taken_by_another "$n_tr transcripts; $bad"; fi
