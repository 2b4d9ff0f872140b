/* The line assembler: {bytes, expected lines} including broken framing, NULs, overlong lines. */
#include <stdlib.h>

#include "station/at/at_line.h"
#include "tests/unit/check.h"

/* Feeds data in pieces of step bytes (0 = all at once); joins the lines with '|', cut ones marked '~'. */
static void assemble(const char *data, size_t len, size_t step, char *out, size_t outlen)
{
	struct at_line l;
	size_t pos = 0, o = 0;

	at_line_init(&l);
	out[0] = '\0';
	while (pos < len) {
		size_t piece = step && len - pos > step ? step : len - pos, used = 0;
		while (used < piece) {
			bool done;
			used += at_line_feed(&l, (const uint8_t *)data + pos + used, piece - used, &done);
			if (done)
				o += (size_t)snprintf(out + o, outlen - o, "%s%s%s", o ? "|" : "", l.cut ? "~" : "", l.text);
		}
		pos += piece;
	}
}

#define R(in, want) { in, sizeof(in) - 1, want }

static void t_table(void)
{
	static const struct { const char *in; size_t len; const char *want; } rows[] = {
		R("OK\r\n", "OK"),
		R("\r\nOK\r\n", "OK"),
		R("OK", ""),                                   /* partial: nothing yet */
		R("A\rB\nC\r\nD\n\rE\r\n", "A|B|C|D|E"),       /* CR, LF, CRLF, LFCR */
		R("A\r\n\r\nB\r\n", "A|B"),                    /* empty lines skipped */
		R("A\r\r\r\nB\n\n\n", "A|B"),
		R("\r\n\r\n\r\n", ""),
		R("ATI\rQuectel\r\nOK\r\n", "ATI|Quectel|OK"),   /* echo without its LF */
		R("A\0B\r\n", "AB"),                          /* NUL dropped */
		R("\0\0\0\r\n", ""),
		R("\xff\xfe\x80x\r\n", "\xff\xfe\x80x"),        /* non-ASCII kept */
		R("+QIND: \"FOTA\",\"START\"\r\n\r\n+QIND: \"FOTA\",\"UPDATING\",1\r\n",
		  "+QIND: \"FOTA\",\"START\"|+QIND: \"FOTA\",\"UPDATING\",1"),
		R("\n\rX\n\r", "X"),
		R("ATE0\r\r\nOK\r\n", "ATE0|OK"),
	};
	char out[4096];

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (size_t step = 0; step <= 3; step++) {
			check_case("t_table[%zu] step %zu", i, step);
			assemble(rows[i].in, rows[i].len, step, out, sizeof out);
			CHECK_STR(out, rows[i].want);
		}
	}
}

static void t_overlong(void)
{
	size_t n = AT_LINE_MAX * 3;
	char *in = malloc(n + 8), out[AT_LINE_MAX * 2];
	struct at_line l;
	bool done;
	size_t used;

	memset(in, 'x', n);
	memcpy(in + n, "\r\nOK\r\n", 6);
	at_line_init(&l);
	used = at_line_feed(&l, (const uint8_t *)in, n + 6, &done);
	CHECK(done);
	CHECK(l.cut);
	CHECK_INT(l.len, AT_LINE_MAX - 1);
	CHECK_INT(strlen(l.text), AT_LINE_MAX - 1);
	CHECK_INT(l.dropped, n - (AT_LINE_MAX - 1));
	used += at_line_feed(&l, (const uint8_t *)in + used, n + 6 - used, &done);
	CHECK(done);
	CHECK(!l.cut);
	CHECK_STR(l.text, "OK");
	CHECK_INT(used, n + 5);  /* the LF after OK waits for the next feed, and ends nothing */
	used += at_line_feed(&l, (const uint8_t *)in + used, n + 6 - used, &done);
	CHECK(!done);
	CHECK_INT(used, n + 6);
	/* Byte by byte gives the same, and the next line is clean. */
	assemble(in, n + 6, 1, out, sizeof out);
	CHECK_INT(out[0], '~');
	CHECK_STR(out + 1 + AT_LINE_MAX - 1, "|OK");
	/* Exactly full: not cut. */
	memset(in, 'y', AT_LINE_MAX - 1);
	memcpy(in + AT_LINE_MAX - 1, "\r", 1);
	at_line_init(&l);
	at_line_feed(&l, (const uint8_t *)in, AT_LINE_MAX, &done);
	CHECK(done);
	CHECK(!l.cut);
	CHECK_INT(l.len, AT_LINE_MAX - 1);
	free(in);
}

static void t_reset(void)
{
	struct at_line l;
	bool done;

	at_line_init(&l);
	at_line_feed(&l, (const uint8_t *)"PARTI", 5, &done);
	CHECK(!done);
	at_line_reset(&l);
	at_line_feed(&l, (const uint8_t *)"OK\r", 3, &done);
	CHECK(done);
	CHECK_STR(l.text, "OK");
}

int main(void)
{
	RUN(t_table);
	RUN(t_overlong);
	RUN(t_reset);
	return check_done();
}
