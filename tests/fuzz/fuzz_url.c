/* Fuzzes the package URL check and the password mask: any bytes, no crash; the mask never
 * grows a text by more than "***" per URL and always terminates its output; a URL that
 * passes the check never shows its password after masking. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/url.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[1100], out[1200], small[16], why[700];
	struct url u;

	if (size >= sizeof in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	url_mask(in, out, sizeof out);
	url_mask(in, small, sizeof small);
	if (strlen(small) >= sizeof small)
		__builtin_trap();
	if (url_parse(in, &u, why, sizeof why) == 0 && u.has_password) {
		/* the password: from the first ':' after "://" to the last '@' of the authority */
		const char *a = strstr(in, "://") + 3;
		const char *colon = strchr(a, ':'), *at = in + u.host_off - (in[u.host_off - 1] == '[') - 1;
		size_t plen = (size_t)(at - colon - 1);
		char pw[600];
		memcpy(pw, colon + 1, plen);
		pw[plen] = '\0';
		/* a password may also appear elsewhere in the URL (the user name, the path) */
		const char *first = strstr(in, pw);
		if (plen >= 6 && first == colon + 1 && !strstr(first + 1, pw) && strstr(out, pw))
			__builtin_trap();
	}
	return 0;
}
