#!/bin/bash
# Restarts neither invent nor lose records. (1) Modules left in their slots across restarts (PASS,
# already at target, wrong base, a module that gives up: E-MODULE) get no second record and are
# not flashed again. (2) A clean stop while modules update records ABORTED and keeps them in the
# journal; the restart resumes them and their PASS records keep the true start, model, bytes,
# upload and update times and attempts, and the operator and lot of the run that started them.
. "$(dirname "$0")"/lib.sh

# ---- 1: three runs over the same modules ----
d=$E2E_TMP/again
mkdir -p "$d"
cat >"$d"/population <<'POP'
2 RM500Q-GL base
1 RM500Q-GL target
1 RM500Q-GL wrong
1 RM500Q-GL base endfail 520 5
POP
timeout -k 5 200 "$FIXTURE_BIN" --population "$d"/population --seed 9 --package-size 16384 --time-scale 0.01 \
	--write-config "$d"/cfg --log "$d"/fixture.log -- bash -c '
	for run in 1 2 3; do
		"$1"/start.sh "$2" run -c "$3"/cfg/station.ini --headless --once >"$3"/out$run 2>"$3"/err$run
		echo $? >"$3"/rc$run
	done' _ "$E2E_DIR" "$STATION_BIN" "$d"
got=$(records "$d" slot,result,error_code,module_code 2>/dev/null | sort | tr '\t\n' ':;')
want="01:PASS::;02:PASS::;03:SKIP::;04:FAIL:E-WRONG-BASE:;05:FAIL:E-MODULE:520;"
if [ "$got" = "$want" ]; then pass restart_no_second_record
else fail restart_no_second_record "records '$got', expected '$want' (exits $(cat "$d"/rc1 "$d"/rc2 "$d"/rc3 | tr '\n' ' '))"; fi
nf=$(grep -c ' cmd AT+QFOTADL="' "$d"/fixture.log)
nu=$(grep -c ' upload-start ' "$d"/fixture.log)
if [ "$nf" -eq 3 ] && [ "$nu" -eq 3 ]; then pass restart_not_flashed_again
else fail restart_not_flashed_again "$nf AT+QFOTADL and $nu uploads for 3 modules to flash"; fi
if grep -q -- "-> fail.*already recorded in this slot" "$d"/out2 && grep -q -- "-> pass.*already recorded in this slot" "$d"/out3; then
	pass restart_shows_recorded_result
else fail restart_shows_recorded_result "$(grep -m 2 -- '->' "$d"/out2)"; fi
if [ "$(cat "$d"/rc2)" = 0 ] && [ "$(cat "$d"/rc3)" = 0 ]; then pass restart_recorded_units_not_counted
else fail restart_recorded_units_not_counted "exits of runs 2 and 3: $(cat "$d"/rc2) $(cat "$d"/rc3)"; fi

# ---- 2: stop while updating, then restart ----
d=$E2E_TMP/stop
mkdir -p "$d"
timeout -k 5 200 "$FIXTURE_BIN" --modules 3 --population all-good --seed 14 --package-size 32768 --time-scale 0.05 \
	--write-config "$d"/cfg --log "$d"/fixture.log -- bash -c '
	"$1"/start.sh "$2" run -c "$3"/cfg/station.ini --headless --operator OP-1 --lot LOT-A >"$3"/out1 2>"$3"/err1 &
	pid=$!
	for _ in $(seq 1 600); do
		[ "$(grep -c -- "-> updating" "$3"/out1 2>/dev/null)" -ge 3 ] && break
		sleep 0.1
	done
	sleep 1
	kill -INT $pid
	wait $pid
	echo $? >"$3"/rc1
	grep -v "^#" "$3"/cfg/records/journal >"$3"/journal.at-stop 2>/dev/null
	"$1"/start.sh "$2" run -c "$3"/cfg/station.ini --headless --once --operator OP-2 --lot LOT-B >"$3"/out2 2>"$3"/err2
	echo $? >"$3"/rc2' _ "$E2E_DIR" "$STATION_BIN" "$d"
