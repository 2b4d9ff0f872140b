#!/bin/bash
# Inside the fixture: sets [timing] reboot of the config the fixture wrote to $E2E_REBOOT seconds
# when set (a longer budget; the fixture's own, 90 s x scale but at least 8 s, suits the
# tests) and applies the sed script $E2E_INI_SED to it (when set), then runs the command. The
# config is found after "-c".
prev=
for a in "$@"; do
	if [ "$prev" = -c ] && [ -n "${E2E_REBOOT:-}" ]; then
		sed -i "s/^reboot *=.*/reboot = $E2E_REBOOT/" "$a"
	fi
	if [ "$prev" = -c ] && [ -n "${E2E_INI_SED:-}" ]; then
		sed -i -e "$E2E_INI_SED" "$a"
	fi
	prev=$a
done
# The station's pid (this shell's, which exec turns into the station), for tests that signal it.
[ -n "${E2E_PIDFILE:-}" ] && echo $$ >"$E2E_PIDFILE"
exec "$@"
