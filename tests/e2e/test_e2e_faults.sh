#!/bin/bash
# The fault matrix: one faulty module per fault in one fixture run (plus good ones), the station
# running as on the line (not --once) until every expected record is in, then interrupted.
# Each case checks that slot's records (result, error_code, module_code, module_attempts) and that
# the fault really fired; the last case checks every other slot passed.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/faults
mkdir -p "$d"
# slot|population line (one module)|expected records RESULT/CODE/MODCODE/ATTEMPTS in order|case|
# evidence the fault acted: fault (the fixture logged it), cmd:REGEX:N (N such commands), none
cat >"$d"/matrix <<'TABLE'
01|1 RM500Q-GL base unplug identify 1|FAIL/E-PORT-LOST//0 PASS///1|unplug_identify_then_replug|fault
02|1 RM500Q-GL base unplug upload 1|FAIL/E-PORT-LOST//0 PASS///1|unplug_upload_then_replug|fault
03|1 RM500Q-GL base unplug fotadl 3|PASS///1|unplug_after_qfotadl|fault
04|1 RM500Q-GL base unplug updating 3|PASS///1|unplug_during_updating|fault
05|1 RM500Q-GL base unplug end 3|PASS///1|unplug_after_end|fault
06|1 RM500Q-GL base stall|PASS///1|stalled_upload|fault
07|1 RM500Q-GL base corrupt|PASS///1|checksum_mismatch_then_good_retry|fault
08|1 RM500Q-GL base nostart|PASS///1|start_lost|fault
09|1 RM500Q-GL base endfail 520 1|PASS///2|end_520_once_then_success|fault
10|1 RM500Q-GL base endfail 522 5|FAIL/E-MODULE/522/5|five_failures|fault
11|1 RM500Q-GL base powerloss 40|PASS///1|power_loss_then_resume|fault
12|1 RM500Q-GL base silent|FAIL/E-TIMEOUT//0|no_urc_within_reboot_budget|fault
13|1 RM500Q-GL base wrongver RM500QGLABR11A05M4G_01.001.01.001|FAIL/E-VERSION//1|wrong_version_after_update|fault
14|1 RM500Q-GL base badver 2|PASS///1|incomplete_version_then_complete|cmd:AT\+QGMR$:4
15|1 RM500Q-GL base ufsfull|FAIL/E-UFS-FULL//0|ufs_full|none
16|1 RM500Q-GL base imeichange|FAIL/E-IDENTITY//1|different_imei_after_reboot|none
17|1 RM500Q-GL base dupimei 18|DUP|duplicate_imei|none
18|1 RM500Q-GL base|DUP|-|none
19|1 RM500Q-GL base urcport usbmodem|PASS///1|urc_port_elsewhere_set|cmd:AT\+QURCCFG="urcport","usbat"$:1
20|1 RM500Q-GL base urcport usbmodem locked|FAIL/E-URC-PORT//0|urc_port_elsewhere_locked|fault
21|1 RM500Q-GL base garbage|PASS///1|noise_and_split_urcs|none
22|1 RM520N-GL base|PASS///1|-|none
23|1 RM500Q-GL base unplug end 1100|FAIL/E-PORT-LOST//1 SKIP///0|put_back_after_update_is_skipped|fault
24|1 RM500Q-GL base stale|PASS///1|stale_copy_in_ufs|none
TABLE
cut -d'|' -f2 "$d"/matrix >"$d"/pop
want=$(cut -d'|' -f3 "$d"/matrix | tr ' ' '\n' | wc -l)

run_until "$d" "$want" --population "$d"/pop --seed 5 --package-size 32768
rc=$(cat "$d"/rc)
if [ "$rc" = 130 ]; then pass faults_interrupted_exit_130; else fail faults_interrupted_exit_130 "exit $rc"; fi

records_u "$d" slot,result,error_code,module_code,module_attempts,fw_before,fw_after,started_at >"$d"/recs 2>"$d"/csvq.err
if [ -s "$d"/csvq.err ]; then fail faults_csv_wellformed "$(head -n 3 "$d"/csvq.err)"; fi
n=$(wc -l <"$d"/recs)
if [ "$n" -eq "$want" ]; then pass faults_record_count; else fail faults_record_count "$n records, expected $want"; fi

# got SLOT: that slot's records in time order as RESULT/CODE/MODCODE/ATTEMPTS
got() {
	awk -F$'\x1f' -v s="$1" '$1 == s { print $8 "\t" $2 "/" $3 "/" $4 "/" $5 }' "$d"/recs | sort | cut -f2 | tr '\n' ' ' | sed 's/ $//'
}
others_bad=""
while IFS='|' read -r slot line expect name evidence; do
	g=$(got "$slot")
	idx=$((10#$slot))
	path=$(fixture_module_field "$d" "$idx" path)
	if [ "$expect" = DUP ]; then
		continue
	fi
	if [ "$name" = - ]; then
		[ "$g" = "$expect" ] || others_bad+=" $slot=$g"
		continue
	fi
	fault=$(echo "$line" | awk '{print $4}')
	fired=yes
	case $evidence in
	fault)
		awk -v p="$path" -v f="$fault" '$2 == p && $4 == "fault" && $5 ~ "^" f' "$d"/fixture.log | grep -q . || fired=no ;;
	cmd:*)
		re=${evidence#cmd:}; min=${re##*:}; re=${re%:*}
		cnt=$(awk -v p="$path" '$2 == p && $4 == "cmd" { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print }' \
			"$d"/fixture.log | grep -cE "$re")
		[ "$cnt" -ge "$min" ] || fired=no ;;
	esac
	if [ "$fired" = no ]; then
		fail "$name" "the fault '$fault' on $path left no trace in the fixture log ($evidence)"
	elif [ "$g" = "$expect" ]; then
		pass "$name"
	else
		fail "$name" "slot $slot records '$g', expected '$expect'"
	fi
done <"$d"/matrix

# Five failures leave the module on its old firmware.
fw=$(awk -F$'\x1f' '$1 == "10" { print $6 "|" $7 }' "$d"/recs)
if [ "${fw%%|*}" = "${fw##*|}" ] && [ -n "${fw##*|}" ]; then pass five_failures_old_version
else fail five_failures_old_version "fw_before|fw_after = $fw"; fi

# Duplicate IMEI: one of the pair is flashed, the other refused and never uploaded to.
g17=$(got 17) g18=$(got 18)
if { [ "$g17" = "FAIL/E-DUPLICATE//0" ] && [ "$g18" = "PASS///1" ]; } ||
   { [ "$g18" = "FAIL/E-DUPLICATE//0" ] && [ "$g17" = "PASS///1" ]; }; then
	pass duplicate_imei
else
	fail duplicate_imei "slot 17 '$g17', slot 18 '$g18'"
fi

if [ -z "$others_bad" ]; then pass faults_good_modules_pass; else fail faults_good_modules_pass "$others_bad"; fi

# Nothing left in the journal: every unit that started an update finished its record.
if [ ! -s "$d"/cfg/records/journal ] || ! grep -qv '^#' "$d"/cfg/records/journal; then pass faults_journal_empty
else fail faults_journal_empty "$(grep -v '^#' "$d"/cfg/records/journal | head -n 2)"; fi
