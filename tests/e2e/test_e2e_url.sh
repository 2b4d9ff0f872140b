#!/bin/bash
# URL packages end to end: the real station in the fixture, the emulated modules downloading
# from HTTP and FTP servers on loopback. HTTP and FTP packages PASS; a 404, a server that is
# down, a wrong FTP password and a truncated file each end E-DOWNLOAD with the module's code
# (701 HTTP(S), 601 FTP) while the other slots of the same run pass; a sha256 mismatch is refused
# before any module is touched; no password appears anywhere the station writes.
. "$(dirname "$0")"/lib.sh
SERVERS_DIR=$E2E_TMP
. "$E2E_DIR/../sim/servers.sh"
trap 'servers_stop; if [ "$e2e_failed" -eq 0 ] && [ -z "${E2E_KEEP:-}" ]; then rm -rf "$E2E_TMP"; else echo "kept $E2E_TMP"; fi' EXIT

PW=Fz9-pw-e2e
WRONG=Wr0ng-pw-e2e
www=$E2E_TMP/www
mkdir -p "$www"
http_start "$www"
ftp_start "$www" fota "$PW"
if [ -z "$HTTP_PORT" ] || [ -z "$FTP_PORT" ]; then fail url_servers "http '$HTTP_PORT' ftp '$FTP_PORT'"; exit 1; fi
H=http://127.0.0.1:$HTTP_PORT
F=ftp://fota:$PW@127.0.0.1:$FTP_PORT
down=$(closed_port)

# The packages the fixture writes (the same for the same seed and size), served from www.
pre=$E2E_TMP/pre
printf '1 RM500Q-GL base\n1 RM520N-GL base\n1 RM502Q-AE base\n' >"$E2E_TMP/pop3"
"$FIXTURE_BIN" --population "$E2E_TMP/pop3" --seed 9 --package-size 40000 --write-config "$pre" -- true
cp "$pre"/packages/*.zip "$www"/
head -c 20000 "$www/RM500Q-GL-delta.zip" >"$www/trunc.zip"

# url_sed PACKAGE URL [keep]: the sed lines turning a package of the fixture's config into a URL
# package (without its sha256 unless keep: the station cannot fetch a broken one to check it).
url_sed() {
	echo "s|^file = packages/$1-delta.zip\$|url = $2|"
	[ "${3:-}" = keep ] || echo "/^\[package $1\]/,/^\$/{/^sha256/d}"
}
# run NAME SED: one --once run of the three modules with the config rewritten by SED
run() {
	E2E_INI_SED=$2 run_once "$E2E_TMP/$1" --population "$E2E_TMP/pop3" --seed 9 --package-size 40000
}
# expect NAME SLOT RESULT CODE MODCODE: that slot's record
expect() {
	local got
	got=$(records_u "$E2E_TMP/$1" slot,result,error_code,module_code | awk -F$'\x1f' -v s="$2" '$1 == s { print $2 "/" $3 "/" $4 }')
	if [ "$got" = "$3/$4/$5" ]; then pass "$1_slot$2_$3${4:+_$4}${5:+_$5}"
	else fail "$1_slot$2_$3${4:+_$4}${5:+_$5}" "slot $2 record '$got', expected '$3/$4/$5' (err: $(tail -n 3 "$E2E_TMP/$1/err"))"; fi
}
# no_password NAME: neither password in the log folder, the events or the station's output
no_password() {
	local d=$E2E_TMP/$1 hits
	hits=$(grep -rl -e "$PW" -e "$WRONG" "$d/cfg/records" "$d/events.jsonl" "$d/out" "$d/err" 2>/dev/null)
	if [ -n "$hits" ]; then fail "$1_no_password" "found in: $hits"
	elif [ -z "$(ls "$d"/cfg/records/transcripts/*/*.log 2>/dev/null)" ]; then fail "$1_no_password" "no transcripts to look in"
	else pass "$1_no_password"; fi
}

# HTTP: a good package on two... one slot, a 404 on another, a file package on the third.
run http "$(url_sed RM500Q-GL "$H/RM500Q-GL-delta.zip" keep; url_sed RM520N-GL "$H/missing.zip")"
expect http 01 PASS "" ""
expect http 02 FAIL E-DOWNLOAD 701
expect http 03 PASS "" ""
d=$E2E_TMP/http
size=$(stat -c %s "$www/RM500Q-GL-delta.zip")
sum=$(sha256sum "$www/RM500Q-GL-delta.zip" | cut -d' ' -f1)
rec=$(records_u "$d" slot,package,package_sha256,bytes,upload_s,update_s | awk -F$'\x1f' '$1 == "01"')
IFS=$'\x1f' read -r _ pkg psum bytes up upd <<<"$rec"
if [ "$pkg" = RM500Q-GL ] && [ "$psum" = "$sum" ] && [ "$bytes" = "$size" ] && [ -z "$up" ] && [ -n "$upd" ]
then pass http_record_fields; else fail http_record_fields "package '$pkg' sha '$psum' bytes '$bytes' upload_s '$up' update_s '$upd' (want $size, $sum)"; fi
if grep -q '"from":"starting","to":"downloading"' "$d/events.jsonl" &&
   grep -q '"from":"downloading","to":"starting","percent":null,"error_code":null,"module_code":null,"text":"downloaded in [0-9.]* s (HTTPEND,0)' "$d/events.jsonl"
