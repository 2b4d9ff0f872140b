#!/bin/bash
# make install into a scratch DESTDIR: every file in place, manual pages lint-clean and complete
# (every command, option, exit status, error code and config key), the systemd unit and the udev
# rule accepted by their own tools, completion working, make uninstall leaving nothing behind.
set -u
top=$PWD
BUILD=${BUILD:-build}
bin=$top/$BUILD/station
tmp=$(mktemp -d /tmp/station-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; failed=1; }

dest=$tmp/root
out=$(make -s --no-print-directory BUILD="$BUILD" install DESTDIR="$dest" 2>&1) ||
	{ bad make_install "$out"; exit 1; }
want="usr/local/bin/station usr/local/share/man/man1/station.1 usr/local/share/man/man5/station.ini.5
usr/local/share/doc/station/examples/minimal.ini usr/local/share/doc/station/examples/station.ini
usr/local/share/doc/station/examples/demo.ini usr/local/share/doc/station/examples/service.ini
usr/local/share/doc/station/examples/packages/A04-to-A06.zip
usr/local/share/doc/station/examples/packages/A05-to-A06.zip
etc/udev/rules.d/60-station.rules etc/systemd/system/station@.service
usr/local/share/bash-completion/completions/station"
missing=""
for f in $want; do [ -f "$dest/$f" ] || missing="$missing $f"; done
extra=$(cd "$dest" && find . -type f | sed 's|^\./||' | grep -vxF -f <(tr ' ' '\n' <<<"$want" | sed '/^$/d'))
[ -z "$missing" ] && [ -z "$extra" ] && ok every_file_in_place || bad every_file_in_place "missing:$missing extra: $extra"
[ -x "$dest/usr/local/bin/station" ] && "$dest/usr/local/bin/station" --version | grep -q '^station [0-9]' &&
	ok installed_binary_runs || bad installed_binary_runs "no version"
# The installed examples pass `station check` as installed (their placeholder packages with them),
# read-only as an installed tree is; service.ini is the template of a line's /etc/station config
# (its packages are the line's own, under /var/lib/station: checked below with them in place).
chmod -R a-w "$dest/usr/local/share/doc/station/examples"
bad_ex=""
for ini in "$dest"/usr/local/share/doc/station/examples/*.ini; do
	[ "$(basename "$ini")" = service.ini ] && continue
	"$dest/usr/local/bin/station" check -c "$ini" >/dev/null 2>"$tmp/check.err" ||
		bad_ex="$bad_ex $(basename "$ini"): $(tail -n 2 "$tmp/check.err")"
done
chmod -R u+w "$dest/usr/local/share/doc/station/examples"
[ -z "$bad_ex" ] && ok installed_examples_check || bad installed_examples_check "$bad_ex"

# Manual pages: no warnings from groff (-ww) nor mandoc (warning level and above).
m1=$dest/usr/local/share/man/man1/station.1 m5=$dest/usr/local/share/man/man5/station.ini.5
for p in "$m1" "$m5"; do
	n=$(basename "$p")
	w=$(groff -ww -man -z "$p" 2>&1; mandoc -T lint -W warning "$p" 2>&1)
	[ -z "$w" ] && ok "man_lint_$n" || bad "man_lint_$n" "$w"
done
text1=$(MANWIDTH=200 man -l "$m1" 2>/dev/null | col -b)
text5=$(MANWIDTH=200 man -l "$m5" 2>/dev/null | col -b)
missing=""
for e in $("$bin" check --codes | awk '{print $1}'); do grep -qF -- "$e" <<<"$text1" || missing="$missing $e"; done
[ -n "$("$bin" check --codes)" ] && [ -z "$missing" ] && ok man_every_error_code || bad man_every_error_code "missing:$missing"
grep -q 'E-PORT-ACCESS' <<<"$text1" && grep -q 'E-PORT-BUSY' <<<"$text1" && ok man_port_codes || bad man_port_codes "absent"
missing=""
for c in run scan check report; do
	grep -q "^ *station $c" <<<"$text1" || missing="$missing $c"
	for o in $("$bin" "$c" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		grep -qF -- "$o" <<<"$text1" || missing="$missing $c:$o"
	done
done
[ -z "$missing" ] && ok man_every_command_and_option || bad man_every_command_and_option "missing:$missing"
missing=""
for s in 0 1 2 3 130; do
	grep -qE "^ +$s( +[A-Z]|\$)" <<<"$(sed -n '/^EXIT STATUS/,/^ERROR CODES/p' <<<"$text1")" || missing="$missing $s"
done
[ -z "$missing" ] && ok man_every_exit_status || bad man_every_exit_status "missing:$missing"
missing=""
for k in time seq slot usb_path from to percent error_code module_code text; do
	grep -qE "^ +($k|.*\b$k\b.*)$" <<<"$(sed -n '/^JSON EVENTS/,/^FILES/p' <<<"$text1")" || missing="$missing $k"
done
[ -z "$missing" ] && ok man_json_event_members || bad man_json_event_members "missing:$missing"
missing=""
for k in $("$bin" check --keys | sed -n 's/^| `\([^`]*\)` |.*/\1/p'); do
	grep -qE "^ +$k( +\(|\$)" <<<"$text5" || missing="$missing $k"
