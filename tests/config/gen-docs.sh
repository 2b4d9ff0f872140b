#!/bin/sh
# Regenerates the parts of the config docs that come from the key table (config/config_keys.c):
# the key reference in config/README.md and config/examples/station.ini. Run from the top folder
# after `make`; commit the result. tests/config/test_check.sh fails while they are stale.
set -e
bin=${STATION_BIN:-build/station}
"$bin" check --example > config/examples/station.ini
tmp=$(mktemp)
sed '/<!-- keys:begin -->/q' config/README.md > "$tmp"
"$bin" check --keys >> "$tmp"
sed -n '/<!-- keys:end -->/,$p' config/README.md >> "$tmp"
cat "$tmp" > config/README.md
rm -f "$tmp"
