/* LD_PRELOAD shim for programs run inside the fixture, in front of libumockdev-preload.so.0
 * (TESTBED.md):
 * - a pseudo-terminal has no modem-control lines, so TIOCMGET fails with ENOTTY where a USB
 *   serial port answers, and libserialport's sp_open needs it: the line ioctls are answered
 *   when the real call cannot, everything else passes on;
 * - umockdev names a process's uevent socket after its fd number only, so two processes
 *   listening for hotplug with the same fd number steal each other's events: the socket is
 *   renamed to a name unique to the process right after it is bound. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int ioctl(int fd, unsigned long request, ...);
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
