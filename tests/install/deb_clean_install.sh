#!/bin/bash
# make deb-clean-install: the package installed with `apt install ./station_*.deb` into a fresh
# Debian 12 (a minbase system made by mmdebstrap from Debian's archive, as on a new line PC),
# so apt resolves the package's dependencies itself; then station --version, station check of
# an installed example, man station, the station user in dialout. Needs root and Debian's
# archive; takes some minutes (not part of make check).
set -u
BUILD=${BUILD:-build}
[ "$(id -u)" = 0 ] || { echo "deb-clean-install: needs root (chroot, mounts)"; exit 2; }
command -v mmdebstrap >/dev/null || { echo "deb-clean-install: needs mmdebstrap (apt-get install mmdebstrap)"; exit 2; }
failed=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; failed=1; }

# make deb stages in $BUILD/deb, as test_deb does: one at a time.
exec 9>/tmp/station-deb-test.lock
flock -w 900 9 || { bad lock "/tmp/station-deb-test.lock held for 15 minutes"; exit 1; }
out=$(make -s --no-print-directory BUILD="$BUILD" deb 2>&1) || { bad make_deb "$out"; exit 1; }
deb=$(sed -n 's/^deb: //p' <<<"$out")
root=$(mktemp -d /var/tmp/station-clean.XXXXXX)
cleanup() {
	for m in proc dev/pts dev sys; do umount "$root/$m" 2>/dev/null; done
	rm -rf "$root"
}
trap cleanup EXIT
start=$(date +%s)
if ! mmdebstrap --variant=minbase --include=ca-certificates bookworm "$root" \
	http://deb.debian.org/debian >"$root.log" 2>&1; then
	bad bootstrap "$(tail -n 5 "$root.log")"; exit 1
fi
rm -f "$root.log"
echo "clean bookworm system in $(( $(date +%s) - start )) s ($(du -sm "$root" | cut -f1) MB)"
mount -t proc proc "$root/proc"; mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
mount -t sysfs sys "$root/sys"
cp "$deb" "$root/tmp/"
inroot() { chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
inroot apt-get update -qq >/dev/null 2>&1
if log=$(inroot apt-get install -y -q "/tmp/$(basename "$deb")" 2>&1); then
	ok apt_install_on_clean_debian12
	echo "$log" | grep -E '^(The following NEW packages|  )' | head -n 8
else
	bad apt_install_on_clean_debian12 "$(tail -n 8 <<<"$log")"; exit 1
fi
v=$(inroot station --version 2>&1)
[[ $v == station\ * ]] && ok installed_version || bad installed_version "$v"
ex=/usr/share/doc/station/examples/station.ini
c=$(inroot station check -c "$ex" 2>&1); rc=$?
[ $rc = 0 ] && ok installed_example_checks || bad installed_example_checks "exit $rc: $(tail -n 3 <<<"$c")"
inroot sh -c 'id -nG station' | grep -qw dialout && ok station_user_in_dialout || bad station_user_in_dialout "$(inroot id station 2>&1)"
[ -f "$root/lib/udev/rules.d/60-station.rules" ] || [ -f "$root/usr/lib/udev/rules.d/60-station.rules" ] &&
	ok udev_rule_installed || bad udev_rule_installed "no 60-station.rules"
inroot apt-get purge -y -q station >/dev/null 2>&1 && ! inroot sh -c 'command -v station' >/dev/null &&
	ok apt_purge || bad apt_purge "station still installed"
exit $failed
