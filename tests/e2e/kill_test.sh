#!/bin/bash
# The kill test: KILL_MODULES modules at a time scale where an update lasts tens of seconds; the
# station is SIGKILLed KILL_ROUNDS times at seeded random moments and started again each time,
# then a final --once. Every module must end with exactly one record, PASS (the population is
# all good), with its true start (before the module's first upload) and finish (after the module
# reported its update done); no CSV line torn; the fixture saw one AT+QFOTADL per module and no
# upload after it. Run by tests/e2e/test_e2e_kill.sh (make check) and `make killtest`.
. "$(dirname "$0")"/lib.sh

MODULES=${KILL_MODULES:-16}
ROUNDS=${KILL_ROUNDS:-20}
SEED=${KILL_SEED:-1}
SCALE=${KILL_SCALE:-0.1}
d=$E2E_TMP/kill
mkdir -p "$d"
start=$(date +%s)
timeout -k 10 900 "$FIXTURE_BIN" --modules "$MODULES" --population all-good --seed 31 --package-size 65536 \
	--time-scale "$SCALE" --write-config "$d"/cfg --log "$d"/fixture.log -- bash -c '
	d=$1 station=$2 rounds=$3 seed=$4
	RANDOM=$seed
	for round in $(seq 1 "$rounds"); do
		"$station" run -c "$d"/cfg/station.ini --headless >>"$d"/out 2>>"$d"/err &
		pid=$!
		# 0.3 .. 4.3 s: inside identification, upload, the journal write, the update and the
		# record, round by round.
		ms=$((300 + RANDOM % 4000))
		sleep "$(printf "%d.%03d" $((ms / 1000)) $((ms % 1000)))"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		echo "round $round killed after $ms ms" >>"$d"/rounds
	done
	timeout 600 "$station" run -c "$d"/cfg/station.ini --headless --once >>"$d"/out 2>>"$d"/err
	echo $? >"$d"/rc' _ "$d" "$STATION_BIN" "$ROUNDS" "$SEED"
echo "kill test: $MODULES modules, $ROUNDS kills (seed $SEED), $(($(date +%s) - start)) s, final --once exit $(cat "$d"/rc 2>/dev/null)"

if "$CSVQ" "$d"/cfg/records/*.csv >/dev/null 2>"$d"/csvq.err; then pass kill_no_torn_line
else fail kill_no_torn_line "$(head -c 300 "$d"/csvq.err)"; fi
records_u "$d" imei,result,started_at,finished_at,error_code,error_text >"$d"/recs 2>/dev/null
bad_count="" bad_result="" bad_times="" bad_fotadl="" bad_upload=""
for i in $(seq 1 "$MODULES"); do
	imei=$(fixture_module_field "$d" "$i" imei)
	n=$(awk -F$'\x1f' -v i="$imei" '$1 == i' "$d"/recs | wc -l)
	[ "$n" -eq 1 ] || bad_count="$bad_count $i:$n"
	res=$(awk -F$'\x1f' -v i="$imei" '$1 == i { print $2 }' "$d"/recs | head -n 1)
	[ "$res" = PASS ] || bad_result="$bad_result $i:$res($(awk -F$'\x1f' -v i="$imei" '$1 == i { print $5 " " $6 }' "$d"/recs | head -n 1))"
	# The unit that flashed the module began before its last upload ahead of AT+QFOTADL (a unit
	# killed before its journal entry is a unit of its own, started again from the top).
	first_upload=$(awk -v i="$imei" '$3 == i && $4 == "upload-start" { u = $1 } $3 == i && $4 == "cmd" && $5 ~ /^AT\+QFOTADL="/ { print u; exit }' "$d"/fixture.log)
	done_at=$(awk -v i="$imei" '$3 == i && $4 == "fota-done" { print $1; exit }' "$d"/fixture.log)
	st=$(awk -F$'\x1f' -v i="$imei" '$1 == i { print $3 }' "$d"/recs | head -n 1)
	fi_=$(awk -F$'\x1f' -v i="$imei" '$1 == i { print $4 }' "$d"/recs | head -n 1)
	if [ -n "$st" ] && { [[ "$st" > "$first_upload" ]] || [[ "$fi_" < "$done_at" ]]; }; then
		bad_times="$bad_times $i(start $st upload $first_upload; finish $fi_ done $done_at)"
	fi
	nf=$(awk -v i="$imei" '$3 == i && $4 == "cmd" && $5 ~ /^AT\+QFOTADL="/' "$d"/fixture.log | wc -l)
	[ "$nf" -eq 1 ] || bad_fotadl="$bad_fotadl $i:$nf"
	late=$(awk -v i="$imei" '$3 == i && $4 == "cmd" && $5 ~ /^AT\+QFOTADL="/ { f = 1 } $3 == i && f && $4 == "upload-start" { n++ } END { print n + 0 }' "$d"/fixture.log)
	[ "$late" -eq 0 ] || bad_upload="$bad_upload $i:$late"
done
if [ -z "$bad_count" ]; then pass kill_one_record_per_module; else fail kill_one_record_per_module "module:records$bad_count"; fi
if [ -z "$bad_result" ]; then pass kill_true_result; else fail kill_true_result "$bad_result"; fi
if [ -z "$bad_times" ]; then pass kill_true_times; else fail kill_true_times "$bad_times"; fi
if [ -z "$bad_fotadl" ]; then pass kill_one_fotadl_per_module; else fail kill_one_fotadl_per_module "module:AT+QFOTADL count$bad_fotadl"; fi
if [ -z "$bad_upload" ]; then pass kill_no_upload_after_fotadl; else fail kill_no_upload_after_fotadl "$bad_upload"; fi
