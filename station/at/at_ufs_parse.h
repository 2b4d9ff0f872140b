/* Pure parsers for the UFS answers: +QFLDS: <free>,<total> and +QFLST: "<name>",<size>, read with
 * the field iterator (at_iter.h). */
#ifndef AT_UFS_PARSE_H
#define AT_UFS_PARSE_H
#include <stddef.h>
#include <stdint.h>

#define AT_UFS_NAME_MAX 81   /* 80 bytes and the NUL */
/* Sizes have at most 12 digits (under 1 TB): a module's UFS is megabytes; more is not an answer. */
#define AT_UFS_SIZE_MAX UINT64_C(999999999999)

/* Returns 0, or -1 when the line is malformed (free > total is malformed too). */
int at_ufs_parse_qflds(const char *line, uint64_t *free_bytes, uint64_t *total_bytes);
/* Returns 0 with the name (AT_UFS_NAME_MAX bytes) and size, or -1. */
int at_ufs_parse_qflst(const char *line, char *name, uint64_t *size);
#endif
