/* The module's user file system (UFS): free space, the file list, deleting a file.
 * Functions return 0 (or a count), or a negative enum at_status with a reason in err (AT_CME: the
 * module's code is the last +CME ERROR the channel saw, at_chan_last_cme). */
#ifndef AT_UFS_H
#define AT_UFS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/at/at_chan.h"
#include "station/at/at_ufs_parse.h"

struct at_ufs_file {
	char name[AT_UFS_NAME_MAX];
	uint64_t size;
};

/* AT+QFLDS="UFS". */
int at_ufs_space(struct at_chan *ch, uint64_t *free_bytes, uint64_t *total_bytes, int64_t timeout_ms,
		 char *err, size_t errlen);
/* AT+QFLST="*": up to max files into files; returns how many the module listed (may be > max). */
int at_ufs_list(struct at_chan *ch, struct at_ufs_file *files, int max, int64_t timeout_ms, char *err,
		size_t errlen);
/* AT+QFDEL="<name>": 0 when deleted, or when it was not there (+CME ERROR: 405, *existed false). */
int at_ufs_delete(struct at_chan *ch, const char *name, bool *existed, int64_t timeout_ms, char *err,
		  size_t errlen);
/* Whether a name may go into a command line: 1..80 bytes, no quote, no control character, no path
 * separator. */
bool at_ufs_name_ok(const char *name);
#endif
