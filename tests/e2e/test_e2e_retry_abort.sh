#!/bin/bash
# Abort a unit while its module updates, then retry it (the real station's dashboard, tmux
# 160x48, in the fixture): the retry waits for the module's update to end (the row says so, no
# 'waiting' beside a stale error), then identifies the module, now at the target: SKIP, not a
# false FAIL from a module still in recovery.
. "$(dirname "$0")"/lib.sh
e2e_tmux retry

d=$E2E_TMP/retry
mkdir -p "$d"
tm_start ra 160 48 "cd '$PWD' && timeout --foreground -k 5 150 '$FIXTURE_BIN' --modules 1 --seed 23 --package-size 8192 \
	--time-scale 0.04 --write-config '$d/cfg' --log '$d/fixture.log' -- '$E2E_DIR/start.sh' '$STATION_BIN' run \
	-c '$d/cfg/station.ini' --events '$d/events.jsonl' 2>'$d/err'"
if tm_wait ra '^> 01 .* updating ' 60; then
	tm_keys ra x
	tm_wait ra '^ y abort / n keep: slot 01' 10 && tm_keys ra y
	tm_wait ra '^>( |!)01 .* ABORTED ' 20 || fail retry_abort "no ABORTED row: $(sed -n 5p <<<"$TM_LAST")"
	tm_keys ra r
	if tm_wait ra '^> 01 .* updating .*retry: waiting for the module.s update to end' 10; then
		pass retry_waits_for_update_end
	else fail retry_waits_for_update_end "row: $(sed -n 5p <<<"$TM_LAST")"; fi
	# Until the unit ends, the row never reads 'waiting' or FAIL beside the old error.
	stale=0 end=$(( $(date +%s) + 90 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		TM_LAST=$(tm_capture ra); row=$(grep -E '^[> ][ !]01 ' <<<"$TM_LAST")
		grep -Eq ' (waiting|FAIL) .*E-ABORTED|E-ABORTED.* waiting ' <<<"$row" && stale=1
		grep -Eq ' (SKIP|PASS|FAIL) ' <<<"$row" && break
		sleep 0.2
	done
	[ $stale = 0 ] && pass retry_no_stale_error || fail retry_no_stale_error "row: $row"
else
	fail retry_updating "slot 01 never updating: $(sed -n 5p <<<"$TM_LAST")"
fi
tm_keys ra q
tm_wait ra 'EXIT=' 20
got=$(records "$d" result,error_code 2>/dev/null | tr '\t\n' ': ')
if [ "$got" = "ABORTED:E-ABORTED SKIP: " ] || [ "$got" = "ABORTED:E-ABORTED PASS: " ]; then pass retry_after_abort_not_false_fail
else fail retry_after_abort_not_false_fail "records '$got'"; fi
