/* The package catalogue: every delta package of the config, mapped once read-only and shared by all
 * slots, with its sha256 and the XOR-16 the module will report after the upload; and the rule that
 * picks a package for a module by its running firmware version.
 *
 * Thread contract: catalogue_open/close run on the main thread before and after the slots; in
 * between the catalogue is immutable and every function here may be called from any thread. */
#ifndef CATALOGUE_H
#define CATALOGUE_H
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

struct package {
	const struct config_package *cfg;   /* name, file, file_name, url, from, to */
	const uint8_t *data;                /* the file, mapped once, shared read-only by all slots;
	                                     * NULL for a URL package (the module downloads it) */
	size_t size;                        /* URL: what the station's fetch got (0 if it failed) */
	char sha256[65];                    /* URL: of the station's fetch ("" if it failed) */
	uint16_t xor16;                     /* what the module will report after AT+QFUPL */
	char fetch_note[300];               /* URL: why the station could not fetch it, else "" */
};

enum catalogue_verdict { CATALOGUE_FLASH, CATALOGUE_SKIP, CATALOGUE_NO_PACKAGE, CATALOGUE_WRONG_BASE };

struct catalogue;

/* Maps every package file of cfg, hashes it and checks it against the config's sha256 when given;
 * fetches every URL package once (config_package_inspect) for its size and sha256. A URL the
 * station cannot fetch is kept with a fetch_note unless it has a sha256 to check.
 * The catalogue keeps pointers into cfg, which must outlive it. Returns NULL with a reason naming
 * the package and the file (missing, empty, unreadable, sha256 mismatch, two packages with the
 * same `from`). */
struct catalogue *catalogue_open(const struct config *cfg, char *err, size_t errlen);
void catalogue_close(struct catalogue *c);

/* Decides by the module's running (full) version: FLASH with *pkg when a package's `from` is a
 * prefix of it (and its `to` is not; the longest `from` wins), else SKIP when it already runs a
 * package's `to` (prefix match; *pkg is that package), else WRONG_BASE when a package exists for
 * the same product family (catalogue_family) but not from this base, else NO_PACKAGE (*pkg NULL). */
enum catalogue_verdict catalogue_pick(const struct catalogue *c, const char *version,
				      const struct package **pkg);
int catalogue_count(const struct catalogue *c);
const struct package *catalogue_get(const struct catalogue *c, int i);

/* The rule of catalogue_pick over config packages alone: returns the verdict and the index of the
 * package in *index (-1 with NO_PACKAGE / WRONG_BASE). Pure. */
enum catalogue_verdict catalogue_verdict_of(const struct config_package *pkgs, int n,
					    const char *version, int *index);
/* The one rule for "the module runs the package's target": the package's `to` is a prefix of the
 * version the module reports (case-insensitive). */
bool catalogue_at_target(const struct config_package *pkg, const char *version);
/* The product family of a firmware version: the text before its release marker R<2 digits>A<2
 * digits> ("RM500QGLAB" of "RM500QGLABR11A04M4G_01.001.01.001"). Returns its length, 0 when the
 * version has no release marker (then it belongs to no family). Pure. */
size_t catalogue_family(const char *version);
/* "FLASH", "SKIP", "NO_PACKAGE", "WRONG_BASE". */
const char *catalogue_verdict_name(enum catalogue_verdict v);
/* Checks that no two packages share a `from` (case-insensitively). Returns 0, or -1 naming both. */
int catalogue_check_unique_from(const struct config_package *pkgs, int n, char *err, size_t errlen);
#endif
