#!/bin/bash
# make demo: the station's dashboard flashing 24 emulated modules on this terminal.
# A few modules are already at the target, a few are on a wrong base, a few are faulty. The
# package is big enough and the uploads capped (4 at a time) so uploading and queued show too.
# The run ends by itself once every module has its result (station run --once), then the
# station's summary line and the report's key figures are printed.
#   DEMO_SCALE  time scale (default 0.1: a 3-5 minute update takes 18-30 s)
#   DEMO_SEED   population seed (default 1)
#   DEMO_DIR    where the config, packages, records and the fixture log go ($BUILD/demo)
#   DEMO_HOLD   1: keep the dashboard open after the cycle (quit it with q)
#   DEMO_PACKAGE_SIZE  bytes of each delta package (default 4 MB)
#   DEMO_UPLOADS       max_parallel_uploads (default 4)
#   extra arguments go to `station run`
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) bin=$BUILD ;; *) bin=$root/$BUILD ;; esac
station=${DEMO_STATION:-$bin/station}
dir=${DEMO_DIR:-$bin/demo}
scale=${DEMO_SCALE:-0.1}
seed=${DEMO_SEED:-1}
size=${DEMO_PACKAGE_SIZE:-4194304}
uploads=${DEMO_UPLOADS:-4}
once=--once
[ "${DEMO_HOLD:-0}" = 1 ] && once=

for f in "$bin/fixture" "$bin/libsimtty.so" "$station"; do
	if [ ! -x "$f" ] && [ ! -r "$f" ]; then
		echo "demo: $f is missing; run 'make build-all' first" >&2
		exit 3
	fi
done
rm -rf "$dir"
mkdir -p "$dir"
cat >"$dir/population" <<'POP'
# count model firmware [fault args]   (tests/sim/README.md)
3 RM500Q-GL base
1 RM500Q-GL base corrupt
3 RM520N-GL base
1 RM500Q-GL base endfail 520 1
2 RM500Q-GL target
1 RM500Q-GL base
1 RM500Q-GL base stale
1 RM500Q-GL base powerloss 45
1 RM502Q-AE base
1 RM500Q-GL base garbage
2 RM500Q-GL wrong
3 RM520N-GL base
1 RM500Q-GL base badver 2
1 RM520N-GL target
1 RM500Q-GL base stall
1 RM500Q-GL base endfail 530 5
edl
POP
echo "demo: 24 emulated modules, time scale $scale; config, records and fixture log in $dir"
if [ -n "$once" ]; then
	echo "demo: the run ends by itself after one cycle (DEMO_HOLD=1 keeps it open; q or Ctrl-C quits)"
else
	echo "demo: the dashboard stays open after the cycle: quit it with q (or Ctrl-C)"
fi
sleep 1
rc=0
# The fixture writes the config; the cap on parallel uploads goes in before the station reads it.
"$bin/fixture" --population "$dir/population" --time-scale "$scale" --seed "$seed" --package-size "$size" \
	--write-config "$dir" --log "$dir/fixture.log" -- /bin/sh -c \
	'sed -i "s/^max_parallel_uploads *=.*/max_parallel_uploads = $0/" "$1" && shift && exec "$@"' \
	"$uploads" "$dir/station.ini" "$station" run -c "$dir/station.ini" $once "$@" || rc=$?
case $rc in
0) echo "demo: every unit passed or was skipped" ;;
1) echo "demo: some units failed, as this population intends (wrong base, a module giving up)" ;;
*) echo "demo: the station exited with status $rc" >&2; exit "$rc" ;;
esac
echo "demo: records in $dir/records; the report's key figures ($station report $dir/records/*.csv):"
"$station" report "$dir"/records/*.csv 2>/dev/null | sed -n '/^units /,/^update p95/p' || true
