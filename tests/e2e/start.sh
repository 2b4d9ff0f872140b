#!/bin/bash
# Inside the fixture: sets [timing] reboot of the config the fixture wrote to $E2E_REBOOT seconds
# (when set), then runs the command. The config is found after "-c".
prev=
for a in "$@"; do
	if [ "$prev" = -c ] && [ -n "${E2E_REBOOT:-}" ]; then
		sed -i "s/^reboot *=.*/reboot = $E2E_REBOOT/" "$a"
	fi
	prev=$a
done
exec "$@"
