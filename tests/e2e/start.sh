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
# umockdev's preload tracks at most 50 open emulated device fds per process (FD_MAP_MAX) when the
# testbed has a default ioctl handler, and aborts past that; the station needs no ioctl emulation
# (the fixture's shim answers TIOCMGET), so with 64 modules open at once the handler goes.
if [ -n "${E2E_NO_IOCTL_DEFAULT:-}" ] && [ -n "${UMOCKDEV_DIR:-}" ]; then
	rm -f "$UMOCKDEV_DIR"/ioctl/_default
fi
exec "$@"
