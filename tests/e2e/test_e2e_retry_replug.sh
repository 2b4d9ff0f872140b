#!/bin/bash
# RETRY after the module was pulled and put back (the real station's dashboard, tmux 160x48, in
# the fixture), on a station that does not start by itself (auto_start = no): the module goes
# away halfway through its upload and comes back some seconds later, as when an operator pulls a
# module and puts it back. The unit ends FAIL (E-PORT-LOST) with a record; the module back in its slot waits
# for the operator; 'r' on the slot flashes it: PASS.
. "$(dirname "$0")"/lib.sh
e2e_tmux replug

d=$E2E_TMP/replug
mkdir -p "$d"
# Module 1 is pulled halfway through its upload and put back 300 module seconds later (3 s at
# this scale); module 2 is a neighbour that must not notice.
printf '1 unplug upload 300\n' >"$d"/faults
tm_start rp 160 48 "cd '$PWD' && E2E_INI_SED='s/^auto_start *=.*/auto_start = no/' timeout --foreground -k 5 200 '$FIXTURE_BIN' --modules 2 --seed 23 \
	--package-size 262144 --faults '$d/faults' --time-scale $E2E_SCALE --write-config '$d/cfg' \
	--log '$d/fixture.log' -- '$E2E_DIR/start.sh' '$STATION_BIN' run -c '$d/cfg/station.ini' \
	--events '$d/events.jsonl' 2>'$d/err'"
row1() { grep -E '^[> ][ !]01 ' <<<"$TM_LAST"; }
# 'S' starts the slots the dashboard shows waiting: both rows first (the two modules arrive a few
# ms apart; with only slot 02 waiting on screen, slot 01 was left waiting and the test read its
# 90 s wait for a start that never came as a lost module).
tm_wait_all rp 60 '^[> ][ !]01 .* waiting ' '^[> ][ !]02 .* waiting ' ||
	fail replug_waits_for_start "$(sed -n 5,6p <<<"$TM_LAST")"
tm_keys rp S
if tm_wait rp '^[> ]!01 .* E-PORT-LOST ' 90; then
	pass replug_unit_fails_when_pulled
else
	fail replug_unit_fails_when_pulled "row: $(row1)"
fi
# The module comes back: the fixture logs its plug, then the station sees it in the slot.
back=0 end=$(( $(date +%s) + 90 ))
while [ "$(date +%s)" -lt "$end" ]; do
	[ "$(grep -c ' plug devnum=' "$d"/fixture.log 2>/dev/null)" -ge 3 ] && { back=1; break; }
	sleep 0.2
done
[ $back = 1 ] || fail replug_module_back "the fixture never put module 1 back"
# Back in its slot: it waits for the operator (the failure still marked until acknowledged),
# not flashed on its own.
if tm_wait rp '^[> ]!01 .* waiting .*E-PORT-LOST' 60 &&
	[ "$(grep -c 'upload-start' "$d"/fixture.log)" = 2 ]; then
	pass replug_waits_for_operator
else
	fail replug_waits_for_operator "row: $(row1)"
fi
tm_keys rp r
if tm_wait rp '^[> ][ !]01 .* PASS ' 90; then pass replug_retry_passes
else fail replug_retry_passes "row: $(row1)"; fi
tm_wait rp '^[> ][ !]02 .* PASS ' 60 || fail replug_neighbour_passes "row: $(grep -E '^[> ][ !]02 ' <<<"$TM_LAST")"
tm_keys rp q
# With no unit running the station quits at once; it asks only while one runs.
tm_wait rp 'y quit|EXIT=' 20 && grep -q 'y quit' <<<"$TM_LAST" && tm_keys rp y
tm_wait rp 'EXIT=' 20
got=$(records "$d" slot,result,error_code 2>/dev/null | sort | tr '\t\n' ': ')
case "$got" in
"01:FAIL:E-PORT-LOST 01:PASS: 02:PASS: ") pass replug_records ;;
*) fail replug_records "records '$got'" ;;
esac
