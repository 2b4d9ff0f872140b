#include "ui/dash_term.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "station/base/xalloc.h"

static const int dash_term_fatal_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGHUP };
#define DASH_TERM_NSIG (sizeof dash_term_fatal_signals / sizeof dash_term_fatal_signals[0])

/* Process-wide by nature (one terminal, signal handlers): set up by the UI thread before the
 * handlers are installed, then only read until dash_term_stop; the flags are atomic. */
static struct {
	SCREEN *screen;
	struct termios saved_tio;
	bool have_tio;
	char restore_seq[256];        /* leave the alternate screen, cursor on, attributes off */
	size_t restore_len;
	int saved_stderr;             /* the real stderr while fd 2 goes to the hold file */
	int hold_fd;                  /* what was written to stderr meanwhile */
	struct sigaction old_fatal[DASH_TERM_NSIG];
	struct sigaction old_int;
	atomic_bool owned;            /* curses owns the terminal */
	atomic_int interrupted;
} dash_term;

/* Appends one terminfo string to the restore sequence, if the terminal has it. */
static void dash_term_add_cap(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (dash_term.restore_len + n < sizeof dash_term.restore_seq) {
		memcpy(dash_term.restore_seq + dash_term.restore_len, s, n);
		dash_term.restore_len += n;
	}
}

/* Copies the held stderr text to the real stderr; async-signal-safe (read, write, lseek). */
static void dash_term_release_stderr(void)
{
	char buf[1024];
	ssize_t n;

	if (dash_term.saved_stderr < 0)
		return;
	dup2(dash_term.saved_stderr, STDERR_FILENO);
	lseek(dash_term.hold_fd, 0, SEEK_SET);
	while ((n = read(dash_term.hold_fd, buf, sizeof buf)) > 0)
		if (write(STDERR_FILENO, buf, (size_t)n) < 0)
			break;
}

/* Gives the terminal back without curses: safe from a signal handler and from another thread. */
static void dash_term_restore_raw(void)
{
	if (!atomic_exchange(&dash_term.owned, false))
		return;
	if (dash_term.restore_len && write(STDOUT_FILENO, dash_term.restore_seq, dash_term.restore_len) < 0) {
		/* nothing more can be done for a terminal that refuses output */
	}
	if (dash_term.have_tio)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &dash_term.saved_tio);
	dash_term_release_stderr();
}

/* Fatal signals: restore, then die of the same signal (the handler was reset by SA_RESETHAND). */
static void dash_term_on_fatal(int sig)
{
	int e = errno;
	dash_term_restore_raw();
	errno = e;
	raise(sig);
}

static void dash_term_on_int(int sig)
{
	(void)sig;
	atomic_fetch_add(&dash_term.interrupted, 1);
}

bool dash_term_owned(void)
{
	return atomic_load(&dash_term.owned);
}

bool dash_term_take_interrupt(void)
{
	return atomic_exchange(&dash_term.interrupted, 0) > 0;
}

/* Sends stderr to an unlinked file until the terminal is given back. */
static void dash_term_hold_stderr(void)
{
	char path[] = "/tmp/station-stderr-XXXXXX";

	dash_term.saved_stderr = -1;
	dash_term.hold_fd = mkostemp(path, O_CLOEXEC);
	if (dash_term.hold_fd < 0)
		return;
	unlink(path);
	fflush(stderr);
	dash_term.saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (dash_term.saved_stderr < 0 || dup2(dash_term.hold_fd, STDERR_FILENO) < 0) {
		if (dash_term.saved_stderr >= 0)
			close(dash_term.saved_stderr);
		close(dash_term.hold_fd);
		dash_term.saved_stderr = -1;
	}
}

bool dash_term_start(void)
{
	struct sigaction sa;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return false;
	dash_term.have_tio = tcgetattr(STDIN_FILENO, &dash_term.saved_tio) == 0;
	dash_term.screen = newterm(NULL, stdout, stdin);
	if (!dash_term.screen)
		return false;
	dash_term.restore_len = 0;
	dash_term_add_cap("sgr0");
	dash_term_add_cap("cnorm");
	dash_term_add_cap("rmkx");
	dash_term_add_cap("rmcup");
	atomic_store(&dash_term.interrupted, 0);
	atomic_store(&dash_term.owned, true);

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = dash_term_on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < DASH_TERM_NSIG; i++)
		sigaction(dash_term_fatal_signals[i], &sa, &dash_term.old_fatal[i]);
	sa.sa_handler = dash_term_on_int;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, &dash_term.old_int);
	dash_term_hold_stderr();
	/* Last: a thread that sees the hook sees everything set up above. */
	fatal_set_hook(dash_term_restore_raw);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	return true;
}

void dash_term_stop(void)
{
	if (!dash_term.screen)
		return;
	fatal_set_hook(NULL);
	if (atomic_exchange(&dash_term.owned, false)) {
		endwin();
		dash_term_release_stderr();
	}
	if (dash_term.saved_stderr >= 0) {
		close(dash_term.saved_stderr);
		close(dash_term.hold_fd);
		dash_term.saved_stderr = -1;
	}
	for (size_t i = 0; i < DASH_TERM_NSIG; i++)
		sigaction(dash_term_fatal_signals[i], &dash_term.old_fatal[i], NULL);
	sigaction(SIGINT, &dash_term.old_int, NULL);
	delscreen(dash_term.screen);
	dash_term.screen = NULL;
}
