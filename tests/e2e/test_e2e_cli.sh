#!/bin/bash
# station run's command line and slot binding: exit statuses for bad usage and config, --slots,
# modules outside every slot, [slots] auto = yes, and max_parallel_uploads queueing in slot order.
. "$(dirname "$0")"/lib.sh

"$STATION_BIN" run --bogus >/dev/null 2>&1; rc=$?
if [ $rc = 2 ]; then pass cli_unknown_option_exit_2; else fail cli_unknown_option_exit_2 "exit $rc"; fi
"$STATION_BIN" run -c "$E2E_TMP/none.ini" --headless >/dev/null 2>"$E2E_TMP/err"; rc=$?
if [ $rc = 2 ] && [ -s "$E2E_TMP/err" ]; then pass cli_missing_config_exit_2; else fail cli_missing_config_exit_2 "exit $rc"; fi
"$STATION_BIN" run --help >"$E2E_TMP/help" 2>&1; rc=$?
if [ $rc = 0 ] && grep -q -- '--once' "$E2E_TMP/help"; then pass cli_help; else fail cli_help "exit $rc"; fi

# --slots with a label the config does not have.
d=$E2E_TMP/badslot
mkdir -p "$d"
timeout 60 "$FIXTURE_BIN" --modules 2 --seed 3 --package-size 4096 --write-config "$d"/cfg2 -- \
	"$STATION_BIN" run -c "$d"/cfg2/station.ini --headless --once --slots 01,77 >/dev/null 2>"$d"/err2
rc=$?
if [ $rc = 2 ] && grep -q "77" "$d"/err2; then pass cli_slots_unknown_label_exit_2; else fail cli_slots_unknown_label_exit_2 "exit $rc: $(head -n 2 "$d"/err2)"; fi

# --slots 01,03: only those two get units; the other modules are ignored, each said once.
d=$E2E_TMP/slots
mkdir -p "$d"
timeout -k 5 120 "$FIXTURE_BIN" --modules 4 --seed 6 --package-size 4096 --time-scale "$E2E_SCALE" \
	--write-config "$d"/cfg --log "$d"/fixture.log -- "$E2E_DIR"/start.sh "$STATION_BIN" run \
	-c "$d"/cfg/station.ini --headless --once --slots 01,03 >"$d"/out 2>"$d"/err
rc=$?
got=$(records "$d" slot,result | sort | tr '\t\n' ': ')
if [ $rc = 0 ] && [ "$got" = "01:PASS 03:PASS " ]; then pass cli_slots_limit
else fail cli_slots_limit "exit $rc, records '$got'"; fi
ign=$(grep -c 'not in a slot of this run; ignored' "$d"/err)
ign_u=$(grep 'not in a slot of this run; ignored' "$d"/err | sort -u | wc -l)
if [ "$ign" -eq 2 ] && [ "$ign_u" -eq 2 ]; then pass cli_unbound_module_logged_once
else fail cli_unbound_module_logged_once "$ign lines ($ign_u distinct): $(head -n 3 "$d"/err)"; fi

# [slots] auto = yes: one slot per module found, labelled in USB path order.
d=$E2E_TMP/auto
E2E_INI_SED='/^[0-9][0-9] = usb:/d;s/^\[slots\]/[slots]\nauto = yes/' run_once "$d" --modules 3 --seed 12 --package-size 4096
got=$(records "$d" slot,usb_path,result | sort | tr '\t\n' ': ')
if [ "$(cat "$d"/rc)" = 0 ] && [ "$got" = "01:1-1.1:PASS 02:1-1.2:PASS 03:1-1.3:PASS " ]; then pass cli_auto_slots
else fail cli_auto_slots "exit $(cat "$d"/rc), records '$got'"; fi

# max_parallel_uploads = 1: never two uploads at once, the waiting slots queued and served in slot order.
d=$E2E_TMP/queue
E2E_INI_SED='s/^max_parallel_uploads *=.*/max_parallel_uploads = 1/' run_once "$d" --modules 4 --seed 13 --package-size 65536
awk '{ slot = $3; for (i = 1; i <= NF; i++) if ($i == "->") { from = $(i - 1); to = $(i + 1) }
       if (from == "uploading") up--; if (to == "uploading") { up++; order = order slot " " }
       if (to == "queued") q++; if (up > max) max = up; from = to = "" }
     END { print max + 0, q + 0, order }' "$d"/out >"$d"/q
read -r max queued order <"$d"/q
if [ "$(cat "$d"/rc)" = 0 ] && [ "$max" -eq 1 ] && [ "$queued" -ge 1 ]; then pass cli_upload_cap
else fail cli_upload_cap "exit $(cat "$d"/rc), $max uploads at once, $queued queued"; fi
queued_order=$(awk '{ for (i = 1; i <= NF; i++) if ($i == "->" && $(i + 1) == "uploading" && $(i - 1) == "queued") print $3 }' "$d"/out | tr '\n' ' ')
sorted=$(echo "$queued_order" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
if [ -n "$queued_order" ] && [ "$queued_order" = "$sorted" ]; then pass cli_upload_queue_slot_order
else fail cli_upload_queue_slot_order "queued slots started uploading in the order '$queued_order'"; fi

# --events -: the JSON events replace the plain lines on standard output.
d=$E2E_TMP/events
mkdir -p "$d"
timeout -k 5 120 "$FIXTURE_BIN" --modules 2 --seed 3 --package-size 4096 --time-scale "$E2E_SCALE" \
	--write-config "$d"/cfg -- "$E2E_DIR"/start.sh "$STATION_BIN" run -c "$d"/cfg/station.ini \
	--once --events - >"$d"/out 2>"$d"/err
rc=$?
nj=$(grep -c '^{.*}$' "$d"/out)
nother=$(grep -vc '^{.*}$' "$d"/out)
npass=$(grep -c '"to":"pass"' "$d"/out)
if [ $rc = 0 ] && [ "$nother" -eq 0 ] && [ "$npass" -eq 2 ]; then pass cli_events_stdout_json
else fail cli_events_stdout_json "exit $rc, $nj JSON lines, $nother other lines, $npass passes"; fi
