/* TEMPORARY: replaced by the issue that builds 'station scan'. */
#include <stdio.h>

#include "station/cmd.h"

int cmd_scan(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "station: 'scan' is not built yet\n");
	return CMD_EXIT_USAGE;
}
