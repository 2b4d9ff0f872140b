/* The AT channel: one module's AT port. Layers (one file each): at_tty (open through libserialport,
 * raw 115200 8N1, byte I/O with monotonic deadlines), at_line (pure line assembler), at_route (pure:
 * final result codes and URC prefixes, one const table each, and what a line is), at_chan (the
 * command engine: one command in flight, final result codes from a table, echo dropped, expected
 * prefixes, URC routing, resync after a timeout).
 *
 * Thread contract: a channel belongs to one thread (its slot worker); nothing in it is shared. */
#ifndef AT_CHAN_H
#define AT_CHAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/base/errcode.h"

/* Outcome of a command or a wait. Negative = the command did not get a normal answer. */
enum at_status {
	AT_OK = 0,            /* final OK */
	AT_CONNECT = 1,       /* CONNECT: the port is in data mode, the caller owns it */
	AT_ERROR = -1,        /* final ERROR */
	AT_CME = -2,          /* final +CME ERROR: <n> (n in at_response.cme) */
	AT_TIMEOUT = -3,      /* no final result before the deadline */
	AT_PORT_LOST = -4,    /* read error, EOF or hang-up: the port is gone */
	AT_INTERRUPTED = -5,  /* the wake fd became readable (operator command, shutdown) */
	AT_REFUSED = -6,      /* refused before sending: bad argument (quote, control char, length) */
};
const char *at_status_name(enum at_status s);

#define AT_MAX_LINES 64
#define AT_LINE_MAX 1024

/* The answer to one command: intermediate lines that matched the expected prefixes (or, with no
 * prefixes given, every non-URC line), then the final result. */
struct at_response {
	enum at_status status;
	int cme;                         /* the <n> of +CME ERROR, else -1 */
	int n_lines;
	char lines[AT_MAX_LINES][AT_LINE_MAX];
};

/* Direction of transcript bytes. */
enum at_dir { AT_DIR_TX, AT_DIR_RX, AT_DIR_NOTE };

struct at_chan_hooks {
	/* Every byte written and read, raw, plus notes ("timeout; resync"), for the transcript.
	 * Exception: payload written in data mode (at_chan_write_raw / _write_some) is not copied here (an
	 * upload is megabytes of binary); the uploader notes its size and checksum instead. */
	void (*transcript)(void *ctx, enum at_dir dir, const uint8_t *data, size_t len);
	/* Every unsolicited line, in order, outside or during a command. */
	void (*urc)(void *ctx, const char *line);
	void *ctx;
};

struct at_chan;

/* Opens a tty by path through libserialport: raw, 115200 8N1, no flow control, input flushed.
 * Returns NULL with a reason in err. */
struct at_chan *at_chan_open(const char *path, char *err, size_t errlen);
/* Wraps an already open fd (a pty or socketpair in tests); the channel takes ownership. */
struct at_chan *at_chan_from_fd(int fd);
void at_chan_close(struct at_chan *ch);
int at_chan_fd(const struct at_chan *ch);

void at_chan_set_hooks(struct at_chan *ch, const struct at_chan_hooks *hooks);
/* A fd that interrupts any wait with AT_INTERRUPTED when readable (-1 = none). */
void at_chan_set_wake_fd(struct at_chan *ch, int fd);

/* Sends "AT..."<CR> and collects the answer. prefixes: NULL-terminated list of intermediate line
 * prefixes this command expects ("+QGMR:" or "" for a bare line such as a version), or NULL to take
 * every line that is not a known URC. The deadline starts after the last byte is written. After a
 * timeout the next command first resynchronises (flush, AT -> OK). Returns resp->status. */
enum at_status at_chan_command(struct at_chan *ch, const char *cmd, const char *const *prefixes,
			       int64_t timeout_ms, struct at_response *resp);

/* Waits up to timeout_ms for lines, routing each to the URC hook. Returns AT_OK after at least one
 * URC arrived (returns at the first), AT_TIMEOUT if none, AT_PORT_LOST, AT_INTERRUPTED. */
enum at_status at_chan_wait_urc(struct at_chan *ch, int64_t timeout_ms);

/* Raw data mode (after CONNECT): write all bytes; read one byte with a deadline. */
enum at_status at_chan_write_raw(struct at_chan *ch, const uint8_t *data, size_t len, int64_t timeout_ms);
enum at_status at_chan_read_byte(struct at_chan *ch, uint8_t *byte, int64_t timeout_ms);

/* Additions to the first contract. */

/* After the data-mode owner is done (all bytes sent, or it stopped): collects the command's own
 * answer (prefixes as for at_chan_command; no echo expected). Same deadline and timeout counting. */
enum at_status at_chan_finish(struct at_chan *ch, const char *const *prefixes, int64_t timeout_ms,
			      struct at_response *resp);
/* Data mode: writes what the port takes before the deadline; *done gets the count. AT_OK when all
 * len bytes went out, AT_TIMEOUT with *done < len when the port stopped taking them. */
enum at_status at_chan_write_some(struct at_chan *ch, const uint8_t *data, size_t len, int64_t timeout_ms,
				  size_t *done);
/* Like at_chan_read_byte but leaves the byte to be read again (by read_byte or the line reader). */
enum at_status at_chan_peek_byte(struct at_chan *ch, uint8_t *byte, int64_t timeout_ms);
/* A note for the transcript hook (AT_DIR_NOTE), printf-style. */
void at_chan_note(struct at_chan *ch, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The station code for a status that ended a step: AT_TIMEOUT -> ERR_TIMEOUT, AT_PORT_LOST ->
 * ERR_PORT_LOST, AT_INTERRUPTED -> ERR_ABORTED, ERROR/CME/REFUSED -> ERR_AT, OK/CONNECT -> ERR_NONE. */
enum errcode at_status_errcode(enum at_status s);

/* Consecutive commands that timed out; reset by any answer. The caller declares the port lost. */
int at_chan_timeouts(const struct at_chan *ch);
#endif
