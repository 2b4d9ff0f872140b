/* station run's signals: SIGINT by a handler, SIGTERM and SIGHUP by a thread of their own; each
 * marks the run interrupted and wakes it through a pipe. One run per process. */
#ifndef RUN_SIGNAL_H
#define RUN_SIGNAL_H
#include <stdbool.h>

/* Installs the SIGINT handler, ignores SIGPIPE, blocks SIGTERM and SIGHUP in this thread (and
 * the threads it starts later) and starts the thread that takes them. Each signal writes a byte
 * to wake_fd. Call before any other thread starts. */
void run_signal_start(int wake_fd);
/* Ends the signal thread; no byte is written to wake_fd after it returns. */
void run_signal_stop(void);
/* Whether a signal (or run_signal_interrupt) asked the run to stop. */
bool run_signal_interrupted(void);
/* Marks the run interrupted without a signal (Ctrl-C inside the dashboard). */
void run_signal_interrupt(void);
#endif
