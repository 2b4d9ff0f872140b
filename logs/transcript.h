/* A unit's AT transcript: every byte to and from its module, timestamped, binary-safe.
 *
 * File: <log_dir>/transcripts/<YYYY-MM-DD>/<imei>-<HHMMSS>-slot<label>.log. The IMEI is only known
 * after identification, so lines are kept in memory until transcript_attach() names the file.
 * Line: "2026-11-25T15:04:05.123Z slot01 ttyUSB2 > AT+QGMR<CR>" ('>' to the module, '<' from it,
 * '#' a note). Received bytes are gathered into lines (up to each <LF>). Bytes outside printable
 * ASCII are written as <CR>, <LF> or \xNN, a backslash as \\.
 *
 * Thread contract: a transcript belongs to one slot worker. */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


/* Called with each finished line (without the date and slot prefix), e.g. for the board's tail. */
typedef void (*transcript_sink)(void *ctx, char dir, const char *text);

struct transcript;

struct transcript *transcript_new(const char *slot_label, transcript_sink sink, void *ctx);
/* Writes what is pending and closes the file. */
void transcript_close(struct transcript *t);
/* The tty the following bytes travel on ("/dev/ttyUSB7"; shown without "/dev/"). */
void transcript_set_port(struct transcript *t, const char *port);
/* Names the file from the IMEI and the unit's start, creates it and writes the lines so far.
 * Returns 0, or -1 with a reason (the transcript then stays in memory, bounded). */
int transcript_attach(struct transcript *t, const char *log_dir, const char *imei, int64_t started_wall_ms,
		      char *err, size_t errlen);
/* The file's path once attached, else "". */
const char *transcript_path(const struct transcript *t);
/* Directions of transcript bytes: to the module, from it, the station's note. */
#define TRANSCRIPT_TX '>'
#define TRANSCRIPT_RX '<'
#define TRANSCRIPT_NOTE '#'
/* Bytes as they travelled (dir: TRANSCRIPT_TX, _RX or _NOTE). */
void transcript_bytes(struct transcript *t, char dir, const uint8_t *data, size_t len);
void transcript_note(struct transcript *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Escapes data into out (always NUL-terminated). Returns the bytes of data consumed: stops early
 * rather than cut an escape in half. Pure. */
size_t transcript_escape(const uint8_t *data, size_t len, char *out, size_t size);

#endif
