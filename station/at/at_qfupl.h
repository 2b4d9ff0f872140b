/* Pure parser for the end of an upload: +QFUPL: <size>,<checksum>, the checksum in hex (any case,
 * with or without leading zeros or a 0x). Read with the field iterator (at_iter.h). */
#ifndef AT_QFUPL_H
#define AT_QFUPL_H
#include <stdint.h>

/* The longest checksum field taken: "0x" and 4 digits with room for leading zeros. A module prints
 * at most 4 digits; a longer field is not its answer. */
#define AT_QFUPL_HEX_MAX 16

/* Returns 0 with the size and the 16-bit checksum, or -1 when malformed or out of range. */
int at_qfupl_parse(const char *line, uint64_t *size, uint16_t *checksum);
#endif
