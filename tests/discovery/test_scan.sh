#!/bin/bash
# station scan and discovery against the emulated fixture: paths, AT ttys (interface 2, not the
# DM/NMEA/modem ones), USB ids, models, versions and IMEIs compared with the fixture's own log;
# empty slots, modules in no slot, auto slots, download mode, a bad config, and hotplug seen by
# discovery_start (build/tools/discovery_watch) while a module unplugs and comes back.
set -u
BUILD=${BUILD:-build}
STATION_BIN=${STATION_BIN:-$PWD/$BUILD/station}
FIXTURE_BIN=${FIXTURE_BIN:-$PWD/$BUILD/fixture}
WATCH_BIN=$(dirname "$STATION_BIN")/tools/discovery_watch
TMP=$(mktemp -d "${TMPDIR:-/tmp}/test_scan.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-verify_asan_link_order=0}
# Under make tsan: umockdev's own fd handling is not ours to report (see the file).
[ -n "${TSAN_OPTIONS:-}" ] && export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$(cd "$(dirname "$0")" && pwd)/tsan-umockdev.supp"

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}

# --- 8 mixed modules: every row against the fixture's log -------------------------------------
"$FIXTURE_BIN" --modules 8 --population mixed --seed 3 --write-config "$TMP/c8" --log "$TMP/log8" \
	-- "$STATION_BIN" scan -c "$TMP/c8/station.ini" >"$TMP/scan8" 2>"$TMP/err8"
rc=$?
check scan8_exit "exit $rc: $(head -c 300 "$TMP/err8")" test $rc -eq 0

# The log has "<ts> <path> <imei> module index=N model=M vid=V pid=P fw=F faults=0" per device
# and "<ts> <path> <imei> plug devnum=D tty=ttyUSBn" with the AT tty of each plug.
bad=0 seen=0
while read -r _ path imei _ _ model vid pid fw _; do
	model=${model#model=} vid=${vid#vid=} pid=${pid#pid=} fw=${fw#fw=}
	[ "$vid" = 2c7c ] || continue
	seen=$((seen + 1))
	tty=$(grep -m1 " $path $imei plug " "$TMP/log8" | sed 's/.* tty=//')
	row=$(awk -v p="$path" '$2 == p' "$TMP/scan8")
	read -r _ rpath rtty rid rmodel rver rimei _ <<<"$row"
	if [ "$rpath" != "$path" ] || [ "$rtty" != "/dev/$tty" ] || [ "$rid" != "$vid:$pid" ] ||
	   [ "$rmodel" != "$model" ] || [ "$rver" != "$fw" ] || [ "$rimei" != "$imei" ]; then
		echo "  module $path: expected /dev/$tty $vid:$pid $model $fw $imei; scan: $row"
		bad=$((bad + 1))
	fi
done < <(grep ' module index=' "$TMP/log8")
check scan8_rows "$bad of $seen modules differ from the fixture" test $bad -eq 0 -a $seen -eq 8
# The fixture's AT port is its interface 2: ttyUSB2, 6, 10, ... (0 DM, 1 NMEA, 3 modem).
check scan8_at_interface "a tty that is not interface 2's" \
	test "$(awk '$3 ~ /^\/dev\/ttyUSB/ { sub("/dev/ttyUSB", "", $3); if ($3 % 4 != 2) print }' "$TMP/scan8" | wc -l)" -eq 0
check scan8_sorted "rows not in slot order" \
	test "$(awk 'NR > 1 && NF > 2 { print $1 }' "$TMP/scan8" | head -n 8 | tr '\n' ' ')" = "01 02 03 04 05 06 07 08 "
check scan8_slots_match_config "slot paths differ from [slots]" \
	test "$(grep -c '^0[1-8] = usb:' "$TMP/c8/station.ini")" -eq 8 -a \
	"$(grep '^0[1-8] = usb:' "$TMP/c8/station.ini" | sed 's/ = usb:/ /' | while read -r s p; do
		awk -v s="$s" -v p="$p" '$1 == s && $2 == p' "$TMP/scan8"; done | wc -l)" -eq 8
# What run would do follows the version and the packages of the config the fixture wrote: a
# package's `to` is skipped, its `from` is flashed with it, anything else of a known family (the
# fixture's wrong bases) is E-WRONG-BASE.
awk -F' = ' '/^\[package / { name = substr($0, 10, length($0) - 10) } /^from = / { print "from", $2, name }
	/^to = / { print "to", $2, name }' "$TMP/c8/station.ini" >"$TMP/pkgs8"
plan_bad=0
while read -r _ path _ _ _ ver _ note; do
	want="E-WRONG-BASE"
	while read -r kind prefix name; do
		[[ $ver == "$prefix"* ]] || continue
		if [ "$kind" = to ]; then want="skip: already at $prefix"; else want="flash [package $name] -> "; fi
	done <"$TMP/pkgs8"
	[[ $note == "$want"* ]] || { echo "  $path $ver: plan '$note', expected '$want...'"; plan_bad=$((plan_bad + 1)); }
