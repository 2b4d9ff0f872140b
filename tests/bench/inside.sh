#!/bin/bash
# Runs inside the fixture for tests/bench/line.sh: one kind of measurement of the real station
# (or of the bare uploader) on the emulated line, its figures as key=value lines in DIR/result.
#   inside.sh once   DIR            station run --once; its wall time, its CPU and the fixture's
#   inside.sh serial DIR            station run --once --slots L for each slot in turn; total wall
#   inside.sh wait   DIR N WIN      station run until N slots update; its CPU over WIN seconds then;
#                                   on until it has found every module replaced after its PASS
#   inside.sh mem    DIR N WIN      station run until N slots upload; bytes written and CPU over
#                                   WIN seconds, its peak resident set; then interrupted
#   inside.sh agg    DIR N WIN SIZE bench_rawup on every module's AT port for WIN seconds, not
#                                   counted (raw0_*); then bench_rawup (rawK_*) and mem (stK_*)
#                                   three times each, in the order raw1 st1 st2 raw2 raw3 st3
# Needs BENCH_ROOT (the source tree) and BENCH_BIN (the build folder, absolute).
set -u
mode=$1 dir=$2
cfg=$dir/cfg/station.ini
st=$BENCH_BIN/station
start=$BENCH_ROOT/tests/e2e/start.sh
res=$dir/result
: >"$res"
# Wide budgets: on a loaded machine the emulated modules (one fixture thread) answer late, and a
# unit failed by a budget would void the figure; the figures are times, not budgets. The memory
# run's 64 MiB payload makes a package a little over the default max_package_mb (64).
export E2E_INI_SED='s/^command *=.*/command = 20/; s/^reboot *=.*/reboot = 60/; s/^update *=.*/update = 300/; /^max_package_mb *=/d; s/^max_parallel_uploads *=.*/&\nmax_package_mb = 128/'
unset E2E_REBOOT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# count REGEX: lines of the station's output that match
count() { grep -cE -- "$1" "$dir"/out 2>/dev/null; }
# wait_for REGEX N SECONDS [any]: until the output holds N matching lines; 0 when it did. Gives
# up at the first failed unit (it will never get there), unless "any".
wait_for() {
	local end=$((SECONDS + $3)) n
	while [ $SECONDS -lt $end ]; do
		n=$(count "$1")
		[ "${n:-0}" -ge "$2" ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		[ "${4:-}" = any ] || [ "$(count ' -> fail ')" = 0 ] || return 1
		sleep 0.2
	done
	return 1
}
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
hwm_kib() { awk '$1 == "VmHWM:" { print $2 }' /proc/"$1"/status; }
wchar() { awk '$1 == "wchar:" { print $2 }' /proc/"$1"/io; }
# The clocks at the start and the end: the latency figures compare wall times of two processes.
clock_pair() { "$BENCH_BIN"/bench/bench_rawup clock | sed "s/^/$1_/; s/ / $1_/"; }
labels() { sed -n '/^\[slots\]/,/^\[/p' "$cfg" | awk -F' *= *' '$1 ~ /^[0-9A-Za-z]+$/ { print $1 }'; }

# station_upload N WIN [TAG]: the station until N slots upload, then bytes written and the CPU of
# the station and of the fixture (this shell's parent) over WIN seconds, and its peak resident
# set; then interrupted. With TAG its figures are prefixed stTAG_.
station_upload() {
	"$start" "$st" run -c "$cfg" --headless >"$dir"/out 2>"$dir"/err &
	pid=$!
	ok=0
	wait_for 'identifying -> uploading' "$1" 240 && ok=1
	sleep 1
	up0=$(count 'uploading -> ')
	t0=$(now_ms) w0=$(wchar $pid) c0=$(cpu_ticks $pid) f0=$(cpu_ticks $PPID)
	sleep "$2"
	t1=$(now_ms) w1=$(wchar $pid) c1=$(cpu_ticks $pid) f1=$(cpu_ticks $PPID)
	up1=$(count 'uploading -> ')
	echo "ok=$ok bytes=$((w1 - w0)) window_ms=$((t1 - t0)) hwm_kib=$(hwm_kib $pid)" \
		"cpu_ms=$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))" \
		"fixture_cpu_ms=$(( (f1 - f0) * 1000 / $(getconf CLK_TCK) ))" \
		"left_upload_before=$up0 left_upload_after=$up1" | sed "${3:+s/\([a-z_0-9]*\)=/st$3_\1=/g}" >>"$res"
	kill -INT $pid
	wait $pid
}
# raw_upload TAG WIN SIZE: bench_rawup on every module's AT port; its figures prefixed rawTAG_
raw_upload() {
	local ttys=() p t out
	for p in $(sed -n 's/^[0-9A-Za-z]* *= *usb:\(.*\)/\1/p' "$cfg"); do
		t=$(ls /sys/bus/usb/devices/"$p":1.2/ | grep -m1 '^ttyUSB')
		ttys+=("/dev/$t")
	done
	out=$("$BENCH_BIN"/bench/bench_rawup "$2" "$3" "${ttys[@]}" 2>>"$dir"/err)
	echo "rc=$? $out" | sed "s/\([a-z_]*\)=/raw$1_\1=/g" >>"$res"
}

case $mode in
once)
	# CPU of the station and of the fixture (this shell's parent) over the station's run
	hz=$(getconf CLK_TCK)
	f0=$(cpu_ticks $PPID) t0=$(now_ms)
	TIMEFORMAT='%3U %3S'
	{ time "$start" "$st" run -c "$cfg" --headless --once >"$dir"/out 2>"$dir"/err; } 2>"$dir"/cpu
	rc=$?
	t1=$(now_ms) f1=$(cpu_ticks $PPID)
	echo "rc=$rc wall_ms=$((t1 - t0)) fixture_cpu_ms=$(( (f1 - f0) * 1000 / hz ))" \
		"station_cpu_ms=$(awk '{ printf "%.0f", 1000 * ($1 + $2) }' "$dir"/cpu)" >"$res"
	;;
