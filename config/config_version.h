/* Firmware version order and what a package's file name says about its direction. Pure: no I/O,
 * table-tested in tests/unit/test_config_version.c. */
#ifndef CONFIG_VERSION_H
#define CONFIG_VERSION_H

/* Orders two Quectel versions (RM500QGLABR11A04M4G, ..._01.001.01.001) where they first differ:
 * the number runs there compared as numbers (R10 < R11, A04 < A06, 01.002 > 01.001), or a
 * version that merely continues the other is newer. Returns <0 a is older, >0 newer, 0 equal,
 * and 2 when the two cannot be ordered (they first differ in letters: another product or
 * variant). */
int config_version_cmp(const char *a, const char *b);

/* Whether the file name names the versions in the other order: its first word that belongs to
 * only one of from/to (a word = a run of letters and digits with a digit, as "A06" in
 * "A06-to-A04.zip") belongs to `to`, and a later one to `from`. 1 yes (why says which words), 0 no. */
int config_version_name_reversed(const char *file_name, const char *from, const char *to, char *why,
				 int n);
#endif
