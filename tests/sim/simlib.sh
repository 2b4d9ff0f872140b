# Shared helpers for the fixture's test scripts (sourced, not run).
set -u
BUILD=${BUILD:-build}
FIXTURE_BIN=${FIXTURE_BIN:-$PWD/$BUILD/fixture}
SIMCLIENT=${SIMCLIENT:-$(dirname "$FIXTURE_BIN")/simclient}
# Under `make tsan` the fixture hosts umockdev's testbed thread: GLib's and umockdev's own
# synchronisation is not instrumented and shows as races inside them (seen: g_strdup on the main
# thread against the worker). The discovery test's suppressions cover exactly those libraries.
[ -n "${TSAN_OPTIONS:-}" ] &&
	export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")/../discovery" && pwd)/tsan-umockdev.supp"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/simtest.XXXXXX")
[ -n "${SIM_KEEP:-}" ] && echo "keeping $TMP" || trap 'rm -rf "$TMP"' EXIT
failures=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }
# check NAME WHY COMMAND...: PASS when the command succeeds.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}
# count PATTERN FILE: how many lines match (0 when none).
count() { grep -c -E -- "$1" "$2" 2>/dev/null || true; }
# luhn DIGITS: true when the last digit is the Luhn check digit of the others.
luhn() {
	local s=$1 sum=0 i d n=${#1}
	for ((i = 0; i < n; i++)); do
		d=${s:n-1-i:1}
		if ((i % 2 == 1)); then d=$((d * 2)); ((d > 9)) && d=$((d - 9)); fi
		sum=$((sum + d))
	done
	((sum % 10 == 0))
}
