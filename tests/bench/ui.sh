#!/bin/bash
# Benchmark section: the dashboard's CPU at its 10 Hz refresh under tmux, every slot changing
# every frame (boardplay --busy), at 160x48 for each module count of BENCH_MODULES (all slots on
# screen up to 44, scrolling beyond) and at 80x24 with 64 slots. The figure is the dashboard
# thread's own CPU time over the run's wall time (boardplay's report); the driver's simulated
# workers are reported apart and are not the dashboard's cost. Goal: under 5 % of one core at
# 64 slots; exit status 1 when it is missed or a run gives no report.
set -u
cd "$(dirname "$0")/../.."
. tests/bench/lib.sh
. tests/ui/tmux_lib.sh
BUILD=${BUILD:-build}
BP=$PWD/$BUILD/ui/boardplay
SECS=${UI_BENCH_SECONDS:-4}
[ -x "$BP" ] || { echo "ui: $BP not built"; exit 1; }
rc=0
runs=()
for n in ${BENCH_MODULES:-8 32 64 128}; do runs+=("$n:160x48"); done
runs+=("64:80x24")
for run in "${runs[@]}"; do
	n=${run%%:*} size=${run#*:}
	cols=${size%x*} rows=${size#*x}
	rep=$TM_DIR/report-$n-$size
	tm_start "b$n$size" "$cols" "$rows" "$BP --dashboard --busy --slots $n --seconds $SECS --report $rep"
	for _ in $(seq $(( (SECS + 20) * 10 ))); do [ -s "$rep" ] && break; sleep 0.1; done
	tm_kill "b$n$size"
	if [ ! -s "$rep" ]; then echo "ui: no report from the dashboard at $n slots, $size"; rc=1; continue; fi
	# front_end=DONE slots=64 wall_ms=... ui_cpu_ms=... process_cpu_ms=...
	wall_ms=$(tr ' ' '\n' <"$rep" | sed -n 's/^wall_ms=//p')
	ui_cpu_ms=$(tr ' ' '\n' <"$rep" | sed -n 's/^ui_cpu_ms=//p')
	process_cpu_ms=$(tr ' ' '\n' <"$rep" | sed -n 's/^process_cpu_ms=//p')
	pct=$(calc "100 * $ui_cpu_ms / $wall_ms")
	goal=0 met=-
	if [ "$n" = 64 ]; then
		goal=1 met=$(holds "$pct < 5")
		[ "$met" = 1 ] || { echo "ui: dashboard at 64 slots, $size: $pct % of one core (goal < 5 %)"; rc=1; }
	fi
	bench_row "dashboard_cpu_share_${n}_$size" "$pct" "dashboard thread $ui_cpu_ms ms" \
		"wall $wall_ms ms at 10 Hz (whole driver $process_cpu_ms ms)" \
		"$([ $goal = 1 ] && echo "< 5 %" || echo "(< 5 % at the named count)")" "$met"
	[ "$size" = 160x48 ] && bench_scale "$n" dashboard_cpu_share "$pct"
	if [ "$n" = 64 ] && [ "$size" = 160x48 ]; then bench_kv dashboard_cpu_share_64 "$pct"; fi
	[ "$n" = 64 ] && [ "$size" = 80x24 ] && bench_kv dashboard_cpu_share_64_80x24 "$pct"
done
exit $rc
