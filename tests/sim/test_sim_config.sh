#!/bin/bash
# --write-config: a station config whose slots and packages match the population, packages
# that are stored zips with the manifest the modules check, and budgets scaled with time.
. "$(dirname "$0")/simlib.sh"

cfg=$TMP/x
"$FIXTURE_BIN" --seed 7 --modules 32 --population mixed --time-scale 0.01 --write-config "$cfg" \
	--log "$TMP/log" -- "$SIMCLIENT" enum >"$TMP/enum" 2>&1
check config_exit "fixture failed" test $? -eq 0
ini=$cfg/station.ini
check ini_exists "no station.ini" test -s "$ini"
for k in '^\[station\]$' '^name = ' '^log_dir = records$' '^auto_start = yes$' '^max_parallel_uploads = 0$' \
	'^\[usb\]$' '^vendor_id = 0x2c7c$' '^product_ids = 0x0800, 0x0801$' '^at_interface = 2$' \
	'^\[slots\]$' '^\[timing\]$' '^command = 5$' '^upload_idle = 5$'; do
	check "ini_key_${k//[^a-z_]/}" "missing $k" grep -qE "$k" "$ini"
done
slots=$(sed -n '/^\[slots\]/,/^\[/p' "$ini" | grep -cE '^[0-9]{2} = usb:[12]-1\.[1-7]\.[1-7]$')
check ini_slots_32 "$slots slots" test "$slots" -eq 32
# every slot is a Quectel module libusb sees at that path; the download-mode device is no slot
ok=1
for p in $(sed -n 's/^[0-9]* = usb://p' "$ini"); do grep -q "^usb $p 2c7c:080[01] " "$TMP/enum" || ok=0; done
check ini_slots_match_tree "a slot path without a module" test $ok -eq 1
edl=$(awk '/ 05c6:9008 /{print $2}' "$TMP/enum")
check ini_no_edl_slot "download-mode device $edl in [slots]" bash -c "test -n '$edl' && ! grep -q 'usb:$edl\$' '$ini'"
check ini_reboot_floor "reboot budget at scale 0.01" grep -qx 'reboot = 8.00' "$ini"
check ini_update_scaled "update budget" grep -qx 'update = 28.00' "$ini"
"$FIXTURE_BIN" --modules 1 --time-scale 0.5 --write-config "$TMP/y" -- true
check ini_scale_half "reboot at scale 0.5" grep -qx 'reboot = 45.00' "$TMP/y/station.ini"
# packages: named files exist, sha256 matches, stored zip with a manifest naming from/to
npk=0
while read -r name file from to sum; do
	npk=$((npk + 1))
	check "pkg_${name}_file" "$file missing" test -s "$cfg/$file"
	check "pkg_${name}_sha256" "sha256 differs" test "$(sha256sum "$cfg/$file" | cut -d' ' -f1)" = "$sum"
	man=$(python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read('manifest.txt').decode())" "$cfg/$file" 2>&1)
	check "pkg_${name}_zip" "not a valid zip: $man" bash -c "printf '%s\n' \"\$1\" | grep -qx 'from=$from' && printf '%s\n' \"\$1\" | grep -qx 'to=$to'" _ "$man"
done < <(awk '/^\[package /{n=$2; sub(/\]/,"",n)} /^file = /{f=$3} /^from = /{fr=$3} /^to = /{t=$3} /^sha256 = /{print n, f, fr, t, $3}' "$ini")
check pkg_count "$npk packages" test "$npk" -eq 3
# the mixed population: most need the update, a few at target, a few on a wrong base
base=$(grep -cE ' module index=.*fw=(RM500QGLABR11A04M4G|RM520NGLAAR03A03M4G|RM502QAEAAR13A02M4G)_' "$TMP/log")
target=$(grep -cE ' module index=.*fw=(RM500QGLABR11A06M4G|RM520NGLAAR03A04M4G|RM502QAEAAR13A03M4G)_' "$TMP/log")
wrong=$(grep -cE ' module index=.*fw=(RM500QGLABR10A02M4G|RM520NGLAAR01A07M4G|RM502QAEAAR11A01M4G)_' "$TMP/log")
echo "mixed 32: base $base target $target wrong $wrong"
check mixed_target "target count $target" test "$target" -ge 2 -a "$target" -le 6
check mixed_wrong "wrong-base count $wrong" test "$wrong" -ge 2 -a "$wrong" -le 6
check mixed_total "counts $base+$target+$wrong" test $((base + target + wrong)) -eq 32
"$FIXTURE_BIN" --modules 24 --population demo --log "$TMP/demo" -- true
check demo_faulty "demo population has no faulty modules" test "$(grep -c ' fault-armed ' "$TMP/demo")" -ge 4
"$FIXTURE_BIN" --modules 8 --population all-good --log "$TMP/good" -- true
check allgood "all-good has modules not needing the update" test "$(grep -cE 'fw=(RM500QGLABR11A04M4G|RM520NGLAAR03A03M4G)_' "$TMP/good")" -eq 8
# bad files are refused with the line
printf '2 RM500Q-GL base\nfoo bar\n' >"$TMP/badpop"
"$FIXTURE_BIN" --population "$TMP/badpop" -- true 2>"$TMP/err"
check bad_population "status $? / $(cat "$TMP/err")" grep -q 'badpop:2:' "$TMP/err"
printf '1 explode\n' >"$TMP/badfault"
"$FIXTURE_BIN" --modules 2 --faults "$TMP/badfault" -- true 2>"$TMP/err"
check bad_fault "$(cat "$TMP/err")" grep -q "badfault:1: unknown fault 'explode'" "$TMP/err"
printf '# comment\n2 endfail 520 1\n1-1.1 powerloss 30\n' >"$TMP/goodfault"
"$FIXTURE_BIN" --modules 2 --faults "$TMP/goodfault" --log "$TMP/fl" -- true
check fault_by_index_and_path "faults not armed" test "$(grep -c 'fault-armed' "$TMP/fl")" -eq 2
printf '1 replace-after-pass 2\n2 replace-after-pass -1\n' >"$TMP/badreplace"
"$FIXTURE_BIN" --modules 2 --faults "$TMP/badreplace" -- true 2>"$TMP/err"
check replace_bad_delay "$(cat "$TMP/err")" grep -q "badreplace:2: replace-after-pass takes the seconds" "$TMP/err"
exit 0
