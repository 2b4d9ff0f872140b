/* The module's own error codes: the file errors of +CME ERROR: <n> (AT+QFUPL, AT+QFDEL, ...) and
 * the <err> of +QIND: "FOTA","END",<err> (plus FTPEND / HTTPEND). Each has a stable name for logs,
 * words for the operator, and for the CME codes the kind of failure it is. */
#ifndef MODCODE_H
#define MODCODE_H
#include <stdbool.h>


/* What kind of failure a CME code of the file commands is. */
enum modcode_kind {
	MODCODE_FILE,        /* the file or the command was wrong */
	MODCODE_NO_SPACE,    /* the module's file system cannot take the file */
	MODCODE_TRANSFER,    /* the data did not arrive (the module's own timeout) */
	MODCODE_OTHER,       /* a code this table does not know */
};

struct modcode_cme {
	int code;            /* 400..426; -1 for an unknown code */
	const char *name;    /* "no-space" */
	const char *text;    /* "no space left on the module's file system" */
	enum modcode_kind kind;
};

struct modcode_fota {
	int lo, hi;          /* the code or range of codes this entry covers; -1 for unknown */
	const char *name;    /* "upgrade-failed" */
	const char *text;
	bool retry;          /* the module reboots and tries again by itself (up to five times) */
	bool success;        /* 0: upgraded */
	bool download;       /* a download error of the URL forms (FTPEND / HTTPEND) */
};

/* The entry for +CME ERROR: code; never NULL (an unknown code gets a generic entry). */
const struct modcode_cme *modcode_cme(int code);
/* The entry for a FOTA END / FTPEND / HTTPEND code; never NULL (unknown: generic, not retried). */
const struct modcode_fota *modcode_fota(int code);
#endif
