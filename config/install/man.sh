#!/bin/sh
# man.sh STATION TEMPLATE VERSION > PAGE: a manual page from its template, with the parts that
# come from the station's own tables filled in by the binary itself (so they cannot drift):
#   @KEYS@          station check --keys --man    (the config loader's key table)
#   @ERROR_CODES@   station check --codes --man   (the error code table)
#   @VERSION@       the version
#   @DATE@          the day of the last commit (today outside a git tree)
set -e
bin=$1 template=$2 version=$3
keys=$(mktemp) codes=$(mktemp)
trap 'rm -f "$keys" "$codes"' EXIT
date=$(git -C "$(dirname "$0")" log -1 --format=%cs 2>/dev/null || date -u +%F)
"$bin" check --keys --man >"$keys"
"$bin" check --codes --man >"$codes"
while IFS= read -r line; do
	case $line in
	@KEYS@) cat "$keys" ;;
	@ERROR_CODES@) cat "$codes" ;;
	*) printf '%s\n' "$line" | sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/$date/g" ;;
	esac
done <"$template"
