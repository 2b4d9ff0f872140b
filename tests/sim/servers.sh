# Loopback package servers for the URL forms of AT+QFOTADL (sourced, not run): an HTTP server
# (python3 -m http.server) and an FTP server (tests/sim/ftpd.py, Debian's python3-pyftpdlib),
# each on a port the system picks. Set SERVERS_DIR (logs go there) before calling.
#   http_start DIR            sets HTTP_PORT, HTTP_PID
#   ftp_start DIR USER PASS   sets FTP_PORT, FTP_PID
#   closed_port               prints a loopback port nothing listens on
#   servers_stop              stops what was started
SERVERS_PY=${PYTHON3:-/usr/bin/python3}
[ -x "$SERVERS_PY" ] || SERVERS_PY=python3
SERVERS_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HTTP_PID= FTP_PID=

# servers_port FILE: waits (up to 20 s) for the line naming the port, prints the port.
servers_port() {
	local i p
	for ((i = 0; i < 200; i++)); do
		p=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p; s/^port \([0-9][0-9]*\)$/\1/p' "$1" 2>/dev/null | head -n 1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

http_start() {
	"$SERVERS_PY" -u -m http.server 0 --bind 127.0.0.1 --directory "$1" \
		>"$SERVERS_DIR/http.out" 2>"$SERVERS_DIR/http.log" &
	HTTP_PID=$!
	HTTP_PORT=$(servers_port "$SERVERS_DIR/http.out")
}

ftp_start() {
	"$SERVERS_PY" -u "$SERVERS_HERE/ftpd.py" "$1" "$2" "$3" \
		>"$SERVERS_DIR/ftp.out" 2>"$SERVERS_DIR/ftp.log" &
	FTP_PID=$!
	FTP_PORT=$(servers_port "$SERVERS_DIR/ftp.out")
}

closed_port() {
	"$SERVERS_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

servers_stop() {
	[ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null && wait "$HTTP_PID" 2>/dev/null
	[ -n "$FTP_PID" ] && kill "$FTP_PID" 2>/dev/null && wait "$FTP_PID" 2>/dev/null
	HTTP_PID= FTP_PID=
	return 0
}
