/* The state of one config_load, shared by config.c (the passes over the file) and config_cross.c
 * (the checks that need every value). Private to config/. */
#ifndef CONFIG_CTX_H
#define CONFIG_CTX_H
#include <iniparser/iniparser.h>
#include <stdio.h>

#include "config/config.h"
#include "config/config_keys.h"
#include "config/config_scan.h"

/* What one load needs while it runs. */
struct config_ctx {
	struct config *cfg;
	const char *file;
	FILE *err;
	int errors;
	struct config_scan sc;
	dictionary *ini;
	int *pkg_of_section;     /* section index -> package index, or -1 */
	int *pkg_lines;          /* package index -> section line */
	int (*pkg_key_line)[CK_COUNT];  /* package index -> line of each key, 0 if absent */
	int slots_section;       /* index of [slots] or -1 */
	int database_section;    /* index of [database] or -1 */
	int *slot_lines;
};

/* "FILE:LINE: ..." (line 0: "FILE: ...") on the load's error stream; counts an error. */
void config_ctx_error(struct config_ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "FILE:LINE: warning: ..."; not an error. */
void config_ctx_warning(struct config_ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* config_cross.c: checks that need every value: required keys, unique versions, slots. */
void config_cross_pass(struct config_ctx *c);
#endif
