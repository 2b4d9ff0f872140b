/* station: flashes delta firmware into Quectel 5G modules on a USB fixture. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "station/cli/cmd.h"

struct main_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *summary;
};

static const struct main_cmd main_cmds[] = {
	{ "run", cmd_run,
	  "run [-c FILE] [--headless] [--once] [--slots LIST] [--operator ID] [--lot LOT] [--events FILE|-]",
	  "flash every module on the fixture (the main job)" },
	{ "scan", cmd_scan, "scan [-c FILE]", "list the modules found, per slot, with their versions" },
	{ "check", cmd_check, "check [-c FILE]", "validate the config and its packages" },
	{ "report", cmd_report,
	  "report [--since DATE] [--until DATE] [--lot LOT] [--station S] [--csv] [--html FILE] "
	  "CSV... | --db URL",
	  "summarise records (CSV files or the line database) for a supervisor" },
	{ "history", cmd_history, "history --db URL IMEI", "every record of one unit on the line" },
	{ "db", cmd_db, "db init -c FILE [--admin URL] | db import -c FILE CSV...",
	  "create the line database's tables; load existing CSV files into it" },
};

static void main_usage(FILE *out)
{
	fprintf(out, "usage: station COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
		fprintf(out, "  station %s\n      %s\n", main_cmds[i].usage, main_cmds[i].summary);
	fprintf(out, "\n  station --version | -h, --help | COMMAND -h, --help\n"
		     "\nexit status: 0 all units PASS or SKIP, 1 some unit failed, 2 bad usage or config,\n"
		     "3 could not start, 130 interrupted\n");
}

int main(int argc, char **argv)
{
	/* A vanished peer must come back as EPIPE on that slot, never kill the whole station. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		main_usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		if (argc > 2) {
			fprintf(stderr, "station: %s takes no operand; found '%s'\n", argv[1], argv[2]);
			return CMD_EXIT_USAGE;
		}
		printf("station %s\n", STATION_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		if (argc > 2) {
			fprintf(stderr, "station: %s takes no operand; found '%s' (station %s --help)\n",
				argv[1], argv[2], argv[2]);
			return CMD_EXIT_USAGE;
		}
		main_usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
		if (strcmp(argv[1], main_cmds[i].name) == 0)
			return main_cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "station: unknown command '%s'\n\n", argv[1]);
	main_usage(stderr);
	return CMD_EXIT_USAGE;
}