done
[ -z "$missing" ] && ok man_ini_every_key || bad man_ini_every_key "missing:$missing"

# The unit: systemd-analyze verify wants its ExecStart to exist, so the installed binary is put
# at /usr/local/bin in a private mount namespace for the check.
unit=$dest/etc/systemd/system/station@.service
grep -q '^ExecStart=/usr/local/bin/station run --headless -c /etc/station/%i.ini$' "$unit" &&
	grep -q '^Restart=on-failure$' "$unit" && grep -q '^StateDirectory=station/%i$' "$unit" &&
	ok unit_contents || bad unit_contents "$(grep -E '^(ExecStart|Restart|StateDirectory)=' "$unit")"
w=$(cd "$tmp" && unshare -m sh -c "mount -t tmpfs tmpfs /usr/local/bin && cp '$dest/usr/local/bin/station' /usr/local/bin/ &&
	systemd-analyze verify --man=no '$unit'" 2>&1); rc=$?
[ $rc -eq 0 ] && [ -z "$w" ] && ok unit_verifies || bad unit_verifies "rc=$rc $w"

# The rule: udevadm (252 has no verify) reads every rules file on `test`; our file goes into
# /etc/udev/rules.d of a private mount namespace, and any line it complains about fails.
rule=$dest/etc/udev/rules.d/60-station.rules
w=$(unshare -m sh -c "mount -t tmpfs tmpfs /etc/udev/rules.d && cp '$rule' /etc/udev/rules.d/ &&
	udevadm test --action=add /sys/class/tty/tty0" 2>&1)
if grep -q 'Reading rules file: /etc/udev/rules.d/60-station.rules' <<<"$w" &&
	! grep -q '^/etc/udev/rules.d/60-station.rules:' <<<"$w"; then ok udev_rule_parses
else bad udev_rule_parses "$(grep 60-station <<<"$w")"; fi
grep -qE '^SUBSYSTEM=="tty", ATTRS\{idVendor\}=="2c7c", GROUP="dialout", MODE="0660", ENV\{ID_MM_DEVICE_IGNORE\}="1"$' "$rule" &&
	ok udev_rule_group_and_mm || bad udev_rule_group_and_mm "$(cat "$rule")"

# Completion: commands, a command's options, config files.
mkdir -p "$tmp/cfgs" && touch "$tmp/cfgs/line1.ini" "$tmp/cfgs/notes.txt"
c=$(cd "$tmp/cfgs" && bash -c 'source "$1"
	COMP_WORDS=(station "") COMP_CWORD=1; _station; echo "${COMPREPLY[*]}"
	COMP_WORDS=(station run --h) COMP_CWORD=2; _station; echo "${COMPREPLY[*]}"
	COMP_WORDS=(station scan -c "") COMP_CWORD=3; _station; echo "${COMPREPLY[*]}"' _ \
	"$dest/usr/local/share/bash-completion/completions/station" 2>&1)
[ "$(sed -n 1p <<<"$c")" = "run scan check report history db --version --help" ] &&
	[ "$(sed -n 2p <<<"$c")" = "--headless --help" ] && grep -q 'line1.ini' <<<"$(sed -n 3p <<<"$c")" &&
	! grep -q 'notes.txt' <<<"$c" && ok completion || bad completion "$c"

# The service example checks clean once its folders exist (here under the scratch folder).
ex=$tmp/svc && mkdir -p "$ex/packages"
sed -e "s|/var/lib/station/line1|$ex/records|" -e "s|/var/lib/station/packages|$ex/packages|" \
	"$dest/usr/local/share/doc/station/examples/service.ini" >"$ex/line1.ini"
# A stand-in package: a real zip (station check refuses anything else).
python3 -c 'import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
	z.writestr("update.bin", os.urandom(777))' "$ex/packages/A04-to-A06.zip"
w=$("$bin" check -c "$ex/line1.ini" 2>&1) && ok service_example_checks || bad service_example_checks "$w"

out=$(make -s --no-print-directory BUILD="$BUILD" uninstall DESTDIR="$dest" 2>&1)
left=$(cd "$dest" && find . -type f)
[ -z "$left" ] && ok uninstall_removes_all || bad uninstall_removes_all "$left $out"
exit $failed
