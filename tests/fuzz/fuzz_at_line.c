/* Fuzzes the line assembler and the line router: any bytes, fed in pieces the input chooses, must
 * give NUL-terminated lines that fit, and routing must never crash. */
#include <stdint.h>
#include <string.h>

#include "station/at/at_line.h"
#include "station/at/at_route.h"
#include "tests/fuzz/fuzz.h"

/* The harness's loop and checks: not instrumented (fuzz.h). */
FUZZ_HARNESS int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefixes[] = { "+QFUPL:", "", NULL };
	struct at_line l;
	size_t pos = 1;
	size_t step = size ? (size_t)(data[0] % 17) + 1 : 1;

	at_line_init(&l);
	while (pos < size) {
		size_t n = size - pos < step ? size - pos : step;
		size_t used = 0;

		while (used < n) {
			bool done;
			size_t u = at_line_feed(&l, data + pos + used, n - used, &done);
			if (u == 0 && !done)
				__builtin_trap();
			used += u;
			if (done) {
				enum at_status st;
				int cme;
				if (l.len >= AT_LINE_MAX || strlen(l.text) != l.len || l.len == 0)
					__builtin_trap();
				at_route_line(l.text, "AT+QFUPL=\"a\",1,5,0", prefixes, &st, &cme);
				at_route_line(l.text, "ATI", NULL, &st, &cme);
			}
		}
		pos += n;
	}
	return 0;
}
