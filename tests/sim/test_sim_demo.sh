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
check demo_args "station not started with run -c" grep -q "^args run -c $TMP/demo/station.ini$" "$TMP/out"
check demo_slots "slots" test "$(sed -n '/^\[slots\]/,/^\[/p' "$TMP/demo/station.ini" | grep -c ' = usb:')" -eq 24
check demo_modules "modules seen" grep -qx 'quectel=24' "$TMP/out"
check demo_faulty "faulty modules" test "$(grep -c ' fault-armed ' "$TMP/demo/fixture.log")" -ge 6
check demo_scaled "reboot budget not scaled" grep -qx 'reboot = 9.00' "$TMP/demo/station.ini"
exit 0
