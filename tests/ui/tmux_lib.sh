# tmux_lib.sh: run a full-screen program in a private tmux server at a fixed size, read its
# screen as text, type keys. Sourced by dashboard tests (boardplay now, the real station later).
#
#   . tests/ui/tmux_lib.sh
#   tm_start big 160 48 "$BIN --dashboard"     # the command runs under sh; the pane stays after exit
#   tm_wait big 'pass 38' 30 || fail ...        # poll the screen for an extended regex
#   tm_keys big Down Enter                      # tmux key names
#   tm_cleanup                                  # kills the private server (also on EXIT)
#
# Every session's command is wrapped so that, when it ends, the pane shows "EXIT=<status>".

TM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tmux-lib.XXXXXX")
TM_SOCK=${TM_SOCK:-$TM_DIR/tmux.sock}   # a private server: its socket goes with TM_DIR
TM_LAST=                     # the last screen tm_wait looked at, for failure messages
TM_FAILED=0

cat >"$TM_DIR/tmux.conf" <<'CONF'
set -s exit-empty off
set -g status off
set -g remain-on-exit on
set -g default-terminal screen
set -g escape-time 10
set -g history-limit 100
CONF

tm() { tmux -S "$TM_SOCK" -f "$TM_DIR/tmux.conf" "$@"; }

# tm_start NAME COLS ROWS COMMAND: COMMAND is a shell command line.
tm_start() {
	local name=$1 cols=$2 rows=$3 cmd=$4
	tm new-session -d -s "$name" -x "$cols" -y "$rows" "$cmd; echo EXIT=\$?; sleep 1"
}

# tm_capture NAME [-e]: the visible screen (with -e: with its colour escapes).
tm_capture() { tm capture-pane -p -t "$1" ${2:+"$2"}; }

# Every wait below returns as soon as the screen shows what it waits for; its deadline only ends
# a wait for what never comes. A loaded machine running two suites (and TSan's 5-15x) makes a
# dashboard take seconds to react, so no deadline is shorter than TM_MIN_WAIT seconds.
TM_MIN_WAIT=${TM_MIN_WAIT:-30}
tm_deadline() { local s=$1; [ "$s" -lt "$TM_MIN_WAIT" ] && s=$TM_MIN_WAIT; echo $(( $(date +%s%N) / 1000000 + s * 1000 )); }

# tm_wait_for NAME SECONDS COMMAND...: waits until COMMAND (which reads $TM_LAST, the screen just
# captured) succeeds; 1 on timeout. Every wait below is one of these: a whole-screen condition
# (line count, widths) is checked on one screen, which a screen caught halfway through a repaint
# fails.
tm_wait_for() {
	local name=$1 secs=$2 end
	shift 2
	end=$(tm_deadline "$secs")
	while :; do
		TM_LAST=$(tm_capture "$name" 2>/dev/null)
		"$@" && return 0
		[ $(( $(date +%s%N) / 1000000 )) -ge $end ] && return 1
		sleep 0.1
	done
}

# Conditions on $TM_LAST.
tm_screen_all() { local re; for re in "$@"; do grep -Eq -- "$re" <<<"$TM_LAST" || return 1; done; }
tm_screen_lacks() { ! grep -Eq -- "$1" <<<"$TM_LAST"; }

# tm_wait NAME REGEX [SECONDS]: waits until the screen matches REGEX (grep -E); 1 on timeout.
tm_wait() { tm_wait_for "$1" "${3:-10}" tm_screen_all "$2"; }

# tm_wait_all NAME SECONDS REGEX...: waits until one screen matches every REGEX (a screen caught
# halfway through a repaint matches some but not all).
tm_wait_all() { local name=$1 secs=$2; shift 2; tm_wait_for "$name" "$secs" tm_screen_all "$@"; }

# tm_wait_gone NAME REGEX [SECONDS]: waits until the screen no longer matches REGEX.
tm_wait_gone() { tm_wait_for "$1" "${3:-10}" tm_screen_lacks "$2"; }

tm_keys() { local name=$1; shift; tm send-keys -t "$name" "$@"; }
tm_resize() { tm resize-window -t "$1" -x "$2" -y "$3"; }
# The pid of the program the session's shell started (its first child).
tm_child_pid() { pgrep -P "$(tm display-message -p -t "$1" '#{pane_pid}')" | head -n 1; }
tm_kill() { tm kill-session -t "$1" 2>/dev/null; }
tm_cleanup() { tm kill-server 2>/dev/null; rm -rf "$TM_DIR"; }
trap tm_cleanup EXIT

# Test reporting in the runner's format.
ok() { echo "PASS $1"; }
not_ok() {
	echo "FAIL $1: $2"
	TM_FAILED=1
	if [ -n "$TM_LAST" ]; then echo "---- screen ----"; echo "$TM_LAST"; echo "----------------"; fi
}
# check NAME COMMAND...: PASS if the command succeeds, FAIL with the last screen otherwise.
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "$*"; fi; }
