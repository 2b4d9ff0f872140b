#include "station/cli/run_db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "logs/db/db.h"
#include "logs/record_writer.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "station/board/board.h"

/* At the end of a run the forwarder may take this long to send what waits. */
#define RUN_DB_FLUSH_MS 5000
/* Records count as waiting on screen once the oldest has waited this long, or at once when the
 * database is down: a record on its way for a moment is no news. */
#define RUN_DB_SHOW_AFTER_MS 10000
/* A changing count is printed again at most this often in plain lines. */
#define RUN_DB_LINE_EVERY_MS 10000

struct run_db {
	struct db_forward *fw;
	struct board *board;
	FILE *plain;
	/* the forwarder's thread only */
	char shown[160], error[200];
	int64_t shown_ms;
};

static void run_db_line(struct run_db *d, const char *text)
{
	char iso[32];
	if (!d->plain)
		return;
	flockfile(d->plain);
	fprintf(d->plain, "%s %s\n", clock_iso(clock_wall_ms(), iso, sizeof iso), text);
	fflush(d->plain);
	funlockfile(d->plain);
}

/* The forwarder's thread, on every change. */
static void run_db_status(void *ctx, const struct db_forward_status *st)
{
	struct run_db *d = ctx;
	char text[160] = "";
	bool show = st->waiting > 0 &&
		    (st->down || clock_wall_ms() - st->since_ms >= RUN_DB_SHOW_AFTER_MS);

	if (st->down && st->error[0] && strcmp(st->error, d->error) != 0)
		fprintf(stderr, "station run: database: %s; records are kept in the CSV and sent when "
			"it answers\n", st->error);
	xstrlcpy(d->error, st->down ? st->error : "", sizeof d->error);
	if (show)
		db_forward_status_text(st, text, sizeof text);
	board_set_notice(d->board, text);
	if (strcmp(text, d->shown) == 0)
		return;
	int64_t now = clock_mono_ms();
	if (!text[0]) {
		run_db_line(d, "database: every record sent");
	} else if (!d->shown[0] || now - d->shown_ms >= RUN_DB_LINE_EVERY_MS) {
		run_db_line(d, text);
	} else {
		return;  /* keep d->shown: the next change after the pause is printed */
	}
	xstrlcpy(d->shown, text, sizeof d->shown);
	d->shown_ms = now;
}

struct run_db *run_db_start(const struct config *cfg, struct board *board, struct record_writer *w,
			    FILE *plain)
{
	char err[400];
	if (!cfg->db_url)
		return NULL;
	struct run_db *d = xcalloc(1, sizeof *d);
	d->board = board;
	d->plain = plain;
	d->fw = db_forward_start(cfg->db_url, cfg->log_dir, cfg->name, run_db_status, d, err, sizeof err);
	if (!d->fw) {
		fprintf(stderr, "station run: database: %s; records go to the CSV only\n", err);
		free(d);
		return NULL;
	}
	record_writer_on_written(w, db_forward_notify, d->fw);
	return d;
}

void run_db_stop(struct run_db *d, struct record_writer *w)
{
	if (!d)
		return;
	record_writer_on_written(w, NULL, NULL);
	struct db_forward_status st;
	db_forward_stop(d->fw, RUN_DB_FLUSH_MS, &st);
	if (st.waiting > 0) {
		char text[160];
		db_forward_status_text(&st, text, sizeof text);
		fprintf(stderr, "station run: %s; they are sent at the next start (or `station db "
			"import`)\n", text);
	}
	free(d);
}
