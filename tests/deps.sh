#!/bin/sh
# Installs the Debian packages named as arguments when any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# The packages named that are not installed, each with a space before it.
not_installed() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf ' %s' "$p"
	done
}
missing=$(not_installed "$@")
[ -z "$missing" ] && exit 0
cmd="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	# Two suites on one machine install at the same time (make check beside make asan): apt-get
	# refuses a second run while the first holds dpkg's lock. One install at a time, here
	# and with any other apt-get (its lock waited for, not failed on); the second finds the
	# packages the first installed.
	exec 9>/var/lock/station-deps.lock || exit 1
	flock 9
	still=$(not_installed $missing)
	[ -z "$still" ] && exit 0
	echo "deps: installing$still"
	export DEBIAN_FRONTEND=noninteractive
	(apt-get -o DPkg::Lock::Timeout=600 update -qq &&
	 apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $still) >/dev/null || {
		echo "deps: apt-get failed; run: $cmd" >&2; exit 1; }
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: as root, run: $cmd" >&2
	exit 1
fi
