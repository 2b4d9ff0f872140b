#!/bin/bash
# What an operator reads at 80x24 and 160x48 (boardplay, 40 slots, long operator and lot IDs):
# questions that lead with their keys and fit, failures below/above the visible rows, `f` in the
# footer at every width, actions first in the detail column cut at word boundaries with a marker,
# SKIP apart from PASS, IDs cut with a marker in the header and whole in the details pane, no
# empty upload/attempt facts, the unit time as the row shows it, transcript lines wrapped to the
# pane, and a help screen that fits (or scrolls).
set -u
cd "$(dirname "$0")/../.."
. tests/ui/tmux_lib.sh
BUILD=${BUILD:-build}
BP=${BOARDPLAY:-$PWD/$BUILD/ui/boardplay}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
[ -x "$BP" ] || { echo "FAIL test_dashboard_operator: $BP not built"; exit 1; }
OP=OP-0123456789-night-shift-line-3
LOT=LOT-2026-12-02-A-0001-REWORK-X

rows() { tr '|' '\n' <<<"$TM_LAST" | grep -E '^[ >][ !][0-9]{2} '; }
row_of() { rows | grep -E "^[ >][ !]$1 "; }
line() { sed -n "$1p" <<<"$TM_LAST"; }
# cut_at_word SHOWN FULL: SHOWN ends in "..." and what precedes it is FULL up to a word's end.
cut_at_word() {
	local shown=${1%...} full=$2
	[ "$shown" != "$1" ] && [ "${full:0:${#shown}}" = "$shown" ] && [ "${full:${#shown}:1}" = " " ]
}

# ---- 80x24 --------------------------------------------------------------------------------------
tm_start s 80 24 "$BP --dashboard --slots 40 --scale 0.3 --operator $OP --lot $LOT --cmd-log $TM_DIR/cmd.log"
tm_wait s 'pass 23 fail 10' 60 || not_ok settle "the 40 plans did not settle"

# Header: the long IDs are cut with a marker; auto-start and the clock still show.
h=$(line 1)
if [[ $h =~ \ op\ (OP-[^ ]*\.\.\.)\ +lot\ (LOT-[^ ]*\.\.\.)\  ]] && [[ $OP == "${BASH_REMATCH[1]%...}"* ]] &&
   [[ $LOT == "${BASH_REMATCH[2]%...}"* ]] && grep -Eq 'auto OFF [0-9]{2}:[0-9]{2}:[0-9]{2} *$' <<<"$h"; then
	ok header_ids_cut_with_marker_80x24
else not_ok header_ids_cut_with_marker_80x24 "header '$h'"; fi

# Failures below the visible rows: counted, in the failure colour; f in the footer.
check failed_below_80x24 grep -Eq '^ rows 1-19/40: .* 6 failed below *$' <<<"$(line 3)"
tm_capture s -e | sed -n 3p >"$TM_DIR/l3.txt"
check failed_below_in_fail_colour grep -Eq $'\e\\[[0-9;]*41[0-9;]*m *6 failed below' "$TM_DIR/l3.txt"
check footer_keeps_f_80 grep -Eq ' f failed .*\? help .*q quit' <<<"$(line 24)"
check footer_keeps_retry_ack_80 grep -Eq ' r retry +a ack ' <<<"$(line 24)"
tm_keys s End
check failed_above_80x24 tm_wait s '^ rows 22-40/40: .* 4 failed above *$' 5
tm_keys s Home
tm_wait s '^> 01 ' 5

