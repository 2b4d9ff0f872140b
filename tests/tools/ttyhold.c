/* ttyhold [--name NAME] [--excl] TTY: holds TTY open (exclusively with --excl, as a program that
 * sets TIOCEXCL does), under the command name NAME when given, until killed. Prints "holding"
 * once the port is held, so a test can wait for that line instead of sleeping. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *name = NULL, *tty = NULL;
	int excl = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--excl") == 0)
			excl = 1;
		else
			tty = argv[i];
	}
	if (!tty) {
		fprintf(stderr, "usage: ttyhold [--name NAME] [--excl] TTY\n");
		return 2;
	}
	if (name)
		prctl(PR_SET_NAME, name, 0, 0, 0);
	int fd = open(tty, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ttyhold: %s: %s\n", tty, strerror(errno));
		return 1;
	}
	/* A raw call: the emulated fixture's preload library answers unknown tty ioctls itself. */
	if (excl && syscall(SYS_ioctl, fd, TIOCEXCL, 0) < 0) {
		fprintf(stderr, "ttyhold: TIOCEXCL %s: %s\n", tty, strerror(errno));
		return 1;
	}
	printf("holding\n");
	fflush(stdout);
	for (;;)
		pause();
}
