#!/bin/bash
# 32 modules of a mixed population (most on the base, some at the target, some on a wrong base, one
# in download mode): each gets the right result and exactly one CSV record with every column right.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/mixed
run_once "$d" --modules 32 --population mixed --seed 11 --package-size 65536
rc=$(cat "$d"/rc)
ini=$d/cfg/station.ini

if [ "$rc" = 1 ]; then pass mixed_exit_status; else fail mixed_exit_status "exit $rc, expected 1 (some failed)"; fi

# What each module should end with, from its firmware and the config's packages.
# package lines: name from to file
awk '/^\[package /{sub(/^\[package /,""); sub(/\]$/,""); name=$0}
     /^file *=/{f=$3} /^from *=/{fr=$3} /^to *=/{print name, fr, $3, f}' "$ini" >"$d"/packages
n_mod=$(grep -c ' module index=.* vid=2c7c' "$d"/fixture.log)
if [ "$n_mod" -eq 32 ]; then pass mixed_population; else fail mixed_population "fixture made $n_mod modules, expected 32"; fi

records "$d" slot,usb_path,imei,result >"$d"/recs 2>"$d"/csvq.err
if [ -s "$d"/csvq.err ]; then fail mixed_csv_wellformed "$(head -n 3 "$d"/csvq.err)"; else pass mixed_csv_wellformed; fi
n_rec=$(wc -l <"$d"/recs)
n_uniq=$(cut -f2 "$d"/recs | sort -u | wc -l)
if [ "$n_rec" -eq 32 ] && [ "$n_uniq" -eq 32 ]; then pass mixed_one_record_per_module
else fail mixed_one_record_per_module "$n_rec records for $n_uniq USB paths, expected 32 and 32"; fi

cfg_sha=$(sha256sum "$ini" | cut -d' ' -f1)
bad_cols=0 bad_result=0 qfupl_wrong=0 n_pass=0 n_skip=0 n_wrong=0
cols=started_at,finished_at,station,operator,lot,slot,usb_path,port,model,imei,fw_before,fw_after,package,package_sha256,config_sha256,bytes,upload_s,update_s,module_attempts,result,error_code,module_code,error_text
while IFS=$'\x1f' read -r started finished station op lot slot path port model imei fwb fwa pkg pkg_sha cfgsha bytes ups upd att result ecode mcode etext; do
	idx=$(awk -v p="$path" '$4 == "module" && $2 == p { sub(/index=/, "", $5); print $5; exit }' "$d"/fixture.log)
	want_model=$(fixture_module_field "$d" "$idx" model)
	want_imei=$(fixture_module_field "$d" "$idx" imei)
	want_fw=$(fixture_module_field "$d" "$idx" fw)
	verdict=WRONG
	while read -r pname from to file; do
		case $want_fw in "$to"*) verdict=SKIP; break ;; esac
		case $want_fw in "$from"*) verdict=FLASH; wp=$pname; wto=$to; wfile=$file ;; esac
	done <"$d"/packages
	why=""
	[[ $started =~ ^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$ ]] || why+=" started_at=$started"
	[[ $finished =~ ^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$ ]] || why+=" finished_at=$finished"
	[[ ! $finished < $started ]] || why+=" finished before started"
	[ "$station" = SIM-ST01 ] || why+=" station=$station"
	[ "$op" = OP-7 ] || why+=" operator=$op"
	[ "$lot" = LOT-42 ] || why+=" lot=$lot"
	[ "$slot" = "$(printf %02d "$idx")" ] || why+=" slot=$slot for module $idx"
	[[ $port =~ ^/dev/ttyUSB[0-9]+$ ]] || why+=" port=$port"
	[ "$model" = "$want_model" ] || why+=" model=$model want $want_model"
	[ "$imei" = "$want_imei" ] || why+=" imei=$imei want $want_imei"
	[ "$fwb" = "$want_fw" ] || why+=" fw_before=$fwb want $want_fw"
	[ "$cfgsha" = "$cfg_sha" ] || why+=" config_sha256"
	[ "$mcode" = "" ] || why+=" module_code=$mcode"
	case $verdict in
	FLASH)
		n_pass=$((n_pass + 1))
		[ "$result" = PASS ] && [ "$ecode" = "" ] && [ "$etext" = "" ] || { why+=" result=$result/$ecode/$etext want PASS"; bad_result=1; }
		[[ $fwa == "$wto"* ]] && [ "$fwa" != "$fwb" ] || why+=" fw_after=$fwa want $wto..."
		[ "$pkg" = "$wp" ] || why+=" package=$pkg want $wp"
		[ "$pkg_sha" = "$(sha256sum "$d/cfg/$wfile" | cut -d' ' -f1)" ] || why+=" package_sha256"
		[ "$bytes" = "$(stat -c %s "$d/cfg/$wfile")" ] || why+=" bytes=$bytes"
		[[ $ups =~ ^[0-9]+\.[0-9]{3}$ ]] && [[ $upd =~ ^[0-9]+\.[0-9]{3}$ ]] || why+=" upload_s=$ups update_s=$upd"
		[ "$att" = 1 ] || why+=" module_attempts=$att" ;;
	SKIP)
		n_skip=$((n_skip + 1))
		[ "$result" = SKIP ] && [ "$ecode" = "" ] && [ "$etext" = "" ] || { why+=" result=$result/$ecode want SKIP"; bad_result=1; }
		[ "$fwa" = "$fwb" ] || why+=" fw_after=$fwa"
		[ "$bytes" = 0 ] && [ "$ups" = "" ] && [ "$upd" = "" ] && [ "$att" = 0 ] || why+=" bytes/times/attempts $bytes/$ups/$upd/$att" ;;
	WRONG)
		n_wrong=$((n_wrong + 1))
		[ "$result" = FAIL ] && [ "$ecode" = E-WRONG-BASE ] && [ -n "$etext" ] || { why+=" result=$result/$ecode want FAIL/E-WRONG-BASE"; bad_result=1; }
		[ "$fwa" = "" ] && [ "$pkg" = "" ] && [ "$bytes" = 0 ] && [ "$ups" = "" ] && [ "$att" = 0 ] || why+=" fw_after/package/bytes/upload_s/attempts set"
		if awk -v p="$path" '$2 == p && /AT\+QFUPL/' "$d"/fixture.log | grep -q .; then
			qfupl_wrong=$((qfupl_wrong + 1)); why+=" AT+QFUPL was sent"
		fi ;;
	esac
	if [ -n "$why" ]; then
		bad_cols=$((bad_cols + 1))
		echo "  slot $slot ($path, $verdict):$why"
	fi
