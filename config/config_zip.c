/* Zip layout (APPNOTE.TXT): local headers and data, then the central directory, then the end of
 * central directory record (EOCD), which may be followed by a comment of up to 65535 bytes.
 * Only what tells a real archive from a truncated, padded or foreign file is checked; the module
 * checks the contents itself (END,504 for a bad zip). */
#include "config/config_zip.h"

#include <stdio.h>

#define ZIP_EOCD_SIG  0x06054b50u
#define ZIP_CDIR_SIG  0x02014b50u
#define ZIP_LOCAL_SIG 0x04034b50u
#define ZIP_EOCD_LEN  22u
#define ZIP_CDIR_LEN  46u
#define ZIP_LOCAL_LEN 30u
#define ZIP_COMMENT_MAX 65535u

static uint32_t zip_u16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t zip_u32(const uint8_t *p) { return zip_u16(p) | zip_u16(p + 2) << 16; }

int config_zip_check(const uint8_t *data, size_t len, char *why, size_t n)
{
	size_t eocd = 0;
	int found = 0;

	if (len < ZIP_EOCD_LEN) {
		snprintf(why, n, "found %zu bytes; expected a zip archive (at least %u bytes)", len, ZIP_EOCD_LEN);
		return -1;
	}
	/* The last EOCD signature whose comment length reaches exactly the end of the file. */
	for (size_t back = 0; back <= ZIP_COMMENT_MAX && back + ZIP_EOCD_LEN <= len && !found; back++) {
		size_t at = len - ZIP_EOCD_LEN - back;
		if (zip_u32(data + at) == ZIP_EOCD_SIG && zip_u16(data + at + 20) == back) {
			eocd = at;
			found = 1;
		}
	}
	if (!found) {
		snprintf(why, n, "found no zip end record; expected a zip archive (the file is not a zip, "
			 "or it was cut short or padded)");
		return -1;
	}
	const uint8_t *e = data + eocd;
	uint32_t entries = zip_u16(e + 10), cd_size = zip_u32(e + 12), cd_off = zip_u32(e + 16);
	if (zip_u16(e + 4) != 0 || zip_u16(e + 6) != 0 || zip_u16(e + 8) != entries) {
		snprintf(why, n, "found a multi-part zip; expected a single zip archive");
		return -1;
	}
	if (entries == 0 || entries == 0xffff || cd_off == 0xffffffffu) {
		snprintf(why, n, "found a zip with %s; expected a delta package with its entries",
			 entries == 0 ? "no entries" : "64-bit (zip64) fields");
		return -1;
	}
	if ((uint64_t)cd_off + cd_size != eocd) {
		snprintf(why, n, "found a zip directory at %u+%u ending away from its end record at %zu; "
			 "expected a whole zip archive", cd_off, cd_size, eocd);
		return -1;
	}
	size_t p = cd_off;
	for (uint32_t i = 0; i < entries; i++) {
		if (p + ZIP_CDIR_LEN > eocd || zip_u32(data + p) != ZIP_CDIR_SIG) {
			snprintf(why, n, "found a damaged zip directory at entry %u of %u; expected a whole zip "
				 "archive", i + 1, entries);
			return -1;
		}
		const uint8_t *c = data + p;
		uint32_t csize = zip_u32(c + 20), local = zip_u32(c + 42);
		size_t rec = ZIP_CDIR_LEN + zip_u16(c + 28) + zip_u16(c + 30) + zip_u16(c + 32);
		if (local + (uint64_t)ZIP_LOCAL_LEN > cd_off || zip_u32(data + local) != ZIP_LOCAL_SIG) {
			snprintf(why, n, "found zip entry %u of %u without its local header; expected a whole "
				 "zip archive", i + 1, entries);
			return -1;
		}
		const uint8_t *l = data + local;
		uint64_t end = (uint64_t)local + ZIP_LOCAL_LEN + zip_u16(l + 26) + zip_u16(l + 28) + csize;
		if (end > cd_off) {
			snprintf(why, n, "found zip entry %u of %u running past the directory; expected a whole "
				 "zip archive", i + 1, entries);
			return -1;
		}
		p += rec;
	}
	if (p != eocd) {
		snprintf(why, n, "found a zip directory that does not end at its end record; expected a "
			 "whole zip archive");
		return -1;
	}
	return (int)entries;
}
