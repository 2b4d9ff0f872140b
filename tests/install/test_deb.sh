#!/bin/bash
# make deb: lintian finds no errors; dpkg -i installs it into this system (station --version,
# man station from the installed files, the station user in group dialout); dpkg -r removes
# every file it installed. The system is shared: one such test at a time (flock), and whatever
# happens the package, and a station user it created, are removed again.
set -u
top=$PWD
BUILD=${BUILD:-build}
failed=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; failed=1; }

exec 9>/tmp/station-deb-test.lock
flock -w 900 9 || { bad lock "another package test held /tmp/station-deb-test.lock for 15 minutes"; exit 1; }
if dpkg-query -W -f='${Status}' station 2>/dev/null | grep -q 'installed'; then
	bad preflight "a station package is already installed here; not touching it"
	exit 1
fi
had_user=0
getent passwd station >/dev/null && had_user=1
cleanup() {
	# Installed, or removed with its maintainer scripts kept ("rc"): purge leaves no trace.
	if dpkg-query -W -f='${Status}' station 2>/dev/null | grep -qE 'installed|config-files'; then
		dpkg --purge station >/dev/null 2>&1
	fi
	if [ $had_user -eq 0 ] && getent passwd station >/dev/null; then
		userdel station 2>/dev/null
		getent group station >/dev/null && groupdel station 2>/dev/null
	fi
}
trap cleanup EXIT

version=$("$top/$BUILD/station" --version | awk '{print $2}')
out=$(make -s --no-print-directory BUILD="$BUILD" deb 2>&1) || { bad make_deb "$out"; exit 1; }
deb=$(sed -n 's/^deb: //p' <<<"$out")
[ -f "$deb" ] && ok make_deb || { bad make_deb "no package in: $out"; exit 1; }

dep=$(dpkg-deb -f "$deb" Depends)
missing=""
for lib in libc6 libusb-1.0-0 libserialport0 libiniparser1 libncursesw6 libssl3 adduser; do
	grep -qE "(^|, )$lib( |,|$)" <<<"$dep" || missing="$missing $lib"
done
[ -z "$missing" ] && ok depends_from_shlibdeps || bad depends_from_shlibdeps "missing$missing in: $dep"

# lintian takes the longest: it reads the package while the install steps run.
lint=$(mktemp)
lintian --tag-display-limit 0 "$deb" >"$lint" 2>&1 &
lint_pid=$!

out=$(dpkg -i "$deb" 2>&1) && ok dpkg_install || { bad dpkg_install "$out"; exit 1; }
files=$(dpkg -L station | while read -r f; do [ -d "$f" ] || echo "$f"; done)
[ "$(/usr/bin/station --version)" = "station $version" ] && ok installed_version ||
	bad installed_version "$(/usr/bin/station --version 2>&1)"
[ "$(man -w station)" = /usr/share/man/man1/station.1.gz ] &&
	MANWIDTH=100 man station 2>/dev/null | grep -q 'PORTS THE STATION CANNOT USE' &&
	[ "$(man -w 5 station.ini)" = /usr/share/man/man5/station.ini.5.gz ] &&
	ok man_from_installed_files || bad man_from_installed_files "$(man -w station 2>&1)"
id -nG station 2>/dev/null | grep -qw dialout && ok station_user_in_dialout ||
	bad station_user_in_dialout "$(id station 2>&1)"
[ -f /lib/udev/rules.d/60-station.rules ] && [ -f /lib/systemd/system/station@.service ] &&
	grep -q '^ExecStart=/usr/bin/station run --headless -c /etc/station/%i.ini$' /lib/systemd/system/station@.service &&
	ok rule_and_unit_installed || bad rule_and_unit_installed "$files"

wait $lint_pid
l=$(grep -v 'running with root privileges' "$lint")
rm -f "$lint"
grep -q '^E:' <<<"$l" && bad lintian_no_errors "$l" || ok lintian_no_errors
[ -n "$l" ] && echo "  lintian: $l"

out=$(dpkg -r station 2>&1) || bad dpkg_remove "$out"
left=""
for f in $files; do [ -e "$f" ] && left="$left $f"; done
[ -n "$files" ] && [ -z "$left" ] && ok dpkg_remove_removes_all || bad dpkg_remove_removes_all "left:$left"
exit $failed
