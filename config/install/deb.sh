#!/bin/sh
# deb.sh ROOT VERSION OUT.deb: turns a tree staged by `make install DESTDIR=ROOT PREFIX=/usr`
# into a Debian binary package: stripped binary, compressed manual pages, the package's
# documents, DEBIAN/ with a control file whose Depends come from dpkg-shlibdeps, maintainer
# scripts and md5sums. Run by `make deb`.
set -e
root=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
doc=$root/usr/share/doc/station

strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/station"
find "$root/usr/share/man" -type f ! -name '*.gz' -exec gzip -9n {} +
install -D -m 0644 "$here/debian/copyright" "$doc/copyright"
# A native package's changelog, dated by the last commit when there is one (reproducible).
when=$(git -C "$here" log -1 --format=%cD 2>/dev/null || date -R)
printf 'station (%s) unstable; urgency=medium\n\n  * Built from the source tree by make deb.\n\n -- %s  %s\n' \
	"$version" "Flashing station developers <station@example.org>" "$when" | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# dpkg-shlibdeps wants a debian/control beside it: give it one in a scratch folder.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/debian"
printf 'Source: station\n\nPackage: station\nArchitecture: any\n' >"$scratch/debian/control"
bin=$(cd "$root/usr/bin" && pwd)/station
depends=$(cd "$scratch" && dpkg-shlibdeps -O -e"$bin" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$depends/" "$here/debian/control.in" >"$root/DEBIAN/control"
install -m 0755 "$here/debian/postinst" "$here/debian/postrm" "$root/DEBIAN/"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
	xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums" "$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "deb: $out"
