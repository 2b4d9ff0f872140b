#!/bin/bash
# Inside the fixture: runs the station in the background until the shell condition COND holds
# (checked every 0.2 s, at most TIMEOUT s), then sends it SIGNAL (KILL: as a power cut would;
# INT: an operator's stop). Writes the station's exit status to DIR/rc.
#   signal_when.sh DIR TIMEOUT SIGNAL COND STATION ARGS...
dir=$1 limit=$2 sig=$3 cond=$4
shift 4
"$@" &
pid=$!
end=$((SECONDS + limit))
while [ $SECONDS -lt $end ] && kill -0 "$pid" 2>/dev/null; do
	bash -c "$cond" && break
	sleep 0.2
done
kill -"$sig" "$pid" 2>/dev/null
wait "$pid"
echo $? >"$dir"/rc
