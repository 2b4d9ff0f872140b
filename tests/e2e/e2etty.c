/* LD_PRELOAD shim for end-to-end tests with many modules: opens the testbed's /dev/ttyUSB* nodes
 * (symlinks to /dev/pts/N inside $UMOCKDEV_DIR) straight through the kernel.
 *
 * Why: umockdev's preload (0.17.16) keeps a table of at most 50 open emulated device fds per
 * process and aborts past it ("fd_map_add(): overflow"); a station with 64 modules holds 64 AT
 * ports open. The ttys are plain ptys, so nothing is lost by skipping umockdev's bookkeeping for
 * them. Must come first in LD_PRELOAD (before the fixture's shim and umockdev's preload). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The pty behind a testbed tty path, or -1 when path is not one. */
static int e2etty_open(const char *path, int flags, mode_t mode)
{
	const char *dir = getenv("UMOCKDEV_DIR");
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	if (!dir || strncmp(path, "/dev/ttyUSB", 11) != 0)
		return -2;
	snprintf(link, sizeof link, "%s%s", dir, path);
	n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return -2;
	target[n] = '\0';
	if (strncmp(target, "/dev/pts/", 9) != 0)
		return -2;
	return (int)syscall(SYS_openat, AT_FDCWD, target, flags, mode);
}

#define E2ETTY_WRAP(name, ...)                                                                  \
	int name(__VA_ARGS__, int flags, ...)                                                   \
	{                                                                                       \
		mode_t mode = 0;                                                                \
		if (flags & (O_CREAT | O_TMPFILE)) {                                            \
			va_list ap;                                                             \
			va_start(ap, flags);                                                    \
			mode = (mode_t)va_arg(ap, int);                                         \
			va_end(ap);                                                             \
		}
E2ETTY_WRAP(open, const char *path)
	int fd = e2etty_open(path, flags, mode);
	if (fd != -2)
		return fd;
	int (*next)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	return next(path, flags, mode);
}
E2ETTY_WRAP(open64, const char *path)
	int fd = e2etty_open(path, flags, mode);
	if (fd != -2)
		return fd;
	int (*next)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
	return next(path, flags, mode);
}
E2ETTY_WRAP(openat, int dirfd, const char *path)
	int fd = path[0] == '/' ? e2etty_open(path, flags, mode) : -2;
	if (fd != -2)
		return fd;
	int (*next)(int, const char *, int, ...) = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	return next(dirfd, path, flags, mode);
}
E2ETTY_WRAP(openat64, int dirfd, const char *path)
	int fd = path[0] == '/' ? e2etty_open(path, flags, mode) : -2;
	if (fd != -2)
		return fd;
	int (*next)(int, const char *, int, ...) = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat64");
	return next(dirfd, path, flags, mode);
}

/* The fortified forms (_FORTIFY_SOURCE), which libserialport calls. */
int __open_2(const char *path, int flags);
int __open_2(const char *path, int flags)
{
	int fd = e2etty_open(path, flags, 0);
	if (fd != -2)
		return fd;
	int (*next)(const char *, int) = (int (*)(const char *, int))dlsym(RTLD_NEXT, "__open_2");
	return next(path, flags);
}

int __open64_2(const char *path, int flags);
int __open64_2(const char *path, int flags)
{
	int fd = e2etty_open(path, flags, 0);
	if (fd != -2)
		return fd;
	int (*next)(const char *, int) = (int (*)(const char *, int))dlsym(RTLD_NEXT, "__open64_2");
	return next(path, flags);
}
