/* The station's CSV files as the database's outbox. A record is in the outbox from the moment the
 * record writer has fsynced it; it leaves when the database has confirmed it. What is confirmed
 * is one byte offset per file in <log_dir>/db-confirmed, replaced atomically (write, fsync,
 * rename, fsync the folder) after every confirmed batch. A crash between the database's answer
 * and that file only sends a batch again, which the database skips (ON CONFLICT DO NOTHING). */
#ifndef DB_OUTBOX_H
#define DB_OUTBOX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "logs/record.h"

#define DB_OUTBOX_STATE "db-confirmed"

struct db_outbox_file {
	char *name;            /* "L3-ST07-2026-11-25.csv" */
	long long confirmed;   /* bytes the database has (or that were passed over as malformed) */
	long long reported;    /* rows ending before this were already reported (in memory only) */
};

struct db_outbox {
	char *log_dir, *station;
	struct db_outbox_file *files;
	int n;
};

/* Reads the state, or on a first start (no state file) takes every record already in the
 * folder as history: confirmed up to each file's end. 0, or -1 with err. */
int db_outbox_open(struct db_outbox *o, const char *log_dir, const char *station, char *err, size_t n);
void db_outbox_free(struct db_outbox *o);
int db_outbox_save(struct db_outbox *o, char *err, size_t n);

/* One record waiting, ready to insert, and where it ends in its file. */
struct db_record;
struct db_outbox_rec {
	struct db_record *d;
	int file;              /* index into o->files */
	long long end;         /* offset just after the record */
};
struct db_outbox_batch {
	struct db_outbox_rec *recs;
	int n;                 /* collected, at most the max asked */
	long waiting;          /* all complete records waiting, collected or not */
	int64_t oldest_ms;     /* finish (else start) time of the first waiting record; 0 if none */
	long rejected;         /* rows passed over as malformed in this collect */
	int n_files;
	long long *parsed_to;  /* per file: offset after its last complete row */
	bool *cut;             /* per file: records left out because the batch was full */
};
/* Collects up to max waiting records, oldest file first. A malformed row is reported to msg once
 * as "file:line: ..." and passed over (it stays in the CSV). An incomplete last row (a write in
 * progress) waits. 0, or -1 with err when the folder cannot be read. */
int db_outbox_collect(struct db_outbox *o, int max, struct db_outbox_batch *b, FILE *msg, char *err,
		      size_t n);
void db_outbox_batch_free(struct db_outbox_batch *b);
/* Marks the first k records of b (and malformed rows among them) as confirmed. */
void db_outbox_confirm(struct db_outbox *o, const struct db_outbox_batch *b, int k);

/* Reads the complete records of one CSV text (header first, columns by name) from byte from;
 * fn gets each one with its end offset and starting line. Malformed CSV rows ending after quiet
 * go to msg as "file:line: ..." and are skipped. Returns the offset after the last complete row,
 * or -1 when the text has no header with started_at and result (reason in err). */
typedef void db_outbox_fn(void *ctx, const struct record *r, long long end, int line);
long long db_outbox_parse(const char *file, const char *text, size_t len, long long from,
			  long long quiet, db_outbox_fn *fn, void *ctx, FILE *msg, char *err, size_t n);
/* Reads a whole file into memory (NUL-terminated); NULL with err. */
char *db_outbox_slurp(const char *path, size_t *len, char *err, size_t n);
#endif
