#!/bin/bash
# 64 modules updated at once, each followed by its own client through both reboots: every
# one must come back on its port path with new ttys and the target version.
. "$(dirname "$0")/simlib.sh"

"$FIXTURE_BIN" --modules 64 --package-size 65536 --write-config "$TMP/cfg" -- "$SIMCLIENT" enum >"$TMP/enum" 2>&1
mkdir -p "$TMP/o"
{
	echo '#!/bin/bash'
	grep '^usb [12]-1\.[1-7]\.[1-7] 2c7c:080' "$TMP/enum" | while read -r _ path id _; do
		pkg=RM500Q-GL; [ "$id" = 2c7c:0801 ] && pkg=RM520N-GL
		# each client stops when its update ends; 180 s only bounds a module that never does
		echo "'$SIMCLIENT' flash $path '$TMP/cfg/packages/$pkg-delta.zip' 180 >'$TMP/o/$path' 2>&1 &"
	done
	echo wait
} >"$TMP/run.sh"
chmod +x "$TMP/run.sh"
start=$(date +%s%N)
"$FIXTURE_BIN" --modules 64 --time-scale 0.01 --seed 4 --package-size 65536 --log "$TMP/log" -- "$TMP/run.sh"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "64 modules flashed in parallel: ${ms} ms"
check scale64_exit "status $rc" test $rc -eq 0
check scale64_clients "$(ls "$TMP/o" | wc -l) clients" test "$(ls "$TMP/o" | wc -l)" -eq 64
done_n=$(grep -l 'flash done=1 left=2 arrived=2' "$TMP/o"/* | wc -l)
check scale64_all_done "$done_n of 64 finished: $(grep -L 'flash done=1' "$TMP/o"/* | head -3 | xargs -r -n1 basename | tr '\n' ' ')" test "$done_n" -eq 64
check scale64_versions "versions" test "$(grep -lE '^< (RM500QGLABR11A06M4G_01.001.01.001|RM520NGLAAR03A04M4G_01.200.01.200)$' "$TMP/o"/* | wc -l)" -eq 64
check scale64_uploads "checksums" test "$(grep -l 'match=yes' "$TMP/o"/* | wc -l)" -eq 64
check scale64_new_ttys "a tty name reused" test "$(grep -h '^reopened ' "$TMP/o"/* | grep -c 'new=yes')" -eq 128
check scale64_plugs "$(grep -c ' plug devnum=' "$TMP/log") plugs" test "$(grep -c ' plug devnum=' "$TMP/log")" -eq $((64 * 3))
exit 0
