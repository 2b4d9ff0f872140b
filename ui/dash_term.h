/* The terminal while the dashboard owns it: curses set up, stderr held back (so nothing scribbles
 * on the screen), and the terminal given back on every exit path: a normal return, a fatal signal
 * (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGHUP), and fatal() from any thread. */
#ifndef DASH_TERM_H
#define DASH_TERM_H
#include <stdbool.h>

/* Takes the terminal; false (with nothing changed) if it is not one curses can use. */
bool dash_term_start(void);
/* Gives the terminal back and prints what was written to stderr meanwhile. */
void dash_term_stop(void);
/* false once the terminal was given back in a hurry (fatal() on another thread): stop drawing. */
bool dash_term_owned(void);
/* Returns and clears whether SIGINT arrived (the operator pressed Ctrl-C). */
bool dash_term_take_interrupt(void);
#endif
