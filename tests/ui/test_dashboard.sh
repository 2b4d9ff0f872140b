#!/bin/bash
# The dashboard under tmux at fixed sizes, driven by boardplay (a board moved through known plans,
# which logs every command it receives): rows, progress, failures, summary counts, keys, confirms,
# resize, the minimum size, NO_COLOR, and the terminal given back on quit, crash and SIGTERM.
set -u
cd "$(dirname "$0")/../.."
. tests/ui/tmux_lib.sh
BUILD=${BUILD:-build}
BP=${BOARDPLAY:-$PWD/$BUILD/ui/boardplay}
# Sanitizer builds print their reports to the pane; keep them from failing the exit checks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
W=$TM_DIR
[ -x "$BP" ] || { echo "FAIL test_dashboard: $BP not built"; exit 1; }

# The screen as one slot row per line (two-column layouts are split at the separator).
rows() { tr '|' '\n' <<<"$TM_LAST" | grep -E '^[ >][ !][0-9]{2} '; }
row_of() { rows | grep -E "^[ >][ !]$1 "; }
log_has() { grep -qx "$1" "$W/cmd.log"; }
wait_log() { local i; for i in $(seq 100); do log_has "$1" && return 0; sleep 0.1; done; return 1; }
# wait_row NN REGEX [SECONDS]: waits until slot NN's row matches REGEX.
wait_row() {
	local i
	for i in $(seq $(( ${3:-10} * 10 ))); do
		TM_LAST=$(tm_capture big)
		row_of "$1" | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
percents() { grep -oE '[0-9]+%' <<<"$TM_LAST" | tr '\n' ' '; }

# ---- 160x48: every slot on one screen -------------------------------------------------------
: >"$W/cmd.log"
tm_start big 160 48 "$BP --dashboard --scale 0.5 --cmd-log $W/cmd.log"

tm_wait big 'uploading +\[' 20
p1=$(percents); sleep 0.6; tm_wait big 'uploading' 1; p2=$(percents)
if [ -n "$p1" ] && [ "$p1" != "$p2" ]; then ok progress_moves; else not_ok progress_moves "percentages did not change: '$p1'"; fi

tm_wait big 'pass 38  fail 16  skip 1  aborted 0' 60
check summary_counts_match_driver tm_wait_all big 10 'pass 38  fail 16  skip 1  aborted 0' 'updating 47 %'
check slot_state_counts tm_wait big 'slots: waiting 8  updating 1  pass 38  skip 1  fail 16' 5

n=$(rows | grep -oE '^[ >][ !][0-9]{2}' | cut -c3- | sort -u | wc -l)
[ "$n" -eq 64 ] && ok row_for_every_slot_160x48 || not_ok row_for_every_slot_160x48 "$n distinct slot rows, expected 64"
check no_line_wider_than_160 test "$(awk '{ if (length($0) > m) m = length($0) } END { print m+0 }' <<<"$TM_LAST")" -le 160
check failed_slot_code_and_text grep -Eq '^ !06 +1-1\.6 +FAIL .*5/5 .*set aside; E-MODULE 520' < <(row_of 06)
check wrong_base_code_and_text grep -Eq '^ !07 .*FAIL .*set aside; E-WRONG-BASE' < <(row_of 07)
check pass_row_in_words grep -Eq '^[ >] 01 +1-1\.1 +PASS ' < <(row_of 01)
check waiting_row grep -Eq '^  08 .*waiting +waiting [0-9]+ s' < <(row_of 08)
check footer_lists_keys grep -q 'Enter details  s start  S all  A auto  x abort  r retry  a ack  f failed  ? help  q quit' <<<"$TM_LAST"
check header_facts grep -Eq '^ L3-ST07  operator op-1234  lot LOT-2026-11-25  package A04-to-A06 +auto-start OFF +[0-9-]+ [0-9:]+ UTC' <<<"$TM_LAST"

# Details pane of slot 06 (the cursor starts on 01).
tm_keys big Down Down Down Down Down Enter
if tm_wait_all big 5 'IMEI 864390041200006' 'error     E-MODULE, module 520: FOTA END,520 after 5 attempts' \
   '^   < \+QIND: "FOTA","END",520' 'attempt 5/5' '^ transcript: last 20 of 20 lines kept'; then
	ok details_pane
else
	not_ok details_pane "no identity/error/transcript for slot 06"
fi
tm_keys big Escape
check details_closes tm_wait big 'slot usb +state' 5

# Acknowledge the failure: the worker gets ACK and the ! goes.
tm_keys big a
if wait_log 'slot 06 ACK' && tm_wait big '(^|\|)> 06 ' 5; then ok ack_clears_mark; else not_ok ack_clears_mark "no ACK or ! still shown"; fi

tm_keys big '?'
check help_screen tm_wait big "x +abort this slot's unit" 5
tm_keys big Space
check help_closes tm_wait big 'slot usb +state' 5

tm_keys big A
check auto_start_on tm_wait big 'auto-start ON' 5
tm_keys big A
check auto_start_off tm_wait big 'auto-start OFF' 5

tm_keys big f
if tm_wait big 'failed only: 16' 5 && ! rows | grep -q 'PASS'; then ok failed_only; else not_ok failed_only "filter did not apply"; fi
tm_keys big f
tm_wait big 'slots: waiting' 5

# Quit while a unit runs: asks; n stays.
tm_keys big q
check quit_asks_while_running tm_wait big '^ y quit / n stay: 1 unit is running; its module may still be updating' 5
tm_keys big n
check quit_declined tm_wait big 'not quitting' 5

# Abort slot 03 (stuck updating): asks, says the module may still be updating; n keeps it.
tm_keys big Home Down Down x
if tm_wait big '^ y abort / n keep: slot 03 is updating; leave it powered in its slot' 5; then ok abort_asks; else not_ok abort_asks "no confirmation"; fi
tm_keys big n
tm_wait big 'not aborted' 5
sleep 0.3
if log_has 'slot 03 ABORT'; then not_ok abort_declined_sends_nothing "ABORT sent after n"; else ok abort_declined_sends_nothing; fi
tm_keys big x
tm_wait big 'y abort / n keep: slot 03' 5
tm_keys big y
if wait_log 'slot 03 ABORT' && tm_wait big '(^|\|)> 03 .*ABORTED .*E-ABORTED' 10; then ok abort_confirmed; else not_ok abort_confirmed "worker got no ABORT or the row did not change"; fi
check aborted_counted tm_wait big 'aborted 1' 5

# Start a waiting slot, retry a failed one.
tm_keys big Down Down Down Down Down s
if wait_log 'slot 08 START' && wait_row 08 '^> 08 +1-1\.8 +(identifying|queued|uploading)' 10; then ok start_waiting_slot; else not_ok start_waiting_slot "no START for slot 08: $(tr '\n' ';' <"$W/cmd.log")"; fi
tm_keys big Up r
check retry_failed_slot wait_log 'slot 07 RETRY'
tm_keys big S
check start_all wait_log 'slot 16 START'

# Resize: 80x24 (one column, scrolling), below the minimum, back to 160x48.
# Whole screens only: one caught halfway through the repaint has the header and not the rest.
layout_80x24() {
	grep -q 'rows 1-19/64' <<<"$TM_LAST" && [ "$(wc -l <<<"$TM_LAST")" -eq 24 ] &&
	[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m+0 }' <<<"$TM_LAST")" -le 80 ]
}
layout_160x48() { grep -q ' slots: [a-z]' <<<"$TM_LAST" && [ "$(rows | wc -l)" -eq 64 ]; }
tm_resize big 80 24
check resize_to_80x24 tm_wait_for big 30 layout_80x24
tm_resize big 50 8
check below_minimum_message tm_wait big 'terminal too small: 50x8' 5
tm_resize big 160 48
if tm_wait_for big 30 layout_160x48; then ok resize_back_redraws; else not_ok resize_back_redraws "$(rows | wc -l) rows after resize"; fi

tm_capture big -e >"$W/color.txt"
check colours_used grep -Eq $'\e\\[[0-9;]*(3[0-7]|4[0-7])(;[0-9]+)*m' "$W/color.txt"

# Quit: asks while the started units run, y quits; the terminal is given back.
tm_keys big q
if tm_wait big 'y quit / n stay' 3; then tm_keys big y; fi
if tm_wait big 'EXIT=0' 10 && grep -q 'boardplay: dashboard returned QUIT' <<<"$TM_LAST" &&
   ! grep -q 'L3-ST07' <<<"$TM_LAST"; then
	ok quit_restores_terminal
else
	not_ok quit_restores_terminal "no clean exit"
fi
check worker_saw_quit wait_log 'exit QUIT'
tm_kill big

# ---- 80x24: scrolling through all 64 ----------------------------------------------------------
tm_start small 80 24 "$BP --dashboard --scale 0.3"
tm_wait small 'pass 38 fail 16' 60
seen=$(rows | grep -oE '^[ >][ !][0-9]{2}' | cut -c3-)
for _ in 1 2 3 4; do
	tm_keys small PageDown; sleep 0.3; tm_wait small 'rows' 2
	seen="$seen"$'\n'"$(rows | grep -oE '^[ >][ !][0-9]{2}' | cut -c3-)"
done
n=$(grep -c . <<<"$(sort -u <<<"$seen")")
[ "$n" -eq 64 ] && ok row_for_every_slot_80x24_scrolling || not_ok row_for_every_slot_80x24_scrolling "$n distinct rows seen"
tm_keys small End
check end_shows_last_slot tm_wait small '^> 64 ' 5
check rows_indicator tm_wait small 'rows 46-64/64' 5
check compact_header grep -Eq 'auto OFF [0-9]{2}:[0-9]{2}:[0-9]{2} *$' <<<"$(head -n 1 <<<"$TM_LAST")"
tm_kill small

# ---- A station-wide notice (records waiting for the line database) heads the header ---------
tm_start notice 80 24 "$BP --dashboard --scale 0.3 --notice 'database: 12 records waiting since 14:05 UTC'"
check notice_narrow_header_first tm_wait notice '^ database: 12 records waiting since 14:05 UTC L3-ST07 .*auto OFF' 10
tm_kill notice
tm_start notice_wide 160 48 "$BP --dashboard --scale 0.3 --notice 'database: 3 records waiting since 09:10 UTC'"
check notice_wide_header tm_wait notice_wide '^ L3-ST07  operator op-1234 .*package A04-to-A06   database: 3 records waiting since 09:10 UTC +auto-start OFF' 10
tm_kill notice_wide

# ---- NO_COLOR: no colour escapes, states still in words ---------------------------------------
tm_start mono 100 30 "NO_COLOR=1 $BP --dashboard --scale 0.3"
tm_wait mono 'FAIL' 30
tm_capture mono -e >"$W/mono.txt"
if grep -Eq $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)(;[0-9]+)*m' "$W/mono.txt"; then
	not_ok no_color_honoured "colour escapes with NO_COLOR=1"
