#include "station/cli/run_summary.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "config/config.h"
#include "config/config_path.h"
#include "logs/record_writer.h"
#include "logs/report/report.h"
#include "station/base/clock.h"
#include "station/board/board.h"

void run_summary_start(FILE *out, const struct config *cfg, int n_slots, const char *first_path,
		       const char *last_path, int present, bool once)
{
	char *dir = config_path_shown(cfg->log_dir, NULL);

	fprintf(out, "station run: %s: %d slot%s", cfg->name, n_slots, n_slots == 1 ? "" : "s");
	if (n_slots > 0)
		fprintf(out, " (usb %s%s%s)", first_path, n_slots > 1 ? " .. " : "", n_slots > 1 ? last_path : "");
	fprintf(out, ", %d package%s; records in %s\n", cfg->n_packages, cfg->n_packages == 1 ? "" : "s",
		dir);
	if (once)
		fprintf(out, "station run: --once: flashing the %d module%s present now, then ending\n",
			present, present == 1 ? "" : "s");
	else if (cfg->auto_start)
		fprintf(out, "station run: waiting for modules; each starts when it appears in a slot "
			"(Ctrl-C ends the run)\n");
	else
		fprintf(out, "station run: waiting for modules; auto_start = no: each waits for the "
			"operator's start (Ctrl-C ends the run)\n");
	fflush(out);
	free(dir);
}

void run_summary_end(FILE *out, struct board *b, const struct record_writer *w, const char *why)
{
	struct board_totals t;
	char path[4096], yield[32], rate[32];
	struct stat st;

	board_totals(b, &t);
	if (t.pass + t.fail > 0)
		snprintf(yield, sizeof yield, "%.1f %%", 100.0 * t.pass / (t.pass + t.fail));
	else
		snprintf(yield, sizeof yield, "-");
	if (!isnan(t.units_per_hour))
		snprintf(rate, sizeof rate, "%.1f", t.units_per_hour);
	else
		snprintf(rate, sizeof rate, "-");
	record_writer_path(w, clock_wall_ms(), path, sizeof path);
	char *shown = config_path_shown(path, NULL);
	int records = t.pass + t.fail + t.skip + t.aborted;
	fprintf(out, "station run: summary (%s): %d unit%s, %d record%s: PASS %d, FAIL %d, SKIP %d, "
		"ABORTED %d; yield %s; units/h %s; records %s %s\n", why, t.units, t.units == 1 ? "" : "s",
		records, records == 1 ? "" : "s", t.pass, t.fail, t.skip, t.aborted, yield, rate,
		records ? "in" : "would go to", stat(path, &st) == 0 || !records ? shown : path);
	fflush(out);
	free(shown);
}

/* Each record written feeds the board's totals, so the dashboard counts what the files hold with
 * the report's definitions. */
void run_summary_on_record(void *ctx, const struct record *rec)
{
	struct board *b = ctx;
	int64_t start = 0, end = 0;
	bool date_only;
	enum slot_state result = SLOT_STATE_COUNT;
	const char *res = rec->f[REC_RESULT] ? rec->f[REC_RESULT] : "";

	for (int s = SLOT_PASS; s <= SLOT_ABORTED; s++)
		if (strcasecmp(res, slot_state_name((enum slot_state)s)) == 0)
			result = (enum slot_state)s;
	if (!rec->f[REC_STARTED_AT] || clock_parse(rec->f[REC_STARTED_AT], &start, &date_only) < 0)
		start = clock_wall_ms();
	if (!rec->f[REC_FINISHED_AT] || clock_parse(rec->f[REC_FINISHED_AT], &end, &date_only) < 0)
		end = start;
	board_count_record(b, result, rec->f[REC_IMEI] ? rec->f[REC_IMEI] : "", start, end);
}
