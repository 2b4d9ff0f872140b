/* Allocation that never returns NULL, and fatal() for broken invariants. Running out of memory or
 * breaking an invariant is a bug or a dead machine, never something one unit can cause. */
#ifndef XALLOC_H
#define XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Copies src into dst (always NUL-terminated, cut to fit); returns strlen(src). */
size_t xstrlcpy(char *dst, const char *src, size_t size);
/* Prints "station: fatal: ..." and aborts, after running the registered terminal restore hook. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* The UI registers a hook that restores the terminal before fatal() prints. */
void fatal_set_hook(void (*hook)(void));
#endif
