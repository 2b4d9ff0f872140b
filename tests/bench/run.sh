#!/bin/bash
# Runs every benchmark section (tests/bench/*.sh but this file); each prints its own figures.
set -u
cd "$(dirname "$0")/../.."
export BUILD=${BUILD:-build}
rc=0
for s in tests/bench/*.sh; do
	[ "$(basename "$s")" = run.sh ] && continue
	echo "== $s"
	bash "$s" || rc=1
done
exit $rc
