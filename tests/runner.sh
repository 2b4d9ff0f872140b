#!/bin/bash
# Runs every test program and script and prints the closing line "N passed, N failed".
#   unit tests:  $BUILD/tests/test_*          (C, built from tests/unit/test_*.c)
#   scripts:     tests/*/test_*.sh            (fixture, end-to-end, dashboard, report)
# A test prints one line per case: "PASS <name>" or "FAIL <name>: <why>". A program that prints
# no such line counts as one case, passed if it exits 0. A crash or non-zero exit after cases
# counts one more failure. TESTS=pattern runs only matching files; TEST_TIMEOUT caps each file.
set -u
BUILD=${BUILD:-build}
export BUILD
export STATION_BIN=${STATION_BIN:-$PWD/$BUILD/station}
export FIXTURE_BIN=${FIXTURE_BIN:-$PWD/$BUILD/fixture}
timeout_s=${TEST_TIMEOUT:-600}
logdir=$BUILD/test-logs
mkdir -p "$logdir"
pass=0 fail=0
failed_names=()

run_one() {
	local file=$1 name log rc start p f ms
	name=$(basename "$file"); name=${name%.sh}
	[ -n "${TESTS:-}" ] && [[ $name != *${TESTS}* ]] && return
	log=$logdir/$name.log
	start=$(date +%s%N)
	timeout -k 10 "$timeout_s" "$file" >"$log" 2>&1 </dev/null
	rc=$?
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		if [ $rc -eq 0 ]; then p=1; else f=1; echo "FAIL $name: exit status $rc" >>"$log"; fi
	elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1; echo "FAIL $name: exit status $rc after its cases" >>"$log"
	fi
	[ $rc -eq 124 ] && echo "FAIL $name: timed out after ${timeout_s}s" >>"$log"
	pass=$((pass + p)); fail=$((fail + f))
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	printf '%-28s %4d passed %3d failed  %4d.%01ds\n' "$name" "$p" "$f" $((ms / 1000)) $((ms % 1000 / 100))
	if [ "$f" -gt 0 ]; then
		failed_names+=("$name")
		grep -E '^FAIL ' "$log" | head -n 20 | sed 's/^/    /'
		echo "    (log: $log)"; tail -n 15 "$log" | sed 's/^/    | /'
	fi
}

for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && run_one "$t"; done
for t in tests/*/test_*.sh; do [ -x "$t" ] && run_one "$t"; done

[ ${#failed_names[@]} -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ $((pass + fail)) -gt 0 ]
