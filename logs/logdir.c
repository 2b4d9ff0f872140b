#include "logs/logdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "station/base/xalloc.h"

int logdir_make(const char *path, char *err, size_t errlen)
{
	char buf[4096];
	size_t n = xstrlcpy(buf, path, sizeof buf);

	if (n == 0 || n >= sizeof buf) {
		snprintf(err, errlen, "%s: bad folder name", path);
		return -1;
	}
	/* Each prefix that ends before a '/' in turn, then the whole path. */
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char keep = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, LOGDIR_DIR_MODE) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create folder %s: %s", buf, strerror(errno));
			return -1;
		}
		buf[i] = keep;
	}
	return 0;
}

int logdir_open(const char *path, int flags)
{
	return open(path, flags | O_CLOEXEC | O_NOFOLLOW, LOGDIR_FILE_MODE);
}

int logdir_sync(const char *dir, char *err, size_t errlen)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: cannot sync the folder: %s", dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* A probe line as long as a typical record, so a nearly full disk fails here and not at the
 * first unit. */
#define LOGDIR_PROBE_BYTES 512

int logdir_probe(const char *dir, char *err, size_t errlen)
{
	char *path = xasprintf("%s/.station-probe-%ld", dir, (long)getpid());
	char data[LOGDIR_PROBE_BYTES];
	int rc = -1;

	memset(data, 'x', sizeof data);
	unlink(path);
	int fd = logdir_open(path, O_WRONLY | O_CREAT | O_EXCL);
	if (fd < 0) {
		snprintf(err, errlen, "log_dir %s: cannot create a record file: %s", dir, strerror(errno));
		goto out;
	}
	ssize_t n = write(fd, data, sizeof data);
	if (n != (ssize_t)sizeof data || fsync(fd) < 0) {
		snprintf(err, errlen, "log_dir %s: cannot write a record file: %s", dir,
			 n >= 0 && n != (ssize_t)sizeof data ? "short write (disk full?)" : strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	close(fd);
	if (unlink(path) < 0) {
		snprintf(err, errlen, "log_dir %s: cannot remove %s: %s", dir, path, strerror(errno));
		goto out;
	}
	rc = logdir_sync(dir, err, errlen);
out:
	free(path);
	return rc;
}

/* The pid written in a lock file, or 0. */
static pid_t logdir_lock_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	long pid = strtol(buf, NULL, 10);
	return pid > 0 ? (pid_t)pid : 0;
}

int logdir_lock(const char *dir, pid_t *holder, char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s", dir, LOGDIR_LOCK_NAME);
	char pid[32];
	int fd = logdir_open(path, O_RDWR | O_CREAT);

	*holder = 0;
	if (fd < 0) {
		snprintf(err, errlen, "log_dir %s: cannot open its lock file %s: %s", dir, path, strerror(errno));
		free(path);
		return -1;
	}
	/* flock, not fcntl locks: it belongs to this open file, so every thread of the process holds
	 * it and a second process (or a second open in this one) is refused. */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		*holder = e == EWOULDBLOCK ? logdir_lock_pid(fd) : 0;
		if (e == EWOULDBLOCK)
			snprintf(err, errlen, "log_dir %s is in use by another station (pid %ld); one station "
				 "per log folder", dir, (long)*holder);
		else
			snprintf(err, errlen, "log_dir %s: cannot lock %s: %s", dir, path, strerror(e));
		close(fd);
		free(path);
		return -1;
	}
	int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		/* The lock holds without the pid; a refused station then just cannot name us. */
	}
	free(path);
	return fd;
}
