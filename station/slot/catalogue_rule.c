/* The package-choice rule of catalogue.h: pure functions over version strings and config packages. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "station/slot/catalogue.h"

static const char *const catalogue_verdict_names[] = {
	[CATALOGUE_FLASH] = "FLASH",
	[CATALOGUE_SKIP] = "SKIP",
	[CATALOGUE_NO_PACKAGE] = "NO_PACKAGE",
	[CATALOGUE_WRONG_BASE] = "WRONG_BASE",
};

const char *catalogue_verdict_name(enum catalogue_verdict v)
{
	if ((unsigned)v >= sizeof catalogue_verdict_names / sizeof catalogue_verdict_names[0])
		return "?";
	return catalogue_verdict_names[v];
}

size_t catalogue_family(const char *version)
{
	if (!version)
		return 0;
	size_t len = strlen(version);
	/* Position 0 cannot start the marker: a family is never empty. */
	for (size_t i = 1; i + 6 <= len; i++) {
		const char *s = version + i;
		if ((s[0] == 'R' || s[0] == 'r') && isdigit((unsigned char)s[1]) &&
		    isdigit((unsigned char)s[2]) && (s[3] == 'A' || s[3] == 'a') &&
		    isdigit((unsigned char)s[4]) && isdigit((unsigned char)s[5]))
			return i;
	}
	return 0;
}

/* Case-insensitive "p is a non-empty prefix of s": versions are upper case on the module, but a
 * config typed by hand should not fail on case. */
static bool catalogue_prefix(const char *p, const char *s)
{
	size_t n = p ? strlen(p) : 0;
	return n > 0 && strncasecmp(p, s, n) == 0;
}

bool catalogue_at_target(const struct config_package *pkg, const char *version)
{
	return pkg && version && catalogue_prefix(pkg->to, version);
}

static bool catalogue_same_family(const char *a, const char *b)
{
	size_t fa = catalogue_family(a), fb = catalogue_family(b);
	return fa > 0 && fa == fb && strncasecmp(a, b, fa) == 0;
}

enum catalogue_verdict catalogue_verdict_of(const struct config_package *pkgs, int n,
					    const char *version, int *index)
{
	int flash = -1, skip = -1;
	size_t flash_len = 0;
	*index = -1;
	if (!version || !*version)
		return CATALOGUE_NO_PACKAGE;
	for (int i = 0; i < n; i++) {
		bool at_to = catalogue_at_target(&pkgs[i], version);
		if (at_to && skip < 0)
			skip = i;
		/* A package whose `to` the module already runs would flash it again and again. */
		if (!at_to && catalogue_prefix(pkgs[i].from, version) && strlen(pkgs[i].from) > flash_len) {
			flash = i;
			flash_len = strlen(pkgs[i].from);
		}
	}
	if (flash >= 0) {
		*index = flash;
		return CATALOGUE_FLASH;
	}
	if (skip >= 0) {
		*index = skip;
		return CATALOGUE_SKIP;
	}
	for (int i = 0; i < n; i++)
		if (catalogue_same_family(pkgs[i].from, version) || catalogue_same_family(pkgs[i].to, version))
			return CATALOGUE_WRONG_BASE;
	return CATALOGUE_NO_PACKAGE;
}

int catalogue_check_unique_from(const struct config_package *pkgs, int n, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (pkgs[i].from && pkgs[j].from && strcasecmp(pkgs[i].from, pkgs[j].from) == 0) {
				snprintf(err, errlen, "packages [package %s] and [package %s] both have from = %s; "
					 "each source version needs exactly one package",
					 pkgs[i].name, pkgs[j].name, pkgs[i].from);
				return -1;
			}
	return 0;
}
