#!/bin/bash
# demo.sh: the config it writes matches its 24-module population and the station is started
# inside the fixture as `station run -c <config>` (a stand-in station checks both here; the
# real dashboard run is for people to watch).
. "$(dirname "$0")/simlib.sh"

stub=$TMP/station
cat >"$stub" <<STUB
#!/bin/bash
echo "args \$*"
[ "\$1" = run ] && [ "\$2" = -c ] && [ -s "\$3" ] || exit 9
exec "$SIMCLIENT" enum
STUB
chmod +x "$stub"
root=$(cd "$(dirname "$0")/../.." && pwd)
DEMO_STATION=$stub DEMO_DIR=$TMP/demo BUILD=$(dirname "$FIXTURE_BIN") "$root/tests/sim/demo.sh" >"$TMP/out" 2>&1
rc=$?
check demo_exit "status $rc: $(tail -n 3 "$TMP/out")" test $rc -eq 0
check demo_args "station not started with run -c ... --once" grep -q "^args run -c $TMP/demo/station.ini --once$" "$TMP/out"
check demo_upload_cap "max_parallel_uploads not 4" grep -qx 'max_parallel_uploads = 4' "$TMP/demo/station.ini"
check demo_slots "slots" test "$(sed -n '/^\[slots\]/,/^\[/p' "$TMP/demo/station.ini" | grep -c ' = usb:')" -eq 24
check demo_modules "modules seen" grep -qx 'quectel=24' "$TMP/out"
check demo_faulty "faulty modules" test "$(grep -c ' fault-armed ' "$TMP/demo/fixture.log")" -ge 6
check demo_scaled "reboot budget not scaled" grep -qx 'reboot = 9.00' "$TMP/demo/station.ini"
# DEMO_HOLD=1: the same run without --once, so the dashboard stays open.
DEMO_HOLD=1 DEMO_STATION=$stub DEMO_DIR=$TMP/demo2 BUILD=$(dirname "$FIXTURE_BIN") "$root/tests/sim/demo.sh" >"$TMP/out2" 2>&1
check demo_hold_keeps_open "args: $(grep '^args' "$TMP/out2")" grep -q "^args run -c $TMP/demo2/station.ini$" "$TMP/out2"
exit 0
