#!/bin/bash
# station check on good and broken configs; its checksum column against an independent
# computation on odd and even file lengths; the generated docs against the key table.
set -u
bin=${STATION_BIN:?}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

# Independent XOR-16 over big-endian words, odd tail as a high byte (PROTOCOL.md).
xor16() {
	python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
if len(d) % 2: d += b"\0"
s = 0
for i in range(0, len(d), 2): s ^= d[i] << 8 | d[i + 1]
print("%x" % s)' "$1"
}

# mkzip FILE PAYLOAD_BYTES PARITY: a stored zip of random bytes whose length is odd or even.
mkzip() {
	python3 -c 'import io, os, sys, zipfile
n, parity = int(sys.argv[2]), sys.argv[3]
for extra in range(2):
	buf = io.BytesIO()
	with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
		z.comment = b"x" * extra
		z.writestr("update.bin", os.urandom(n))
	if (len(buf.getvalue()) % 2 == 1) == (parity == "odd"):
		break
open(sys.argv[1], "wb").write(buf.getvalue())' "$@"
}
mkdir -p "$tmp/good/packages"
mkzip "$tmp/good/packages/odd.zip" 100001 odd
mkzip "$tmp/good/packages/even.zip" 65536 even
mkzip "$tmp/good/packages/one.zip" 1 odd
sum_even=$(sha256sum "$tmp/good/packages/even.zip" | cut -d' ' -f1)
cat > "$tmp/good/station.ini" <<INI
[station]
name = L3-ST07
log_dir = out/records
[package odd]
file = packages/odd.zip
from = RM500QGLABR11A03M4G
to = RM500QGLABR11A06M4G
[package even]
file = packages/even.zip
from = RM500QGLABR11A04M4G
to = RM500QGLABR11A06M4G
sha256 = $sum_even
[package one]
file = packages/one.zip
from = RM500QGLABR11A05M4G
to = RM500QGLABR11A06M4G
[slots]
01 = usb:1-1.1
02 = usb:1-1.2
INI

