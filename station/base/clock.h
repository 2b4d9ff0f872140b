/* Time: monotonic milliseconds for deadlines, UTC wall time for records. The one place that
 * formats and parses UTC times: records, transcripts, the journal, the dashboard, the report and
 * the database all go through here. */
#ifndef CLOCK_H
#define CLOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Milliseconds on the monotonic clock; only differences mean anything. */
int64_t clock_mono_ms(void);
/* Milliseconds since the epoch, UTC. */
int64_t clock_wall_ms(void);
/* Milliseconds left until deadline (monotonic), never below 0. */
int64_t clock_left_ms(int64_t deadline_ms);

/* The formats of a wall time in ms (UTC); each returns buf. */
enum clock_format {
	CLOCK_ISO_MS,      /* "2026-11-25T15:04:05.123Z": records, transcripts, events (25 bytes) */
	CLOCK_ISO_S,       /* "2026-11-25T15:04:05Z": the report's period (21 bytes) */
	CLOCK_DATE,        /* "2026-11-25": file and folder names (11 bytes) */
	CLOCK_DATE_TIME,   /* "2026-11-25 15:04:05": the dashboard's clock (20 bytes) */
	CLOCK_HOUR,        /* "2026-11-25 15:00": the report's hour groups (17 bytes) */
	CLOCK_TIME,        /* "15:04:05": the dashboard's clock on a narrow screen (9 bytes) */
	CLOCK_HHMM,        /* "15:04": since when database records wait (6 bytes) */
	CLOCK_TIME_MS,     /* "15:04:05.123": a slot's transcript tail on the dashboard (13 bytes) */
	CLOCK_HHMMSS,      /* "150405": transcript file names (7 bytes) */
};
char *clock_format(int64_t wall_ms, enum clock_format f, char *buf, size_t size);
/* clock_format(wall_ms, CLOCK_ISO_MS, ...) */
char *clock_iso(int64_t wall_ms, char *buf, size_t size);
/* clock_format(wall_ms, CLOCK_DATE, ...) */
char *clock_date(int64_t wall_ms, char *buf, size_t size);

/* Parses "2026-11-25T15:04:05.123Z" (also without milliseconds or seconds, with an offset
 * +01:00, with a space for T, or without a zone = UTC) or a date "2026-11-25" (midnight UTC)
 * into ms since the epoch. *date_only says which it was. Returns 0 or -1. */
int clock_parse(const char *s, int64_t *ms, bool *date_only);
#endif