then pass http_events_downloading; else fail http_events_downloading "$(grep -c . "$d/events.jsonl") events, no downloading"; fi
grep -q '"to":"fail","percent":null,"error_code":"E-DOWNLOAD","module_code":"701","text":"E-DOWNLOAD: HTTPEND,701 after' "$d/events.jsonl" &&
	pass http_404_event || fail http_404_event "$(grep E-DOWNLOAD "$d/events.jsonl")"
tr=$(grep -l "AT+QFOTADL=\"$H/RM500Q-GL-delta.zip\"" "$d"/cfg/records/transcripts/*/*.log 2>/dev/null)
[ -n "$tr" ] && grep -q '+QIND: "FOTA","HTTPSTART"' $tr && grep -q '+QIND: "FOTA","HTTPEND",0' $tr &&
	! grep -q 'AT+QFUPL' $tr && pass http_transcript || fail http_transcript "no AT+QFOTADL with the URL, HTTPSTART/END, or an upload: $tr"
grep -q '"GET /missing.zip HTTP/1.1" 404' "$E2E_TMP/http.log" && pass http_404_served || fail http_404_served "$(tail -n 3 "$E2E_TMP/http.log")"
# the station fetched the good package once at start, each module once more
n=$(grep -c '"GET /RM500Q-GL-delta.zip HTTP/1.1" 200' "$E2E_TMP/http.log")
[ "$n" = 2 ] && pass http_fetched_by_station_and_module || fail http_fetched_by_station_and_module "$n GETs"
grep -q "warning: package RM520N-GL: $H/missing.zip: cannot fetch it from the station" "$d/err" &&
	pass http_404_station_warns || fail http_404_station_warns "$(cat "$d/err")"
no_password http

# FTP: a good package (sha256 checked), a wrong password, and an HTTP server that is down.
run ftp "$(url_sed RM500Q-GL "$F/RM500Q-GL-delta.zip" keep; url_sed RM520N-GL "ftp://fota:$WRONG@127.0.0.1:$FTP_PORT/RM520N-GL-delta.zip"; url_sed RM502Q-AE "http://127.0.0.1:$down/RM502Q-AE-delta.zip")"
expect ftp 01 PASS "" ""
expect ftp 02 FAIL E-DOWNLOAD 601
expect ftp 03 FAIL E-DOWNLOAD 701
grep -q 'FTPEND,601 after' "$E2E_TMP/ftp/cfg/records/"*.csv && pass ftp_error_text || fail ftp_error_text "$(cat "$E2E_TMP/ftp/cfg/records/"*.csv | tail -n 2)"
grep -q "ftp://fota:\*\*\*@127.0.0.1:$FTP_PORT/RM500Q-GL-delta.zip" "$E2E_TMP/ftp/events.jsonl" &&
	pass ftp_url_masked_in_events || fail ftp_url_masked_in_events "$(grep downloading "$E2E_TMP/ftp/events.jsonl" | head -n 2)"
no_password ftp

# A truncated file on both servers; the file package beside them still passes.
run trunc "$(url_sed RM500Q-GL "$H/trunc.zip"; url_sed RM520N-GL "$F/trunc.zip")"
expect trunc 01 FAIL E-DOWNLOAD 701
expect trunc 02 FAIL E-DOWNLOAD 601
expect trunc 03 PASS "" ""
no_password trunc

# A sha256 that does not match what the server has: refused before any module is touched.
run mismatch "$(url_sed RM500Q-GL "$F/RM500Q-GL-delta.zip" keep)
/^\[package RM500Q-GL\]/,/^\$/s/^sha256 = .*/sha256 = $(printf '%064d' 7)/"
d=$E2E_TMP/mismatch
if [ "$(cat "$d/rc")" = 2 ] && grep -q "url ftp://fota:\*\*\*@.*: found sha256 $sum; expected 0000" "$d/err" &&
   ! grep -q ' cmd ' "$d/fixture.log" && [ -z "$(ls "$d"/cfg/records/*.csv 2>/dev/null)" ]
then pass sha256_mismatch_refused_before_modules
else fail sha256_mismatch_refused_before_modules "rc $(cat "$d/rc"), $(grep -c ' cmd ' "$d/fixture.log") commands, err: $(cat "$d/err")"; fi
no_password_out=$(grep -l -e "$PW" "$d/out" "$d/err")
[ -z "$no_password_out" ] && pass mismatch_no_password || fail mismatch_no_password "$no_password_out"
