/* A tiny unit-test kit: each case prints "PASS name" or "FAIL name: why" for tests/runner.sh.
 *
 *   static void t_parse(void) { CHECK(x == 1); CHECK_STR(s, "OK"); CHECK_INT(n, 3); }
 *   int main(void) { RUN(t_parse); return check_done(); }
 *
 * Table tests call check_case("name[%d]", i) to name each row; a failed CHECK inside names it. */
#ifndef CHECK_H
#define CHECK_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_failed_cases, check_case_failed;
static char check_case_name[160];

static inline void check_case(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void check_case(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(check_case_name, sizeof check_case_name, fmt, ap);
	va_end(ap);
}

static inline void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline void check_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	if (!check_case_failed)
		printf("FAIL %s: ", check_case_name);
	else
		printf("     also: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (%s:%d)\n", file, line);
	check_case_failed = 1;
}

#define CHECK(c) do { if (!(c)) check_fail(__FILE__, __LINE__, "%s", #c); } while (0)
#define CHECK_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) check_fail(__FILE__, __LINE__, "%s = %lld, expected %lld", #a, a_, b_); } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (!a_ || !b_ || strcmp(a_, b_) != 0) check_fail(__FILE__, __LINE__, "%s = \"%s\", expected \"%s\"", \
		#a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } while (0)

/* Runs one case function; the case name is the function's name plus any check_case() suffix. */
#define RUN(fn) do { check_case("%s", #fn); check_case_failed = 0; fn(); \
	if (check_case_failed) check_failed_cases++; else printf("PASS %s\n", #fn); fflush(stdout); } while (0)

static inline int check_done(void) { return check_failed_cases ? 1 : 0; }
#endif
