/* station report: a supervisor's summary of CSV records, as text, CSV or an HTML page. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logs/db/db.h"
#include "logs/report/report.h"
#include "station/cli/cmd.h"

static void cmd_report_usage(FILE *out)
{
	fprintf(out, "usage: station report [--since DATE] [--until DATE] [--lot LOT] [--station S]\n"
		"                      [--csv] [--html FILE] CSV... | --db URL\n\n"
		"Summarises the station's CSV records (or, with --db, every station's records in the\n"
		"line database, the same figures): units, PASS/SKIP/FAIL/ABORTED, yield and\n"
		"first-pass yield, units per hour, upload and update times, by lot, slot, hour and\n"
		"package, and the error codes most frequent first. Columns are found by header name;\n"
		"a malformed row is reported (file:line) and skipped.\n\n"
		"  --since DATE   records started at or after DATE (YYYY-MM-DD or ISO 8601 time, UTC)\n"
		"  --until DATE   records started before the end of DATE (a day), or at/before a time\n"
		"  --lot LOT      only this lot\n"
		"  --station S    only this station\n"
		"  --db URL       the line database instead of CSV files (libpq URI; no password)\n"
		"  --csv          the summary as CSV (section,group,metric,value) instead of text\n"
		"  --html FILE    also write a self-contained HTML page with charts to FILE\n"
		"  -h, --help     this text\n\n"
		"yield = PASS / (PASS + FAIL); first-pass yield = units whose first record is PASS.\n"
		"exit status: 0 done (even with malformed rows), 2 bad usage or an unreadable file,\n"
		"3 the database cannot be used\n");
}

/* Every operand must be a readable file: a folder or a missing file is named with what is
 * wrong, before anything is printed. 0 or -1. */
static int cmd_report_operands_ok(int argc, char **argv, int first)
{
	int bad = 0;
	for (int i = first; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "station report: %s: %s; expected a CSV file of records\n", argv[i],
				strerror(errno));
			bad = 1;
		} else if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "station report: %s: a folder; expected CSV files (%s/*.csv)\n",
				argv[i], argv[i]);
			bad = 1;
		} else if (access(argv[i], R_OK) < 0) {
			fprintf(stderr, "station report: %s: %s; expected a readable CSV file\n", argv[i],
				strerror(errno));
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option own[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "lot", required_argument, NULL, 'l' },
		{ "station", required_argument, NULL, 'S' },
		{ "db", required_argument, NULL, 'D' },
		{ "html", required_argument, NULL, 'H' },
		{ "csv", no_argument, NULL, 'C' },
		{ 0 },
	};
	struct cmd_opts o = { .name = "report", .usage = cmd_report_usage, .own = own };
	struct report_filter f = { .since_ms = INT64_MIN, .until_ms = INT64_MAX };
	const char *html = NULL, *db = NULL;
	int c, csv = 0, bad = 0;
	char why[512];

	while ((c = cmd_opts_next(&o, argc, argv)) >= 0) {
		switch (c) {
		case 's':
		case 'u':
			if (report_time_arg(optarg, c == 'u', c == 's' ? &f.since_ms : &f.until_ms, why,
					    sizeof why) < 0) {
				fprintf(stderr, "station report: --%s: %s\n", c == 's' ? "since" : "until", why);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'l':
			f.lot = optarg;
			break;
		case 'S':
			f.station = optarg;
			break;
		case 'D':
			db = optarg;
			break;
		case 'H':
			html = optarg;
			break;
		case 'C':
			csv = 1;
			break;
		}
	}
	if (c == CMD_OPTS_EXIT)
		return o.exit;
	if (optind >= argc && !db) {
		fprintf(stderr, "station report: no CSV file given\n");
		cmd_report_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (optind < argc && db) {
		fprintf(stderr, "station report: CSV files or --db, not both\n");
		return CMD_EXIT_USAGE;
	}
	if (cmd_report_operands_ok(argc, argv, optind) < 0)
		return CMD_EXIT_USAGE;
	struct report_set set = { 0 };
	for (int i = optind; i < argc; i++)
		if (report_load_file(&set, argv[i], &f, stderr) < 0)
			bad = 1;
	if (db && db_report_load(db, &set, &f, why, sizeof why) < 0) {
		fprintf(stderr, "station report: %s\n", why);
		report_set_free(&set);
		return CMD_EXIT_START;
	}
	if (bad && set.n == 0) {
		/* Nothing usable: an empty report would read as "no units". */
		fprintf(stderr, "station report: no report: no file could be used\n");
		report_set_free(&set);
		return CMD_EXIT_USAGE;
	}
	struct report_summary s;
	report_summarise(&set, &s);
	if (csv)
		report_csv(&s, stdout);
	else
		report_text(&s, &set, stdout);
	if (html) {
		FILE *out = fopen(html, "w");
		if (!out) {
			perror(html);
			bad = 1;
		} else {
			report_html(&s, &set, out);
			if (fclose(out) != 0) {
				perror(html);
				bad = 1;
			}
		}
	}
	report_summary_free(&s);
	report_set_free(&set);
	return bad ? CMD_EXIT_USAGE : CMD_EXIT_OK;
}
