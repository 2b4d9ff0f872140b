/* Fuzzes the identification parsers (ATI, AT+QGMR, AT+CGSN, AT+QURCCFG="urcport") on answers of up
 * to four lines (the input split at '\n'); what they return must hold their promises. */
#include <stdint.h>
#include <string.h>

#include "station/at/at_ident_parse.h"
#include "tests/fuzz/fuzz.h"

static bool fuzz_printable(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= AT_IDENT_FIELD)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e || s[i] == '"')
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char lines[4][1024];
	char a[AT_IDENT_FIELD], b[AT_IDENT_FIELD], imei[16], err[128];
	bool complete;
	int n = 0;
	size_t pos = 0;

	while (pos <= size && n < 4) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		if (len >= sizeof lines[0])
			return 0;
		memcpy(lines[n], data + pos, len);
		lines[n++][len] = '\0';
		pos += len + 1;
	}
	if (at_ident_parse_ati(lines, n, a, b, err, sizeof err) == 0)
		MUST(fuzz_printable(a) && fuzz_printable(b));
	else
		MUST(memchr(err, '\0', sizeof err) != NULL);
	if (at_ident_parse_qgmr(lines, n, a, &complete, err, sizeof err) == 0)
		MUST(fuzz_printable(a) && complete == at_ident_version_complete(a));
	else
		MUST(!complete);
	if (at_ident_parse_cgsn(lines, n, imei, err, sizeof err) == 0)
		MUST(strlen(imei) == 15 && strspn(imei, "0123456789") == 15 && at_ident_luhn_ok(imei));
	else
		MUST(imei[0] == '\0');
	if (at_ident_parse_urcport(lines[0], a, err, sizeof err) == 0)
		MUST(fuzz_printable(a));
	else
		MUST(a[0] == '\0');
	return 0;
}
