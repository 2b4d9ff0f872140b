/* A line scanner for the station INI: finds sections and keys with their line numbers and
 * reports what iniparser would silently get wrong or refuse as a whole (syntax errors, lines
 * over its 1024-byte buffer, continuation lines, duplicate keys and sections). */
#ifndef CONFIG_SCAN_H
#define CONFIG_SCAN_H
#include <stddef.h>
#include <stdio.h>

/* iniparser 4.1 reads lines into a 1024-byte buffer, newline and terminator included. */
#define CONFIG_SCAN_LINE_MAX 1022

struct config_scan_section {
	char *name;        /* as iniparser keys it: stripped, lowercased */
	char *text;        /* as written, stripped: "package A04-to-A06" */
	int line;
};

struct config_scan_entry {
	int line;
	int section;       /* index into sections, or -1 before any section */
	char *key;         /* stripped, lowercased (iniparser's key) */
	char *key_text;    /* as written */
};

struct config_scan {
	struct config_scan_section *sections;
	int n_sections, cap_sections;
	struct config_scan_entry *entries;
	int n_entries, cap_entries;
};

/* Scans text[0..len). Each problem goes to err as "file:LINE: ..."; returns how many. */
int config_scan(struct config_scan *sc, const char *text, size_t len, const char *file, FILE *err);
void config_scan_free(struct config_scan *sc);
#endif