done < <(awk 'NR > 1 && $2 ~ /^1-/' "$TMP/scan8")
check scan8_plan "$plan_bad plans do not follow the versions" \
	test $plan_bad -eq 0 -a "$(wc -l <"$TMP/pkgs8")" -ge 2 -a "$(grep -c 'skip: \|flash \[' "$TMP/scan8")" -ge 6
check scan8_no_edl "the download-mode device was listed" bash -c "! grep -q 9008 '$TMP/scan8'"
check scan8_summary "summary line" grep -q '^8 modules found, 8 slots configured' "$TMP/scan8"

# --- empty slots and modules in no slot -----------------------------------------------------
"$FIXTURE_BIN" --modules 3 --write-config "$TMP/c3" -- true >/dev/null 2>&1
sed -e '/^03 = usb:/d' -e 's/^\[slots\]/[slots]\n09 = usb:1-1.7/' "$TMP/c3/station.ini" >"$TMP/c3/slots.ini"
"$FIXTURE_BIN" --modules 3 -- "$STATION_BIN" scan -c "$TMP/c3/slots.ini" >"$TMP/scan3" 2>&1
check scan_empty_slot "slot 09 (1-1.7) not listed as empty" grep -qE '^09 +1-1\.7 +- .* empty$' "$TMP/scan3"
check scan_unslotted "module 1-1.3 not listed outside the slots" \
	grep -qE '^- +1-1\.3 +/dev/ttyUSB10 .*\(not in any slot of \[slots\]\)$' "$TMP/scan3"
check scan_slotted "slots 01 and 02 not filled" \
	test "$(grep -cE '^0[12] +1-1\.[12] +/dev/ttyUSB(2|6) +2c7c:0800 RM500Q-GL' "$TMP/scan3")" -eq 2

# --- a configured interface without a tty: listed with the reason, after a short wait ----------
sed -e 's/^at_interface = .*/at_interface = 7/' "$TMP/c3/station.ini" >"$TMP/c3/iface7.ini"
"$FIXTURE_BIN" --modules 2 -- "$STATION_BIN" scan -c "$TMP/c3/iface7.ini" >"$TMP/scan_if7" 2>&1
check scan_no_tty "modules without an interface-7 tty not explained" \
	test "$(grep -cE '^0[12] +1-1\.[12] +- +2c7c:0800 .*E-NO-AT-PORT: module found, no AT port on interface 7' "$TMP/scan_if7")" -eq 2

# --- auto slots: numbered in USB path order --------------------------------------------------
"$FIXTURE_BIN" --modules 12 --write-config "$TMP/c12" -- true >/dev/null 2>&1
sed -e '/^[0-9]* = usb:/d' -e 's/^\[slots\]/[slots]\nauto = yes/' "$TMP/c12/station.ini" >"$TMP/c12/auto.ini"
"$FIXTURE_BIN" --modules 12 --log "$TMP/log12" -- "$STATION_BIN" scan -c "$TMP/c12/auto.ini" >"$TMP/scan12" 2>&1
grep -E '^[0-9]{2} +[0-9]+-' "$TMP/scan12" | awk '{ print $1, $2 }' >"$TMP/auto_got"
grep ' module index=' "$TMP/log12" | awk '{ print $2 }' | sort -t- -k1,1n -k2,2V | awk '{ printf "%02d %s\n", NR, $1 }' >"$TMP/auto_want"
check scan_auto_order "auto slots: $(tr '\n' ' ' <"$TMP/auto_got")" \
	cmp -s "$TMP/auto_got" "$TMP/auto_want"
check scan_auto_count "not 12 auto slots" test "$(wc -l <"$TMP/auto_got")" -eq 12

# --- a bad config is exit 2 -------------------------------------------------------------------
"$STATION_BIN" scan -c "$TMP/nope.ini" >"$TMP/bad" 2>&1
rc=$?
check scan_bad_config "exit $rc, not 2" test $rc -eq 2
check scan_bad_config_says "no reason given" grep -q 'nope.ini' "$TMP/bad"

# --- download (EDL) mode: listed as such by scan, never reported by discovery -------------------
sed -e 's/^vendor_id = .*/vendor_id = 0x05c6/' -e 's/^product_ids = .*/product_ids = 0x9008/' \
	"$TMP/c3/station.ini" >"$TMP/c3/edl.ini"
"$FIXTURE_BIN" --modules 2 --population mixed --seed 3 -- sh -c "
	'$STATION_BIN' scan -c '$TMP/c3/edl.ini'; '$WATCH_BIN' -c '$TMP/c3/edl.ini' -t 0.5" >"$TMP/scan_edl" 2>&1
