/* Fuzzes the CSV writer and reader together, a write/read round trip: the input split at NUL bytes
 * into the fields of one record, written twice by the CSV writer and read back: two records, each
 * equal to what was written (a field the writer guarded against formulas comes back with its
 * apostrophe, as csv.h says). Reading any input to its end is fuzz_csv. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logs/csv.h"
#include "tests/fuzz/fuzz.h"

/* A field must come back as written, or with the formula guard's apostrophe in front. */
FUZZ_HARNESS static bool fuzz_same_field(const char *written, const char *read)
{
	if (strcmp(written, read) == 0)
		return true;
	return read[0] == '\'' && strcmp(read + 1, written) == 0 && written[0] != '\0' &&
	       strchr("=+-@\t\r", written[0]) != NULL;
}

/* The input as the fields of one record (at most 64): NUL ends a field. The CSV layer is byte for
 * byte (what reaches it is made valid UTF-8 above it, in the record writer), so any other byte is
 * kept. Returns the text the fields point into. */
FUZZ_HARNESS static char *fuzz_fields(const uint8_t *data, size_t size, char **fields, int *nfields)
{
	char *text = malloc(size + 1);
	int nf = 0;

	MUST(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0, start = 0; i <= size && nf < 64; i++) {
		if (i == size || text[i] == '\0') {
			fields[nf++] = text + start;
			start = i + 1;
		}
	}
	*nfields = nf;
	return text;
}

FUZZ_HARNESS static void fuzz_round_trip(const uint8_t *data, size_t size)
{
	char *fields[64];
	int nf;
	char *text = fuzz_fields(data, size, fields, &nf);
	struct csv_buf b = { 0 };

	for (int r = 0; r < 2; r++) {
		for (int i = 0; i < nf; i++)
			csv_field(&b, fields[i], i == 0);
		csv_end(&b);
	}
	size_t pos = 0;
	for (int r = 0; r < 2; r++) {
		char **got;
		int n;
		size_t used;
		MUST(csv_read(b.data + pos, b.len - pos, &used, &got, &n) == 1);
		MUST(n == nf);
		for (int i = 0; i < n; i++)
			MUST(fuzz_same_field(fields[i], got[i]));
		csv_fields_free(got, n);
		pos += used;
	}
	MUST(pos == b.len);
	csv_buf_free(&b);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_round_trip(data, size);
	return 0;
}
