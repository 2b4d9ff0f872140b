/* The one CSV writer: every unit's record goes through it, from any slot thread.
 *
 * Files: <log_dir>/<station>-<YYYY-MM-DD>.csv (UTC day of the record's finish), header row first on
 * a new file. Each record is one write() followed by fsync(), under one lock, so records from many
 * threads never interleave and a crash never leaves half a record. */
#ifndef RECORD_WRITER_H
#define RECORD_WRITER_H
#include <stddef.h>
#include <stdint.h>

#include "logs/record.h"

struct record_writer;

/* Creates log_dir if needed. station names the files. Returns NULL with a reason in err. */
struct record_writer *record_writer_open(const char *log_dir, const char *station, char *err,
					 size_t errlen);
void record_writer_close(struct record_writer *w);
/* Appends r to the file of the UTC day of wall_ms. Thread-safe. Returns 0, or -1 with a reason. */
int record_writer_append(struct record_writer *w, const struct record *r, int64_t wall_ms, char *err,
			 size_t errlen);
/* Calls fn(ctx, r) after each record is written (on the writing thread, outside the writer's
 * lock), so a live view counts exactly what the files hold. Set it before any append. */
void record_writer_observe(struct record_writer *w, void (*fn)(void *ctx, const struct record *r),
			   void *ctx);
/* Calls fn(ctx) after each record is written and fsynced (outside the writer's lock), e.g. to
 * wake the line database's forwarder. Set it before any append; fn must not block. */
void record_writer_on_written(struct record_writer *w, void (*fn)(void *ctx), void *ctx);
/* The file a record finished at wall_ms goes to (for messages and tests). */
void record_writer_path(const struct record_writer *w, int64_t wall_ms, char *out, size_t size);
/* Renders r as one CSV line (CRLF-terminated) into *b; pure. */
struct csv_buf;
void record_format(const struct record *r, struct csv_buf *b);
#endif