# Rows: the action first, the words cut at a word's end with a marker; SKIP apart from PASS.
r06=$(row_of 06 | sed 's/ *$//'); d06=${r06#*00:0? }
if [[ $r06 == *'FAIL '*' set aside; E-MODULE'* ]] && cut_at_word "${r06#* set aside; }" 'E-MODULE 520 FOTA END,520 after 5 attempts'
then ok fail_row_action_first_cut_at_word; else not_ok fail_row_action_first_cut_at_word "row '$r06'"; fi
check updating_row_says_do_not_unplug grep -q 'do not unplug; updating 47 %' <<<"$(row_of 03)"
check pass_row_says_remove grep -q 'PASS .* remove module' <<<"$(row_of 01)"
tm_capture s -e >"$TM_DIR/c.txt"
pass_sgr=$(grep -oE $'(\e\\[[0-9;]*m)+PASS' "$TM_DIR/c.txt" | head -n 1)
skip_sgr=$(grep -oE $'(\e\\[[0-9;]*m)+SKIP' "$TM_DIR/c.txt" | head -n 1)
[ -n "$pass_sgr" ] && [ -n "$skip_sgr" ] && [ "${pass_sgr%PASS}" != "${skip_sgr%SKIP}" ] &&
	ok skip_looks_apart_from_pass || not_ok skip_looks_apart_from_pass "PASS '${pass_sgr%PASS}' SKIP '${skip_sgr%SKIP}'" 

# r on a waiting slot (a failed module pulled and put back waits there) runs it, as s does.
tm_keys s Down Down Down Down Down Down Down r
for _ in $(seq 50); do grep -qx 'slot 08 RETRY' "$TM_DIR/cmd.log" 2>/dev/null && break; sleep 0.1; done
grep -qx 'slot 08 RETRY' "$TM_DIR/cmd.log" 2>/dev/null && ok retry_on_waiting_slot || not_ok retry_on_waiting_slot "no RETRY for slot 08"
tm_keys s Home
tm_wait s '^> 01 ' 5

# Questions: keys first and whole at 80 columns.
tm_keys s Down Down x
check abort_question_whole_80 tm_wait s '^ y abort / n keep: slot 03 is updating; leave it powered in its slot *$' 5
tm_keys s n q
check quit_question_whole_80 tm_wait s '^ y quit / n stay: 1 unit is running; its module may still be updating *$' 5
tm_keys s n

# Details of slot 07 (wrong base: never uploaded, no module attempt).
tm_keys s Down Down Down Down Enter
if tm_wait_all s 5 "^ operator  $OP   lot $LOT" '^ slot 07 ' '^ transcript: last [0-9]+ of [0-9]+ lines? kept' &&
   ! grep -Eq '^ upload |attempt|0\.0/0\.0' <<<"$TM_LAST"; then
	ok details_no_empty_upload_or_attempt
else not_ok details_no_empty_upload_or_attempt "pane"; fi
# The long transcript line wraps: its end is on a continuation line, nothing beyond 80.
if grep -q 'TAIL-END$' <<<"$(sed 's/ *$//' <<<"$TM_LAST")" && grep -q '^    ' <<<"$TM_LAST" &&
   [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m+0 }' <<<"$TM_LAST")" -le 80 ]; then
	ok transcript_wraps_to_pane_width
else not_ok transcript_wraps_to_pane_width "no wrapped long line"; fi
shown=$(grep -oE '^ transcript: last [0-9]+' <<<"$TM_LAST" | grep -oE '[0-9]+$')
lines=$(sed -n '/^ transcript:/,$p' <<<"$TM_LAST" | grep -c '^   [^ ]')
[ "$shown" = "$lines" ] && ok transcript_heading_counts_lines || not_ok transcript_heading_counts_lines "heading $shown, $lines lines"
# Slot 06: the unit time in the pane is the row's.
# Whole screens: the pane's heading and its unit time, the list's header and the row (a screen
# caught halfway through a repaint under TSan had the heading and no time).
tm_keys s Escape Up Enter
tm_wait_all s 5 '^ slot 06 ' 'unit [0-9]{2}:[0-9]{2}'
pane_t=$(grep -oE 'unit [0-9]{2}:[0-9]{2}' <<<"$TM_LAST" | cut -c6-)
tm_keys s Escape
tm_wait_all s 5 'slot usb' '(^|\|)[ >][ !]06 .*5/5 [0-9]{2}:[0-9]{2}'
row_t=$(row_of 06 | grep -oE '5/5 [0-9]{2}:[0-9]{2}' | cut -c5-)
[ -n "$pane_t" ] && [ "$pane_t" = "$row_t" ] && ok details_unit_time_is_rows || not_ok details_unit_time_is_rows "pane '$pane_t' row '$row_t'"

# Help fits 80x24; on a shorter screen it scrolls.
tm_keys s '?'
check help_fits_80x24 tm_wait_all s 5 '^ keys \(any key closes this help\)' 'q +quit' 'pass green, skip dim green, fail red'
tm_keys s Escape
tm_resize s 80 16
tm_keys s '?'
check help_scrolls_when_short tm_wait s '^ keys 1-11/19 \(Up/Down scroll' 5
tm_keys s Down
check help_scroll_moves tm_wait s '^ keys 2-12/19' 5
tm_keys s Escape
tm_resize s 60 24
check footer_keeps_f_60 tm_wait s ' f failed +\? help +q quit *$' 5
tm_kill s

# ---- 160x48 -------------------------------------------------------------------------------------
tm_start b 160 48 "$BP --dashboard --slots 40 --scale 0.3 --operator $OP --lot $LOT"
tm_wait b 'pass 23  fail 10' 60 || not_ok settle_160 "the 40 plans did not settle"
check header_ids_whole_160 grep -q " operator $OP  lot $LOT  package A04-to-A06 " <<<"$(line 1)"
check footer_keeps_f_160 grep -q 'Enter details  s start  S all  A auto  x abort  r retry  a ack  f failed  ? help  q quit' <<<"$(line 48)"
if ! grep -q 'failed below' <<<"$TM_LAST"; then ok no_marker_when_all_visible; else not_ok no_marker_when_all_visible "marker shown"; fi
check fail_row_160 grep -Eq 'FAIL .* set aside; E-MODULE 520 ' <<<"$(row_of 06)"
tm_keys b Down Down x
check abort_question_160 tm_wait b '^ y abort / n keep: slot 03 is updating; leave it powered in its slot *$' 5
tm_keys b n Down Down Down Down Enter
check details_160 tm_wait_all b 5 "^ operator  $OP   lot $LOT" '^ transcript: last [0-9]+ of [0-9]+ lines? kept'
tm_keys b Escape '?'
check help_160 tm_wait_all b 5 '^ keys \(any key closes this help\)' 'Up/Down k/j +previous / next slot'
tm_kill b
exit $TM_FAILED
