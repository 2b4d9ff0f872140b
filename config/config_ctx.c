/* How one config_load reports: errors (counted) and warnings, each with the file and line. */
#include "config/config_ctx.h"

#include <stdarg.h>

void config_ctx_error(struct config_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;
	if (line > 0)
		fprintf(c->err, "%s:%d: ", c->file, line);
	else
		fprintf(c->err, "%s: ", c->file);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	c->errors++;
}

void config_ctx_warning(struct config_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(c->err, "%s:%d: warning: ", c->file, line);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
}
