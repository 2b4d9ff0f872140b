/* Fuzzes the end-of-upload parser (+QFUPL: <size>,<checksum>) and the +CME ERROR number on one
 * line: an answer written back from what parsed must parse to the same values. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "station/at/at_qfupl.h"
#include "station/at/at_route.h"
#include "station/at/at_ufs_parse.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[1024];
	char again[128];
	uint64_t n, n2;
	uint16_t sum, sum2;
	enum at_status st;
	int cme;

	if (size >= sizeof line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (at_qfupl_parse(line, &n, &sum) == 0) {
		MUST(n <= AT_UFS_SIZE_MAX);
		snprintf(again, sizeof again, "+QFUPL: %" PRIu64 ",%x", n, (unsigned)sum);
		MUST(at_qfupl_parse(again, &n2, &sum2) == 0 && n2 == n && sum2 == sum);
		snprintf(again, sizeof again, "+QFUPL: %" PRIu64 ",0X%04X", n, (unsigned)sum);
		MUST(at_qfupl_parse(again, &n2, &sum2) == 0 && n2 == n && sum2 == sum);
	}
	if (at_route_final(line, &st, &cme)) {
		MUST(cme >= -1 && cme <= 65535);
		MUST(cme == -1 || st == AT_CME);
		if (cme >= 0) {
			snprintf(again, sizeof again, "+CME ERROR: %d", cme);
			int cme2 = -2;
			MUST(at_route_final(again, &st, &cme2) && st == AT_CME && cme2 == cme);
		}
	}
	return 0;
}
