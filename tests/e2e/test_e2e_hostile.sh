#!/bin/bash
# Hostile input never hangs or aborts the station: a FIFO as config or package, more slots than
# open files allow, control characters in --operator/--lot, station report on /dev/zero and on
# records carrying terminal escape sequences.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/cfg40
timeout 120 "$FIXTURE_BIN" --modules 40 --seed 5 --package-size 4096 --write-config "$d" -- true >/dev/null 2>&1

# More slots than open files allow: refused before any slot starts, never "fatal: pipe".
out=$(ulimit -n 100; timeout 60 "$STATION_BIN" run -c "$d"/station.ini --headless 2>&1); rc=$?
if [ $rc = 3 ] && grep -q "40 slots need about 464 open files" <<<"$out" && ! grep -q fatal <<<"$out"; then
	pass run_too_many_slots_exit_3
else fail run_too_many_slots_exit_3 "exit $rc: $(head -c 300 <<<"$out")"; fi

# A FIFO as the config, then as a package: exit 2 at once, nobody waits for a writer.
mkfifo "$E2E_TMP/fifo.ini"
out=$(timeout 20 "$STATION_BIN" run -c "$E2E_TMP/fifo.ini" --headless 2>&1); rc=$?
if [ $rc = 2 ] && grep -q "found a FIFO with nothing to read (no writer)" <<<"$out"; then pass run_fifo_config_exit_2
else fail run_fifo_config_exit_2 "exit $rc: $(head -c 300 <<<"$out")"; fi
pkg=$(sed -n 's/^file *= *//p' "$d"/station.ini | head -n 1)
mv "$d/$pkg" "$d/$pkg.real" && mkfifo "$d/$pkg"
out=$(timeout 20 "$STATION_BIN" run -c "$d"/station.ini --headless 2>&1); rc=$?
if [ $rc = 2 ] && grep -q "found a FIFO; expected a regular package file" <<<"$out"; then pass run_fifo_package_exit_2
else fail run_fifo_package_exit_2 "exit $rc: $(head -c 300 <<<"$out")"; fi
rm -f "$d/$pkg" && mv "$d/$pkg.real" "$d/$pkg"

# Control characters in --operator and --lot would forge records or repaint terminals.
out=$("$STATION_BIN" run -c "$d"/station.ini --headless --operator $'OP\nFAKE,ROW' 2>&1); rc=$?
if [ $rc = 2 ] && grep -q -- "--operator: found control character 0x0a" <<<"$out"; then pass run_operator_newline_exit_2
else fail run_operator_newline_exit_2 "exit $rc: $(head -c 300 <<<"$out")"; fi
out=$("$STATION_BIN" run -c "$d"/station.ini --headless --lot $'L\e[2J' 2>&1); rc=$?
if [ $rc = 2 ] && grep -q -- "--lot: found control character 0x1b" <<<"$out"; then pass run_lot_escape_exit_2
else fail run_lot_escape_exit_2 "exit $rc: $(head -c 300 <<<"$out")"; fi

# station report on /dev/zero ends at once; on records with escape sequences it shows them escaped.
out=$(timeout 20 "$STATION_BIN" report /dev/zero 2>&1); rc=$?
if [ $rc = 2 ] && grep -q "/dev/zero: found a device" <<<"$out"; then pass report_dev_zero_bounded
else fail report_dev_zero_bounded "exit $rc: $(head -c 300 <<<"$out")"; fi
f=$E2E_TMP/esc.csv
printf '%s\r\n' "started_at,finished_at,station,operator,lot,slot,usb_path,port,model,imei,fw_before,fw_after,package,package_sha256,config_sha256,bytes,upload_s,update_s,module_attempts,result,error_code,module_code,error_text" >"$f"
printf '%s\r\n' "2026-11-25T10:00:00.000Z,2026-11-25T10:05:00.000Z,ST,OP,$(printf 'L\033]0;owned\007\033[2J'),01,1-1.1,ttyUSB2,RM500Q-GL,866123456789012,A04,A06,P,,,1,1.0,2.0,1,FAIL,E-MODULE,520,x" >>"$f"
out=$("$STATION_BIN" report "$f" 2>&1); rc=$?
if [ $rc = 0 ] && ! grep -q $'\e' <<<"$out" && ! grep -q $'\a' <<<"$out" && grep -qF 'L\x1B]0;owned\x07\x1B[2J' <<<"$out"; then
	pass report_text_escapes_control_sequences
else fail report_text_escapes_control_sequences "exit $rc: $(grep -a 'owned' <<<"$out" | head -n 2 | od -c | head -n 4)"; fi