done < <(records_u "$d" $cols)

if [ "$bad_result" -eq 0 ] && [ "$n_skip" -ge 1 ] && [ "$n_wrong" -ge 1 ] && [ "$n_pass" -ge 1 ]; then
	pass mixed_results
else
	fail mixed_results "pass/skip/wrong-base $n_pass/$n_skip/$n_wrong, a result differs (above)"
fi
if [ "$bad_cols" -eq 0 ]; then pass mixed_columns; else fail mixed_columns "$bad_cols records with a wrong column (above)"; fi
if [ "$n_wrong" -ge 1 ] && [ "$qfupl_wrong" -eq 0 ]; then pass mixed_wrong_base_never_uploads
else fail mixed_wrong_base_never_uploads "$qfupl_wrong of $n_wrong wrong-base modules got AT+QFUPL"; fi

# One transcript per unit, named by IMEI and slot, holding its AT traffic.
n_tr=0
while IFS=$'\t' read -r slot imei; do
	f=$(ls "$d"/cfg/records/transcripts/*/"$imei"-*-slot"$slot".log 2>/dev/null | head -n 1)
	[ -n "$f" ] && grep -q '> AT+CGSN<CR>' "$f" && n_tr=$((n_tr + 1))
done < <(records "$d" slot,imei)
if [ "$n_tr" -eq 32 ]; then pass mixed_transcripts; else fail mixed_transcripts "$n_tr of 32 transcripts found with their AT traffic"; fi

# The download-mode device is never a unit; the journal is empty at the end.
if [ ! -s "$d"/cfg/records/journal ] || ! grep -qv '^#' "$d"/cfg/records/journal; then pass mixed_journal_empty
else fail mixed_journal_empty "entries left: $(head -n 2 "$d"/cfg/records/journal)"; fi

# The supervisor's report on this run's records says what the records say.
"$STATION_BIN" report --csv "$d"/cfg/records/*.csv >"$d"/report.csv 2>"$d"/report.err
got=$(tr -d '\r' <"$d"/report.csv | awk -F, '$1 == "summary" && ($3 == "units" || $3 == "pass" || $3 == "skip" || $3 == "fail" || $3 == "aborted") { printf "%s=%s ", $3, $4 }')
want="units=32 pass=$n_pass skip=$n_skip fail=$n_wrong aborted=0 "
if [ "$got" = "$want" ] && [ ! -s "$d"/report.err ]; then pass mixed_report_counts
else fail mixed_report_counts "report '$got', records '$want' $(head -n 2 "$d"/report.err)"; fi
pareto=$("$STATION_BIN" report "$d"/cfg/records/*.csv 2>/dev/null | grep -c "E-WRONG-BASE")
if [ "$pareto" -ge 1 ]; then pass mixed_report_pareto; else fail mixed_report_pareto "E-WRONG-BASE missing from the report's error Pareto"; fi
