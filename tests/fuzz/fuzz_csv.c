/* Fuzzes the CSV reader: the input read as a CSV file, record after record, to its end. Every call
 * must consume something, and each record's fields must be whole strings. The write/read round
 * trip is fuzz_csv_round_trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logs/csv.h"
#include "tests/fuzz/fuzz.h"

/* The harness's loop and checks: not instrumented (fuzz.h); csv_read is. */
FUZZ_HARNESS static void fuzz_read_all(const uint8_t *data, size_t size)
{
	size_t pos = 0;

	for (;;) {
		char **fields;
		int n;
		size_t used = 0;
		int rc = csv_read((const char *)data + pos, size - pos, &used, &fields, &n);

		MUST(rc >= -1 && rc <= 1 && used <= size - pos);
		if (rc == 1) {
			MUST(n >= 1 && fields != NULL);
			for (int i = 0; i < n; i++)
				MUST(fields[i] != NULL);
			csv_fields_free(fields, n);
		} else {
			MUST(fields == NULL && n == 0);
		}
		if (rc == 0)
			break;
		MUST(used > 0);
		pos += used;
	}
	MUST(pos == size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read_all(data, size);
	return 0;
}
