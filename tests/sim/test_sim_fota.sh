#!/bin/bash
# The update as modules do it, and every fault: one fixture run, one client per module in
# parallel, then assertions on what each client saw and on the fixture's log.
. "$(dirname "$0")/simlib.sh"

SCALE=${SIM_TEST_SCALE:-0.005}
cat >"$TMP/pop" <<'POP'
# count model firmware [fault args]
1 RM500Q-GL base                        # 1  a good update
1 RM500Q-GL base corrupt                # 2
1 RM500Q-GL base stall                  # 3
1 RM500Q-GL base garbage                # 4
1 RM500Q-GL base nostart                # 5
1 RM500Q-GL base endfail 520 1          # 6
1 RM500Q-GL base endfail 522 5          # 7
1 RM500Q-GL base powerloss 40           # 8
1 RM500Q-GL base silent                 # 9
1 RM500Q-GL base imeichange             # 10
1 RM500Q-GL base wrongver RM500QGLABR11A05M4G_01.001.01.001   # 11
1 RM500Q-GL base unplug fotadl never    # 12
1 RM500Q-GL base unplug updating 5      # 13
1 RM500Q-GL base unplug end never       # 14
1 RM500Q-GL wrong                       # 15 package for another base: END,510
1 RM500Q-GL base                        # 16 not a zip: END,504
1 RM500Q-GL base urcport usbmodem locked   # 17
1 RM500Q-GL base unplug identify 3      # 18
1 RM500Q-GL base badver 2               # 19
1 RM500Q-GL base                        # 20 dupimei below
1 RM500Q-GL base unplug upload never    # 21
1 RM520N-GL base                        # 22 the other product id
1 RM500Q-GL base stale                  # 23
fault 20 dupimei 1
edl
POP
p() { local i=$(($1 - 1)); echo "1-1.$((i / 7 + 1)).$((i % 7 + 1))"; }
PKG=$TMP/cfg/packages/RM500Q-GL-delta.zip
head -c 20000 /dev/urandom >"$TMP/junk.zip"
C=$SIMCLIENT
# How long each client follows its module, in seconds of wall time: a client whose update ends
# stops at once; the others (a module that never comes back, never reports) watch that long for
# what must not happen. Generous, for a loaded machine: module time runs 200 times faster.
W=20 w=12
cat >"$TMP/run.sh" <<RUN
#!/bin/bash
o=$TMP/out
mkdir -p \$o
"$C" at $(p 1) ATE0 AT+CGSN >\$o/1.before 2>&1
"$C" at $(p 10) ATE0 AT+CGSN >\$o/10.before 2>&1
$(for i in 1 2 3 4 5 6 8 10 11 13 17 21; do
	echo "\"$C\" flash $(p $i) \"$PKG\" $W >\$o/$i 2>&1 &"
done)
"$C" flash $(p 7) "$PKG" $W >\$o/7 2>&1 &
"$C" flash $(p 9) "$PKG" $w >\$o/9 2>&1 &
"$C" flash $(p 12) "$PKG" $w >\$o/12 2>&1 &
"$C" flash $(p 14) "$PKG" $w >\$o/14 2>&1 &
"$C" flash $(p 15) "$PKG" $w >\$o/15 2>&1 &
"$C" flash $(p 16) "$TMP/junk.zip" $w >\$o/16 2>&1 &
"$C" flash $(p 22) "$TMP/cfg/packages/RM520N-GL-delta.zip" $W >\$o/22 2>&1 &
"$C" at $(p 18) ATE0 AT+CGSN >\$o/18 2>&1 &
"$C" at $(p 19) ATE0 AT+QGMR AT+QGMR AT+QGMR >\$o/19 2>&1 &
"$C" at $(p 20) ATE0 AT+CGSN >\$o/20 2>&1 &
"$C" upload $(p 23) RM500Q-GL-delta.zip 100 0 >\$o/23 2>&1 &
wait
"$C" at $(p 7) ATE0 AT+QGMR >\$o/7.after 2>&1
"$C" at $(p 9) ATE0 AT+QGMR >\$o/9.after 2>&1
"$C" at $(p 10) ATE0 AT+CGSN >\$o/10.after 2>&1
"$C" at $(p 15) ATE0 AT+QGMR >\$o/15.after 2>&1
"$C" at $(p 16) ATE0 AT+QGMR >\$o/16.after 2>&1
"$C" at $(p 17) 'AT+QURCCFG="urcport"' 'AT+QURCCFG="urcport","usbat"' >\$o/17.after 2>&1
"$C" enum >\$o/enum.after 2>&1
RUN
chmod +x "$TMP/run.sh"
start=$(date +%s%N)
"$FIXTURE_BIN" --population "$TMP/pop" --time-scale "$SCALE" --seed 9 --package-size 40000 \
	--write-config "$TMP/cfg" --log "$TMP/log" -- "$TMP/run.sh" >"$TMP/fixture.out" 2>&1
