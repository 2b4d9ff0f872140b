#include "config/config_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/xalloc.h"

/* Copies text[0..len) stripped of surrounding blanks; lowercased when lower is set. */
static char *config_scan_dup(const char *text, size_t len, int lower)
{
	while (len && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	char *s = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++)
		s[i] = lower ? (char)tolower((unsigned char)text[i]) : text[i];
	s[len] = '\0';
	return s;
}

static int config_scan_section_line(struct config_scan *sc, const char *s, size_t len, int line,
				    const char *file, FILE *err)
{
	const char *close = memchr(s, ']', len);
	if (!close) {
		fprintf(err, "%s:%d: found '%.*s' with no closing ']'; expected a section header "
			"such as [station]\n", file, line, (int)len, s);
		return 1;
	}
	size_t after = len - (size_t)(close + 1 - s);
	const char *rest = close + 1;
	while (after && isspace((unsigned char)*rest)) {
		rest++;
		after--;
	}
	if (after && *rest != ';' && *rest != '#') {
		/* A comment after the header is fine (the loader hides it from iniparser, which would
		 * otherwise refuse the line); anything else is not. */
		fprintf(err, "%s:%d: found '%.*s' after the section header; expected nothing after "
			"']' but a comment (; or #)\n", file, line, (int)after, rest);
		return 1;
	}
	if (memchr(s + 1, '[', (size_t)(close - s - 1))) {
		fprintf(err, "%s:%d: found '[' inside the section name; expected [name]\n", file, line);
		return 1;
	}
	char *text = config_scan_dup(s + 1, (size_t)(close - s - 1), 0);
	if (!text[0]) {
		fprintf(err, "%s:%d: found an empty section name '[]'; expected a name such as "
			"[station]\n", file, line);
		free(text);
		return 1;
	}
	char *name = config_scan_dup(text, strlen(text), 1);
	for (int i = 0; i < sc->n_sections; i++) {
		if (strcmp(sc->sections[i].name, name) == 0) {
			/* iniparser merges repeated sections, so keys of two [package] would mix. */
			fprintf(err, "%s:%d: found section [%s] again (first at line %d); expected each "
				"section once (name packages: [package NAME])\n", file, line, text,
				sc->sections[i].line);
			free(text);
			free(name);
			return 1;
		}
	}
	if (sc->n_sections == sc->cap_sections) {
		sc->cap_sections = sc->cap_sections ? sc->cap_sections * 2 : 8;
		sc->sections = xrealloc(sc->sections, sizeof *sc->sections * (size_t)sc->cap_sections);
	}
	sc->sections[sc->n_sections++] = (struct config_scan_section){ name, text, line };
	return 0;
}

static int config_scan_key_line(struct config_scan *sc, const char *s, size_t len, int line,
				const char *file, FILE *err)
{
	const char *eq = memchr(s, '=', len);
	if (!eq) {
		fprintf(err, "%s:%d: found '%.*s'; expected 'key = value', '[section]' or a comment "
			"starting with ';' or '#'\n", file, line, len > 60 ? 60 : (int)len, s);
		return 1;
	}
	char *key_text = config_scan_dup(s, (size_t)(eq - s), 0);
	if (!key_text[0]) {
		fprintf(err, "%s:%d: found '=' with no key before it; expected 'key = value'\n",
			file, line);
		free(key_text);
		return 1;
	}
	if (sc->n_sections == 0) {
		fprintf(err, "%s:%d: found key '%s' before any section; expected a section header "
			"such as [station] first\n", file, line, key_text);
		free(key_text);
		return 1;
	}
	/* iniparser ends an unquoted value at ';' or '#', even inside a word: "ST#7" becomes "ST". */
	const char *v = eq + 1, *end = s + len;
	while (v < end && isspace((unsigned char)*v))
		v++;
	if (v < end && *v != '"' && *v != '\'') {
		for (const char *q = v + 1; q < end; q++) {
			if ((*q == ';' || *q == '#') && !isspace((unsigned char)q[-1])) {
				fprintf(err, "%s:%d: found '%c' inside the value of '%s'; iniparser would cut "
					"the value there (a comment); expected a space before a comment, or "
					"the value in double quotes\n", file, line, *q, key_text);
				free(key_text);
				return 1;
			}
			if (*q == ';' || *q == '#')
				break;
		}
	}
	char *key = config_scan_dup(key_text, strlen(key_text), 1);
	int sec = sc->n_sections - 1;
	for (int i = 0; i < sc->n_entries; i++) {
		if (sc->entries[i].section == sec && strcmp(sc->entries[i].key, key) == 0) {
			/* iniparser would keep the last value without a word. */
			fprintf(err, "%s:%d: found key '%s' in [%s] again (first at line %d); expected "
				"each key once%s\n", file, line, key_text, sc->sections[sec].text,
				sc->entries[i].line, strcmp(sc->entries[i].key_text, key_text) ?
				" (keys are not case-sensitive)" : "");
			free(key);
			free(key_text);
			return 1;
		}
	}
	if (sc->n_entries == sc->cap_entries) {
		sc->cap_entries = sc->cap_entries ? sc->cap_entries * 2 : 32;
		sc->entries = xrealloc(sc->entries, sizeof *sc->entries * (size_t)sc->cap_entries);
	}
	sc->entries[sc->n_entries++] = (struct config_scan_entry){ line, sec, key, key_text };
	return 0;
}

int config_scan(struct config_scan *sc, const char *text, size_t len, const char *file, FILE *err)
{
	int errors = 0, line = 0;
	size_t pos = 0;

	memset(sc, 0, sizeof *sc);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		fprintf(err, "%s:1: found a UTF-8 byte order mark; expected plain text (save the file "
			"without BOM)\n", file);
		errors++;
		pos = 3;
	}
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + (nl ? 1 : 0);
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n)) {
			fprintf(err, "%s:%d: found a NUL byte; expected a text file\n", file, line);
			errors++;
			continue;
		}
		if (n > CONFIG_SCAN_LINE_MAX) {
			fprintf(err, "%s:%d: found a line of %zu bytes; expected at most %d (iniparser "
				"refuses the whole file otherwise)\n", file, line, n, CONFIG_SCAN_LINE_MAX);
			errors++;
			continue;
		}
		while (n && isspace((unsigned char)*s)) {
			s++;
			n--;
		}
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n == 0 || s[0] == ';' || s[0] == '#')
			continue;
		if (s[n - 1] == '\\') {
			fprintf(err, "%s:%d: found a line ending in '\\' (a continuation line); expected "
				"each key on one line\n", file, line);
			errors++;
			continue;
		}
		if (s[0] == '[')
			errors += config_scan_section_line(sc, s, n, line, file, err);
		else
			errors += config_scan_key_line(sc, s, n, line, file, err);
	}
	return errors;
}

void config_scan_free(struct config_scan *sc)
{
	for (int i = 0; i < sc->n_sections; i++) {
		free(sc->sections[i].name);
		free(sc->sections[i].text);
	}
	for (int i = 0; i < sc->n_entries; i++) {
		free(sc->entries[i].key);
		free(sc->entries[i].key_text);
	}
	free(sc->sections);
	free(sc->entries);
	memset(sc, 0, sizeof *sc);
}
