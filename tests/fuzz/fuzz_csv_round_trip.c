/* Fuzzes the CSV writer and reader together, a write/read round trip: the input split at NUL bytes
 * into the fields of one record (made valid UTF-8, as everything the station writes is), written
 * twice by the CSV writer and read back: two records, each equal to what was written (a field the
 * writer guarded against formulas comes back with its apostrophe, as csv.h says). Reading any
 * input to its end is fuzz_csv. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logs/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MUST(c) do { if (!(c)) __builtin_trap(); } while (0)

/* The harness's own loops (making the input valid UTF-8, splitting it, comparing fields) are not
 * the code under test: left uninstrumented they give the fuzzer no false features and cost it no
 * comparison callbacks (they were a quarter of each execution). Not inlined: instrumentation is
 * added after inlining, into the caller's body. */
#define FUZZ_HARNESS __attribute__((no_sanitize("coverage"), noinline))

/* Length of a valid UTF-8 sequence at s (1 to 4), or 0. */
FUZZ_HARNESS static size_t fuzz_utf8_len(const uint8_t *s, size_t n)
{
	size_t k;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07u;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

/* A field must come back as written, or with the formula guard's apostrophe in front. */
FUZZ_HARNESS static bool fuzz_same_field(const char *written, const char *read)
{
	if (strcmp(written, read) == 0)
		return true;
	return read[0] == '\'' && strcmp(read + 1, written) == 0 && written[0] != '\0' &&
	       strchr("=+-@\t\r", written[0]) != NULL;
}

/* The input as the fields of one record (at most 64): valid UTF-8 kept, an invalid byte replaced
 * by '?', NUL ends a field. Returns the text the fields point into. */
FUZZ_HARNESS static char *fuzz_fields(const uint8_t *data, size_t size, char **fields, int *nfields)
{
	char *text = malloc(size + 1);
	int nf = 0;
	size_t t = 0;

	MUST(text != NULL);
	for (size_t i = 0; i < size;) {
		size_t k = data[i] ? fuzz_utf8_len(data + i, size - i) : 1;
		if (k == 0) {
			text[t++] = '?';
			i++;
		} else {
			memcpy(text + t, data + i, k);
			t += k;
			i += k;
		}
	}
	text[t] = '\0';
	for (size_t i = 0, start = 0; i <= t && nf < 64; i++) {
		if (i == t || text[i] == '\0') {
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
