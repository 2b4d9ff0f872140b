#!/bin/bash
# The emulated tree as libusb, libserialport and sysfs see it: 64 modules behind two tiers of
# hubs on two host controllers, one download-mode device, AT ports on interface 2.
. "$(dirname "$0")/simlib.sh"

out=$TMP/enum64
start=$(date +%s%N)
"$FIXTURE_BIN" --modules 64 --population mixed --seed 3 --log "$TMP/log64" -- "$SIMCLIENT" enum >"$out" 2>"$TMP/err64"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "64 modules: fixture run ${ms} ms"
check enum64_exit "fixture exited $rc: $(head -c 300 "$TMP/err64")" test $rc -eq 0
check enum64_libusb_modules "libusb saw $(grep -c ' 2c7c:080[01] ' "$out") modules" \
	test "$(grep -c '^usb [0-9.-]* 2c7c:080[01] ' "$out")" -eq 64
check enum64_paths_unique "duplicate port paths" \
	test "$(grep '^usb ' "$out" | awk '{print $2}' | sort | uniq -d | wc -l)" -eq 0
check enum64_two_tiers "module paths are not bus-1.hub.port" \
	test "$(grep -cE '^usb [12]-1\.[1-7]\.[1-7] 2c7c' "$out")" -eq 64
check enum64_two_controllers "no module on bus 2" grep -qE '^usb 2-1\.[1-7]\.[1-7] 2c7c' "$out"
check enum64_hubs "hubs missing" test "$(grep -c ' 2109:2817 ' "$out")" -ge 9
check enum64_interfaces "a module without five interfaces or DM first" \
	test "$(grep ' 2c7c:080' "$out" | grep -c 'ifaces=5 if0=ff/ff/30')" -eq 64
check enum64_at_tty "a module without an interface-2 tty in sysfs" \
	test "$(grep ' 2c7c:080' "$out" | grep -c 'at=/dev/ttyUSB')" -eq 64
check enum64_edl "no download-mode device 05c6:9008 ff/ff/10" \
	grep -q ' 05c6:9008 .*ifaces=1 if0=ff/ff/10 at=-' "$out"
check enum64_serialport "libserialport saw $(grep -c '^port ' "$out") USB ports, not 256" \
	test "$(grep -c '^port /dev/ttyUSB[0-9]* 2c7c:080[01] bus=[12] addr=[0-9]* serial=[0-9a-f]\{8\} manufacturer=Quectel product=RM5' "$out")" -eq 256
# the AT tty sysfs names match libserialport's bus/address for the same module
ok=1 seen=0
while read -r _ path _ bus addr _ _ _ at; do
	at=${at#at=}
	seen=$((seen + 1))
	grep -q "^port $at .* ${bus} ${addr} " "$out" || ok=0
done < <(grep '^usb [0-9.-]* 2c7c' "$out" | head -n 8)
check enum64_sysfs_matches_serialport "interface-2 tty and libserialport disagree ($seen compared)" \
	test $ok -eq 1 -a $seen -eq 8

# one process holding every port of 64 modules open at once (umockdev's own open() keeps a
# table of 50 devices and aborts past it; the shim opens testbed ttys directly)
"$FIXTURE_BIN" --modules 64 -- python3 -c '
import os, glob, time, tty
fds = [os.open(p, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK) for p in sorted(glob.glob("/dev/ttyUSB*"))]
ok = 0
for p in glob.glob("/sys/bus/usb/devices/*:1.2/ttyUSB*"):
    fd = os.open("/dev/" + os.path.basename(p), os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    os.write(fd, b"ATE0\r")
    time.sleep(0.002)
    end = time.time() + 2
    buf = b""
    while b"OK" not in buf and time.time() < end:
        buf += os.read(fd, 100)
    ok += b"OK" in buf
    fds.append(fd)
print("open", len(fds), "ok", ok)
' >"$TMP/many" 2>&1
check many_ports_one_process "$(tail -c 300 "$TMP/many")" grep -qx 'open 320 ok 64' "$TMP/many"

# small trees: one hub, paths 1-1.N, ttyUSB2 is the first module's AT port
"$FIXTURE_BIN" --modules 3 -- "$SIMCLIENT" enum >"$TMP/enum3" 2>&1
check enum3_paths "paths of 3 modules are not 1-1.1..1-1.3" \
	test "$(grep -cE '^usb 1-1\.[123] 2c7c:0800 ' "$TMP/enum3")" -eq 3
check enum3_first_at "first module's AT port is not ttyUSB2" grep -q '^usb 1-1.1 .*at=/dev/ttyUSB2$' "$TMP/enum3"
check enum3_no_edl "all-good has a download-mode device" test "$(grep -c 9008 "$TMP/enum3")" -eq 0

# /dev/serial/by-path names each port by its physical path, as udev does
"$FIXTURE_BIN" --modules 2 -- sh -c 'readlink /dev/serial/by-path/pci-0000:00:14.0-usb-0:1.2:1.2-port0; ls /dev/serial/by-path | wc -l' >"$TMP/bypath" 2>&1
check by_path_link "by-path link: $(head -1 "$TMP/bypath")" test "$(head -1 "$TMP/bypath")" = ../../ttyUSB6
check by_path_count "by-path links" test "$(tail -1 "$TMP/bypath")" -eq 8

# only interface 2 answers AT properly
"$FIXTURE_BIN" --modules 1 -- sh -c "
	'$SIMCLIENT' at 1-1.1 AT+QGMR
	python3 - <<'PY'
import os, select, time
def ask(dev, cmd):
    fd = os.open(dev, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    import termios, tty
    tty.setraw(fd)
    os.write(fd, cmd)
    out = b''
    end = time.time() + 0.5
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try: out += os.read(fd, 4096)
            except OSError: break
    os.close(fd)
    return out
print('dm', ask('/dev/ttyUSB0', b'AT+QGMR\r'))
print('nmea', ask('/dev/ttyUSB1', b'AT+QGMR\r'))
print('modem', ask('/dev/ttyUSB3', b'AT+QGMR\r'))
PY
" >"$TMP/ifaces" 2>&1
check iface2_answers "interface 2 did not give the version" grep -q '^< RM500QGLABR11A04M4G_01.001.01.001$' "$TMP/ifaces"
check iface0_garbage "DM port answered like an AT port" bash -c "grep '^dm ' '$TMP/ifaces' | grep -q 'x13K' && ! grep '^dm ' '$TMP/ifaces' | grep -q OK"
check iface1_silent "NMEA port answered" grep -q "^nmea b''" "$TMP/ifaces"
check iface3_no_version "modem port gave the version" bash -c "grep '^modem ' '$TMP/ifaces' | grep -q ERROR && ! grep '^modem ' '$TMP/ifaces' | grep -q RM500Q"

# the log names every module with path and IMEI
check log_modules "log lacks module lines" test "$(grep -c ' module index=' "$TMP/log64")" -eq 65
check log_format "log line format" grep -qE '^20[0-9-]{8}T[0-9:]{8}\.[0-9]{3}Z [12]-1\.[1-7]\.[1-7] [0-9]{15} plug devnum=[0-9]+ tty=ttyUSB[0-9]+$' "$TMP/log64"
exit 0
