#!/bin/bash
# Benchmark section: the real station on the emulated line at 8, 32, 64 and 128 modules
# (BENCH_MODULES), each figure side by side with its yardstick in the same run (README.md,
# "Benchmarks", explains each one):
#   parallel   station run --once with N modules vs one module alone (the mean of a run just
#              before and one just after), both at module time 0.08 (BENCH_PARALLEL_SCALE); at
#              32 also, at module time 0.01, the same 32 modules one after another (--once
#              --slots L for each slot in turn) vs all 32 at once
#   wait       the station's CPU over a window in which all N slots are UPDATING
#   hotplug    a module put in while the station runs -> the station's first byte written to it;
#              a module back after a reboot -> the station has its new port open (first byte
#              written), and -> the first bytes read from it (the emulated module's answer too)
#   memory     peak resident set with N slots uploading a 64 MiB package minus the same with 1 MiB
#   aggregate  bytes per second the station writes with N slots uploading vs bench_rawup on the
#              same N ports of the same fixture, three runs of each (the median of each three)
#              in the order bare, station, station, bare, bare, station, after one bare run that
#              is not counted
# Every module's durations sit at the middle of their range (fixture --no-jitter), so one module
# and N modules have the same work. Goals at the counts the figures are named for: parallel at
# 32, the others at 64; the other counts show how the cost grows. Exit status 1 when a goal is
# missed or a run did not give its figure.
set -u
cd "$(dirname "$0")/../.."
. tests/bench/lib.sh
BUILD=${BUILD:-build}
export BENCH_ROOT=$PWD BENCH_BIN=$PWD/$BUILD
MODS=${BENCH_MODULES:-8 32 64 128}
WIN=${BENCH_WINDOW:-3}          # seconds of each CPU and throughput window
SMALL=65536                     # the package of the parallel runs
# Module time of the parallel runs: 0.08 makes one unit about 21 s. The emulator re-plugs
# modules one after another on one thread, about 15 ms each on a quiet machine and 20-60 ms on
# a loaded one (a real hub enumerates its ports side by side): at 0.01 (a reboot in 75 ms, a
# unit in 3 s) a burst of 32 reboots costs the emulator more than a module's whole reboot and
# the ratio measures the emulator; at 0.08 it is a few percent of the unit (README.md). One
# module alone does the same work at every count: one such run goes before the first count and
# one after each, and each count is compared with the mean of the runs on either side of it.
PSCALE=${BENCH_PARALLEL_SCALE:-0.08}
MIB=1048576
for f in station fixture bench/bench_rawup; do
	[ -x "$BENCH_BIN/$f" ] || { echo "line: $BENCH_BIN/$f not built"; exit 1; }
done
TMP=$(mktemp -d /tmp/station-bench.XXXXXX)
trap 'if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi' EXIT
rc=0
bad() { echo "line: $*"; rc=1; }

# fx NAME MODULES SCALE PACKAGE FAULT MODE ARGS...: one fixture of MODULES RM500Q-GL modules
# (each with FAULT, "" for none) running inside.sh MODE; its result lines are left in $TMP/NAME.
# Each module's UFS holds 512 MiB: the aggregate leaves up to four cut 64 MiB uploads in it, and a
# module refuses an upload announced larger than its free space.
fx() {
	local name=$1 n=$2 scale=$3 pkg=$4 fault=$5 mode=$6 d=$TMP/$1
	shift 6
	mkdir -p "$d"
	echo "$n RM500Q-GL base $fault" >"$d"/pop
	timeout -k 5 400 "$BENCH_BIN"/fixture --population "$d"/pop --time-scale "$scale" --no-jitter \
		--seed 13 --package-size "$pkg" --ufs-size $((512 * MIB)) --write-config "$d"/cfg \
		--log "$d"/fixture.log -- tests/bench/inside.sh "$mode" "$d" "$@" >"$d"/fixture.out 2>&1
	[ -s "$d"/result ] || echo "fixture_status=$?" >>"$d"/result
}
# get NAME KEY: one figure of a run's result ("null" when absent)
get() {
	local v
	v=$(tr ' ' '\n' <"$TMP/$1"/result | sed -n "s/^$2=//p" | tail -n 1)
	echo "${v:-null}"
}
# row_goal KEY VALUE MEASURED AGAINST GOAL-WORDS CONDITION GOAL-APPLIES
row_goal() {
	local met=-
	if [ "$7" = 1 ]; then
		met=$(holds "$6")
		[ "$met" = 1 ] || bad "$1 = $2 misses its goal ($5)"
	fi
	bench_row "$1" "$2" "$3" "$4" "$([ "$7" = 1 ] && echo "$5" || echo "($5 at the named count)")" "$met"
}

