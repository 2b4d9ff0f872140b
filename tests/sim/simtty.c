/* LD_PRELOAD shim for programs run inside the fixture, in front of libumockdev-preload.so.0
 * (TESTBED.md):
 * - a pseudo-terminal has no modem-control lines, so TIOCMGET fails with ENOTTY where a USB
 *   serial port answers, and libserialport's sp_open needs it: the line ioctls are answered
 *   when the real call cannot, everything else passes on;
 * - umockdev names a process's uevent socket after its fd number only, so two processes
 *   listening for hotplug with the same fd number steal each other's events: the socket is
 *   renamed to a name unique to the process right after it is bound;
 * - umockdev's open() remembers every device it opens in a table of 50 (and a failed open
 *   forever): a station holding 64 ports open aborts. Opens of the testbed's /dev/tty* nodes
 *   go straight to the pseudo-terminal they stand for instead. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int ioctl(int fd, unsigned long request, ...);
int open(const char *path, int flags, ...);
int open64(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int openat64(int dirfd, const char *path, int flags, ...);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);

/* The pty behind a testbed tty node, or 0 when path is not one. */
/* 1 with the pty behind a testbed tty in out; -1 when the testbed has no such tty (now); 0 for
 * any other path. */
static int tty_target(const char *path, char *out, size_t len)
{
	const char *dir = getenv("UMOCKDEV_DIR");
	char link[4096];
	if (!dir || !path || strncmp(path, "/dev/tty", 8) != 0)
		return 0;
	snprintf(link, sizeof link, "%s%s", dir, path);
	long n = syscall(SYS_readlinkat, AT_FDCWD, link, out, len - 1);
	if (n < 0 && errno == ENOENT && strncmp(path, "/dev/ttyUSB", 11) == 0)
		return -1;   /* gone (a module just unplugged): never let umockdev see this open */
	if (n <= 0)
		return 0;
	out[n] = '\0';
	return strncmp(out, "/dev/pts/", 9) == 0;
}

static mode_t open_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
}

/* Opens path through the next library unless it is a testbed tty. */
static int open_via(const char *name, int dirfd, const char *path, int flags, mode_t mode)
{
	char target[256];
	int saved = errno;
	int t = tty_target(path, target, sizeof target);
	if (t > 0) {
		errno = saved;
		return (int)syscall(SYS_openat, AT_FDCWD, target, flags, mode);
	}
	if (t < 0) {
		/* umockdev's table keeps a slot for every failed open of a /dev node for good: after a
		 * few hundred re-plugs a long run overflows it and aborts (make soak). */
		errno = ENOENT;
		return -1;
	}
	errno = saved;
	if (dirfd == -1000) {
		int (*next)(const char *, int, ...);
		*(void **)&next = dlsym(RTLD_NEXT, name);
		return next(path, flags, mode);
	}
	int (*next)(int, const char *, int, ...);
	*(void **)&next = dlsym(RTLD_NEXT, name);
	return next(dirfd, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return open_via("open", -1000, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return open_via("open64", -1000, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return open_via("openat", dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = open_mode(flags, ap);
	va_end(ap);
	return open_via("openat64", dirfd, path, flags, mode);
}

int __open_2(const char *path, int flags)
{
	return open_via("__open_2", -1000, path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
	return open_via("__open64_2", -1000, path, flags, 0);
}
int bind(int fd, const struct sockaddr *addr, socklen_t len);

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	int (*real)(int, const struct sockaddr *, socklen_t);
	const char *dir = getenv("UMOCKDEV_DIR");
	char from[4096], to[4096];
	int lock = -1;
	*(void **)&real = dlsym(RTLD_NEXT, "bind");
	if (dir && addr && addr->sa_family == AF_NETLINK) {
		/* umockdev unlinks event<fd> before binding it: one process at a time */
		snprintf(from, sizeof from, "%s/event-lock", dir);
		lock = open(from, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (lock >= 0)
			flock(lock, LOCK_EX);
	}
	int rc = real(fd, addr, len);
	if (rc == 0 && dir && addr && addr->sa_family == AF_NETLINK) {
		struct stat st;
		int e = errno;
		snprintf(from, sizeof from, "%s/event%d", dir, fd);
		snprintf(to, sizeof to, "%s/event%d-%ld", dir, fd, (long)getpid());
		if (stat(from, &st) == 0 && S_ISSOCK(st.st_mode))
			rename(from, to);
		errno = e;
	}
	if (lock >= 0)
		close(lock);
	return rc;
}

int ioctl(int fd, unsigned long request, ...)
{
	int (*real)(int, unsigned long, ...);
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	*(void **)&real = dlsym(RTLD_NEXT, "ioctl");
	int rc = real(fd, request, arg);
	if (rc == 0 || (errno != ENOTTY && errno != EINVAL))
		return rc;
	switch (request) {
	case TIOCMGET:
		if (!arg)
			return rc;
		*(int *)arg = TIOCM_DTR | TIOCM_RTS | TIOCM_CTS | TIOCM_DSR | TIOCM_CD;
		return 0;
	case TIOCMSET:
	case TIOCMBIS:
	case TIOCMBIC:
		return 0;
	default:
		return rc;
	}
}
