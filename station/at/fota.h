/* The module's update reports: +QIND: "FOTA",<word>[,<n>[%]]. Pure parser, read with the field
 * iterator (at_iter.h). The words and their numbers are a const table in fota.c. */
#ifndef FOTA_H
#define FOTA_H
#include <stdbool.h>

enum fota_word {
	FOTA_START,
	FOTA_UPDATING,    /* n = percent 0..100 */
	FOTA_END,         /* n = error code, 0 = success */
	FOTA_RESTORE,     /* n optional */
	FOTA_HTTPSTART,
	FOTA_HTTPEND,     /* n = error code */
	FOTA_FTPSTART,
	FOTA_FTPEND,      /* n = error code */
	FOTA_UNKNOWN,     /* a well-formed report with a word we do not know (kept in .word_text) */
	FOTA_WORD_COUNT
};

struct fota_event {
	enum fota_word word;
	int n;              /* the number, or -1 when absent */
	bool percent_sign;  /* n was written with a trailing % */
	char word_text[24]; /* the word as sent (cut to fit) */
};

const char *fota_word_name(enum fota_word w);
/* Parses one line. Returns 0 with *ev filled, or -1 when the line is not a well-formed FOTA report
 * (another URC, missing quotes, a number where none belongs, a missing one, junk, out of range). */
int fota_parse(const char *line, struct fota_event *ev);
#endif
