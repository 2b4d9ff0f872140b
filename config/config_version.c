#include "config/config_version.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int config_version_cmp(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	if (a[i] == b[i])
		return 0;
	/* Back to the start of the number run both are in, so "A09" vs "A10" compares 9 with 10. */
	size_t s = i;
	while (s > 0 && isdigit((unsigned char)a[s - 1]))
		s--;
	bool da = isdigit((unsigned char)a[i]), db = isdigit((unsigned char)b[i]);
	if (da || db) {
		if (!isdigit((unsigned char)a[s]) || !isdigit((unsigned char)b[s]))
			return 2;
		size_t ea = s, eb = s;
		while (isdigit((unsigned char)a[ea]))
			ea++;
		while (isdigit((unsigned char)b[eb]))
			eb++;
		/* Leading zeros aside, the longer run is the larger number. */
		size_t za = s, zb = s;
		while (za + 1 < ea && a[za] == '0')
			za++;
		while (zb + 1 < eb && b[zb] == '0')
			zb++;
		if (ea - za != eb - zb)
			return ea - za < eb - zb ? -1 : 1;
		int c = strncmp(a + za, b + zb, ea - za);
		return c < 0 ? -1 : 1;
	}
	/* One is the other with more after it: a build of the same release. */
	if (!a[i])
		return -1;
	if (!b[i])
		return 1;
	return 2;
}

static bool config_version_has(const char *s, const char *w, size_t len)
{
	return memmem(s, strlen(s), w, len) != NULL;
}

int config_version_name_reversed(const char *file_name, const char *from, const char *to, char *why,
				 int n)
{
	const char *first_to = NULL;
	size_t first_len = 0;

	for (const char *p = file_name; *p;) {
		if (!isalnum((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *w = p;
		bool digit = false;
		while (isalnum((unsigned char)*p))
			digit |= isdigit((unsigned char)*p++) != 0;
		size_t len = (size_t)(p - w);
		if (!digit || len < 2)
			continue;
		bool in_from = config_version_has(from, w, len), in_to = config_version_has(to, w, len);
		if (in_from == in_to)
			continue;
		if (in_from && !first_to)
			return 0;   /* the name starts with the source: the usual order */
		if (in_to && !first_to) {
			first_to = w;
			first_len = len;
		} else if (in_from) {
			snprintf(why, (size_t)n, "'%.*s' (of to) comes before '%.*s' (of from)",
				 (int)first_len, first_to, (int)len, w);
			return 1;
		}
	}
	return 0;
}
