#!/bin/bash
# Inside the fixture: a station killed and started again.
#   kill_restart.sh E2E_DIR STATION DIR UNTIL [THEN]
# Runs the station on DIR's config (output in DIR/out1, DIR/err1), SIGKILLs it once the shell
# condition UNTIL holds, then, when THEN is given, waits until THEN holds too (each checked every
# 20 ms, for at most 90 s); copies the journal as the kill left it to DIR/journal.at-kill, notes
# the second start's UTC time in DIR/second-start and runs the station again with --once (DIR/out2,
# DIR/err2, its exit status in DIR/rc2). The conditions see DIR as $d.
e2e=$1 station=$2 d=$3 until=$4 then=${5:-}
wait_for() {
	for _ in $(seq 1 4500); do
		eval "$1" && return 0
		sleep 0.02
	done
	return 1
}
"$e2e"/start.sh "$station" run -c "$d"/cfg/station.ini --headless >"$d"/out1 2>"$d"/err1 &
pid=$!
wait_for "$until"
kill -KILL $pid
wait $pid 2>/dev/null
[ -z "$then" ] || wait_for "$then"
cp "$d"/cfg/records/journal "$d"/journal.at-kill 2>/dev/null
date -u +%Y-%m-%dT%H:%M:%S.%3NZ >"$d"/second-start
"$e2e"/start.sh "$station" run -c "$d"/cfg/station.ini --headless --once >"$d"/out2 2>"$d"/err2
echo $? >"$d"/rc2
