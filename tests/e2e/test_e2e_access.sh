#!/bin/bash
# Ports the station cannot use, with the station running as an unprivileged user this test
# creates. The fixture's --tty-group gives the ttys to that user's group, as the udev rule gives
# them to dialout; a module with the noaccess fault keeps root-only ttys (no rule matched it).
#  - run --once: the refused slot ends E-PORT-ACCESS with its record and the documented words,
#    the other slots PASS, exit 1;
#  - a tty held exclusively by another process (tests/tools/ttyhold) is named by pid and
#    command; when no port at all can be opened the station exits 3;
#  - scan and check in a private pid and mount namespace with a process called ModemManager:
#    the warning without the udev rule, none with it; a holder the user cannot see is reported
#    with ModemManager named.
. "$(dirname "$0")"/lib.sh
HOLD=$(cd "$BUILD" && pwd)/tools/ttyhold
RULE=$(cd "$E2E_DIR"/../.. && pwd)/config/install/60-station.rules
user=station-t$$
useradd --system --no-create-home --user-group --shell /usr/sbin/nologin "$user" ||
	{ fail setup "useradd $user"; exit 1; }
trap 'userdel "$user" 2>/dev/null; getent group "$user" >/dev/null && groupdel "$user"; 
	if [ "$e2e_failed" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then rm -rf "$E2E_TMP"; else echo "kept $E2E_TMP"; fi' EXIT
chmod 755 "$E2E_TMP"
as_user="setpriv --reuid=$user --regid=$user --init-groups"
export as_user HOLD RULE STATION_BIN

# tty DIR INDEX: the AT tty the fixture gave module INDEX at its first plug.
tty_of() {
	local path
	path=$(fixture_module_field "$1" "$2" path)
	awk -v p="$path" '$2 == p && $4 == "plug" { sub(/^tty=/, "", $6); print "/dev/" $6; exit }' "$1"/fixture.log
}
# fix DIR ARGS... -- SCRIPT: the fixture around a shell script (run as root) in DIR.
fix() {
	local dir=$1
	shift
	mkdir -p "$dir" && chmod 755 "$dir"
	timeout -k 5 240 "$FIXTURE_BIN" --tty-group "$user" --time-scale "$E2E_SCALE" --write-config "$dir"/cfg \
		--log "$dir"/fixture.log "$@"
}

# 1. One module whose tty the user may not open; the others flash.
d=$E2E_TMP/perm
mkdir -p "$d" && echo "2 noaccess" >"$d"/faults
fix "$d" --modules 3 --faults "$d"/faults -- sh -c "chown -R $user '$d/cfg' &&
	exec $as_user '$STATION_BIN' run -c '$d/cfg/station.ini' --headless --once" >"$d"/out 2>"$d"/err
rc=$?
t2=$(tty_of "$d" 2)
want="$t2 is root:root 0600: no udev rule gave it to group dialout"
recs=$(records_u "$d" slot,result,error_code,error_text | tr '\037' '|' | sort)
exp="01|PASS||
02|FAIL|E-PORT-ACCESS|$want
03|PASS||"
[ "$recs" = "$exp" ] && pass permission_record_and_others_pass || fail permission_record_and_others_pass "records: $recs"
[ $rc -eq 1 ] && pass permission_exit_1 || fail permission_exit_1 "exit $rc: $(tail -n 3 "$d"/err)"
grep -q "slot 02 .*fail E-PORT-ACCESS .*$want" "$d"/out && pass permission_plain_line ||
	fail permission_plain_line "$(grep 'slot 02' "$d"/out | tail -n 2)"
grep -qF "install the station's udev rule (60-station.rules" "$d"/err && pass permission_says_what_to_do ||
	fail permission_says_what_to_do "stderr: $(head -n 5 "$d"/err)"

# 2. A tty held exclusively by another process of the same user is named; with the second
#    module refused too, nothing at all can be opened: exit 3.
d=$E2E_TMP/busy
mkdir -p "$d" && echo "2 noaccess" >"$d"/faults
cat >"$d"/inside.sh <<'SH'
d=$1 user=$2
path=$(awk '$4 == "module" && $5 == "index=1" { print $2; exit }' "$d"/fixture.log)
tty=/dev/$(awk -v p="$path" '$2 == p && $4 == "plug" { sub(/^tty=/, "", $6); print $6; exit }' "$d"/fixture.log)
chown -R "$user" "$d"/cfg
coproc H { exec $as_user "$HOLD" --excl "$tty"; }
read -r -t 60 line <&"${H[0]}"
echo "$H_PID" >"$d"/holder.pid
$as_user "$STATION_BIN" run -c "$d"/cfg/station.ini --headless --once >"$d"/out 2>"$d"/err
echo $? >"$d"/rc
kill "$H_PID"
SH
# In a pid namespace of its own, so the holder cannot outlive the test whatever happens.
chmod 755 "$d"
unshare --pid --fork --mount-proc timeout -k 5 240 "$FIXTURE_BIN" --modules 2 --faults "$d"/faults \
	--tty-group "$user" --time-scale "$E2E_SCALE" --write-config "$d"/cfg --log "$d"/fixture.log \
	-- bash "$d"/inside.sh "$d" "$user"
rc=$(cat "$d"/rc 2>/dev/null)
hp=$(cat "$d"/holder.pid 2>/dev/null)
t1=$(tty_of "$d" 1)
recs=$(records_u "$d" slot,result,error_code,error_text | tr '\037' '|' | sort)
exp="01|FAIL|E-PORT-BUSY|$t1 is held by pid $hp (ttyhold)
02|FAIL|E-PORT-ACCESS|$(tty_of "$d" 2) is root:root 0600: no udev rule gave it to group dialout"
[ -n "$hp" ] && [ "$recs" = "$exp" ] && pass busy_holder_named || fail busy_holder_named "records: $recs (holder $hp)"
[ "$rc" = 3 ] && grep -q "no module's AT port could be opened" "$d"/err && pass nothing_openable_exit_3 ||
	fail nothing_openable_exit_3 "exit $rc: $(tail -n 2 "$d"/err)"

# 3. ModemManager: a process of that name (root, holding module 1's tty exclusively) in a private
#    pid namespace, the udev rule folders empty in a private mount namespace.
d=$E2E_TMP/mm
mkdir -p "$d" && chmod 755 "$d"
cat >"$d"/inside.sh <<'SH'
d=$1 user=$2
tty=/dev/$(awk '$4 == "plug" { sub(/^tty=/, "", $6); print $6; exit }' "$d"/fixture.log)
chown -R "$user" "$d"/cfg
coproc H { exec "$HOLD" --name ModemManager --excl "$tty"; }
read -r -t 60 line <&"${H[0]}"
echo "$H_PID" >"$d"/mm.pid
$as_user "$STATION_BIN" scan -c "$d"/cfg/station.ini >"$d"/scan1 2>"$d"/scan1.err
echo $? >"$d"/scan1.rc
$as_user "$STATION_BIN" check -c "$d"/cfg/station.ini >/dev/null 2>"$d"/check1.err
cp "$RULE" /etc/udev/rules.d/
$as_user "$STATION_BIN" scan -c "$d"/cfg/station.ini >"$d"/scan2 2>"$d"/scan2.err
$as_user "$STATION_BIN" check -c "$d"/cfg/station.ini >/dev/null 2>"$d"/check2.err
kill "$H_PID"
SH
cat >"$d"/ns.sh <<'SH'
for r in /etc/udev/rules.d /usr/lib/udev/rules.d /lib/udev/rules.d /run/udev/rules.d; do
	[ -d "$r" ] && mount -t tmpfs tmpfs "$r"
done
d=$1 user=$2
timeout -k 5 240 "$FIXTURE_BIN" --modules 2 --tty-group "$user" --time-scale "$E2E_SCALE" \
	--write-config "$d"/cfg --log "$d"/fixture.log -- bash "$d"/inside.sh "$d" "$user"
SH
FIXTURE_BIN=$FIXTURE_BIN E2E_SCALE=$E2E_SCALE unshare --pid --fork --mount-proc bash "$d"/ns.sh "$d" "$user"
mm=$(cat "$d"/mm.pid 2>/dev/null)
warn="warning: ModemManager (pid $mm) is running and no udev rule tells it to leave the modules alone"
grep -qF "station scan: $warn" "$d"/scan1.err && grep -qF "station check: $warn" "$d"/check1.err &&
	pass mm_warning_without_rule || fail mm_warning_without_rule "$(cat "$d"/scan1.err "$d"/check1.err 2>&1 | head -n 4)"
! grep -q ModemManager "$d"/scan2.err "$d"/check2.err && [ -f "$d"/scan2 ] && pass mm_no_warning_with_rule ||
	fail mm_no_warning_with_rule "$(cat "$d"/scan2.err "$d"/check2.err 2>&1 | head -n 4)"
grep -qE "^01 .*E-PORT-BUSY: /dev/ttyUSB[0-9]+ is held by a process user $user cannot see; ModemManager \(pid $mm\) is running$" "$d"/scan1 &&
	grep -q "what to do: ModemManager probes modem ports" "$d"/scan1 && grep -qE "^02 .*flash" "$d"/scan1 &&
	[ "$(cat "$d"/scan1.rc)" = 0 ] && pass scan_names_hidden_holder_and_mm || fail scan_names_hidden_holder_and_mm "$(cat "$d"/scan1)"

# 4. A group the user is not in (as with dialout before usermod): scan says which, exits 3.
d=$E2E_TMP/group
mkdir -p "$d" && chmod 755 "$d"
timeout -k 5 120 "$FIXTURE_BIN" --modules 1 --tty-group dialout --time-scale "$E2E_SCALE" --write-config "$d"/cfg \
	-- $as_user "$STATION_BIN" scan -c "$d"/cfg/station.ini >"$d"/out 2>"$d"/err
rc=$?
grep -qE "^01 .*E-PORT-ACCESS: /dev/ttyUSB[0-9]+ is root:dialout 0660; user $user is not in group dialout$" "$d"/out &&
	grep -qF "what to do: add the user to the group: \`usermod -aG dialout $user\`" "$d"/out && [ $rc -eq 3 ] &&
	pass scan_not_in_group_exit_3 || fail scan_not_in_group_exit_3 "exit $rc: $(cat "$d"/out "$d"/err)"
