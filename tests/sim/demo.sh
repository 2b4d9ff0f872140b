#!/bin/bash
# make demo: the station's dashboard flashing 24 emulated modules on this terminal.
# A few modules are already at the target, a few are on a wrong base, a few are faulty; with
# the default time scale a whole cycle takes one to two minutes.
#   DEMO_SCALE  time scale (default 0.1: a 3-5 minute update takes 18-30 s)
#   DEMO_SEED   population seed (default 1)
#   DEMO_DIR    where the config, packages, records and the fixture log go ($BUILD/demo)
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
echo "demo: starting the station (quit it with its own key or Ctrl-C)"
sleep 1
rc=0
"$bin/fixture" --population "$dir/population" --time-scale "$scale" --seed "$seed" \
	--write-config "$dir" --log "$dir/fixture.log" -- "$station" run -c "$dir/station.ini" "$@" || rc=$?
case $rc in
0) echo "demo: every unit passed or was skipped" ;;
1) echo "demo: some units failed, as this population intends (wrong base, a module giving up)" ;;
*) echo "demo: the station exited with status $rc" >&2; exit "$rc" ;;
esac
echo "demo: records in $dir/records; summary: $station report $dir/records/*.csv"
