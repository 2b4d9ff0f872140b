#!/bin/bash
# make soak: 64 slots cycling modules (each PASS is pulled and replaced by a new module) until
# SOAK_UNITS units have records, at a small time scale. Samples the station's resident memory
# and open file descriptors every SOAK_SAMPLE_S seconds and reports them; fails when either
# grows over the run (the last quarter against the first quarter after warm-up) or when a unit
# has other than one record. Not part of make check (several minutes).
set -u
BUILD=${BUILD:-build}
STATION_BIN=${STATION_BIN:-$PWD/$BUILD/station}
FIXTURE_BIN=${FIXTURE_BIN:-$PWD/$BUILD/fixture}
CSVQ=$PWD/$BUILD/tools/csvq
SLOTS=${SOAK_SLOTS:-64}
UNITS=${SOAK_UNITS:-1000}
SCALE=${SOAK_SCALE:-0.02}
SAMPLE=${SOAK_SAMPLE_S:-2}
RSS_SLACK_KB=${SOAK_RSS_SLACK_KB:-4096}
d=$(mktemp -d /tmp/station-soak.XXXXXX)
echo "soak: $SLOTS slots, $UNITS units, time scale $SCALE, samples every $SAMPLE s in $d"
echo "$SLOTS RM500Q-GL base replace-after-pass 1 0" >"$d"/population

# Every plug of an emulated module takes four new pseudo-terminals and a testbed never frees one
# (tests/sim/README.md): a unit costs three plugs (update reboot, new-firmware boot, the
# replacement), so 1,000 units need about 12,000 ptys, past the kernel's default of 4,096.
# Raise the limit for the run (root) and put it back after.
pty_max=/proc/sys/kernel/pty/max
need=$(( (UNITS + SLOTS) * 12 + 2048 + $(cat /proc/sys/kernel/pty/nr) ))
old_max=$(cat $pty_max)
if [ "$old_max" -lt "$need" ]; then
	if echo "$need" >$pty_max 2>/dev/null; then
		echo "soak: kernel.pty.max raised from $old_max to $need for the run"
		trap 'echo "$old_max" >$pty_max' EXIT
	else
		echo "FAIL soak_setup: $UNITS units need about $need pseudo-terminals; kernel.pty.max is $old_max (run as root)"
		exit 1
	fi
fi

start=$(date +%s)
timeout -k 10 3600 "$FIXTURE_BIN" --population "$d"/population --seed 21 --package-size 32768 \
	--time-scale "$SCALE" --write-config "$d"/cfg --log "$d"/fixture.log -- bash -c '
	d=$1 units=$2 sample=$3 csvq=$4
	shift 4
	"$@" >"$d"/out 2>"$d"/err &
	pid=$!
	echo "t_s rss_kb fds records" >"$d"/samples
	t0=$SECONDS
	while kill -0 $pid 2>/dev/null; do
		n=0
		for f in "$d"/cfg/records/*.csv; do
			[ -f "$f" ] && n=$((n + $("$csvq" "$f" 2>/dev/null | wc -l)))
		done
		rss=$(awk "/^VmRSS:/ { print \$2 }" /proc/$pid/status 2>/dev/null)
		fds=$(ls /proc/$pid/fd 2>/dev/null | wc -l)
		echo "$((SECONDS - t0)) ${rss:-0} $fds $n" >>"$d"/samples
		[ "$n" -ge "$units" ] && break
		sleep "$sample"
	done
	kill -INT $pid
	wait $pid
	echo $? >"$d"/rc' _ "$d" "$UNITS" "$SAMPLE" "$CSVQ" \
	"$STATION_BIN" run -c "$d"/cfg/station.ini --headless
secs=$(($(date +%s) - start))

bad=0
"$CSVQ" -u -c imei,result "$d"/cfg/records/*.csv >"$d"/recs 2>"$d"/csvq.err || { echo "FAIL soak: torn or malformed CSV: $(head -c 200 "$d"/csvq.err)"; bad=1; }
records=$(wc -l <"$d"/recs)
# A slot stopped while a newcomer was being identified records ABORTED without an IMEI.
units=$(cut -d$'\x1f' -f1 "$d"/recs | grep . | sort -u | wc -l)
dups=$(cut -d$'\x1f' -f1 "$d"/recs | grep . | sort | uniq -d | wc -l)
pass=$(grep -c $'\x1fPASS$' "$d"/recs)
echo "soak: $records records, $units distinct IMEIs ($pass PASS), $dups IMEIs with more than one record, $secs s, station exit $(cat "$d"/rc 2>/dev/null)"
if [ "$records" -ge "$UNITS" ] && [ "$dups" -eq 0 ]; then echo "PASS soak_one_record_per_unit"
else echo "FAIL soak_one_record_per_unit: $records records for $units units, $dups duplicated"; bad=1; fi

# Memory and descriptors: warm-up is the first quarter of the samples; compare the second
# quarter's peak with the last quarter's. Open descriptors swing by about one per slot (a port
# open or not at the moment of the sample), so that much is not growth; a leak of one per unit
# would be hundreds. They must also stay within what station run budgets for them before it
# starts (station/cli/run_guard.h: a base plus so many per slot), or the guard lets a station
# start that then runs out of descriptors.
guard=$(dirname "$0")/../../station/cli/run_guard.h
per_slot=$(sed -n 's/^#define RUN_GUARD_FDS_PER_SLOT \([0-9]*\)$/\1/p' "$guard")
base=$(sed -n 's/^#define RUN_GUARD_FDS_BASE \([0-9]*\)$/\1/p' "$guard")
awk -v slack="$RSS_SLACK_KB" -v slots="$SLOTS" -v per_slot="${per_slot:?}" -v base="${base:?}" 'NR > 1 { t[++n] = $1; r[n] = $2; f[n] = $3; c[n] = $4 }
END {
	if (n < 8) { print "FAIL soak_flat: only " n " samples"; exit 1 }
	q = int(n / 4)
	for (i = q + 1; i <= 2 * q; i++) { if (r[i] > r1) r1 = r[i]; if (f[i] > f1) f1 = f[i] }
	for (i = n - q + 1; i <= n; i++) { if (r[i] > r3) r3 = r[i]; if (f[i] > f3) f3 = f[i] }
	rmin = r[1]; rmax = r[1]; fmin = f[1]; fmax = f[1]
	for (i = 1; i <= n; i++) { if (r[i] < rmin) rmin = r[i]; if (r[i] > rmax) rmax = r[i]
		if (f[i] < fmin) fmin = f[i]; if (f[i] > fmax) fmax = f[i] }
	printf "soak: %d samples over %d s; RSS %d..%d KiB (second quarter peak %d, last quarter peak %d); open fds %d..%d (%d, %d)\n", n, t[n], rmin, rmax, r1, r3, fmin, fmax, f1, f3
	printf "soak: records at the quarters: %d %d %d %d\n", c[q], c[2 * q], c[3 * q], c[n]
	ok = 1
	if (r3 > r1 + slack) { print "FAIL soak_rss_flat: RSS grew from " r1 " to " r3 " KiB"; ok = 0 } else print "PASS soak_rss_flat"
	if (f3 > f1 + slots || fmax > base + per_slot * slots) { print "FAIL soak_fds_flat: open fds peaked at " f1 " then " f3 " (max " fmax ", budget " base + per_slot * slots ")"; ok = 0 } else print "PASS soak_fds_flat"
	exit ok ? 0 : 1 }' "$d"/samples || bad=1
[ $bad -eq 0 ] && rm -rf "$d" || echo "soak: kept $d"
exit $bad
