/* TEMPORARY: replaced by the issue that builds 'station check'. */
#include <stdio.h>

#include "station/cmd.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "station: 'check' is not built yet\n");
	return CMD_EXIT_USAGE;
}
