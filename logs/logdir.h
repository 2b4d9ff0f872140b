/* The log folder (records, transcripts, journal): created on demand like mkdir -p, files opened so
 * that a symlink planted in the folder cannot redirect them, one station per folder.
 *
 * Modes: folders 0750, files 0640 (before the umask): records name operators and lots and are
 * for the line's own group, not for every account on the host. */
#ifndef LOGDIR_H
#define LOGDIR_H
#include <stddef.h>
#include <sys/types.h>

#define LOGDIR_DIR_MODE  0750
#define LOGDIR_FILE_MODE 0640
/* The lock file inside the log folder; it holds the pid of the station that has the folder. */
#define LOGDIR_LOCK_NAME ".station.lock"

/* Creates path and its missing parents. Returns 0, or -1 with a reason in err. */
int logdir_make(const char *path, char *err, size_t errlen);
/* open(2) for a file of the log folder: O_CLOEXEC | O_NOFOLLOW added, created LOGDIR_FILE_MODE.
 * Returns the fd, or -1 with errno (ELOOP for a symlink). */
int logdir_open(const char *path, int flags);
/* fsync(2) of a folder, so a file just created or renamed in it survives a power cut. Returns 0,
 * or -1 with a reason in err. */
int logdir_sync(const char *dir, char *err, size_t errlen);
/* Proves that a record file can be created, written and made durable in dir: creates a probe
 * file, writes to it, fsyncs it and the folder, removes it. Returns 0, or -1 with a reason. */
int logdir_probe(const char *dir, char *err, size_t errlen);
/* Takes the folder's exclusive lock (flock on LOGDIR_LOCK_NAME, which then holds our pid) for the
 * life of the process. Returns the lock's fd (keep it open), or -1 with a reason in err; when
 * another process has it, *holder is its pid (else 0). */
int logdir_lock(const char *dir, pid_t *holder, char *err, size_t errlen);
#endif
