/* station run's signals (run_signal.h). */
#include "station/cli/run_signal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

static atomic_int run_signal_fd = -1;
/* Set by the SIGINT handler or the SIGTERM thread; a lock-free atomic is safe in a handler. */
static atomic_int run_signal_seen;
/* After the run, a SIGTERM sent to the signal thread with this set ends it. */
static atomic_bool run_signal_done;
static pthread_t run_signal_thread;
static bool run_signal_running;

static void run_signal_on(int sig)
{
	int saved = errno;
	(void)sig;
	atomic_store(&run_signal_seen, 1);
	int fd = atomic_load(&run_signal_fd);
	if (fd >= 0 && write(fd, "s", 1) < 0) { /* already woken */ }
	errno = saved;
}

/* Waits for SIGTERM or SIGHUP (blocked everywhere else) and asks the run to stop, like SIGINT: a
 * dropped SSH session or a closed terminal ends the run with records, not without. */
static void *run_signal_main(void *arg)
{
	sigset_t term;
	int sig;
	(void)arg;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGHUP);
	for (;;) {
		if (sigwait(&term, &sig) != 0 || atomic_load(&run_signal_done))
			return NULL;
		run_signal_on(sig);
	}
}

void run_signal_start(int wake_fd)
{
	atomic_store(&run_signal_fd, wake_fd);
	struct sigaction sa = { .sa_handler = run_signal_on };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* SIGTERM is taken by a thread of its own with every other thread blocking it, so no
	 * handler installed later (the dashboard restores the terminal and dies on it) can turn a
	 * shutdown request into an exit without records. */
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	run_signal_running = pthread_create(&run_signal_thread, NULL, run_signal_main, NULL) == 0;
}

void run_signal_stop(void)
{
	if (run_signal_running) {
		atomic_store(&run_signal_done, true);
		pthread_kill(run_signal_thread, SIGTERM);
		pthread_join(run_signal_thread, NULL);
		run_signal_running = false;
	}
	atomic_store(&run_signal_fd, -1);
}

bool run_signal_interrupted(void)
{
	return atomic_load(&run_signal_seen) != 0;
}

void run_signal_interrupt(void)
{
	atomic_store(&run_signal_seen, 1);
}
