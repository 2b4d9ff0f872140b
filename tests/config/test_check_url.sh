#!/bin/bash
# station check on URL packages against real servers on loopback: it fetches each once and
# prints size and sha256 (compared with sha256sum), refuses a sha256 mismatch, warns about a
# server it cannot reach (refuses it when a sha256 is given), and never prints a password.
set -u
bin=${STATION_BIN:?}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
SERVERS_DIR=$tmp
. "$top/tests/sim/servers.sh"
trap 'servers_stop; rm -rf "$tmp"' EXIT
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: $2"; }

mkdir -p "$tmp/www"
head -c 70001 /dev/urandom >"$tmp/www/A04-to-A06.zip"
size=$(stat -c %s "$tmp/www/A04-to-A06.zip")
sum=$(sha256sum "$tmp/www/A04-to-A06.zip" | cut -d' ' -f1)
http_start "$tmp/www"
ftp_start "$tmp/www" fota 'Zq7-secret'
[ -n "$HTTP_PORT" ] && [ -n "$FTP_PORT" ] || { bad servers "http '$HTTP_PORT' ftp '$FTP_PORT'"; exit 1; }
down=$(closed_port)

# ini NAME URL [SHA]: a config with one URL package
ini() {
	mkdir -p "$tmp/$1"
	printf '[station]\nlog_dir = rec\n[package %s]\nurl = %s\nfrom = A04\nto = A06\n%s' "$1" "$2" \
		"${3:+sha256 = $3
}" >"$tmp/$1/station.ini"
}
# the output of check on config NAME, its status in rc
check_out() { out=$("$bin" check --print -c "$tmp/$1/station.ini" 2>&1); rc=$?; }
nopw() { # NAME: the password never shows
	if grep -q 'Zq7-secret\|wrongpw' <<<"$out"; then bad "$1_masked" "password in: $out"; else ok "$1_masked"; fi
}

ini http "http://127.0.0.1:$HTTP_PORT/A04-to-A06.zip" "$sum"
check_out http
if [ $rc -eq 0 ] && grep -q "^  size $size bytes  sha256 $sum (matches)  fetched in " <<<"$out" &&
   grep -q "^  url http://127.0.0.1:$HTTP_PORT/A04-to-A06.zip (the module downloads it)$" <<<"$out" &&
   grep -q "^url = http://127.0.0.1:$HTTP_PORT/A04-to-A06.zip$" <<<"$out"; then ok http_size_sha256
else bad http_size_sha256 "rc=$rc: $out"; fi
grep -c '"GET /A04-to-A06.zip HTTP/1.1" 200' "$tmp/http.log" | grep -qx 1 && ok http_fetched_once ||
	bad http_fetched_once "$(cat "$tmp/http.log")"

ini ftp "ftp://fota:Zq7-secret@127.0.0.1:$FTP_PORT/A04-to-A06.zip" "$sum"
check_out ftp
if [ $rc -eq 0 ] && grep -q "^  size $size bytes  sha256 $sum (matches)" <<<"$out" &&
   grep -q "^  url ftp://fota:\*\*\*@127.0.0.1:$FTP_PORT/A04-to-A06.zip (the module downloads it)$" <<<"$out" &&
   grep -q "^url = ftp://fota:\*\*\*@127.0.0.1:$FTP_PORT/A04-to-A06.zip$" <<<"$out"; then ok ftp_size_sha256
else bad ftp_size_sha256 "rc=$rc: $out"; fi
nopw ftp

ini mismatch "ftp://fota:Zq7-secret@127.0.0.1:$FTP_PORT/A04-to-A06.zip" "$(printf '%064d' 0)"
check_out mismatch
if [ $rc -eq 2 ] && grep -q "\[package mismatch\] url: ftp://fota:\*\*\*@127.0.0.1:$FTP_PORT/A04-to-A06.zip: found sha256 $sum; expected 0000" <<<"$out" &&
   grep -q 'is not usable' <<<"$out"; then ok sha256_mismatch_refused
else bad sha256_mismatch_refused "rc=$rc: $out"; fi
nopw mismatch

# The station cannot reach it: a warning (the module may), a refusal with a sha256 to check.
ini down "http://127.0.0.1:$down/A04-to-A06.zip"
check_out down
if [ $rc -eq 0 ] && grep -q "warning: http://127.0.0.1:$down/A04-to-A06.zip: cannot fetch it from the station" <<<"$out"
then ok unreachable_warns; else bad unreachable_warns "rc=$rc: $out"; fi
ini down_sha "http://127.0.0.1:$down/A04-to-A06.zip" "$sum"
check_out down_sha
[ $rc -eq 2 ] && grep -q "\[package down_sha\] url: http://127.0.0.1:$down/A04-to-A06.zip: cannot fetch" <<<"$out" &&
	ok unreachable_with_sha256_refused || bad unreachable_with_sha256_refused "rc=$rc: $out"
ini notfound "http://127.0.0.1:$HTTP_PORT/nope.zip"
check_out notfound
[ $rc -eq 0 ] && grep -q "warning: .*nope.zip: cannot fetch it from the station: .*404" <<<"$out" &&
	ok http_404_warns || bad http_404_warns "rc=$rc: $out"
ini badlogin "ftp://fota:wrongpw@127.0.0.1:$FTP_PORT/A04-to-A06.zip" "$sum"
check_out badlogin
[ $rc -eq 2 ] && grep -q "ftp://fota:\*\*\*@.*cannot fetch it from the station: .*530" <<<"$out" &&
	ok ftp_login_refused || bad ftp_login_refused "rc=$rc: $out"
nopw badlogin

# Refused by the loader before any fetch, password masked in the message.
ini badport "ftp://fota:Zq7-secret@127.0.0.1:70000/A04-to-A06.zip"
check_out badport
[ $rc -eq 2 ] && grep -q "station.ini:4: \[package badport\] url: found 'ftp://fota:\*\*\*@127.0.0.1:70000/A04-to-A06.zip' with a bad port; expected a port 1..65535" <<<"$out" &&
	ok bad_port_refused || bad bad_port_refused "rc=$rc: $out"
nopw badport
printf '[package both]\nfile = x.zip\nurl = http://h/x.zip\nfrom = A04\nto = A06\n' >"$tmp/both.ini"
out=$("$bin" check -c "$tmp/both.ini" 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "both.ini:3: \[package both\] url: found both file (line 2) and url; expected exactly one" <<<"$out" &&
	ok file_and_url_refused || bad file_and_url_refused "rc=$rc: $out"
