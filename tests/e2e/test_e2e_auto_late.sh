#!/bin/bash
# [slots] auto = yes: a module plugged into a new port while the station runs gets a slot of its
# own, labelled after the slots found at start (which keep their labels), and keeps it for the
# run: the module put into that port after it is pulled lands in the same slot.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/late
mkdir -p "$d"
# Module 1 (port 1-1.1, first in USB path order) arrives 4 s late (400 module seconds x 0.01).
printf '1 RM500Q-GL base late 400\n2 RM500Q-GL base\nfault 1 replace-after-pass 100\n' >"$d/pop"
E2E_INI_SED='/^[0-9][0-9] = usb:/d;s/^\[slots\]/[slots]\nauto = yes/' \
	run_until "$d" 4 --population "$d/pop" --seed 4 --package-size 4096
got=$(records "$d" slot,usb_path,result | sort | tr '\t\n' ': ')
if [ "$got" = "01:1-1.2:PASS 02:1-1.3:PASS 03:1-1.1:PASS 03:1-1.1:PASS " ]; then pass auto_new_port_own_slot_stable
else fail auto_new_port_own_slot_stable "records '$got' ($(head -n 3 "$d/err"))"; fi
if grep -q '^station: module at usb:1-1.1 (.*): new slot 03$' "$d/err" && [ "$(grep -c 'new slot' "$d/err")" = 1 ]; then
	pass auto_new_slot_said_once
else fail auto_new_slot_said_once "$(head -n 3 "$d/err")"; fi
n_imei=$(records "$d" slot,imei | awk '$1 == "03"' | sort -u | wc -l)
[ "$n_imei" = 2 ] && pass auto_replacement_in_same_slot || fail auto_replacement_in_same_slot "$n_imei IMEIs in slot 03"