else
	ok no_color_honoured
fi
check no_color_states_in_words grep -q 'E-WRONG-BASE' "$W/mono.txt"
check no_bell_unless_asked test "$(tm display-message -p -t mono '#{window_bell_flag}')" = 0
tm_kill mono

# ---- the run ends by itself (--once): final state, then DONE -----------------------------------
tm_start done 100 30 "$BP --dashboard --scale 0.3 --once --bell"
check done_shows_final_state tm_wait done 'run finished: press any key' 60
check bell_on_failure test "$(tm display-message -p -t done '#{window_bell_flag}')" = 1
check done_returns tm_wait done 'dashboard returned DONE' 10
tm_kill done

# ---- the terminal comes back after fatal() in a worker, and after SIGTERM ----------------------
tm_start crash 100 30 "$BP --dashboard --fatal-after 1.5"
if tm_wait crash 'EXIT=134' 20 && grep -q 'station: fatal: boardplay' <<<"$TM_LAST" && ! grep -q 'L3-ST07' <<<"$TM_LAST"; then
	ok fatal_restores_terminal
else
	not_ok fatal_restores_terminal "no restore or no message after fatal()"
fi
tm_kill crash
tm_start segv 100 30 "$BP --dashboard"
tm_wait segv 'L3-ST07' 10
kill -SEGV "$(tm_child_pid segv)"
if tm_wait segv 'EXIT=139' 10 && ! grep -q 'L3-ST07' <<<"$TM_LAST"; then ok sigsegv_restores_terminal; else not_ok sigsegv_restores_terminal "screen not restored"; fi
tm_kill segv

# Text written to stderr while the dashboard runs is held back, then shown once it has closed.
tm_start noise 100 30 "$BP --dashboard --stderr-noise"
tm_wait noise 'L3-ST07' 10
sleep 2
tm_wait noise 'L3-ST07' 2
if grep -q 'a line on stderr' <<<"$TM_LAST"; then not_ok stderr_held_while_dashboard "stderr text on the dashboard"; else ok stderr_held_while_dashboard; fi
tm_keys noise q
tm_wait noise 'y quit / n stay' 3 && tm_keys noise y
check stderr_shown_after tm_wait_all noise 10 'boardplay: a line on stderr while the dashboard runs' 'EXIT=0'
tm_kill noise

tm_start term 100 30 "$BP --dashboard"
tm_wait term 'L3-ST07' 10
kill -TERM "$(tm_child_pid term)"
if tm_wait term 'EXIT=143' 10 && ! grep -q 'L3-ST07' <<<"$TM_LAST"; then ok sigterm_restores_terminal; else not_ok sigterm_restores_terminal "screen not restored"; fi
tm_kill term
exit $TM_FAILED
