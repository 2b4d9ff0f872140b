/* The one CSV writer: every unit's record goes through it, from any slot thread.
 *
 * Files: <log_dir>/<station>-<YYYY-MM-DD>.csv (UTC day of the record's finish), header row first on
 * a new file. Each record is one write() followed by fsync(), under one lock, so records from many
 * threads never interleave. A write that fails or comes back short (disk full, I/O error) is rolled
 * back: the file is truncated to its last whole record, so no torn line swallows the next record.
 * The record is then held in memory, in order behind any other held record, and written by the
 * next append or record_writer_retry() once the disk takes it again; the unit's journal entry
 * stays until then, so a crash meanwhile still resumes the unit. A new day's file is followed by
 * an fsync of the folder, so the file itself survives a power cut. */
#ifndef RECORD_WRITER_H
#define RECORD_WRITER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logs/record.h"

struct record_writer;

/* Creates log_dir if needed and proves a record file can be created, written and fsynced there
 * (logdir_probe). station names the files. Returns NULL with a reason in err. */
struct record_writer *record_writer_open(const char *log_dir, const char *station, char *err,
					 size_t errlen);
void record_writer_close(struct record_writer *w);

/* Told when records stop being written (failing true, why says the error) and when every held
 * record has been written again (failing false). held: records waiting. Called without the
 * writer's lock, from whichever thread saw the change. */
typedef void record_writer_notify_fn(void *ctx, bool failing, int held, const char *why);
void record_writer_set_notify(struct record_writer *w, record_writer_notify_fn *fn, void *ctx);

/* Appends r to the file of the UTC day of wall_ms. Thread-safe. journal_usb_path and journal_imei
 * name the unit's journal entry (NULL: none): when the record has to be held, the entry is
 * removed only once the record is on disk. Returns 0 when r is on disk, 1 when it is held (err
 * says why). */
int record_writer_append(struct record_writer *w, const struct record *r, int64_t wall_ms,
			 const char *journal_usb_path, const char *journal_imei, char *err, size_t errlen);
/* Tries the held records again, oldest first. Returns how many are still held. */
int record_writer_retry(struct record_writer *w);
/* Records held now (not yet on disk). */
int record_writer_held(struct record_writer *w);
/* Whether slot already has a record of imei (and of started_at, an ISO time, unless NULL): the
 * last one among the held records and the files of the UTC day of now_ms and the day before.
 * Returns 1 with *out filled (struct record_found, logs/record_find.h), or 0. Thread-safe. */
struct record_found;
int record_writer_find(struct record_writer *w, int64_t now_ms, const char *slot, const char *imei,
		       const char *started_at, struct record_found *out);
/* Calls fn(ctx, r) after each record is written (on the writing thread, outside the writer's
 * lock), so a live view counts exactly what the files hold. Set it before any append. */
void record_writer_observe(struct record_writer *w, void (*fn)(void *ctx, const struct record *r),
			   void *ctx);
/* Calls fn(ctx) after each record is written and fsynced (outside the writer's lock), e.g. to
 * wake the line database's forwarder. Set it before any append; fn must not block. */
void record_writer_on_written(struct record_writer *w, void (*fn)(void *ctx), void *ctx);
/* The file a record finished at wall_ms goes to (for messages and tests). */
void record_writer_path(const struct record_writer *w, int64_t wall_ms, char *out, size_t size);
/* Renders r as one CSV line (CRLF-terminated) into *b; pure. Text that is not valid UTF-8 is
 * written with U+FFFD in place of each bad byte (utf8_clean), so the file stays UTF-8. */
struct csv_buf;
void record_format(const struct record *r, struct csv_buf *b);
#endif
