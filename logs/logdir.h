/* Folders for records and transcripts: created on demand, like mkdir -p. */
#ifndef LOGDIR_H
#define LOGDIR_H
#include <stddef.h>

/* Creates path and its missing parents (mode 0755). Returns 0, or -1 with a reason in err. */
int logdir_make(const char *path, char *err, size_t errlen);
#endif