check edl_scan "the download-mode device is not shown as such" \
	grep -qE '^[0-9-]+ +1-[0-9.]+ +- +05c6:9008 .*download \(EDL\) mode' "$TMP/scan_edl"
check edl_discovery "discovery reported a download-mode device" \
	bash -c "grep -q '^STOPPED' '$TMP/scan_edl' && ! grep -q '^ARRIVED' '$TMP/scan_edl'"

# --- hotplug: module 2 unplugs on its first AT+CGSN (sent by scan) and comes back -------------
printf '2 unplug identify 5\n' >"$TMP/faults"
"$FIXTURE_BIN" --modules 4 --time-scale 0.1 --faults "$TMP/faults" --write-config "$TMP/c4" \
	--log "$TMP/log4" -- sh -c "
	'$WATCH_BIN' -c '$TMP/c4/station.ini' -t 3 >'$TMP/watch' &
	sleep 1
	'$STATION_BIN' scan -c '$TMP/c4/station.ini' >'$TMP/scan4'
	wait" >"$TMP/out4" 2>&1
rc=$?
check hotplug_exit "fixture exit $rc: $(head -c 300 "$TMP/out4")" test $rc -eq 0
check hotplug_enumerated "not 4 modules at start: $(tr '\n' ';' <"$TMP/watch")" \
	test "$(grep -c '^ARRIVED ' "$TMP/watch")" -ge 4
first=$(grep -m1 '^ARRIVED [0-9]* 1-1.2 ' "$TMP/watch")
left=$(grep -m1 '^LEFT [0-9]* 1-1.2 ' "$TMP/watch")
back=$(grep '^ARRIVED [0-9]* 1-1.2 ' "$TMP/watch" | sed -n 2p)
check hotplug_left "no LEFT for 1-1.2: $(tr '\n' ';' <"$TMP/watch")" test -n "$left"
check hotplug_back "1-1.2 did not come back: $(tr '\n' ';' <"$TMP/watch")" test -n "$back"
read -r _ t_left _ left_tty _ <<<"$left"
read -r _ t_back _ back_tty _ back_addr <<<"$back"
read -r _ _ _ first_tty _ first_addr <<<"$first"
replug_tty=$(grep " 1-1.2 .* plug " "$TMP/log4" | sed -n 2p | sed 's/.* tty=//')
check hotplug_same_tty_left "LEFT names $left_tty, not the tty it arrived with ($first_tty)" \
	test "$left_tty" = "$first_tty"
check hotplug_new_tty "came back on $back_tty, the fixture says /dev/$replug_tty" \
	test -n "$replug_tty" -a "$back_tty" = "/dev/$replug_tty" -a "$back_tty" != "$first_tty"
check hotplug_new_address "same USB address after the replug ($first_addr)" test "$back_addr" != "$first_addr"
check hotplug_order "ARRIVED before LEFT" test "${t_back:-0}" -gt "${t_left:-0}"
check hotplug_others_stay "another module left" test "$(grep -c '^LEFT ' "$TMP/watch")" -eq 1
stop_ms=$(sed -n 's/^STOPPED //p' "$TMP/watch")
check hotplug_stop "discovery_stop did not return promptly (${stop_ms:-none} ms)" \
	test -n "$stop_ms" -a "${stop_ms:-9999}" -lt 1000
check hotplug_scan_row "scan did not report the module lost during identification" \
	grep -qE '^02 +1-1\.2 .*not identified' "$TMP/scan4"
check hotplug_scan_others "other modules not identified" \
	test "$(grep -cE '^0[134] +1-1\.[134] .* 86[0-9]{13} ' "$TMP/scan4")" -eq 3
# --- a module still booting (incomplete version): scan asks again as run does, or says so --------
printf '1 RM500Q-GL base badver 3\n1 RM500Q-GL base badver 1000\n' >"$TMP/boot.pop"
"$FIXTURE_BIN" --population "$TMP/boot.pop" --time-scale 0.01 --write-config "$TMP/cboot" -- \
	"$STATION_BIN" scan -c "$TMP/cboot/station.ini" >"$TMP/scanboot" 2>&1
check scan_waits_for_whole_version "a module with 3 short version reads not planned from its whole version" \
	grep -qE '^01 +1-1\.1 .* RM500QGLABR11A04M4G_01\.001\.01\.001 .* flash \[package RM500Q-GL\]' "$TMP/scanboot"
check scan_says_booting "a module whose version stays short not called booting" \
	grep -qE '^02 +1-1\.2 .* booting: version still incomplete after [0-9]+ s; run waits for the whole version$' "$TMP/scanboot"
check scan_booting_no_prediction "an E- code predicted for a booting module" \
	bash -c "! grep -E '^0[12] ' '$TMP/scanboot' | grep -q 'E-NO-PACKAGE\|E-WRONG-BASE'"
exit 0
