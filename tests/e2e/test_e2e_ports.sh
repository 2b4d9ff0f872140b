#!/bin/bash
# Modules the station cannot work with as usual, each ending with a record that says why:
#  - a module on USB whose AT interface gets no tty (no driver bound to it): the slot shows
#    "module found, no AT port on interface 2" and the unit ends FAIL E-NO-AT-PORT, in the
#    record, the plain lines and the JSON events, instead of being dropped without a word;
#  - the same module whose driver binds late (its tty appears after the station recorded it): the
#    slot takes it as a new module and flashes it;
#  - a module that refuses AT+QFOTADL after a good upload: the unit fails before the update
#    and deletes the delta file it uploaded (AT+QFDEL), so no package is left on the module.
. "$(dirname "$0")"/lib.sh

d=$E2E_TMP/ports
mkdir -p "$d"
printf '2 notty\n3 fotadlerr\n' >"$d"/faults
run_once "$d" --modules 3 --faults "$d"/faults --package-size 32768
rc=$(cat "$d"/rc)
recs=$(records_u "$d" slot,result,error_code,module_code,error_text | tr '\037' '|' | sort)

# 1. No AT port.
want="module found, no AT port on interface 2"
if grep -qx "02|FAIL|E-NO-AT-PORT||$want" <<<"$recs"; then pass no_at_port_record
else fail no_at_port_record "records: $(tr '\n' ';' <<<"$recs")"; fi
if grep -q "slot 02 .*fail E-NO-AT-PORT.*$want" "$d"/out; then pass no_at_port_plain_line
else fail no_at_port_plain_line "$(grep 'slot 02' "$d"/out | tail -n 3 | tr '\n' ';')"; fi
if grep '"slot":"02"' "$d"/events.jsonl | grep '"error_code":"E-NO-AT-PORT"' | grep -q "$want"; then
	pass no_at_port_event
else fail no_at_port_event "$(grep '"slot":"02"' "$d"/events.jsonl | tail -n 2)"; fi
# The fixture really gave it no tty (and the others theirs).
p2=$(fixture_module_field "$d" 2 path)
if awk -v p="$p2" '$2 == p && $4 == "plug"' "$d"/fixture.log | grep -q 'tty=-$'; then pass no_at_port_fixture
else fail no_at_port_fixture "$(awk -v p="$p2" '$2 == p && $4 == "plug"' "$d"/fixture.log)"; fi

# 2. AT+QFOTADL refused after the upload: the delta file is deleted again.
if grep -q "^03|FAIL|E-AT|" <<<"$recs"; then pass fotadl_refused_record
else fail fotadl_refused_record "records: $(tr '\n' ';' <<<"$recs")"; fi
p3=$(fixture_module_field "$d" 3 path)
# The module's file events in order: the upload, the refusal, then a delete of the file.
events=$(awk -v p="$p3" '$2 == p && ($4 == "upload" || $4 == "delete" || ($4 == "fault" && $5 == "fotadlerr")) { print $4 }' \
	"$d"/fixture.log | tr '\n' ' ')
if [ "$events" = "upload fault delete " ]; then pass fotadl_refused_file_deleted
else fail fotadl_refused_file_deleted "module 3's file events: $events (expected the upload, the refusal, a delete)"; fi

# The good module passed; exit 1 for the failures.
if grep -q "^01|PASS|" <<<"$recs" && [ "$(wc -l <<<"$recs")" -eq 3 ]; then pass others_pass
else fail others_pass "records: $(tr '\n' ';' <<<"$recs")"; fi
if [ "$rc" = 1 ]; then pass exit_status_1; else fail exit_status_1 "exit $rc: $(tail -n 3 "$d"/err)"; fi

# 3. The tty appears after all, 12 s after the plug (a driver bound late): the unit recorded
#    E-NO-AT-PORT stays recorded, and the slot runs the module again, now with its port.
d=$E2E_TMP/late-tty
mkdir -p "$d"
echo "1 notty 2 12" >"$d"/faults
run_until "$d" 2 --modules 1 --faults "$d"/faults --package-size 32768
got=$(records_u "$d" started_at,slot,result,error_code | sort | cut -d$'\x1f' -f2- | tr '\037' '|' | tr '\n' ' ')
if [ "$got" = "01|FAIL|E-NO-AT-PORT 01|PASS| " ]; then pass late_tty_flashed_after_record
else fail late_tty_flashed_after_record "records: $got"; fi
if grep -q " tty-bound iface=2 " "$d"/fixture.log; then pass late_tty_fixture
else fail late_tty_fixture "the fixture never bound the tty"; fi
