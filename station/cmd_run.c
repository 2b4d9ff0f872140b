/* TEMPORARY: replaced by the issue that builds 'station run'. */
#include <stdio.h>

#include "station/cmd.h"

int cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "station: 'run' is not built yet\n");
	return CMD_EXIT_USAGE;
}
