/* The station's subcommands: one file each (cmd_run.c, ...), dispatched by main.c's table.
 * Each gets argv with argv[0] = the subcommand name and returns the process exit status:
 * 0 all units PASS or SKIP (or the command succeeded), 1 some unit failed, 2 bad usage or config,
 * 3 could not start, 4 records were lost (run), 130 interrupted. */
#ifndef CMD_H
#define CMD_H
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

enum cmd_exit {
	CMD_EXIT_OK = 0,
	CMD_EXIT_FAILED = 1,
	CMD_EXIT_USAGE = 2,
	CMD_EXIT_START = 3,
	CMD_EXIT_RECORDS_LOST = 4,
	CMD_EXIT_INTERRUPTED = 130,
};

/* One command's command line. Every command takes -h/--help (usage on stdout, exit 0), and those
 * with a config -c/--config FILE; a bad option gets the one message style ("station scan: unknown
 * option '--bogus'", "... option '--config' needs a value") and the usage on stderr, exit 2. The
 * command's own options come back to it one at a time. */
#define CMD_OPTS_MAX 16
struct cmd_opts {
	const char *name;                  /* "scan": for messages */
	void (*usage)(FILE *out);
	const struct option *own;          /* the command's own long options ({ 0 } ends them), or NULL */
	const char *own_short;             /* their short letters for getopt ("p"), or NULL */
	bool config;                       /* takes -c/--config FILE */
	const char *config_path;           /* out: "station.ini", or -c's value */
	int exit;                          /* out, after CMD_OPTS_EXIT: the command's exit status */
	/* cmd_opts_next's own */
	bool started;
	struct option all[CMD_OPTS_MAX + 3];
	char shorts[32];
};
enum { CMD_OPTS_END = -1, CMD_OPTS_EXIT = -2 };
/* The key (struct option val) of the command's next own option, with optarg; CMD_OPTS_END after
 * the options (optind is the first operand); CMD_OPTS_EXIT when the command ends now with
 * o->exit (help was asked for, or an option was bad). */
int cmd_opts_next(struct cmd_opts *o, int argc, char **argv);
/* For a command that takes no operand and one config: after the options, refuses a stray operand
 * (with the usage) and loads o->config_path. Returns 0, or CMD_EXIT_USAGE with the reason
 * printed. */
struct config;
int cmd_opts_config(const struct cmd_opts *o, int argc, char **argv, struct config *cfg);

/* The config's [usb] as discovery's plain values. */
struct discovery_match;
void cmd_config_match(const struct config *cfg, struct discovery_match *m);

int cmd_run(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_history(int argc, char **argv);
#endif
