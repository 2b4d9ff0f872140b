#include "station/cli/cmd.h"

#include "config/config.h"

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
