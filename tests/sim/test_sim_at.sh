#!/bin/bash
# The AT responder: echo, identification, numeric errors, URC port, UFS and AT+QFUPL in both
# ack modes with the XOR-16 checksum, full drive, unknown commands; --seed reproducibility.
. "$(dirname "$0")/simlib.sh"

"$FIXTURE_BIN" --modules 2 --seed 11 --log "$TMP/log" -- "$SIMCLIENT" at 1-1.2 AT ATI ATE0 AT AT+QGMR AT+CGMR \
	AT+CGSN AT+QCCID AT+ICCID 'AT+QURCCFG="urcport"' 'AT+QURCCFG="urcport","usbmodem"' 'AT+QURCCFG="urcport"' \
	'AT+QURCCFG="urcport","usbat"' 'AT+QFLDS="UFS"' 'AT+QFLST="*"' 'AT+QFDEL="none.zip"' AT+CMEE=1 \
	'AT+QFDEL="none.zip"' 'AT+QFOTADL=?' 'AT+QFOTADL="/cache/ufs/none.zip"' AT+BOGUS 'AT+QFUPL="a/b",10' \
	>"$TMP/at" 2>&1
check echo_on_after_boot "AT not echoed before ATE0" grep -qx '< AT' "$TMP/at"
check echo_off "echo after ATE0" test "$(grep -c '^< AT+QGMR$' "$TMP/at")" -eq 0
check ati "ATI" bash -c "grep -A5 '^> ATI' '$TMP/at' | tr '\n' '|' | grep -q '< Quectel|< RM500Q-GL|< Revision: RM500QGLABR11A04M4G|'"
check qgmr "AT+QGMR" bash -c "grep -A1 '^> AT+QGMR' '$TMP/at' | grep -qx '< RM500QGLABR11A04M4G_01.001.01.001'"
check cgmr "AT+CGMR" bash -c "grep -A1 '^> AT+CGMR' '$TMP/at' | grep -qx '< RM500QGLABR11A04M4G'"
imei=$(grep -A1 '^> AT+CGSN' "$TMP/at" | sed -n 's/^< \([0-9]*\)$/\1/p')
check imei_15_digits "IMEI '$imei'" test ${#imei} -eq 15
check imei_luhn "IMEI $imei fails Luhn" luhn "$imei"
check qccid "AT+QCCID" grep -qE '^< \+QCCID: [0-9]{20}$' "$TMP/at"
check iccid "AT+ICCID" grep -qE '^< \+ICCID: [0-9]{20}$' "$TMP/at"
check urcport_read "urcport read" bash -c "grep -A1 '^> AT+QURCCFG=\"urcport\"$' '$TMP/at' | head -2 | grep -qx '< +QURCCFG: \"urcport\",\"usbat\"'"
check urcport_set "urcport set to usbmodem not read back" grep -qx '< +QURCCFG: "urcport","usbmodem"' "$TMP/at"
check qflds "QFLDS" grep -qE '^< \+QFLDS: [0-9]+,[0-9]+$' "$TMP/at"
check qfdel_plain_error "QFDEL before CMEE=1 is not plain ERROR" bash -c "grep -A1 '^> AT+QFDEL' '$TMP/at' | head -2 | grep -qx '< ERROR'"
check qfdel_405 "QFDEL after CMEE=1 is not +CME ERROR: 405" bash -c "grep -A1 '^> AT+QFDEL' '$TMP/at' | tail -1 | grep -qx '< +CME ERROR: 405'"
check fotadl_test "AT+QFOTADL=? not OK" bash -c "grep -A1 '^> AT+QFOTADL=?' '$TMP/at' | grep -qx '< OK'"
check fotadl_missing "QFOTADL of a missing file not ERROR" bash -c "grep -A1 '^> AT+QFOTADL=\"' '$TMP/at' | grep -qx '< ERROR'"
check unknown_error "unknown command not ERROR" bash -c "grep -A1 '^> AT+BOGUS' '$TMP/at' | grep -qx '< ERROR'"
check bad_name_406 "file name with a slash" bash -c "grep -A1 '^> AT+QFUPL=\"a/b\"' '$TMP/at' | grep -qx '< +CME ERROR: 406'"
check log_commands "log lacks the commands" grep -qE ' 1-1\.2 [0-9]{15} cmd AT\+QGMR$' "$TMP/log"

# uploads: ack mode 1 and 0, odd and even sizes, exact 1024 multiples; a second upload of a
# name that exists answers 407
"$FIXTURE_BIN" --modules 2 --log "$TMP/uplog" -- sh -c "
	'$SIMCLIENT' upload 1-1.1 a.bin 5000 1
	'$SIMCLIENT' upload 1-1.1 b.bin 4097 0
	'$SIMCLIENT' upload 1-1.2 c.bin 3072 1
	'$SIMCLIENT' upload 1-1.2 d.bin 1 0
	'$SIMCLIENT' upload 1-1.2 c.bin 100 0
	'$SIMCLIENT' at 1-1.2 'AT+QFLST=\"*\"' AT+CMEE=1 'AT+QFDEL=\"c.bin\"' 'AT+QFDEL=\"c.bin\"'
" >"$TMP/up" 2>&1
for f in "a.bin size=5000 expected=5000 .* ackmode=1" "b.bin size=4097 expected=4097 .* ackmode=0" \
	"c.bin size=3072 expected=3072 .* ackmode=1" "d.bin size=1 expected=1 .* ackmode=0"; do
	n=${f%% *}
	check "upload_$n" "$(grep "upload name=$n" "$TMP/up" | head -1)" grep -qE "^upload name=$f match=yes" "$TMP/up"
done
check upload_407 "second c.bin not refused with 407" bash -c "grep -A1 'AT+QFUPL=\"c.bin\",100' '$TMP/up' | grep -q '+CME ERROR: 407\|^< ERROR'"
check qflst "QFLST lists c.bin and d.bin" bash -c "grep -q '< +QFLST: \"c.bin\",3072' '$TMP/up' && grep -q '< +QFLST: \"d.bin\",1' '$TMP/up'"
check qfdel_then_405 "delete then delete again" bash -c "grep -A1 'AT+QFDEL=\"c.bin\"' '$TMP/up' | grep -c '^< ' | grep -qx 2 && grep -A1 'AT+QFDEL=\"c.bin\"' '$TMP/up' | grep -q '405'"
check log_upload "log lacks upload size/checksum" grep -qE ' 1-1\.1 [0-9]{15} upload name=a\.bin size=5000 checksum=[0-9a-f]+ ackmode=1 result=ok$' "$TMP/uplog"
sum=$(sed -n 's/^upload name=a.bin .* local=\([0-9a-f]*\) .*/\1/p' "$TMP/up")
check log_checksum "log checksum differs from the client's ($sum)" grep -q "upload name=a.bin size=5000 checksum=$sum " "$TMP/uplog"

# a full UFS refuses the upload
printf '1 RM500Q-GL base ufsfull\n' >"$TMP/pop"
"$FIXTURE_BIN" --population "$TMP/pop" --package-size 65536 -- sh -c "
	'$SIMCLIENT' at 1-1.1 AT+CMEE=1 'AT+QFLDS=\"UFS\"'
	'$SIMCLIENT' upload 1-1.1 big.zip 60000 1" >"$TMP/full" 2>&1
free=$(sed -n 's/^< +QFLDS: \([0-9]*\),.*/\1/p' "$TMP/full")
check ufsfull_free "free space $free not below the package" test "${free:-999999}" -lt 60000
check ufsfull_420 "upload into a full UFS not refused" grep -qE '^< \+CME ERROR: (420|403)$' "$TMP/full"

# the same seed gives the same modules; another seed other IMEIs
"$FIXTURE_BIN" --modules 3 --seed 5 --log "$TMP/s1" -- true
"$FIXTURE_BIN" --modules 3 --seed 5 --log "$TMP/s2" -- true
"$FIXTURE_BIN" --modules 3 --seed 6 --log "$TMP/s3" -- true
ids() { grep ' module index=' "$1" | awk '{print $2, $3, $6, $9}'; }
check seed_repeats "same seed, other modules" test "$(ids "$TMP/s1")" = "$(ids "$TMP/s2")"
check seed_differs "another seed, same IMEIs" test "$(ids "$TMP/s1")" != "$(ids "$TMP/s3")"
"$FIXTURE_BIN" --modules 2 -- sh -c 'exit 7'
check exit_status "fixture did not pass on the command's status" test $? -eq 7
"$FIXTURE_BIN" --modules 0 -- true 2>/dev/null
check bad_usage "--modules 0 accepted" test $? -eq 2
exit 0
