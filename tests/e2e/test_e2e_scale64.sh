#!/bin/bash
# 64 modules at once (8 hubs of 8): every unit passes with one intact record, every headless line
# and every JSON event line is whole (no two writers interleaved), and each slot's events end in pass.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/scale64
run_once "$d" --modules 64 --population all-good --seed 21 --package-size 32768
rc=$(cat "$d"/rc)
if [ "$rc" = 0 ]; then pass scale64_exit_status; else fail scale64_exit_status "exit $rc, expected 0: $(tail -n 3 "$d"/err)"; fi

records "$d" slot,result,usb_path >"$d"/recs 2>"$d"/csvq.err
n=$(wc -l <"$d"/recs)
np=$(awk -F'\t' '$2 == "PASS"' "$d"/recs | wc -l)
nu=$(cut -f3 "$d"/recs | sort -u | wc -l)
if [ ! -s "$d"/csvq.err ] && [ "$n" -eq 64 ] && [ "$np" -eq 64 ] && [ "$nu" -eq 64 ]; then
	pass scale64_records
else
	fail scale64_records "$n records, $np PASS, $nu paths; $(head -n 2 "$d"/csvq.err)"
fi

# Headless lines: the station's two opening lines and its closing summary, and between them
# "<ISO time> slot <label> <usb path> <text>", nothing torn or glued.
bad=$(sed '1,2d;$d' "$d"/out | grep -cvE '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z slot [0-9]{2} [0-9]+-[0-9.]+ [a-z]')
[ "$(head -n 2 "$d"/out | grep -c '^station run: ')" = 2 ] && tail -n 1 "$d"/out | grep -q '^station run: summary ' || bad=$((bad + 1))
lines=$(wc -l <"$d"/out)
glued=$(grep -cE 'Z .*20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z slot' "$d"/out)
if [ "$bad" -eq 0 ] && [ "$glued" -eq 0 ] && [ "$lines" -ge 64 ]; then
	pass scale64_output_lines_intact
else
	fail scale64_output_lines_intact "$bad malformed, $glued glued of $lines lines: $(grep -vE '^20' "$d"/out | head -n 2)"
fi
passes=$(grep -cE ' -> pass( |$)' "$d"/out)
if [ "$passes" -eq 64 ]; then pass scale64_output_every_result; else fail scale64_output_every_result "$passes lines with '-> pass', expected 64"; fi

# JSON events: one object per line, each slot's last transition is to pass.
badj=$(grep -cvE '^\{.*\}$' "$d"/events.jsonl)
ends=0
for i in $(seq -w 1 64); do
	last=$(grep -E "\"(slot|label)\": ?\"$i\"" "$d"/events.jsonl | grep -E '"to": ?"' | tail -n 1)
	case $last in *'"to":"pass"'* | *'"to": "pass"'*) ends=$((ends + 1)) ;; esac
done
if [ "$badj" -eq 0 ] && [ "$ends" -eq 64 ]; then pass scale64_events_intact
else fail scale64_events_intact "$badj malformed JSON lines; $ends of 64 slots end in pass: $(head -c 300 "$d"/events.jsonl)"; fi
