#include "station/cli/cmd.h"

#include <string.h>

#include "config/config.h"
#include "station/usb/discovery.h"

#include <getopt.h>
#include <string.h>

int cmd_bad_option(const char *name, int c, char **argv, void (*usage)(FILE *out))
{
	/* A long option is named by its argument; a short one by the letter getopt kept (it may
	 * sit inside a cluster such as -xc). */
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *what = strncmp(arg, "--", 2) == 0 || !optopt ? arg : shortopt;

	if (c == ':')
		fprintf(stderr, "station %s: option '%s' needs a value\n\n", name, what);
	else
		fprintf(stderr, "station %s: unknown option '%s'\n\n", name, what);
	usage(stderr);
	return CMD_EXIT_USAGE;
}

int cmd_config_load(const char *name, int argc, char **argv, int optind_now, void (*usage)(FILE *out),
		    const char *path, struct config *cfg)
{
	if (optind_now < argc) {
		fprintf(stderr, "station %s: unexpected argument '%s'\n", name, argv[optind_now]);
		usage(stderr);
		return CMD_EXIT_USAGE;
	}
	if (config_load(cfg, path, stderr) < 0) {
		fprintf(stderr, "station %s: %s is not usable\n", name, path);
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