# The default config is station.ini in the current folder.
out=$(cd "$tmp/good" && "$bin" check 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q 'station check: station.ini is usable' <<<"$out"; then ok default_file
else bad default_file "rc=$rc: $out"; fi

out=$("$bin" check -c "$tmp/good/station.ini" 2>&1); rc=$?
[ $rc -eq 0 ] && ok good_config || bad good_config "rc=$rc: $out"
for f in odd even one; do
	file=$tmp/good/packages/$f.zip
	want=$(xor16 "$file")
	got=$(grep -A2 "^package $f:" <<<"$out" | sed -n 's/.*AT+QFUPL checksum \([0-9a-f]*\)$/\1/p')
	size=$(stat -c %s "$file")
	sha=$(sha256sum "$file" | cut -d' ' -f1)
	line=$(grep -A2 "^package $f:" <<<"$out" | tail -n 1)
	if [ -n "$got" ] && [ "$got" = "$want" ] && grep -q "size $size bytes  sha256 $sha" <<<"$line"; then
		ok "checksum_$f"
	else
		bad "checksum_$f" "want size $size sha $sha checksum $want; got: $line"
	fi
done
grep -A2 '^package even:' <<<"$out" | grep -q '(matches)' && ok sha256_matches || bad sha256_matches "$out"
# Checking changes nothing: log_dir is only said to be creatable.
if [ ! -e "$tmp/good/out" ] && grep -q "^log_dir $tmp/good/out/records: not there yet; station run creates it" <<<"$out"
then ok log_dir_not_created; else bad log_dir_not_created "$(ls -R "$tmp/good/out" 2>&1): $out"; fi
mkdir -p "$tmp/good/out/records"
out=$("$bin" check -c "$tmp/good/station.ini" 2>&1)
grep -q "^log_dir $tmp/good/out/records: writable$" <<<"$out" && [ -z "$(ls -A "$tmp/good/out/records")" ] &&
	ok log_dir_writable_probe_left_nothing || bad log_dir_writable_probe_left_nothing "$out"
# The effective config only on request (on a terminal it scrolled the errors away).
grep -q '^\[station\]' <<<"$out" && bad effective_config_only_with_print "$out" || ok effective_config_only_with_print
out=$(cd "$tmp" && "$bin" check -c good/../good/station.ini --print 2>&1)
if grep -q '^update       = 1800$' <<<"$out" && grep -q '^product_ids = 0x0800, 0x0801$' <<<"$out" &&
   grep -q "^file = $tmp/good/packages/odd.zip$" <<<"$out" &&
   grep -q "^log_dir = $tmp/good/out/records$" <<<"$out" &&
   grep -q "^  file $tmp/good/packages/odd.zip (on the module: odd.zip)$" <<<"$out"; then ok effective_config_paths_resolved
else bad effective_config_paths_resolved "$out"; fi

# Broken configs: exit 2, every message names the file and line (or section and key).
broken() { # name, expected message (grep -F), then the INI text on stdin
	local name=$1 want=$2
	mkdir -p "$tmp/$name/packages"; cp "$tmp/good/packages/odd.zip" "$tmp/$name/packages/"
	cat > "$tmp/$name/station.ini"
	out=$("$bin" check -c "$tmp/$name/station.ini" 2>&1); rc=$?
	if [ $rc -eq 2 ] && grep -qF -- "$want" <<<"$out"; then ok "broken_$name"
	else bad "broken_$name" "rc=$rc, want '$want' in: $out"; fi
}
pkg='[package]
file = packages/odd.zip
from = A04
to = A06'
broken octal "$tmp/octal/station.ini:6: [usb] at_interface: found '010' with a leading zero" <<<"$pkg
[usb]
at_interface = 010"
broken syntax "$tmp/syntax/station.ini:2: found 'name L3'; expected 'key = value'" <<<"[station]
name L3
$pkg"
broken missing_package "$tmp/missing_package/station.ini:2: [package] file: $tmp/missing_package/packages/nope.zip: No such file or directory" <<<"[package]
file = packages/nope.zip
from = A04
to = A06"
broken sha_mismatch "$tmp/sha_mismatch/station.ini:2: [package] file: $tmp/sha_mismatch/packages/odd.zip: found sha256" <<<"$pkg
sha256 = 0000000000000000000000000000000000000000000000000000000000000000"
broken dup_from "$tmp/dup_from/station.ini:7: [package B] from: found 'A04', already the from of the package at line 1" <<<"$pkg
[package B]
file = packages/odd.zip
from = A04
to = A07"
broken dup_key "$tmp/dup_key/station.ini:3: found key 'name' in [station] again (first at line 2)" <<<"[station]
name = a
name = b
$pkg"
broken log_dir_unwritable "log_dir $tmp/log_dir_unwritable/packages/odd.zip/records: cannot create" <<<"[station]
log_dir = packages/odd.zip/records
$pkg"
broken long_line "$tmp/long_line/station.ini:2: found a line of 1507 bytes" <<<"[station]
name = $(printf '%01500d' 1)
$pkg"
# Hostile packages: not a zip, cut short, too big for max_package_mb, a FIFO (never waited on).
broken not_zip "packages/junk.zip: found no zip end record; expected a zip archive" < <(
	head -c 5000 /dev/urandom > "$tmp/junk.zip"; mkdir -p "$tmp/not_zip/packages"
	cp "$tmp/junk.zip" "$tmp/not_zip/packages/"; printf '[package]\nfile = packages/junk.zip\nfrom = A04\nto = A06\n')
broken cut_zip "found no zip end record" < <(
	mkdir -p "$tmp/cut_zip/packages"; head -c 60000 "$tmp/good/packages/odd.zip" > "$tmp/cut_zip/packages/cut.zip"
	printf '[package]\nfile = packages/cut.zip\nfrom = A04\nto = A06\n')
broken too_big "bytes; expected at most 1048576 ([station] max_package_mb = 1)" < <(
	mkdir -p "$tmp/too_big/packages"; mkzip "$tmp/too_big/packages/big.zip" 1200000 even
	printf '[station]\nmax_package_mb = 1\n[package]\nfile = packages/big.zip\nfrom = A04\nto = A06\n')
mkdir -p "$tmp/fifo_pkg/packages"; mkfifo "$tmp/fifo_pkg/packages/p.zip"
printf '[package]\nfile = packages/p.zip\nfrom = A04\nto = A06\n' > "$tmp/fifo_pkg/station.ini"
out=$(timeout 20 "$bin" check -c "$tmp/fifo_pkg/station.ini" 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -qF "p.zip: found a FIFO; expected a regular package file" <<<"$out"; then ok fifo_package
else bad fifo_package "rc=$rc: $out"; fi
mkfifo "$tmp/fifo.ini"
out=$(timeout 20 "$bin" check -c "$tmp/fifo.ini" 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -qF "found a FIFO with nothing to read (no writer)" <<<"$out"; then ok fifo_config
else bad fifo_config "rc=$rc: $out"; fi
# More slots than open files allow: check refuses, like run (tests/e2e/test_e2e_hostile.sh).
{ cat "$tmp/good/station.ini"; for i in $(seq 3 40); do echo "s$i = usb:1-2.$i"; done; } > "$tmp/good/many.ini"
out=$(ulimit -n 100; "$bin" check -c "$tmp/good/many.ini" 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -qF "40 slots need about 464 open files" <<<"$out" && grep -qF "the limit is 100" <<<"$out"; then
	ok too_many_slots_for_open_files
else bad too_many_slots_for_open_files "rc=$rc: $(grep -i 'open files\|usable' <<<"$out")"; fi

# Swapped from and to: refused unless the package says it goes backwards on purpose.
broken swapped "$tmp/swapped/station.ini:4: [package] to: found 'RM500QGLABR11A04M4G', older than its from 'RM500QGLABR11A06M4G'" <<<"[package]
file = packages/odd.zip
from = RM500QGLABR11A06M4G
to = RM500QGLABR11A04M4G"
mkdir -p "$tmp/down/packages"; cp "$tmp/good/packages/odd.zip" "$tmp/down/packages/A04-to-A06.zip"
printf '[package]\nfile = packages/A04-to-A06.zip\nfrom = RM500QGLABR11A06M4G\nto = RM500QGLABR11A04M4G_01.001.01.001\ndowngrade = yes\n' >"$tmp/down/station.ini"
out=$("$bin" check -c "$tmp/down/station.ini" 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q '^package A04-to-A06.zip: RM500QGLABR11A06M4G -> RM500QGLABR11A04M4G_01.001.01.001 (downgrade)$' <<<"$out" &&
   grep -q "^$tmp/down/station.ini:2: warning: \[package\] file: the name A04-to-A06.zip names the versions the other way round: 'A04' (of to) comes before 'A06' (of from)" <<<"$out"
then ok downgrade_explicit_and_name_warning; else bad downgrade_explicit_and_name_warning "rc=$rc: $out"; fi
# Problems come last, after every package line, and name file and line.
mkdir -p "$tmp/last/packages"; cp "$tmp/good/packages/odd.zip" "$tmp/last/packages/"
printf '[package a]\nfile = packages/gone.zip\nfrom = A04\nto = A06\n[package b]\nfile = packages/odd.zip\nfrom = A05\nto = A06\n' >"$tmp/last/station.ini"
out=$("$bin" check -c "$tmp/last/station.ini" 2>&1); rc=$?
if [ $rc -eq 2 ] && [ "$(tail -n 2 <<<"$out" | head -n 1)" = "$tmp/last/station.ini:2: [package a] file: $tmp/last/packages/gone.zip: No such file or directory; expected a readable package file" ] &&
   grep -q '^package b: A05 -> A06$' <<<"$out"; then ok errors_last_with_line
else bad errors_last_with_line "rc=$rc: $out"; fi
"$bin" check -c "$tmp/nope.ini" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok no_config_file || bad no_config_file "rc=$rc"
"$bin" check --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok bad_option || bad bad_option "rc=$rc"
out=$("$bin" check --help); rc=$?
[ $rc -eq 0 ] && grep -q '^usage: station check \[-c FILE\]' <<<"$out" && ok help || bad help "rc=$rc"

# The shipped examples check clean where they are (their packages are documented placeholders)
# and checking them leaves the source tree as it was.
before=$(cd "$top/config/examples" && find . | sort)
for ex in minimal demo station; do
	d=$tmp/ex-$ex; mkdir -p "$d/packages"
	cp "$top/config/examples/$ex.ini" "$d/"
	for f in $(sed -n 's/^file *= *//p' "$d/$ex.ini"); do mkzip "$d/$f" 777 odd; done
	out=$("$bin" check -c "$d/$ex.ini" 2>&1); rc=$?
	[ $rc -eq 0 ] && ok "example_$ex" || bad "example_$ex" "rc=$rc: $out"
	out=$(cd "$top" && "$bin" check -c "config/examples/$ex.ini" 2>&1); rc=$?
	[ $rc -eq 0 ] && grep -q "^log_dir $top/config/examples/records: " <<<"$out" &&
		ok "example_$ex" || bad "example_$ex" "rc=$rc: $out"
	out=$(cd "$top" && "$bin" check --print -c "config/examples/$ex.ini" 2>&1)
	[ $ex = demo ] && { n=$(grep -c '^[0-9][0-9] = usb:1-1\.[1-4]\.[1-7]$' <<<"$out")
		[ "$n" = 24 ] && ok demo_24_slots || bad demo_24_slots "$n slot lines"; }
done
after=$(cd "$top/config/examples" && find . | sort)
[ "$before" = "$after" ] && ok check_changes_nothing || bad check_changes_nothing "$(diff <(echo "$before") <(echo "$after"))"

# The generated docs match the key table.
if diff <("$bin" check --keys) <(sed -n '/<!-- keys:begin -->/,/<!-- keys:end -->/p' "$top/config/README.md" | sed '1d;$d') >/dev/null
then ok readme_keys_current; else bad readme_keys_current "config/README.md differs from station check --keys: run tests/config/gen-docs.sh"; fi
missing=""
for k in $("$bin" check --keys | sed -n 's/^| `\([^`]*\)` |.*/\1/p'); do
	grep -q "^;* *$k\b" "$top/config/examples/station.ini" || missing="$missing $k"
done
[ -z "$missing" ] && ok annotated_example_has_every_key || bad annotated_example_has_every_key "missing:$missing"
diff <("$bin" check --example) "$top/config/examples/station.ini" >/dev/null &&
	ok annotated_example_current || bad annotated_example_current "run tests/config/gen-docs.sh"
