/* libFuzzer: the database outbox's reading of record files from any offset, and each record's
 * check for the table. Ends must grow and stay inside the text; the returned offset too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logs/db/db_outbox.h"
#include "logs/db/db_priv.h"
#include "tests/fuzz/fuzz.h"

struct fuzz_seen {
	size_t len;
	long long last;
};

static void fuzz_take(void *ctx, const struct record *r, long long end, int line)
{
	struct fuzz_seen *s = ctx;
	struct db_record d;
	char why[200];
	if (end <= s->last || end > (long long)s->len || line < 1)
		__builtin_trap();
	s->last = end;
	if (db_record_from(r, &d, why, sizeof why) == 0)
		db_record_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char err[300];
	if (!null)
		null = fopen("/dev/null", "w");
	if (size < 1)
		return 0;
	long long from = data[0] * 7;
	char *text = malloc(size - 1 ? size - 1 : 1);
	memcpy(text, data + 1, size - 1);
	struct fuzz_seen s = { size - 1, -1 };
	long long to = db_outbox_parse("fuzz.csv", text, size - 1, from, -1, fuzz_take, &s, null, err,
				       sizeof err);
	if (to > (long long)(size - 1) || (to >= 0 && s.last > to))
		__builtin_trap();
	free(text);
	return 0;
}
