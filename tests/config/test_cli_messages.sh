#!/bin/bash
# One message style for every command: bad options, -h, operands; `station report` on a folder or
# a missing file names what is wrong and prints no report.
set -u
bin=${STATION_BIN:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

for cmd in run scan check report; do
	err=$("$bin" $cmd --bogus 2>&1 >/dev/null); rc=$?
	[ $rc -eq 2 ] && [ "$(head -n 1 <<<"$err")" = "station $cmd: unknown option '--bogus'" ] &&
		grep -q "^usage: station $cmd" <<<"$err" && ok "unknown_long_option_$cmd" ||
		bad "unknown_long_option_$cmd" "rc=$rc: $err"
	err=$("$bin" $cmd -Z 2>&1 >/dev/null); rc=$?
	[ $rc -eq 2 ] && [ "$(head -n 1 <<<"$err")" = "station $cmd: unknown option '-Z'" ] &&
		ok "unknown_short_option_$cmd" || bad "unknown_short_option_$cmd" "rc=$rc: $err"
	out=$("$bin" $cmd -h 2>&1); rc=$?
	[ $rc -eq 0 ] && grep -q "^usage: station $cmd" <<<"$out" && grep -q -- '-h, --help' <<<"$out" &&
		ok "dash_h_listed_$cmd" || bad "dash_h_listed_$cmd" "rc=$rc: $out"
done
for cmd in run scan check; do
	err=$("$bin" $cmd -c 2>&1 >/dev/null); rc=$?
	[ $rc -eq 2 ] && [ "$(head -n 1 <<<"$err")" = "station $cmd: option '-c' needs a value" ] &&
		ok "missing_value_$cmd" || bad "missing_value_$cmd" "rc=$rc: $err"
done
err=$("$bin" report --lot 2>&1 >/dev/null)
[ "$(head -n 1 <<<"$err")" = "station report: option '--lot' needs a value" ] && ok missing_value_report ||
	bad missing_value_report "$err"

out=$("$bin" --version extra 2>"$tmp/err"); rc=$?
[ $rc -eq 2 ] && [ -z "$out" ] && grep -q "^station: --version takes no operand; found 'extra'$" "$tmp/err" &&
	ok version_takes_no_operand || bad version_takes_no_operand "rc=$rc: $out $(cat "$tmp/err")"
out=$("$bin" --version); [ $? -eq 0 ] && grep -qE '^station [0-9.]+$' <<<"$out" && ok version || bad version "$out"
out=$("$bin" --help); grep -q -- '-h, --help' <<<"$out" && ok main_help_lists_dash_h || bad main_help_lists_dash_h "$out"

mkdir -p "$tmp/records"
printf 'started_at,finished_at,station,operator,lot,slot,usb_path,port,model,imei,fw_before,fw_after,package,package_sha256,config_sha256,bytes,upload_s,update_s,module_attempts,result,error_code,module_code,error_text\n' >"$tmp/records/a.csv"
out=$("$bin" report "$tmp/records" 2>"$tmp/err"); rc=$?
[ $rc -eq 2 ] && [ -z "$out" ] && grep -q "^station report: $tmp/records: a folder; expected CSV files ($tmp/records/\*.csv)$" "$tmp/err" &&
	ok report_folder_named_no_report || bad report_folder_named_no_report "rc=$rc: out='$out' err=$(cat "$tmp/err")"
out=$("$bin" report "$tmp/records/a.csv" "$tmp/nope.csv" 2>"$tmp/err"); rc=$?
[ $rc -eq 2 ] && [ -z "$out" ] && grep -q "^station report: $tmp/nope.csv: No such file or directory" "$tmp/err" &&
	ok report_missing_file_named_no_report || bad report_missing_file_named_no_report "rc=$rc: out='$out' err=$(cat "$tmp/err")"
out=$("$bin" report "$tmp/records/a.csv" 2>&1); rc=$?
[ $rc -eq 0 ] && ok report_good_file || bad report_good_file "rc=$rc: $out"
