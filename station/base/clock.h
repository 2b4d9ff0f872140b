/* Time: monotonic milliseconds for deadlines, UTC wall time for records. */
#ifndef CLOCK_H
#define CLOCK_H
#include <stddef.h>
#include <stdint.h>

/* Milliseconds on the monotonic clock; only differences mean anything. */
int64_t clock_mono_ms(void);
/* Milliseconds since the epoch, UTC. */
int64_t clock_wall_ms(void);
/* "2026-11-25T15:04:05.123Z" for a wall time in ms; buf needs 25 bytes. */
char *clock_iso(int64_t wall_ms, char *buf, size_t size);
/* "2026-11-25" (UTC) for a wall time in ms; buf needs 11 bytes. */
char *clock_date(int64_t wall_ms, char *buf, size_t size);
/* Milliseconds left until deadline (monotonic), never below 0. */
int64_t clock_left_ms(int64_t deadline_ms);
#endif
