/* The structure check of a package file: delta packages are zip archives. Pure. */
#ifndef CONFIG_ZIP_H
#define CONFIG_ZIP_H
#include <stddef.h>
#include <stdint.h>

/* Checks that data[0..len) is a whole zip archive: an end-of-central-directory record at the end
 * (with at most a 64 KiB comment after it), a central directory inside the file before it, at
 * least one entry, and for each entry a local header inside the file whose data fits. Returns the
 * number of entries, or -1 with "found ...; expected ..." in why. */
int config_zip_check(const uint8_t *data, size_t len, char *why, size_t n);
#endif
