/* station run's link to the line database: starts the forwarder when the config has [database],
 * hooks it to the record writer, and shows records waiting on the dashboard header and as plain
 * lines. Without [database] every call here does nothing. */
#ifndef RUN_DB_H
#define RUN_DB_H
#include <stdio.h>

struct config;
struct board;
struct record_writer;
struct run_db;

/* plain: where plain status lines go (standard output in headless mode, else NULL); messages
 * (why the database cannot be used) go to standard error. Returns NULL when there is no
 * [database] or it could not start (said on standard error; the station records to CSV). */
struct run_db *run_db_start(const struct config *cfg, struct board *board, struct record_writer *w,
			    FILE *plain);
/* Sends what it can for a few seconds, then stops. Call after every slot has stopped. */
void run_db_stop(struct run_db *d, struct record_writer *w);
#endif
