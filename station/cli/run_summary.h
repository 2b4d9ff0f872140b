/* What `station run` says on its own, before the first module and after the last: where it
 * waits and what it will do, then the run's figures (the report's definitions) and where the
 * records are. A headless run is never silent until a module appears. */
#ifndef RUN_SUMMARY_H
#define RUN_SUMMARY_H
#include <stdbool.h>
#include <stdio.h>

struct board;
struct config;
struct record_writer;

/* labels/paths: the slots of this run, in order; present: modules found now (-1: not looked). */
void run_summary_start(FILE *out, const struct config *cfg, int n_slots, const char *first_path,
		       const char *last_path, int present, bool once);
/* why: "every unit present at the start has a result", "interrupted", ... */
/* record_writer_observe's callback (ctx: the board): each record written feeds the board's
 * totals, so the dashboard counts what the files hold, with the report's definitions. */
struct record;
void run_summary_on_record(void *ctx, const struct record *rec);
void run_summary_end(FILE *out, struct board *b, const struct record_writer *w, const char *why);
#endif
