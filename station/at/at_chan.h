/* The AT channel: one module's AT port. Layers (one file each): at_tty (open through libserialport,
 * raw 115200 8N1, byte I/O with monotonic deadlines), at_line (pure line assembler), at_route (pure:
 * final result codes and URC prefixes, one const table each, and what a line is), at_chan (the
 * command engine: one command in flight, final result codes from a table, echo dropped, expected
 * prefixes, URC routing, resync after a lost answer, data mode).
 *
 * Cancellation is not notification: only the cancel fd (abort, shutdown) interrupts the channel's
 * I/O. Whatever else a caller wants to hear about, it polls between commands.
 *
 * Data mode belongs to the channel: after CONNECT it knows it is in data mode until the command's
 * final result. Any exit from a command, or from data mode, that did not see its final result
 * leaves the channel needing a resync, which the next command does first.
 *
 * Thread contract: a channel belongs to one thread (its slot worker); nothing in it is shared. */
#ifndef AT_CHAN_H
#define AT_CHAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/at/at_line.h"
#include "station/at/at_status.h"

#define AT_MAX_LINES 64

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
	 * Exception: payload written in data mode (at_chan_write_some) is not copied here (an
	 * upload is megabytes of binary); the uploader notes its size and checksum instead. */
	void (*transcript)(void *ctx, enum at_dir dir, const uint8_t *data, size_t len);
	/* Every unsolicited line, in order, outside or during a command. */
	void (*urc)(void *ctx, const char *line);
	void *ctx;
};

struct at_chan;

/* Opens a tty by path through libserialport: raw, 115200 8N1, no flow control, input flushed.
 * The first command is preceded by AT -> OK and a quiet time (as a resync, without its flush):
 * the module may still deliver an answer given while the port was closed. Returns NULL with a
 * reason in err. */
struct at_chan *at_chan_open(const char *path, char *err, size_t errlen);
/* Wraps an already open fd (a pty or socketpair in tests) whose state the caller knows: no
 * first-contact exchange. The channel takes ownership. */
struct at_chan *at_chan_from_fd(int fd);
/* Wraps an fd just opened on a module's port by other means: first-contact exchange as with
 * at_chan_open. The channel takes ownership. */
struct at_chan *at_chan_from_port_fd(int fd);
void at_chan_close(struct at_chan *ch);
int at_chan_fd(const struct at_chan *ch);

void at_chan_set_hooks(struct at_chan *ch, const struct at_chan_hooks *hooks);
/* The cancel fd: when readable, any wait or transfer ends with AT_CANCELLED (-1 = none). Only an
 * abort or a shutdown may make it readable. */
void at_chan_set_cancel_fd(struct at_chan *ch, int fd);
/* The data-mode owner says how long the module stays in data mode without bytes before it ends it
 * by itself (the <timeout> of the command that entered it); a resync from data mode waits that long
 * plus its own timeout for the module's final result. */
void at_chan_set_data_idle(struct at_chan *ch, int64_t ms);
/* In data mode: CONNECT seen, the command's final result not yet. */
bool at_chan_in_data_mode(const struct at_chan *ch);
/* The next command resynchronises first: an answer may still be on its way. */
bool at_chan_needs_resync(const struct at_chan *ch);

/* Sends "AT..."<CR> and collects the answer. prefixes: NULL-terminated list of intermediate line
 * prefixes this command expects ("+QGMR:" or "" for a bare line such as a version), or NULL to take
 * every line that is not a known URC. The deadline starts after the last byte is written. A channel
 * that needs a resync first resynchronises (from data mode: waits for the module to leave it; then
 * flush, AT -> OK, quiet), all within timeout_ms more. AT_CONNECT puts the channel in data mode.
 * Returns resp->status. */
enum at_status at_chan_command(struct at_chan *ch, const char *cmd, const char *const *prefixes,
			       int64_t timeout_ms, struct at_response *resp);

/* Waits up to timeout_ms for lines, routing each to the URC hook. Returns AT_OK after at least one
 * URC arrived (returns at the first), AT_TIMEOUT if none, AT_PORT_LOST, AT_CANCELLED. */
enum at_status at_chan_wait_urc(struct at_chan *ch, int64_t timeout_ms);

/* Data mode (after CONNECT): read one byte with a deadline. */
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

/* The <n> of the last command's +CME ERROR, else -1. */
int at_chan_last_cme(const struct at_chan *ch);
/* Consecutive commands that timed out; reset by any answer. */
int at_chan_timeouts(const struct at_chan *ch);
/* After n timeouts in a row a command ends AT_PORT_LOST instead of AT_TIMEOUT (0 = never). */
void at_chan_set_lost_after(struct at_chan *ch, int n);
#endif
