/* TEMPORARY: replaced by the issue that builds 'station report'. */
#include <stdio.h>

#include "station/cmd.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "station: 'report' is not built yet\n");
	return CMD_EXIT_USAGE;
}