rc=$?
echo "fixture run: $(( ($(date +%s%N) - start) / 1000000 )) ms, status $rc"
O=$TMP/out
L=$TMP/log
TO='RM500QGLABR11A06M4G_01.001.01.001'
FROM='RM500QGLABR11A04M4G_01.001.01.001'
check run_exit "fixture status $rc: $(head -c 300 "$TMP/fixture.out")" test $rc -eq 0
lines() { grep -c -F -- "$2" "$O/$1" 2>/dev/null || true; }
has() { grep -q -F -- "$2" "$O/$1"; }
lg() { grep -E -- " $(p "$1") [0-9]{15} $2" "$L" >/dev/null; }

# 1: a good update
check good_left_arrived "hotplug: $(grep -c hotplug "$O/1") events" test "$(lines 1 'hotplug left')" -eq 2 -a "$(lines 1 'hotplug arrived')" -eq 2
check good_order "left before arrived" bash -c "grep hotplug '$O/1' | head -2 | tr '\n' ' ' | grep -q 'left.*arrived'"
check good_new_tty "tty reused after re-plug" test "$(lines 1 'new=yes')" -eq 2
check good_port_hangup "open tty not hung up on unplug" has 1 'port lost'
check good_start "START" test "$(lines 1 '"FOTA","START"')" -eq 1
check good_progress "UPDATING steps" test "$(lines 1 '"FOTA","UPDATING"')" -ge 3
check good_end0 "END,0" has 1 '"FOTA","END",0'
check good_version "new version" has 1 "< $TO"
check good_done "flash not done" has 1 'flash done=1'
check good_log_fotadl "log fotadl" lg 1 "fotadl name=RM500Q-GL-delta.zip size=[0-9]+ from=RM500QGLABR11A04M4G to=RM500QGLABR11A06M4G check=0"
check good_log_done "log fota-done" lg 1 "fota-done fw=$TO"
check good_log_unplug "log unplug/plug" test "$(grep -cE " $(p 1) [0-9]{15} (unplug|plug )" "$L")" -ge 5
# 22: RM520N-GL with its own package
check rm520_done "RM520N-GL update" has 22 '< RM520NGLAAR03A04M4G_01.200.01.200'
# 2: corrupt once, then a good retry
check corrupt_mismatch "no checksum mismatch" test "$(lines 2 'match=no')" -eq 1
check corrupt_retry_ok "retry not good" has 2 'match=yes'
check corrupt_log "log" lg 2 "fault corrupt"
check corrupt_done "update after retry" has 2 'flash done=1'
# 3: stall: the module's data timeout ends the upload with what it had
check stall_noack "client saw no stall" has 3 'upload no ack'
check stall_partial "partial size not reported" bash -c "grep 'match=no' '$O/3' | grep -qv 'size=40'"
check stall_log "log" lg 3 "upload-timeout name="
check stall_retry "retry after stall" has 3 'flash done=1'
# 4: garbage lines and split URCs: the update still reads through
check garbage_noise "no noise line" bash -c "grep -q \$'\\x01' '$O/4'"
check garbage_done "update" has 4 'flash done=1'
check garbage_urcs "split URCs not reassembled" test "$(lines 4 '"FOTA","UPDATING"')" -ge 3
# 5: START lost
check nostart_no_start "START sent" test "$(lines 5 '"START"')" -eq 0
check nostart_updating "no UPDATING" has 5 '"FOTA","UPDATING"'
check nostart_done "update" has 5 'flash done=1'
# 6: END,520 once, then success
check endfail1_end520 "END,520" test "$(lines 6 '"END",520')" -eq 1
check endfail1_restart "no second START" test "$(lines 6 '"START"')" -eq 2
check endfail1_done "update" has 6 "< $TO"
check endfail1_reboots "reboots" test "$(lines 6 'hotplug left')" -eq 3
# 7: END,522 five times: gives up and boots the old firmware
check endfail5_count "END,522 x5" test "$(lines 7 '"END",522')" -eq 5
check endfail5_no_end0 "END,0" test "$(lines 7 '"END",0')" -eq 0
check endfail5_old "old firmware not back" has 7.after "< $FROM"
check endfail5_log "giveup" lg 7 "fota-giveup attempts=5 err=522"
# 8: power loss: resumes with UPDATING, no second START, no END error
check powerloss_log "log" lg 8 "fault powerloss percent=[0-9]+"
check powerloss_one_start "START count" test "$(lines 8 '"START"')" -eq 1
check powerloss_reboots "three reboots" test "$(lines 8 'hotplug left')" -eq 3
check powerloss_done "update" has 8 "< $TO"
# 9: silent: comes back, never a FOTA URC, old firmware
check silent_no_urc "FOTA URC seen" test "$(lines 9 '"FOTA"')" -eq 0
check silent_back "not back" test "$(lines 9 'hotplug arrived')" -eq 1
check silent_old "old firmware" has 9.after "< $FROM"
# 10: another IMEI after the update
b=$(grep -A1 '> AT+CGSN' "$O/10.before" | tail -1); a=$(grep -A1 '> AT+CGSN' "$O/10.after" | tail -1)
check imeichange "IMEI before '$b' after '$a'" test -n "$b" -a -n "$a" -a "$b" != "$a"
# 11: boots into another version
check wrongver "version" has 11 '< RM500QGLABR11A05M4G_01.001.01.001'
# 12: gone after AT+QFOTADL
check fotadl_never "came back" test "$(lines 12 'hotplug left')" -eq 1 -a "$(lines 12 'hotplug arrived')" -eq 0
check fotadl_never_log "log" lg 12 "gone for good"
# 13: unplugged while UPDATING, back later, resumes
check updating_unplug_log "log" lg 13 "fault unplug phase=updating"
check updating_unplug_resume "no resume" has 13 "< $TO"
check updating_unplug_one_start "START count" test "$(lines 13 '"START"')" -eq 1
# 14: unplugged after END,0 for good
check end_never "END,0 or comeback" test "$(lines 14 '"END",0')" -eq 1 -a "$(lines 14 'hotplug arrived')" -eq 1
# 15: package for another base: END,510 and back on the old firmware
check wrongbase_510 "END,510" has 15 '"FOTA","END",510'
check wrongbase_old "firmware" has 15.after '< RM500QGLABR10A02M4G_01.001.01.001'
# 16: not a zip: END,504
check notzip_504 "END,504" has 16 '"FOTA","END",504'
check notzip_old "firmware" has 16.after "< $FROM"
# 17: URCs on the modem port, and setting it refused
check urcport_no_urc "FOTA URC on the AT port" test "$(lines 17 '"FOTA"')" -eq 0
check urcport_log "URCs not on usbmodem" lg 17 'urc \+QIND: "FOTA","START" port=usbmodem'
check urcport_read "reads usbmodem" has 17.after '< +QURCCFG: "urcport","usbmodem"'
check urcport_locked "set accepted" bash -c "grep -A1 'AT+QURCCFG=\"urcport\",\"usbat\"' '$O/17.after' | grep -qx '< ERROR'"
# 18: unplugged during identification, back after its delay
check identify_unplug "answered CGSN" bash -c "! grep -qE '^< [0-9]{15}$' '$O/18'"
check identify_log "log" lg 18 "fault unplug phase=identify"
check identify_back "not back" test "$(grep -cE " $(p 18) [0-9]{15} plug " "$L")" -eq 2
# 19: incomplete versions first
check badver_first "first read" bash -c "grep -A1 '^> AT+QGMR' '$O/19' | sed -n 2p | grep -qx '< RM500QGLABR11A04M4G_00.000.00.000'"
check badver_second "second read cut" bash -c "grep -A1 '^> AT+QGMR' '$O/19' | sed -n 5p | grep -qE '^< RM500QGLAB[^_]*$'"
check badver_third "third read" bash -c "grep -A1 '^> AT+QGMR' '$O/19' | sed -n 8p | grep -qx '< $FROM'"
# 20: same IMEI as module 1
i1=$(grep -A1 '> AT+CGSN' "$O/1.before" | tail -1); i20=$(grep -A1 '> AT+CGSN' "$O/20" | tail -1)
check dupimei "IMEI 1 '$i1' 20 '$i20'" test -n "$i1" -a "$i1" = "$i20"
# 21: unplugged halfway through the upload, never back
check upload_unplug "port not lost" has 21 'upload port lost'
check upload_unplug_gone "came back" bash -c "! grep -q ' $(p 21) ' '$O/enum.after'"
# 23: a stale copy of the package is in UFS: an upload of that name is refused
check stale_407 "stale copy not in the way" bash -c "grep -A1 'AT+QFUPL=\"RM500Q-GL-delta.zip\"' '$O/23' | grep -qE '^< (\+CME ERROR: 407|ERROR)$'"
# the download-mode device never answered anything and is still there
check edl_present "EDL device" grep -q ' 05c6:9008 ' "$O/enum.after"
# a module left alone kept its place: 1 still on its path with a third device number
check enum_after "module 1 gone" grep -q "^usb $(p 1) 2c7c:0800" "$O/enum.after"
exit 0
