# Shared helpers of the end-to-end tests: the real station binary inside the emulated fixture.
# Sourced by tests/e2e/test_*.sh; the runner exports STATION_BIN, FIXTURE_BIN and BUILD.
set -u
BUILD=${BUILD:-build}
STATION_BIN=${STATION_BIN:-$PWD/$BUILD/station}
FIXTURE_BIN=${FIXTURE_BIN:-$PWD/$BUILD/fixture}
CSVQ=$(cd "$BUILD" && pwd)/tools/csvq
export CSVQ
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Module time runs this much faster than real time (0.01: a 4-minute update takes ~2.4 s).
E2E_SCALE=${E2E_SCALE:-0.01}
# Under `make tsan`: umockdev, GLib and GIO are not instrumented; their own synchronisation is
# suppressed (tests/e2e/tsan-e2e.supp), never our code's.
if [ -n "${TSAN_OPTIONS:-}" ]; then
	export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$E2E_DIR/tsan-e2e.supp"
fi
E2E_TMP=$(mktemp -d /tmp/station-e2e.XXXXXX)
e2e_failed=0
trap 'if [ "$e2e_failed" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then rm -rf "$E2E_TMP"; else echo "kept $E2E_TMP"; fi' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; e2e_failed=1; }

for bin in "$STATION_BIN" "$FIXTURE_BIN" "$CSVQ"; do
	if [ ! -x "$bin" ]; then
		echo "FAIL setup: $bin is missing (make build-all)"
		exit 1
	fi
done

# records DIR COLS: the CSV records of a run (DIR/cfg/records), chosen columns, tab-separated.
records() {
	"$CSVQ" -c "$2" "$1"/cfg/records/*.csv
}
# records_u DIR COLS: the same separated by 0x1f, for: while IFS=$'\x1f' read -r a b c
records_u() {
	"$CSVQ" -u -c "$2" "$1"/cfg/records/*.csv
}

# fixture_module_field DIR INDEX FIELD: a field of the fixture log's "module index=N ..." line
# (path, imei, model, fw).
fixture_module_field() {
	awk -v idx="$2" -v f="$3" '$4 == "module" && $5 == "index=" idx {
		if (f == "path") print $2; else if (f == "imei") print $3;
		else for (i = 5; i <= NF; i++) if (index($i, f "=") == 1) print substr($i, length(f) + 2) }' \
		"$1"/fixture.log | head -n 1
}

# run_once DIR FIXTURE_ARGS... : a --once run; stdout in DIR/out, stderr in DIR/err, status in DIR/rc.
run_once() {
	local dir=$1
	shift
	mkdir -p "$dir"
	timeout -k 5 240 "$FIXTURE_BIN" "$@" --time-scale "$E2E_SCALE" --write-config "$dir"/cfg \
		--log "$dir"/fixture.log -- "$E2E_DIR"/start.sh "$STATION_BIN" run -c "$dir"/cfg/station.ini --headless --once \
		--operator OP-7 --lot LOT-42 --events "$dir"/events.jsonl >"$dir"/out 2>"$dir"/err
	echo $? >"$dir"/rc
}

# run_until DIR N FIXTURE_ARGS... : runs the station (not --once) until DIR's records hold N
# records (or 100 s), then interrupts it with SIGINT. Same outputs as run_once.
run_until() {
	local dir=$1 n=$2
	shift 2
	mkdir -p "$dir"
	timeout -k 5 240 "$FIXTURE_BIN" "$@" --time-scale "$E2E_SCALE" --write-config "$dir"/cfg \
		--log "$dir"/fixture.log -- "$E2E_DIR"/run_until.sh "$dir" "$n" 100 \
		"$E2E_DIR"/start.sh "$STATION_BIN" run -c "$dir"/cfg/station.ini --headless --operator OP-7 --lot LOT-42 \
		--events "$dir"/events.jsonl >"$dir"/out 2>"$dir"/err
	[ -s "$dir"/rc ] || echo "no status" >"$dir"/rc
}

# e2e_tmux NAME: for a test that drives the dashboard under tmux: loads tests/ui/tmux_lib.sh,
# cleans its private tmux server up on exit (with the temporary folder, as above), and fails
# NAME_setup when tmux is missing.
e2e_tmux() {
	. "$E2E_DIR"/../ui/tmux_lib.sh
	trap 'tm_cleanup; if [ "$e2e_failed" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then rm -rf "$E2E_TMP"; else echo "kept $E2E_TMP"; fi' EXIT
	command -v tmux >/dev/null || { echo "FAIL $1_setup: tmux is missing (make deps)"; exit 1; }
}
