#include "station/at/at_ident_parse.h"

#include <stdio.h>
#include <string.h>

#include "station/at/at_iter.h"

/* A field worth keeping: printable ASCII, no quotes, fits. */
static bool at_ident_printable(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n >= max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e || s[i] == '"')
			return false;
	return true;
}

int at_ident_parse_ati(char (*lines)[1024], int n, char *model, char *revision, char *err, size_t errlen)
{
	model[0] = revision[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *l = lines[i];
		struct at_iter it;

		/* The bare lines "Quectel" and the model stay bare; "Revision: X" is a one-field answer. */
		if (at_iter_begin(&it, l, strlen(l), "Revision:")) {
			if (!at_iter_next_unquoted(&it, revision, AT_IDENT_FIELD) || !at_iter_end(&it) ||
			    !at_ident_printable(revision, AT_IDENT_FIELD)) {
				snprintf(err, errlen, "ATI: bad revision \"%.40s\"", l);
				revision[0] = '\0';
				return -1;
			}
		} else if (strcmp(l, "Quectel") == 0 || model[0]) {
			continue;
		} else if (at_ident_printable(l, AT_IDENT_FIELD)) {
			strcpy(model, l);
		}
	}
	if (!model[0] || !revision[0]) {
		snprintf(err, errlen, "ATI: no %s in the answer", model[0] ? "revision" : "model");
		return -1;
	}
	return 0;
}

static bool at_ident_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool at_ident_version_complete(const char *version)
{
	/* "_NN.NNN.NN.NNN" is 14 characters at the very end. */
	size_t n = strlen(version);
	const char *t;

	if (n < 15)
		return false;
	t = version + n - 14;
	if (t[0] != '_' || t[3] != '.' || t[7] != '.' || t[10] != '.')
		return false;
	if (!at_ident_digits(t + 1, 2) || !at_ident_digits(t + 4, 3) || !at_ident_digits(t + 8, 2) ||
	    !at_ident_digits(t + 11, 3))
		return false;
	return strcmp(t + 7, ".00.000") != 0;
}

/* A line that may start with "+XXX:" (some firmware adds it): an iterator at its first field. */
static void at_ident_begin(struct at_iter *it, const char *line, const char *prefix)
{
	size_t len = strlen(line);

	if (!at_iter_begin(it, line, len, prefix))
		at_iter_begin(it, line, len, NULL);
}

int at_ident_parse_qgmr(char (*lines)[1024], int n, char *version, bool *complete, char *err, size_t errlen)
{
	struct at_iter it;

	version[0] = '\0';
	*complete = false;
	if (n != 1) {
		snprintf(err, errlen, "AT+QGMR: %s", n ? "more than one line" : "no version in the answer");
		return -1;
	}
	at_ident_begin(&it, lines[0], "+QGMR:");
	if (!at_iter_next_unquoted(&it, version, AT_IDENT_FIELD) || !at_iter_end(&it) ||
	    !at_ident_printable(version, AT_IDENT_FIELD)) {
		snprintf(err, errlen, "AT+QGMR: bad version text \"%.40s\"", lines[0]);
		version[0] = '\0';
		return -1;
	}
	*complete = at_ident_version_complete(version);
	return 0;
}

bool at_ident_luhn_ok(const char *digits)
{
	size_t n = strlen(digits);
	int sum = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (d < 0 || d > 9)
			return false;
		if (i & 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

int at_ident_parse_cgsn(char (*lines)[1024], int n, char *imei, char *err, size_t errlen)
{
	struct at_iter it;
	char v[16];
	bool ok;

	imei[0] = '\0';
	if (n != 1) {
		snprintf(err, errlen, "AT+CGSN: %d lines, expected one", n);
		return -1;
	}
	/* Bare digits, or quoted ones (some firmware quotes the IMEI). */
	at_ident_begin(&it, lines[0], "+CGSN:");
	ok = at_iter_next_string(&it, v, sizeof v) || at_iter_next_unquoted(&it, v, sizeof v);
	if (!ok || !at_iter_end(&it) || strlen(v) != 15 || !at_ident_digits(v, 15)) {
		snprintf(err, errlen, "AT+CGSN: \"%.40s\" is not 15 digits", lines[0]);
		return -1;
	}
	if (!at_ident_luhn_ok(v)) {
		snprintf(err, errlen, "AT+CGSN: IMEI %s fails the Luhn check", v);
		return -1;
	}
	memcpy(imei, v, sizeof v);
	return 0;
}

int at_ident_parse_urcport(const char *line, char *port, char *err, size_t errlen)
{
	struct at_iter it;
	const char *w;
	size_t wlen;

	port[0] = '\0';
	if (!at_iter_begin(&it, line, strlen(line), "+QURCCFG:") || !at_iter_next_string_span(&it, &w, &wlen) ||
	    wlen != 7 || memcmp(w, "urcport", 7) != 0) {
		snprintf(err, errlen, "AT+QURCCFG: unexpected answer \"%.40s\"", line);
		return -1;
	}
	if (!at_iter_next_string(&it, port, AT_IDENT_FIELD) || !at_iter_end(&it) || !at_ident_printable(port, AT_IDENT_FIELD)) {
		snprintf(err, errlen, "AT+QURCCFG: malformed answer \"%.40s\" (%s)", line,
			 it.error ? at_iter_error_text(it.error) : "not a port name");
		port[0] = '\0';
		return -1;
	}
	return 0;
}
