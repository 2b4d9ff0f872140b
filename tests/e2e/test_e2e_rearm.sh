#!/bin/bash
# Re-arm: after a PASS the operator pulls the module and puts a new one into the same slot
# (the fixture's replace-after-pass); the station, running as on the line (not --once), flashes
# the newcomer too. Other slots get one record each and no module is flashed twice.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/rearm
# Two updates one after the other in one slot: module time twice as fast as the other tests.
E2E_SCALE=0.005
mkdir -p "$d"
cat >"$d"/pop <<'POP'
1 RM500Q-GL base
1 RM500Q-GL base replace-after-pass 5
1 RM520N-GL base
1 RM500Q-GL target
POP
run_until "$d" 5 --population "$d"/pop --seed 11 --package-size 32768
rc=$(cat "$d"/rc)
if [ "$rc" = 130 ]; then pass rearm_interrupted_exit_130; else fail rearm_interrupted_exit_130 "exit $rc: $(tail -n 2 "$d"/err)"; fi

records_u "$d" slot,result,imei,started_at >"$d"/recs 2>"$d"/csvq.err
if [ -s "$d"/csvq.err ]; then fail rearm_csv_wellformed "$(head -n 3 "$d"/csvq.err)"; fi
path=$(fixture_module_field "$d" 2 path)
first=$(fixture_module_field "$d" 2 imei)
# the fixture's "replace old=IMEI new=IMEI ..." line
rep=$(awk -v p="$path" '$2 == p && $4 == "replace"' "$d"/fixture.log)
old=$(echo "$rep" | sed -n 's/.* old=\([0-9]*\).*/\1/p')
new=$(echo "$rep" | sed -n 's/.* new=\([0-9]*\).*/\1/p')
if [ -n "$new" ] && [ "$old" = "$first" ] && [ "$new" != "$old" ]; then pass rearm_fixture_replaced
else fail rearm_fixture_replaced "replace line '$rep' (module 2 was $first)"; fi
# a valid IMEI: 15 digits with their Luhn check digit
luhn=$(echo "$new" | awk '{ s = 0; for (i = 1; i <= 14; i++) { d = substr($1, i, 1); if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9 } s += d }
	print (length($1) == 15 && (10 - s % 10) % 10 == substr($1, 15, 1)) ? "ok" : "bad" }')
if [ "$luhn" = ok ]; then pass rearm_new_imei_luhn; else fail rearm_new_imei_luhn "'$new'"; fi

# slot 02: two PASS records in time order, the pulled module's IMEI then the newcomer's
got2=$(awk -F$'\x1f' '$1 == "02" { print $4 "\t" $2 "/" $3 }' "$d"/recs | sort | cut -f2 | tr '\n' ' ' | sed 's/ $//')
if [ "$got2" = "PASS/$old PASS/$new" ] && [ -n "$new" ]; then pass rearm_two_records_slot
else fail rearm_two_records_slot "slot 02 records '$got2', expected 'PASS/$old PASS/$new'"; fi
# the newcomer was really flashed: an upload and an AT+QFOTADL logged under its IMEI
up=$(awk -v p="$path" -v i="$new" '$2 == p && $3 == i && $4 == "upload" && / result=ok/' "$d"/fixture.log | wc -l)
cmd=$(awk -v p="$path" -v i="$new" '$2 == p && $3 == i && $4 == "cmd" && $5 ~ /^AT\+QFUPL=/' "$d"/fixture.log | wc -l)
done2=$(awk -v p="$path" -v i="$new" '$2 == p && $3 == i && $4 == "fota-done"' "$d"/fixture.log | wc -l)
if [ "$up" -eq 1 ] && [ "$cmd" -ge 1 ] && [ "$done2" -eq 1 ]; then pass rearm_newcomer_flashed
else fail rearm_newcomer_flashed "under $new: $cmd AT+QFUPL, $up uploads, $done2 updates"; fi

# every other slot: exactly one record; modules left in place never uploaded to twice
bad=""
for s in 01 03 04; do
	n=$(awk -F$'\x1f' -v s="$s" '$1 == s' "$d"/recs | wc -l)
	[ "$n" -eq 1 ] || bad+=" slot $s has $n records;"
done
for i in 1 3 4; do
	p=$(fixture_module_field "$d" "$i" path)
	u=$(awk -v p="$p" '$2 == p && $4 == "cmd" && $5 ~ /^AT\+QFUPL=/' "$d"/fixture.log | wc -l)
	want=1
	[ "$i" = 4 ] && want=0
	[ "$u" -eq "$want" ] || bad+=" module $i ($p) got $u uploads, expected $want;"
done
res=$(awk -F$'\x1f' '$1 != "02" { print $1 "=" $2 }' "$d"/recs | sort | tr '\n' ' ')
[ "$res" = "01=PASS 03=PASS 04=SKIP " ] || bad+=" results $res"
if [ -z "$bad" ]; then pass rearm_other_slots_once; else fail rearm_other_slots_once "$bad"; fi
# the first module of slot 02 was flashed once, before it was pulled
u=$(awk -v p="$path" -v i="$old" '$2 == p && $3 == i && $4 == "cmd" && $5 ~ /^AT\+QFUPL=/' "$d"/fixture.log | wc -l)
if [ "$u" -eq 1 ]; then pass rearm_pulled_module_flashed_once; else fail rearm_pulled_module_flashed_once "$u uploads"; fi
