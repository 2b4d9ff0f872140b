#!/bin/bash
# Inside the fixture: runs the station in the background until its records hold N records (or
# TIMEOUT seconds pass), then sends SIGINT and writes its exit status to DIR/rc.
#   run_until.sh DIR N TIMEOUT STATION ARGS...
dir=$1 n=$2 limit=$3
shift 3
csvq=${CSVQ:?CSVQ must name the csvq tool}
"$@" &
pid=$!
end=$((SECONDS + limit))
while [ $SECONDS -lt $end ] && kill -0 "$pid" 2>/dev/null; do
	count=0
	for f in "$dir"/cfg/records/*.csv; do
		[ -f "$f" ] && count=$((count + $("$csvq" "$f" 2>/dev/null | wc -l)))
	done
	[ "$count" -ge "$n" ] && break
	sleep 0.2
done
sleep 0.3
kill -INT "$pid" 2>/dev/null
wait "$pid"
echo $? >"$dir"/rc
