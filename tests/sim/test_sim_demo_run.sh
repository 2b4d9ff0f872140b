#!/bin/bash
# make demo for real (tests/sim/demo.sh on a 160x48 tmux screen, faster time and a smaller
# package than the default): an operator sees uploading and queued rows, the run ends by itself
# after one cycle, then the station's summary line and the report's key figures are printed.
set -u
cd "$(dirname "$0")/../.."
. tests/ui/tmux_lib.sh
BUILD=${BUILD:-build}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Under `make tsan` the demo is an end-to-end run (station and fixture under umockdev): the same
# suppressions as tests/e2e (umockdev's and GLib's internals, the descriptor reuse they hide).
# Seen without them: the station ended with TSan's status 66 (a report) in one run of two.
[ -n "${TSAN_OPTIONS:-}" ] && export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$PWD/tests/e2e/tsan-e2e.supp"
dir=$TM_DIR/demo
tm_start demo 160 48 "cd '$PWD' && BUILD='$BUILD' DEMO_DIR='$dir' DEMO_SCALE=0.02 DEMO_PACKAGE_SIZE=1048576 tests/sim/demo.sh"
seen="" end=$(( $(date +%s) + 150 ))
while [ "$(date +%s)" -lt "$end" ]; do
	TM_LAST=$(tm_capture demo 2>/dev/null)
	grep -q 'EXIT=' <<<"$TM_LAST" && break
	for st in uploading queued; do
		[[ $seen == *$st* ]] && continue
		grep -Eq "^[ >][ !][0-9]{2} .* $st " <<<"$TM_LAST" && seen="$seen $st"
	done
	sleep 0.2
done
[[ $seen == *uploading* ]] && ok demo_shows_uploading || not_ok demo_shows_uploading "seen:$seen"
[[ $seen == *queued* ]] && ok demo_shows_queued || not_ok demo_shows_queued "seen:$seen"
check demo_ends_by_itself grep -q 'EXIT=0' <<<"$TM_LAST"
check demo_summary_line grep -Eq '^station run: summary \(every module present at the start has a result\): 24 units, 24 records: PASS [0-9]+' <<<"$TM_LAST"
check demo_report_figures grep -Eq '^yield +[0-9.]+ %$' <<<"$TM_LAST"
exit $TM_FAILED