serial)
	t0=$(now_ms)
	rc=0
	for l in $(labels); do
		"$start" "$st" run -c "$cfg" --headless --once --slots "$l" >>"$dir"/out 2>>"$dir"/err || rc=$?
	done
	echo "rc=$rc wall_ms=$(( $(now_ms) - t0 )) units=$(labels | wc -l)" >"$res"
	;;
wait)
	n=$3 win=$4
	clock_pair start >>"$res"
	"$start" "$st" run -c "$cfg" --headless >"$dir"/out 2>"$dir"/err &
	pid=$!
	ok=0
	wait_for ' -> updating ' "$n" 240 && ok=1
	sleep 1
	t0=$(now_ms) c0=$(cpu_ticks $pid) busy0=$(count ' -> ')
	sleep "$win"
	t1=$(now_ms) c1=$(cpu_ticks $pid) busy1=$(count ' -> ')
	echo "ok=$ok ticks=$((c1 - c0)) window_ms=$((t1 - t0)) hz=$(getconf CLK_TCK)" \
		"changes_in_window=$((busy1 - busy0)) hwm_kib=$(hwm_kib $pid)" >>"$res"
	# Each module is replaced after its PASS; wait until the station has found every newcomer
	# (it writes to it at once), so both kinds of latency are in the transcripts.
	replaced=0
	wait_for ' -> identifying ' $((2 * n)) 240 any && replaced=1
	sleep 1
	echo "stop_wall_ms=$(( $(date +%s%N) / 1000000 ))" >>"$res"
	kill -INT $pid
	wait $pid
	echo "replaced=$replaced rc=$? failed_units=$(count ' -> fail ')" >>"$res"
	clock_pair end >>"$res"
	;;
mem)
	n=$3 win=$4
	station_upload "$n" "$win"
	;;
agg)
	# On the same ports: the bare uploader once, not counted (the first upload into a fresh
	# fixture is 10-15 % faster than any after it, measured with bare runs alone), then three
	# of each in the order bare, station, station, bare, bare, station: a fixture that slows run
	# after run (bare runs alone: 53.8, 49.5, 44.9, 41.5 MB/s) slows both sides about alike, and
	# line.sh takes the median of each three (one bare run of 3 s was 75 MB/s between two of 63
	# and 49). A port the station left mid-upload stays in data mode until the module's data
	# timeout (2.5 s at module time 0.5): the next run waits that out (bench_rawup itself waits
	# for its ports' answers before it exits).
	n=$3 win=$4 size=$5
	raw_upload 0 "$win" "$size"
	for run in raw1 st1 st2 raw2 raw3 st3; do
		case $run in
		raw*) raw_upload "${run#raw}" "$win" "$size" ;;
		st*) station_upload "$n" "$win" "${run#st}"; sleep 4 ;;
		esac
	done
	;;
*)
	echo "inside.sh: unknown mode $mode" >&2
	exit 2
	;;
esac