for n in $MODS; do
	echo "-- $n modules"
	at32=$([ "$n" = 32 ] && echo 1 || echo 0)
	at64=$([ "$n" = 64 ] && echo 1 || echo 0)

	# Parallel: N modules between two runs of one module alone, at module time $PSCALE (a unit
	# in about 21 s); N is compared with the mean of the two single runs around it.
	if [ -z "${single:-}" ]; then
		single=p1-before
		fx $single 1 "$PSCALE" $SMALL "" once
	fi
	fx pn-$n "$n" "$PSCALE" $SMALL "" once
	fx p1-$n 1 "$PSCALE" $SMALL "" once
	w1=$(calc "($(get $single wall_ms) + $(get p1-$n wall_ms)) / 2") wn=$(get pn-$n wall_ms)
	for k in $single p1-$n; do
		[ "$(get $k rc)" = 0 ] || bad "one module alone did not pass ($TMP/$k)"
	done
	single=p1-$n
	[ "$(get pn-$n rc)" = 0 ] || bad "$n modules did not all pass ($TMP/pn-$n)"
	r=$(calc "$wn / $w1")
	row_goal "parallel${n}_vs_one" "$r" "$n modules $(calc "$wn / 1000") s" \
		"one module $(calc "$w1 / 1000") s (module time $PSCALE)" \
		"<= 1.10" "$r <= 1.10" "$at32"
	bench_scale "$n" parallel_vs_one "$r"
	bench_scale "$n" parallel_wall_s "$(calc "$wn / 1000")"
	bench_scale "$n" one_wall_s "$(calc "$w1 / 1000")"
	# Where the CPU of the N-module run went: the station and the fixture (the emulated modules
	# and their USB tree), each in cores over the station's wall time (this machine has $(nproc)).
	bench_scale "$n" parallel_station_cores "$(calc "$(get pn-$n station_cpu_ms) / $wn")"
	bench_scale "$n" parallel_fixture_cores "$(calc "$(get pn-$n fixture_cpu_ms) / $wn")"
	[ "$n" = 32 ] && bench_kv parallel32_vs_one "$r"
	if [ "$n" = "${BENCH_SERIAL_AT:-32}" ]; then
		# one after another at module time 0.01 (32 units of 3 s), against all at once at 0.01
		fx pf-$n "$n" 0.01 $SMALL "" once
		fx s-$n "$n" 0.01 $SMALL "" serial
		ws=$(get s-$n wall_ms) wn=$(get pf-$n wall_ms)
		[ "$(get pf-$n rc)" = 0 ] || bad "$n modules at module time 0.01 did not all pass ($TMP/pf-$n)"
		[ "$(get s-$n rc)" = 0 ] || bad "the serial run did not pass every unit ($TMP/s-$n)"
		r=$(calc "$ws / $wn")
		row_goal "parallel${n}_vs_serial_speedup" "$r" "one at a time $(calc "$ws / 1000") s" \
			"$n at once $(calc "$wn / 1000") s (module time 0.01)" ">= 20" "$r >= 20" "$at32"
		[ "$n" = 32 ] && bench_kv parallel32_vs_serial_speedup "$r"
		bench_scale "$n" parallel_vs_serial_speedup "$r"
	fi

	# Waiting and hotplug: module time 0.05 (an update in about 12 s); each module is replaced
	# by a new one after its PASS, as an operator does.
	fx w-$n "$n" 0.05 $SMALL replace-after-pass wait "$n" "$WIN"
	[ "$(get w-$n ok)" = 1 ] || bad "wait: the $n slots never all reached UPDATING ($TMP/w-$n)"
	[ "$(get w-$n replaced)" = 1 ] || bad "wait: the station did not find every replaced module ($TMP/w-$n)"
	fu=$(get w-$n failed_units)
	[ "$fu" = 0 ] || echo "line: $fu units failed in the hotplug run at $n modules (see $TMP/w-$n/out)"
	bench_scale "$n" hotplug_run_failed_units "$fu"
	ticks=$(get w-$n ticks) hz=$(get w-$n hz) win_ms=$(get w-$n window_ms)
	pct=$(calc "100 * $ticks / $hz / ($win_ms / 1000)")
	row_goal "wait_cpu_share_$n" "$pct" "station CPU $(calc "1000 * $ticks / $hz") ms" \
		"window $win_ms ms, $n slots UPDATING" "< 2 %" "$pct < 2" "$at64"
	bench_scale "$n" wait_cpu_share "$pct"
	[ "$n" = 64 ] && bench_kv wait_cpu_share_64 "$pct"
	# The latency compares wall-clock stamps of two processes: a clock step voids it.
	step=$(calc "($(get w-$n end_wall_ms) - $(get w-$n end_mono_ms)) - ($(get w-$n start_wall_ms) - $(get w-$n start_mono_ms))")
	eval "$(awk -v stop_ms="$(get w-$n stop_wall_ms)" -f tests/bench/latency.awk "$TMP"/w-$n/fixture.log \
		"$TMP"/w-$n/cfg/records/transcripts/*/*.log)"
	[ "$(holds "$step < 20 && $step > -20")" = 1 ] || bad "wall clock stepped by $step ms during the hotplug run"
	[ "$add_n" -ge "$n" ] || bad "hotplug at $n: $add_n of the $n replaced modules measured ($TMP/w-$n)"
	[ "$add_missing$add_early$return_missing$return_early$answer_missing$answer_early" = 000000 ] ||
		bad "hotplug at $n: $add_missing added / $return_missing returned modules never served," \
		    "$add_early / $return_early stamped before their plug ($TMP/w-$n)"
	row_goal "hotplug_add_ms_$n" "$add_median_ms" "median of $add_n, p95 $add_p95_ms ms" \
		"module in -> first byte written" "median < 300 ms" "$add_median_ms < 300" "$at64"
	row_goal "hotplug_return_ms_$n" "$return_median_ms" "median of $return_n, p95 $return_p95_ms ms" \
		"module back -> port open, first byte written" "median < 300 ms" \
		"$return_median_ms < 300" "$at64"
	bench_row "hotplug_answer_ms_$n" "$answer_median_ms" "median of $answer_n, p95 $answer_p95_ms ms" \
		"module back -> first bytes read (+ fixture's answer)" "-" "-"
	bench_scale "$n" hotplug_latency_ms_median "$add_median_ms"
	bench_scale "$n" hotplug_latency_ms_p95 "$add_p95_ms"
	bench_scale "$n" return_latency_ms_median "$return_median_ms"
	bench_scale "$n" return_latency_ms_p95 "$return_p95_ms"
	bench_scale "$n" answer_latency_ms_median "$answer_median_ms"
	bench_scale "$n" answer_latency_ms_p95 "$answer_p95_ms"
	if [ "$n" = 64 ]; then
		bench_kv hotplug_latency_ms_median "$add_median_ms"
		bench_kv hotplug_latency_ms_p95 "$add_p95_ms"
		bench_kv return_latency_ms_median "$return_median_ms"
		bench_kv return_latency_ms_p95 "$return_p95_ms"
	fi

	# Memory and aggregate upload: module time 0.5 (a module ends an upload after 2.5 s without
	# a byte). The same procedure with a 1 MiB and a 64 MiB package; the second three times,
	# between runs of the bare uploader on its ports (inside.sh agg).
	fx m1-$n "$n" 0.5 $MIB "" mem "$n" "$WIN"
	fx m64-$n "$n" 0.5 $((64 * MIB)) "" agg "$n" "$WIN" $((64 * MIB))
	for k in m1-$n:ok m64-$n:st1_ok m64-$n:st2_ok m64-$n:st3_ok; do
		[ "$(get "${k%%:*}" "${k#*:}")" = 1 ] || bad "memory: the $n slots never all started uploading ($TMP/${k%%:*}, ${k#*:})"
	done
	h1=$(get m1-$n hwm_kib) h64=$(get m64-$n st1_hwm_kib)
	dm=$(calc "($h64 - $h1) / 1024")
	row_goal "rss_${n}_package_delta_mib" "$dm" "peak RSS $(calc "$h64 / 1024") MiB with 64 MiB" \
		"$(calc "$h1 / 1024") MiB with 1 MiB" "<= 80 MiB (1.25 packages)" "$dm <= 80" "$at64"
	bench_scale "$n" rss_1mib_package_mib "$(calc "$h1 / 1024")"
	bench_scale "$n" rss_64mib_package_mib "$(calc "$h64 / 1024")"
	bench_scale "$n" rss_package_delta_mib "$dm"
	[ "$n" = 64 ] && bench_kv rss_64_package_delta_mib "$dm"
	for k in st1 st2 st3; do
		[ "$(get m64-$n ${k}_left_upload_after)" = 0 ] || bad "aggregate: slots left uploading during the window ($TMP/m64-$n, $k)"
	done
	for k in raw0 raw1 raw2 raw3; do
		[ "$(get m64-$n ${k}_rc)" = 0 ] || bad "aggregate: bench_rawup did not connect every port ($TMP/m64-$n, $k)"
	done
	sv=() rv=() scpu=0 sbytes=0 rcpu=0 rbytes=0 fcpu=0 swin=0
	for k in 1 2 3; do
		sv+=("$(calc "$(get m64-$n st${k}_bytes) / $(get m64-$n st${k}_window_ms) / 1000")")
		rv+=("$(get m64-$n raw${k}_mbps)")
		scpu=$(calc "$scpu + $(get m64-$n st${k}_cpu_ms)") sbytes=$(calc "$sbytes + $(get m64-$n st${k}_bytes)")
		rcpu=$(calc "$rcpu + $(get m64-$n raw${k}_cpu_ms)") rbytes=$(calc "$rbytes + $(get m64-$n raw${k}_bytes)")
		fcpu=$(calc "$fcpu + $(get m64-$n st${k}_fixture_cpu_ms)") swin=$(calc "$swin + $(get m64-$n st${k}_window_ms)")
	done
	smb=$(median "${sv[@]}") rmb=$(median "${rv[@]}")
	r=$(calc "$smb / $rmb")
	row_goal "upload_aggregate${n}_ratio" "$r" "station $smb MB/s (median of ${sv[*]})" \
		"bare $rmb MB/s (median of ${rv[*]}), $n ports" \
		">= 0.85" "$r >= 0.85" "$at64"
	bench_scale "$n" upload_aggregate_ratio "$r"
	bench_scale "$n" station_upload_mbps "$smb"
	bench_scale "$n" bare_upload_mbps "$rmb"
	bench_scale "$n" bare_upload_first_mbps "$(get m64-$n raw0_mbps)"
	# CPU per MB sent, station vs bare uploader, and the fixture's CPU while the station sends
	bench_scale "$n" station_upload_cpu_ms_per_mb "$(calc "$scpu / ($sbytes / 1000000)")"
	bench_scale "$n" bare_upload_cpu_ms_per_mb "$(calc "$rcpu / ($rbytes / 1000000)")"
	bench_scale "$n" upload_fixture_cores "$(calc "$fcpu / $swin")"
	[ "$n" = 64 ] && bench_kv upload_aggregate64_ratio "$r"
done
exit $rc
