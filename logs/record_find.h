/* Finding a unit's record again: what a restarted station needs to know before it records a unit
 * (or flashes a module) a second time. */
#ifndef RECORD_FIND_H
#define RECORD_FIND_H
#include <stddef.h>

/* The fields of a record found, enough to show its result again. */
struct record_found {
	char started_at[32], finished_at[32];
	char result[16], error_code[24], module_code[16];
	char error_text[128];
	char fw_after[80];
};

/* Looks through CSV text (a record file, header row first; or header-less record lines when
 * header is 0 and the columns are in the standard order) for the last record of slot and imei,
 * and of started_at too when it is not NULL. Columns are found by header name. Returns 1 with
 * *out filled, or 0. Malformed lines are skipped. Pure. */
int record_find_in_text(const char *text, size_t len, int header, const char *slot, const char *imei,
			const char *started_at, struct record_found *out);
#endif
