#!/bin/sh
# Installs the Debian packages named as arguments when any is missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	(apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing) >/dev/null || {
		echo "deps: apt-get failed; run: $cmd" >&2; exit 1; }
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: as root, run: $cmd" >&2
	exit 1
fi
