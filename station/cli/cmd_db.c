/* station db init | import, and station history: the line database from the command line. */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "logs/db/db.h"
#include "station/cli/cmd.h"

static void cmd_db_usage(FILE *out)
{
	fprintf(out, "usage: station db init -c FILE [--admin URL]\n"
		"       station db import -c FILE CSV...\n\n"
		"The line database of [database] url in FILE (logs/README.md).\n"
		"  init     creates the tables (or upgrades them to this station's schema version %d)\n"
		"           and lets the url's role insert and select, nothing more. --admin URL: do it\n"
		"           as another role (one that may create tables); default: the url itself.\n"
		"  import   sends the records of existing CSV files; a record already there is skipped,\n"
		"           so an import can be run again. Rows that cannot be stored: file:line.\n\n"
		"Passwords come from ~/.pgpass or PGPASSFILE, never from the config or the command line.\n"
		"exit status: 0 done, 2 bad usage, config or CSV rows refused, 3 the database cannot be used\n",
		DB_SCHEMA_VERSION);
}

static int cmd_db_config(const char *path, struct config *cfg)
{
	if (config_load(cfg, path, stderr) < 0) {
		fprintf(stderr, "station db: %s is not usable\n", path);
		return -1;
	}
	if (!cfg->db_url) {
		fprintf(stderr, "station db: %s has no [database] url; expected one (config/README.md)\n",
			path);
		config_free(cfg);
		return -1;
	}
	return 0;
}

int cmd_db(int argc, char **argv)
{
	static const struct option own[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ 0 },
	};
	struct cmd_opts o = { .name = "db", .usage = cmd_db_usage, .own = own, .config = true };
	const char *admin = NULL, *what = argc > 1 ? argv[1] : "";
	struct config cfg;
	char err[512];
	int c;

	if (strcmp(what, "-h") == 0 || strcmp(what, "--help") == 0) {
		cmd_db_usage(stdout);
		return CMD_EXIT_OK;
	}
	if (strcmp(what, "init") != 0 && strcmp(what, "import") != 0) {
		fprintf(stderr, "station db: expected init or import, found '%s'\n", what);
		cmd_db_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	/* the options after the word init or import */
	while ((c = cmd_opts_next(&o, argc - 1, argv + 1)) >= 0)
		if (c == 'a')
			admin = optarg;
	if (c == CMD_OPTS_EXIT)
		return o.exit;
	int first = optind + 1;  /* operands, in argv */
	if (strcmp(what, "init") == 0 && first < argc) {
		fprintf(stderr, "station db init: unexpected argument '%s'\n", argv[first]);
		return CMD_EXIT_USAGE;
	}
	if (strcmp(what, "import") == 0 && (first >= argc || admin)) {
		fprintf(stderr, "station db import: %s\n", admin ? "--admin is for init" : "no CSV file given");
		cmd_db_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (cmd_db_config(o.config_path, &cfg) < 0)
		return CMD_EXIT_USAGE;
	int rc = CMD_EXIT_OK;
	if (strcmp(what, "init") == 0) {
		if (db_init(admin ? admin : cfg.db_url, cfg.db_url, stdout, err, sizeof err) < 0) {
			fprintf(stderr, "station db init: %s\n", err);
			rc = CMD_EXIT_START;
		}
	} else {
		struct db_import_stats all = { 0 };
		for (int i = first; i < argc && rc != CMD_EXIT_START; i++) {
			struct db_import_stats st = { 0 };
			if (db_import(cfg.db_url, argv[i], &st, stderr, err, sizeof err) < 0) {
				fprintf(stderr, "station db import: %s\n", err);
				rc = strstr(err, argv[i]) ? CMD_EXIT_USAGE : CMD_EXIT_START;
			}
			printf("%s: %ld records, %ld new, %ld already there, %ld refused\n", argv[i],
			       st.records, st.inserted, st.records - st.inserted - st.rejected, st.rejected);
			all.records += st.records;
			all.inserted += st.inserted;
			all.rejected += st.rejected;
		}
		if (all.rejected && rc == CMD_EXIT_OK)
			rc = CMD_EXIT_USAGE;
	}
	config_free(&cfg);
	return rc;
}

static void cmd_history_usage(FILE *out)
{
	fprintf(out, "usage: station history --db URL IMEI\n\n"
		"Every record of the unit IMEI on the line, oldest first: when, where (station, slot),\n"
		"lot and operator, model, versions before and after, package, result and error.\n"
		"exit status: 0 records found, 1 none, 2 bad usage, 3 the database cannot be used\n");
}

int cmd_history(int argc, char **argv)
{
	static const struct option own[] = {
		{ "db", required_argument, NULL, 'd' },
		{ 0 },
	};
	struct cmd_opts o = { .name = "history", .usage = cmd_history_usage, .own = own };
	const char *url = NULL;
	char err[512];
	int c;

	while ((c = cmd_opts_next(&o, argc, argv)) >= 0)
		if (c == 'd')
			url = optarg;
	if (c == CMD_OPTS_EXIT)
		return o.exit;
	if (!url || optind != argc - 1) {
		fprintf(stderr, "station history: expected --db URL and one IMEI\n");
		cmd_history_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	int n = db_history(url, argv[optind], stdout, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "station history: %s\n", err);
		return CMD_EXIT_START;
	}
	if (n == 0) {
		fprintf(stderr, "station history: no record of IMEI %s on the line\n", argv[optind]);
		return CMD_EXIT_FAILED;
	}
	return CMD_EXIT_OK;
}
