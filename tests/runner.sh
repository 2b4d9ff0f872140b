#!/bin/bash
# Runs every test program and script and prints the closing line "N passed, N failed".
#   unit tests:  $BUILD/tests/test_*          (C, built from tests/unit/test_*.c)
#   scripts:     tests/*/test_*.sh            (fixture, end-to-end, dashboard, report)
# A test prints one line per case: "PASS <name>" or "FAIL <name>: <why>". A program that prints
# no such line counts as one case, passed if it exits 0. A crash or non-zero exit after cases
# counts one more failure. TESTS=pattern runs only matching files; TEST_TIMEOUT caps each file;
# TEST_JOBS files run at once (default 2: most tests wait on emulated module time, and every test
# must hold on a busy machine anyway). Each file's block is printed whole when it ends.
set -u
BUILD=${BUILD:-build}
export BUILD
export STATION_BIN=${STATION_BIN:-$PWD/$BUILD/station}
export FIXTURE_BIN=${FIXTURE_BIN:-$PWD/$BUILD/fixture}
timeout_s=${TEST_TIMEOUT:-600}
jobs_max=${TEST_JOBS:-2}
logdir=$BUILD/test-logs
mkdir -p "$logdir"
rm -f "$logdir"/*.res

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
	echo "$p $f" >"$logdir/$name.res"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	{
		printf '%-28s %4d passed %3d failed  %4d.%01ds\n' "$name" "$p" "$f" $((ms / 1000)) $((ms % 1000 / 100))
		if [ "$f" -gt 0 ]; then
			grep -E '^FAIL ' "$log" | head -n 20 | sed 's/^/    /'
			echo "    (log: $log)"; tail -n 15 "$log" | sed 's/^/    | /'
		fi
	} >"$logdir/$name.out"
	flock "$logdir/.print" cat "$logdir/$name.out"
}

files=()
for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && files+=("$t"); done
for t in tests/*/test_*.sh; do [ -x "$t" ] && files+=("$t"); done
for t in "${files[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
	run_one "$t" &
done
wait

pass=0 fail=0
failed_names=()
for t in "${files[@]}"; do
	name=$(basename "$t"); name=${name%.sh}
	[ -f "$logdir/$name.res" ] || continue
	read -r p f <"$logdir/$name.res"
	pass=$((pass + p)); fail=$((fail + f))
	[ "$f" -gt 0 ] && failed_names+=("$name")
done
[ ${#failed_names[@]} -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ $((pass + fail)) -gt 0 ]