nj=$(wc -l <"$d"/journal.at-stop 2>/dev/null)
if [ "$(cat "$d"/rc1)" = 130 ] && [ "${nj:-0}" -eq 3 ]; then pass stop_keeps_updating_units_in_journal
else fail stop_keeps_updating_units_in_journal "exit $(cat "$d"/rc1), ${nj:-0} journal entries"; fi
records_u "$d" imei,result,started_at,model,bytes,upload_s,update_s,module_attempts,operator,lot,error_code >"$d"/recs 2>/dev/null
bad=""
for imei in $(cut -d$'\x1f' -f1 "$d"/recs | sort -u); do
	ab=$(awk -F$'\x1f' -v i="$imei" '$1 == i && $2 == "ABORTED"' "$d"/recs)
	ps=$(awk -F$'\x1f' -v i="$imei" '$1 == i && $2 == "PASS"' "$d"/recs)
	IFS=$'\x1f' read -r _ _ st_a _ <<<"$ab"
	IFS=$'\x1f' read -r _ _ st_p model bytes up upd att op lot _ <<<"$ps"
	fotadl=$(awk -v i="$imei" '$3 == i && $4 == "cmd" && $5 ~ /^AT\+QFOTADL="/ { print $1; exit }' "$d"/fixture.log)
	done_at=$(awk -v i="$imei" '$3 == i && $4 == "fota-done" { print $1; exit }' "$d"/fixture.log)
	# update_s covers at least AT+QFOTADL .. the module's END,0, in whole seconds less the
	# fixture's logging (it logs fota-done after writing END, when the station may have read it).
	span=$(python3 -c 'import sys, datetime as d
f = lambda s: d.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
print(max(0, int((f(sys.argv[2]) - f(sys.argv[1])).total_seconds() - 0.2)))' "$fotadl" "$done_at" 2>/dev/null)
	if [ -z "$ab" ] || [ -z "$ps" ] || [ "$st_a" != "$st_p" ] || [ "$model" != RM500Q-GL ] || [ "${bytes:-0}" -le 0 ] ||
	   [ -z "$up" ] || [ "${upd%.*}" -lt "${span:-0}" ] || [ "$att" != 1 ] || [ "$op" != OP-1 ] || [ "$lot" != LOT-A ]; then
		bad="$bad [$imei: $(tr '\037' ' ' <<<"$ps") / ABORTED start $st_a, update span $span s]"
	fi
done
n=$(wc -l <"$d"/recs)
if [ "$n" -eq 6 ] && [ -z "$bad" ] && ! grep -q 'E-AT' "$d"/recs; then pass restart_resumed_records_true
else fail restart_resumed_records_true "$n records:$bad $(grep -c E-AT "$d"/recs) E-AT"; fi
if [ "$(cat "$d"/rc2)" = 0 ] && { [ ! -f "$d"/cfg/records/journal ] || ! grep -qv '^#' "$d"/cfg/records/journal; }; then
	pass restart_journal_empty_after
else fail restart_journal_empty_after "exit $(cat "$d"/rc2): $(grep -v '^#' "$d"/cfg/records/journal | head -n 2)"; fi

# ---- 3: the two crash windows, made by hand ----
# (a) the record was written, the station died before removing the journal entry: the restart
# finds the record (same slot, IMEI and start) and writes no second one. (b) the entry was
# written (phase starting), the station died before AT+QFOTADL: the module is on its old firmware
# and never reboots; the restart flashes it (one AT+QFOTADL) and records PASS, not E-TIMEOUT.
d=$E2E_TMP/windows
mkdir -p "$d"
timeout -k 5 200 "$FIXTURE_BIN" --modules 2 --population all-good --seed 19 --package-size 16384 --time-scale 0.01 \
	--write-config "$d"/cfg --log "$d"/fixture.log -- bash -c '
	dir=$3/cfg/records
	"$1"/start.sh "$2" run -c "$3"/cfg/station.ini --headless --once --slots 01 >"$3"/out1 2>"$3"/err1
	rec=$("$CSVQ" -u -c slot,usb_path,imei,package,started_at,fw_before "$dir"/*.csv | head -n 1)
	IFS=$'"'"'\x1f'"'"' read -r slot path imei pkg started fw <<<"$rec"
	printf "%s\t%s\t%s\t%s\t%s\t%s\tRM500Q-GL\t16384\t1.000\t%s\t1\tupdating\tOP\tLOT\t\n" \
		"$slot" "$path" "$imei" "$pkg" "$started" "$fw" "$started" >"$dir"/journal
	read -r _ path2 imei2 _ <<<"$(awk "\$4 == \"module\" && \$5 == \"index=2\"" "$3"/fixture.log)"
	fw2=$(awk "\$4 == \"module\" && \$5 == \"index=2\" { sub(\"fw=\", \"\", \$9); print \$9 }" "$3"/fixture.log)
	echo "$started" >"$3"/started2
	printf "02\t%s\t%s\t%s\t%s\t%s\tRM500Q-GL\t16384\t1.000\t\t0\tstarting\tOP\tLOT\t\n" \
		"$path2" "$imei2" "$pkg" "$started" "$fw2" >>"$dir"/journal
	"$1"/start.sh "$2" run -c "$3"/cfg/station.ini --headless --once >"$3"/out2 2>"$3"/err2
	echo $? >"$3"/rc2' _ "$E2E_DIR" "$STATION_BIN" "$d"
records_u "$d" slot,result,error_code,started_at >"$d"/recs 2>/dev/null
n1=$(awk -F$'\x1f' '$1 == "01"' "$d"/recs | wc -l)
if [ "$n1" -eq 1 ] && grep -q "recorded before the restart" "$d"/out2; then pass window_record_then_kill_no_second_record
else fail window_record_then_kill_no_second_record "$n1 records for slot 01: $(tr '\037' ' ' <"$d"/recs)"; fi
r2=$(awk -F$'\x1f' '$1 == "02" { print $2 ":" $3 ":" $4 }' "$d"/recs)
nf2=$(awk -v p="$(awk '$4 == "module" && $5 == "index=2" { print $2 }' "$d"/fixture.log)" '$2 == p && $4 == "cmd" && $5 ~ /^AT\+QFOTADL="/' "$d"/fixture.log | wc -l)
if [ "$r2" = "PASS::$(cat "$d"/started2)" ] && [ "$nf2" -eq 1 ] && [ "$(cat "$d"/rc2)" = 0 ]; then pass window_journal_then_kill_flashed_once
else fail window_journal_then_kill_flashed_once "slot 02 record '$r2', $nf2 AT+QFOTADL, exit $(cat "$d"/rc2): $(grep -m 3 -- '02' "$d"/out2)"; fi

# ---- 4: a module that gives up after a resume is E-MODULE with its code, not E-TIMEOUT ----
d=$E2E_TMP/giveup
mkdir -p "$d"
echo "1 RM500Q-GL base endfail 520 5" >"$d"/population
timeout -k 5 200 "$FIXTURE_BIN" --population "$d"/population --seed 23 --package-size 16384 --time-scale 0.03 \
	--write-config "$d"/cfg --log "$d"/fixture.log -- "$E2E_DIR"/kill_restart.sh "$E2E_DIR" "$STATION_BIN" "$d" \
	'grep -q "attempt 2/5" "$d"/out1 2>/dev/null'
got=$(records "$d" result,error_code,module_code,module_attempts 2>/dev/null | tr '\t\n' ':;')
if [ "$got" = "FAIL:E-MODULE:520:5;" ]; then pass resume_then_give_up_is_e_module
else fail resume_then_give_up_is_e_module "records '$got' (exit $(cat "$d"/rc2 2>/dev/null))"; fi

# ---- 5: killed mid-upload; each module ends its upload (data timeout) while no station runs ----
# Its "+QFUPL: <bytes>,<sum>" and OK wait in the module until a host opens the port again, and
# reach the next station right after its open: they are not the answer to its first command (the
# transcript shows them), and every module is identified and flashed.
d=$E2E_TMP/cut-upload
mkdir -p "$d"
echo "4 RM500Q-GL base slow 64" >"$d"/population
timeout -k 5 200 "$FIXTURE_BIN" --population "$d"/population --seed 31 --package-size 262144 --time-scale 0.01 \
	--write-config "$d"/cfg --log "$d"/fixture.log -- "$E2E_DIR"/kill_restart.sh "$E2E_DIR" "$STATION_BIN" "$d" \
	'[ "$(grep -c " upload-start " "$d"/fixture.log)" -ge 4 ]' \
	'[ "$(grep -c " upload name=.* result=timeout" "$d"/fixture.log)" -ge 4 ]'
got=$(records "$d" result,error_code 2>/dev/null | sort | tr '\t\n' ':;')
cut=$(grep -c " upload name=.* result=timeout" "$d"/fixture.log)
stale=$(cat "$d"/cfg/records/transcripts/*/*.log 2>/dev/null | grep -c '< +QFUPL: ')
if [ "$got" = "PASS:;PASS:;PASS:;PASS:;" ] && [ "$cut" -eq 4 ] && [ "$stale" -ge 8 ] && [ "$(cat "$d"/rc2)" = 0 ]; then
	pass cut_upload_answer_not_taken_after_restart
else fail cut_upload_answer_not_taken_after_restart "records '$got', $cut cut uploads, $stale +QFUPL answers in the transcripts (4 cut + 4 whole expected), exit $(cat "$d"/rc2): $(grep -m 2 -- '-> fail' "$d"/out2)"; fi
