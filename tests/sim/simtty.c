/* LD_PRELOAD shim for programs run inside the fixture: a pseudo-terminal has no modem-control
 * lines, so TIOCMGET fails with ENOTTY where a USB serial port answers; libserialport's sp_open
 * needs it. Answers the line ioctls when the real call cannot, passes everything else on.
 * Must come before libumockdev-preload.so.0 in LD_PRELOAD (TESTBED.md). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/ioctl.h>

int ioctl(int fd, unsigned long request, ...);

int ioctl(int fd, unsigned long request, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
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
