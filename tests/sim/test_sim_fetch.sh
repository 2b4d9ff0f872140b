#!/bin/bash
# The URL forms of AT+QFOTADL: emulated modules download the package for real from servers
# on loopback, check what they received, report FTPSTART/FTPEND or HTTPSTART/HTTPEND with the
# module's code, and update from a good download as from a file in UFS.
. "$(dirname "$0")/simlib.sh"
. "$(dirname "$0")/servers.sh"
SERVERS_DIR=$TMP
trap 'servers_stop; rm -rf "$TMP"' EXIT

SCALE=${SIM_TEST_SCALE:-0.005}
mkdir -p "$TMP/cfg/packages"
http_start "$TMP/cfg/packages"
ftp_start "$TMP/cfg/packages" fota 'S3cr3t-pw'
[ -n "$HTTP_PORT" ] && [ -n "$FTP_PORT" ] || { fail servers "no port: http '$HTTP_PORT' ftp '$FTP_PORT'"; exit 1; }
DOWN=$(closed_port)
H=http://127.0.0.1:$HTTP_PORT
F=ftp://fota:S3cr3t-pw@127.0.0.1:$FTP_PORT
F_BAD=ftp://fota:wrong@127.0.0.1:$FTP_PORT
p() { echo "1-1.$1"; }
# module: URL it is given, the word, its code
cases=(
	"$H/RM500Q-GL-delta.zip HTTPEND 0"
	"$H/missing.zip HTTPEND 701"
	"$H/trunc.zip HTTPEND 701"
	"$F/RM500Q-GL-delta.zip FTPEND 0"
	"$F_BAD/RM500Q-GL-delta.zip FTPEND 601"
	"http://127.0.0.1:$DOWN/RM500Q-GL-delta.zip HTTPEND 701"
	"$F/trunc.zip FTPEND 601"
)
C=$SIMCLIENT
{
	echo '#!/bin/bash'
	echo "o=$TMP/out; mkdir -p \$o"
	# a package cut short on the server: the size the server announces is its own, so only the
	# package's checksum (the zip's CRCs) can tell
	echo "head -c 50000 $TMP/cfg/packages/RM500Q-GL-delta.zip >$TMP/cfg/packages/trunc.zip"
	for i in "${!cases[@]}"; do
		set -- ${cases[$i]}
		echo "( \"$C\" at $(p $((i + 1))) ATE0 'AT+QFOTADL=\"$1\"' >\$o/$((i + 1)).at 2>&1;"
		echo "  \"$C\" watch $(p $((i + 1))) 4 >\$o/$((i + 1)).watch 2>&1 ) &"
	done
	echo wait
} >"$TMP/run.sh"
chmod +x "$TMP/run.sh"
printf '%d RM500Q-GL base\n' ${#cases[@]} >"$TMP/pop"
"$FIXTURE_BIN" --population "$TMP/pop" --time-scale "$SCALE" --write-config "$TMP/cfg" \
	--log "$TMP/log" -- "$TMP/run.sh"
rc=$?
check fixture_exit "status $rc" test "$rc" -eq 0

for i in "${!cases[@]}"; do
	set -- ${cases[$i]}
	n=$((i + 1)) path=$(p $((i + 1))) word=$2 code=$3
	start=${word%END}START
	lines=$(grep " $path " "$TMP/log")
	name=fetch_${n}_${word}_$code
	if ! grep -q "urc +QIND: \"FOTA\",\"$start\" " <<<"$lines"; then
		fail "$name" "no $start: $(grep -E 'fetch|urc' <<<"$lines" | head -5)"
	elif ! grep -q "urc +QIND: \"FOTA\",\"$word\",$code " <<<"$lines"; then
		fail "$name" "no $word,$code: $(grep -E 'fetch|urc' <<<"$lines" | head -5)"
	elif [ "$code" = 0 ] && ! grep -q 'fotadl name=RM500Q-GL-delta.zip .* check=0' <<<"$lines"; then
		fail "$name" "no update from the download: $(grep -E 'fetch|fotadl' <<<"$lines")"
	elif [ "$code" = 0 ] && ! grep -q 'fota-done fw=RM500QGLABR11A06M4G' <<<"$lines"; then
		fail "$name" "the update did not finish: $(tail -n 3 <<<"$lines")"
	elif [ "$code" != 0 ] && grep -qE 'fotadl |unplug' <<<"$lines"; then
		fail "$name" "a failed download went on: $(grep -E 'fotadl|unplug' <<<"$lines")"
	elif ! grep -q "^OK\|OK$" "$TMP/out/$n.at"; then
		fail "$name" "AT+QFOTADL did not answer OK: $(cat "$TMP/out/$n.at")"
	else
		pass "fetch_${n}_${word}_$code"
	fi
done
# the module checked the size and the package's checksum: the truncated one fails on the CRC
check trunc_checked "$(grep 'fetch-end name=trunc.zip' "$TMP/log")" \
	grep -q 'fetch-end name=trunc.zip size=50000 .*why=not a whole package' "$TMP/log"
# the servers really served the modules
check http_served "$(cat "$TMP/http.log")" grep -q '"GET /RM500Q-GL-delta.zip HTTP/1.1" 200' "$TMP/http.log"
check http_404 "$(cat "$TMP/http.log")" grep -q '"GET /missing.zip HTTP/1.1" 404' "$TMP/http.log"
check ftp_login_refused "$(tail -n 5 "$TMP/ftp.log")" grep -q 'USER .fota. failed login' "$TMP/ftp.log"
check ftp_served "$(tail -n 5 "$TMP/ftp.log")" grep -q 'RETR .*RM500Q-GL-delta.zip completed=1' "$TMP/ftp.log"
exit $((failures > 0))
