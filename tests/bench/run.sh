#!/bin/bash
# Benchmarks, one section each; a section prints its own figures and fails when it misses its
# target. Add a section: a function bench_<name> and a line in SECTIONS. BENCH=name runs one.
set -u
cd "$(dirname "$0")/../.."
export BUILD=${BUILD:-build}
SECTIONS=(upload ui station)
failed=()

# AT+QFUPL through the engine vs the bare pty transport, ack modes 0 and 1 (tests/bench/bench_upload.c).
bench_upload() {
	"$BUILD/bench/bench_upload"
}

# The dashboard's CPU with 64 busy slots (tests/bench/ui.sh).
bench_ui() {
	bash tests/bench/ui.sh
}

# The station's CPU while 64 emulated modules sit in UPDATING (tests/bench/station.sh).
bench_station() {
	bash tests/bench/station.sh
}

for s in "${SECTIONS[@]}"; do
	[ -n "${BENCH:-}" ] && [ "$s" != "$BENCH" ] && continue
	echo "== $s"
	start=$(date +%s%N)
	if ! "bench_$s"; then failed+=("$s"); fi
	echo "   ($(( ($(date +%s%N) - start) / 1000000 )) ms)"
done
if [ ${#failed[@]} -gt 0 ]; then echo "bench: below target: ${failed[*]}"; exit 1; fi
echo "bench: all sections met their targets"
