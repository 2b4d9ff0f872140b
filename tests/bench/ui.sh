#!/bin/bash
# Benchmark section: the dashboard's CPU with 64 busy slots (every row changing every frame) at
# its 10 Hz refresh, under tmux at 160x48 (all slots on screen) and 80x24 (scrolling).
# Goal: under 5 % of one core for the dashboard thread. The driver's simulated workers are
# reported apart (process CPU) and are not the dashboard's cost.
set -u
cd "$(dirname "$0")/../.."
. tests/ui/tmux_lib.sh
BUILD=${BUILD:-build}
BP=$PWD/$BUILD/ui/boardplay
SECS=${UI_BENCH_SECONDS:-10}
[ -x "$BP" ] || { echo "ui: $BP not built"; exit 1; }
rc=0
for size in 160x48 80x24; do
	cols=${size%x*} rows=${size#*x}
	rep=$TM_DIR/report-$size
	tm_start "b$size" "$cols" "$rows" "$BP --dashboard --busy --slots 64 --seconds $SECS --report $rep"
	for _ in $(seq $(( (SECS + 20) * 10 ))); do [ -s "$rep" ] && break; sleep 0.1; done
	tm_kill "b$size"
	if [ ! -s "$rep" ]; then echo "ui dashboard $size: no report"; rc=1; continue; fi
	# front_end=DONE slots=64 wall_ms=... ui_cpu_ms=... process_cpu_ms=...
	eval "$(tr ' ' '\n' <"$rep" | grep -E '^(wall_ms|ui_cpu_ms|process_cpu_ms)=')"
	awk -v w="$wall_ms" -v u="$ui_cpu_ms" -v p="$process_cpu_ms" -v s="$size" 'BEGIN {
		pct = 100 * u / w
		printf "ui dashboard %-6s 64 busy slots, 10 Hz, %.1f s: dashboard thread %.2f %% of one core " \
		       "(goal < 5 %%: %s); whole driver incl. 64 simulated workers %.1f %%\n",
		       s, w / 1000, pct, pct < 5 ? "met" : "NOT met", 100 * p / w }'
done
exit $rc
