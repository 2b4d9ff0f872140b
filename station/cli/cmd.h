/* The station's subcommands: one file each (cmd_run.c, ...), dispatched by main.c's table.
 * Each gets argv with argv[0] = the subcommand name and returns the process exit status:
 * 0 all units PASS or SKIP (or the command succeeded), 1 some unit failed, 2 bad usage or config,
 * 3 could not start, 4 records were lost (run), 130 interrupted. */
#ifndef CMD_H
#define CMD_H
#include <stdio.h>

enum cmd_exit {
	CMD_EXIT_OK = 0,
	CMD_EXIT_FAILED = 1,
	CMD_EXIT_USAGE = 2,
	CMD_EXIT_START = 3,
	CMD_EXIT_RECORDS_LOST = 4,
	CMD_EXIT_INTERRUPTED = 130,
};

/* The tail shared by commands that take no operands and one config: refuses a stray operand
 * (printing usage), then loads the config. Returns 0, or CMD_EXIT_USAGE with the reason printed. */
struct config;
int cmd_config_load(const char *name, int argc, char **argv, int optind_now, void (*usage)(FILE *out),
		    const char *path, struct config *cfg);

/* The config's [usb] as discovery's plain values. */
struct discovery_match;
void cmd_config_match(const struct config *cfg, struct discovery_match *m);
/* For getopt_long run with opterr = 0 and an optstring starting with ':': prints the one message
 * style every command uses ("station scan: unknown option '--bogus'", "... '--config' needs a
 * value"), then the usage, all on stderr. Returns CMD_EXIT_USAGE. */
int cmd_bad_option(const char *name, int c, char **argv, void (*usage)(FILE *out));

int cmd_run(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_history(int argc, char **argv);
#endif
