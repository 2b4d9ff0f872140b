#!/bin/bash
# What the benchmarks ask of the fixture: --ufs-size, --no-jitter and the "plugging" line that
# hotplug latency counts from.
. "$(dirname "$0")/simlib.sh"

# --ufs-size: the room AT+QFLDS reports; 8 MiB without it
"$FIXTURE_BIN" --modules 1 --ufs-size 12345678 -- "$SIMCLIENT" at 1-1.1 'AT+QFLDS="UFS"' >"$TMP/big" 2>&1
check ufs_size "$(grep QFLDS "$TMP/big")" grep -q '+QFLDS: 12345678,12345678' "$TMP/big"
"$FIXTURE_BIN" --modules 1 -- "$SIMCLIENT" at 1-1.1 'AT+QFLDS="UFS"' >"$TMP/def" 2>&1
check ufs_default "$(grep QFLDS "$TMP/def")" grep -q '+QFLDS: 8388608,8388608' "$TMP/def"
"$FIXTURE_BIN" --modules 1 --ufs-size 12x -- true 2>/dev/null
check ufs_size_bad "--ufs-size 12x accepted" test $? -eq 2

# Each module goes away on AT+CGSN and is back 1 s later (unplug identify 2, module time 0.5),
# then boots: six boot reports, lost (nobody listens), the last one 4 + 5 x 1.35 module seconds
# after the plug (5.4 s) for every module with --no-jitter; spread out without it (the same seed,
# so the control is fixed).
echo "3 RM500Q-GL base unplug identify 2" >"$TMP/pop"
for nj in 0 1; do
	"$FIXTURE_BIN" --population "$TMP/pop" --time-scale 0.5 $([ $nj = 1 ] && echo --no-jitter) \
		--log "$TMP/j$nj" -- bash -c 'for p in 1-1.1 1-1.2 1-1.3; do
			timeout 5 "$1" at $p AT+CGSN >/dev/null 2>&1 &
		done; sleep 9' _ "$SIMCLIENT"
done

# "plugging mono_ms=N" comes right before each "plug" line of its module
ok=$(awk '$4 == "plug" { if (prev[$2] !~ /^plugging mono_ms=[0-9]+$/) bad = 1; n++ }
	{ prev[$2] = $4 " " $5 } END { print (n == 6 && !bad) ? 1 : 0 }' "$TMP/j1")
check plugging_line "a plug without its plugging line (or not 6 plugs)" test "$ok" = 1

spread() {
	awk '$4 == "plugging" { t0[$2] = $1 } $4 == "urc-lost" { last[$2] = $1 }
	function ms(s) { return ((substr(s, 12, 2) * 60 + substr(s, 15, 2)) * 60 + substr(s, 18, 6)) * 1000 }
	END { for (p in last) { d = ms(last[p]) - ms(t0[p]); if (n == 0 || d < min) min = d; if (d > max) max = d; n++ }
	      printf "%d %.0f %.0f\n", n, min, max }' "$1"
}
read -r n min max < <(spread "$TMP/j1")
check no_jitter_same "$n modules, last boot report $min..$max ms after the plug" \
	test "$n" = 3 -a $((max - min)) -lt 400 -a "$min" -ge 5000
read -r n min max < <(spread "$TMP/j0")
check jitter_control "$n modules, last boot report $min..$max ms after the plug" \
	test "$n" = 3 -a $((max - min)) -ge 400
[ "$failures" -eq 0 ]
