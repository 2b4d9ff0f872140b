#!/bin/bash
# Runs every benchmark section: each tests/bench/<name>.sh (but this file) prints its own figures,
# measured side by side in the same run, and exits non-zero when it misses its target.
# BENCH=name runs one section.
set -u
cd "$(dirname "$0")/../.."
export BUILD=${BUILD:-build}
failed=()
for s in tests/bench/*.sh; do
	name=$(basename "$s" .sh)
	[ "$name" = run ] && continue
	[ -n "${BENCH:-}" ] && [ "$name" != "$BENCH" ] && continue
	echo "== $name"
	start=$(date +%s%N)
	bash "$s" || failed+=("$name")
	echo "   ($(( ($(date +%s%N) - start) / 1000000 )) ms)"
done
if [ ${#failed[@]} -gt 0 ]; then echo "bench: below target: ${failed[*]}"; exit 1; fi
echo "bench: all sections met their targets"
