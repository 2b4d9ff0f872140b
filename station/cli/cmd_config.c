/* What the commands share: their command line (cmd_opts) and the config's [usb] for discovery. */
#include "station/cli/cmd.h"

#include <string.h>

#include "config/config.h"
#include "station/base/xalloc.h"
#include "station/usb/discovery.h"

/* The one message style for a bad option, then the usage, on stderr. */
static int cmd_opts_bad(const struct cmd_opts *o, int c, char **argv)
{
	/* A long option is named by its argument; a short one by the letter getopt kept (it may
	 * sit inside a cluster such as -xc). */
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *what = strncmp(arg, "--", 2) == 0 || !optopt ? arg : shortopt;

	if (c == ':')
		fprintf(stderr, "station %s: option '%s' needs a value\n\n", o->name, what);
	else
		fprintf(stderr, "station %s: unknown option '%s'\n\n", o->name, what);
	o->usage(stderr);
	return CMD_EXIT_USAGE;
}

/* The long and short options getopt sees: the shared ones, then the command's own. */
static void cmd_opts_start(struct cmd_opts *o)
{
	int n = 0;
	if (o->config)
		o->all[n++] = (struct option){ "config", required_argument, NULL, 'c' };
	o->all[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	for (int i = 0; o->own && o->own[i].name; i++) {
		if (n == CMD_OPTS_MAX + 2)
			fatal("station %s: too many options", o->name);
		o->all[n++] = o->own[i];
	}
	o->all[n] = (struct option){ 0 };
	snprintf(o->shorts, sizeof o->shorts, ":%sh%s", o->config ? "c:" : "", o->own_short ? o->own_short : "");
	o->config_path = "station.ini";
	o->started = true;
	optind = 1;
	opterr = 0;
}

int cmd_opts_next(struct cmd_opts *o, int argc, char **argv)
{
	if (!o->started)
		cmd_opts_start(o);
	int c = getopt_long(argc, argv, o->shorts, o->all, NULL);
	switch (c) {
	case -1:
		return CMD_OPTS_END;
	case 'c':
		if (o->config) {
			o->config_path = optarg;
			return cmd_opts_next(o, argc, argv);
		}
		break;
	case 'h':
		o->usage(stdout);
		o->exit = CMD_EXIT_OK;
		return CMD_OPTS_EXIT;
	case '?':
	case ':':
		o->exit = cmd_opts_bad(o, c, argv);
		return CMD_OPTS_EXIT;
	}
	return c;
}

int cmd_opts_config(const struct cmd_opts *o, int argc, char **argv, struct config *cfg)
{
	if (optind < argc) {
		fprintf(stderr, "station %s: unexpected argument '%s'\n", o->name, argv[optind]);
		o->usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (config_load(cfg, o->config_path, stderr) < 0) {
		fprintf(stderr, "station %s: %s is not usable\n", o->name, o->config_path);
		return CMD_EXIT_USAGE;
	}
	return 0;
}

void cmd_config_match(const struct config *cfg, struct discovery_match *m)
{
	memset(m, 0, sizeof *m);
	m->vendor_id = cfg->vendor_id;
	for (int i = 0; i < cfg->n_product_ids && i < DISCOVERY_MAX_PRODUCTS; i++)
		m->product_ids[m->n_product_ids++] = cfg->product_ids[i];
	m->at_interface = cfg->at_interface;
}
