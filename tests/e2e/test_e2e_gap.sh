#!/bin/bash
# The gap rule through the real station: [timing] reboot bounds the first report after the module
# comes back, [timing] progress the silence between two reports of a running update. A module
# silent for 2.5 x reboot between two progress reports passes; one silent for good after a
# report ends E-TIMEOUT within progress, with a record, long before [timing] update.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/gap
mkdir -p "$d"
# 1250 module seconds at the tests' scale (0.01) are 12.5 s: 2.5 x reboot (5 s).
cat >"$d"/pop <<'POP'
1 RM500Q-GL base gap 40 1250
1 RM500Q-GL base gap 40 never
POP
E2E_INI_SED='s/^reboot *=.*/reboot = 5/;s/^update *=.*/update = 120/;s/^progress *=.*/progress = 16/' \
	run_once "$d" --population "$d"/pop --seed 21 --package-size 8192
got=$(records "$d" slot,result,error_code 2>/dev/null | sort | tr '\t\n' ': ')
gaps=$(grep -c 'fault gap' "$d"/fixture.log)
if [ "$gaps" -eq 2 ]; then pass gap_fault_acted; else fail gap_fault_acted "$gaps gaps in the fixture log"; fi
if [[ $got == "01:PASS: "* ]]; then pass gap_long_progress_gap_passes
else fail gap_long_progress_gap_passes "records '$got'"; fi
# Slot 02: E-TIMEOUT, said in terms of the progress budget, well within [timing] update.
res="" code="" text="" upd=""
while IFS=$'\x1f' read -r slot r c t u; do
	[ "$slot" = 02 ] && res=$r code=$c text=$t upd=$u
done < <(records_u "$d" slot,result,error_code,error_text,update_s 2>/dev/null)
if [ "$res" = FAIL ] && [ "$code" = E-TIMEOUT ] && [[ $text == *"for 16 s"* ]] &&
   awk -v u="$upd" 'BEGIN { exit !(u >= 16 && u < 60) }'; then
	pass gap_silent_for_good_times_out
else fail gap_silent_for_good_times_out "$res $code '$text' update_s=$upd"; fi
