/* The field iterator: {line, prefix, steps, expected} rows, malformed lines included. Each line is
 * copied into a buffer of exactly its length (no NUL after it), so a read past the end is caught
 * under `make asan`.
 *
 * Steps, one character each; the result of each is appended to the outcome, separated by '|':
 *   n number 0..max64   r number 0..100   p number 0..100 with an optional '%'
 *   s string (8-byte buffer)   S string span   u unquoted (8-byte buffer)   k skip
 *   ( open list   ) close list   a at_end (T/F, never fails)   e end
 * The first failure ends the outcome with "!<error>". */
#include <stdlib.h>

#include "station/at/at_iter.h"
#include "tests/unit/check.h"

static const char *const err_names[AT_ITER_E_COUNT] = {
	[AT_ITER_OK] = "ok", [AT_ITER_E_PREFIX] = "prefix", [AT_ITER_E_END] = "end",
	[AT_ITER_E_TYPE] = "type", [AT_ITER_E_RANGE] = "range", [AT_ITER_E_UNTERMINATED] = "unterm",
	[AT_ITER_E_CONTROL] = "control", [AT_ITER_E_TOO_LONG] = "long", [AT_ITER_E_JUNK] = "junk",
	[AT_ITER_E_LIST] = "list", [AT_ITER_E_MORE] = "more",
};

struct row {
	const char *line;
	size_t len;          /* 0: strlen(line) */
	const char *prefix;
	const char *steps;
	const char *expect;
};

static void play(const struct row *r, char *out, size_t outlen)
{
	size_t len = r->len ? r->len : strlen(r->line);
	char *line = malloc(len ? len : 1);
	struct at_iter it;
	size_t o = 0;

	memcpy(line, r->line, len);
	out[0] = '\0';
#define PUT(...) (o += (size_t)snprintf(out + o, o < outlen ? outlen - o : 0, __VA_ARGS__))
#define RES(...) snprintf(res, sizeof res, __VA_ARGS__)
	if (!at_iter_begin(&it, line, len, r->prefix)) {
		PUT("!%s", err_names[it.error]);
		free(line);
		return;
	}
	for (const char *s = r->steps; *s; s++) {
		char buf[8], res[64] = "";
		const char *sp;
		size_t n;
		uint64_t v;
		bool ok = true, unit = false;

		switch (*s) {
		case 'n': if ((ok = at_iter_next_number(&it, 0, AT_ITER_UINT_MAX, &v))) RES("%llu", (unsigned long long)v); break;
		case 'r': if ((ok = at_iter_next_number(&it, 0, 100, &v))) RES("%llu", (unsigned long long)v); break;
		case 'p':
			if ((ok = at_iter_next_number_unit(&it, 0, 100, '%', &v, &unit)))
				RES("%llu%s", (unsigned long long)v, unit ? "%" : "");
			break;
		case 's': if ((ok = at_iter_next_string(&it, buf, sizeof buf))) RES("'%s'", buf); break;
		case 'S': if ((ok = at_iter_next_string_span(&it, &sp, &n))) RES("'%.*s'", (int)n, sp); break;
		case 'u': if ((ok = at_iter_next_unquoted(&it, buf, sizeof buf))) RES("<%s>", buf); break;
		case 'k': if ((ok = at_iter_skip(&it))) RES("k"); break;
		case '(': if ((ok = at_iter_open_list(&it))) RES("("); break;
		case ')': if ((ok = at_iter_close_list(&it))) RES(")"); break;
		case 'a': RES("%c", at_iter_at_end(&it) ? 'T' : 'F'); break;
		case 'e': if ((ok = at_iter_end(&it))) RES("end"); break;
		}
		if (!ok) {
			PUT("!%s", err_names[it.error]);
			break;
		}
		PUT("%s%s", s != r->steps ? "|" : "", res);
	}
#undef PUT
#undef RES
	free(line);
}

static const struct row rows[] = {
	/* the answers the parsers read */
	{ "+QFLDS: 52428800,104857600", 0, "+QFLDS:", "nne", "52428800|104857600|end" },
	{ "+QFLDS:0,0", 0, "+QFLDS:", "nne", "0|0|end" },
	{ "+QFLST: \"A04.zip\",31457280", 0, "+QFLST:", "Sne", "'A04.zip'|31457280|end" },
	{ "+QFUPL: 1024,3a2f", 0, "+QFUPL:", "nue", "1024|<3a2f>|end" },
	{ "+QIND: \"FOTA\",\"UPDATING\",45%", 0, "+QIND:", "ssp", "'FOTA'!long" },
	{ "+QIND: \"FOTA\",\"UPDATING\",45%", 0, "+QIND:", "sSpe", "'FOTA'|'UPDATING'|45%|end" },
	{ "+QIND: \"FOTA\",\"END\",0", 0, "+QIND:", "sSpe", "'FOTA'|'END'|0|end" },
	{ "+CME ERROR: 405", 0, "+CME ERROR:", "ne", "405|end" },
	{ "866123456789018", 0, NULL, "ne", "866123456789018|end" },
	{ "866123456789018", 0, "", "ue", "!long" },
	/* spaces around fields and commas */
	{ "+X:  1 ,  \"a b\" , c d  ", 0, "+X:", "nSue", "1|'a b'|<c d>|end" },
	/* prefix */
	{ "+QFLDS: 1,2", 0, "+QFLST:", "n", "!prefix" },
	{ "+QFL", 0, "+QFLDS:", "n", "!prefix" },
	{ "", 0, "+QFLDS:", "n", "!prefix" },
	{ "+QFLDS:", 0, "+QFLDS:", "ae", "T|end" },
	{ "+QFLDS:", 0, "+QFLDS:", "n", "!end" },
	{ "", 0, NULL, "ae", "T|end" },
	/* numbers */
	{ "+X: 18446744073709551615", 0, "+X:", "ne", "18446744073709551615|end" },
	{ "+X: 18446744073709551616", 0, "+X:", "n", "!range" },
	{ "+X: 99999999999999999999999", 0, "+X:", "n", "!range" },
	{ "+X: 000042", 0, "+X:", "ne", "42|end" },
	{ "+X: 101", 0, "+X:", "r", "!range" },
	{ "+X: 100,0", 0, "+X:", "rre", "100|0|end" },
	{ "+X: -1", 0, "+X:", "n", "!type" },
	{ "+X: +1", 0, "+X:", "n", "!type" },
	{ "+X: 4x", 0, "+X:", "n", "!junk" },
	{ "+X: 101x", 0, "+X:", "r", "!junk" },
	{ "+X: 1 2", 0, "+X:", "n", "!junk" },
	{ "+X: 45%", 0, "+X:", "n", "!junk" },
	{ "+X: 45%%", 0, "+X:", "p", "!junk" },
	{ "+X: 45", 0, "+X:", "pe", "45|end" },
	{ "+X: \"7\"", 0, "+X:", "n", "!type" },
	{ "+X: ,5", 0, "+X:", "n", "!type" },
	{ "+X: 5,", 0, "+X:", "nn", "5!type" },
	{ "+X: 5,", 0, "+X:", "ne", "5!more" },
	{ "+X: 5,", 0, "+X:", "nue", "5|<>|end" },
	{ "+X: 5", 0, "+X:", "nn", "5!end" },
	/* a failed read leaves the position: the same field read another way */
	{ "+X: \"5\"", 0, "+X:", "nse", "!type" },
	{ "+X: 12x,3", 0, "+X:", "nune", "!junk" },
	{ "+X: 12x,3", 0, "+X:", "une", "<12x>|3|end" },
	/* strings */
	{ "+X: \"\"", 0, "+X:", "se", "''|end" },
	{ "+X: \"a,b\",1", 0, "+X:", "sne", "'a,b'|1|end" },
	{ "+X: \"abc", 0, "+X:", "s", "!unterm" },
	{ "+X: \"abc\"d", 0, "+X:", "s", "!junk" },
	{ "+X: \"abcdefgh\"", 0, "+X:", "s", "!long" },
	{ "+X: \"abcdefg\"", 0, "+X:", "se", "'abcdefg'|end" },
	{ "+X: \"abcdefgh\"", 0, "+X:", "Se", "'abcdefgh'|end" },
	{ "+X: \"a\rb\"", 0, "+X:", "s", "!control" },
	{ "+X: \"a\nb\"", 0, "+X:", "s", "!control" },
	{ "+X: \"a\x7f\"", 0, "+X:", "s", "!control" },
	{ "+X: \"a\0b\"", 9, "+X:", "s", "!control" },
	{ "+X: \"\xc3\xa9\"", 0, "+X:", "Se", "'\xc3\xa9'|end" },
	{ "+X: abc", 0, "+X:", "s", "!type" },
	{ "+X: \"a\\\"b\"", 0, "+X:", "s", "!junk" },   /* no escapes: the string ends at the second quote */
	/* the buffer ends where len says: the closing quote is beyond it */
	{ "+X: \"abc\"", 8, "+X:", "s", "!unterm" },
	{ "+X: 123", 6, "+X:", "ne", "12|end" },
	/* unquoted */
	{ "+X: a\"b", 0, "+X:", "u", "!type" },
	{ "+X: a\tb", 0, "+X:", "u", "!control" },
	{ "+X: abcdefgh", 0, "+X:", "u", "!long" },
	{ "+X: (1)", 0, "+X:", "ue", "<(1)>|end" },
	/* skip */
	{ "+X: \"a\",1,b c,(1,\"x\",(2,3)),9", 0, "+X:", "kkkkne", "k|k|k|k|9|end" },
	{ "+X: ", 0, "+X:", "k", "!end" },
	{ "+X: (1,2", 0, "+X:", "k", "!unterm" },
	{ "+X: \"a", 0, "+X:", "k", "!unterm" },
	{ "+X: (1,\"a)", 0, "+X:", "k", "!unterm" },
	{ "+X: ((((((1))))))", 0, "+X:", "k", "!list" },
	{ "+X: ,,", 0, "+X:", "kkke", "k|k|k|end" },
	/* lists */
	{ "+X: (0-5),(0,1)", 0, "+X:", "(u)(nn)e", "(|<0-5>|)|(|0|1|)|end" },
	{ "+X: ( 1 , 2 ) , 3", 0, "+X:", "(nn)ne", "(|1|2|)|3|end" },
	{ "+X: ()", 0, "+X:", "(a)e", "(|T|)|end" },
	{ "+X: (1,2)", 0, "+X:", "(n)", "(|1!more" },
	{ "+X: (1,2)", 0, "+X:", "(nna", "(|1|2|T" },
	{ "+X: (1,2", 0, "+X:", "(nn)", "(|1|2!unterm" },
	{ "+X: (1,2", 0, "+X:", "(nne", "(|1|2!unterm" },
	{ "+X: (1,)", 0, "+X:", "(n)", "(|1!more" },
	{ "+X: (1)x", 0, "+X:", "(n)", "(|1!junk" },
	{ "+X: 1)", 0, "+X:", "n", "!junk" },
	{ "+X: 1", 0, "+X:", ")", "!list" },
	{ "+X: 1", 0, "+X:", "(", "!type" },
	{ "+X: (((((1)))))", 0, "+X:", "((((", "(|(|(|(" },
	{ "+X: (((((1)))))", 0, "+X:", "(((((", "(|(|(|(!list" },
	/* end */
	{ "+X: 1,2", 0, "+X:", "ne", "1!more" },
	{ "+X: 1 ", 0, "+X:", "ne", "1|end" },
	{ "+X: 1", 0, "+X:", "nae", "1|T|end" },
};

static void t_rows(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char out[256];
		check_case("t_rows[%zu] %s", i, rows[i].line);
		play(&rows[i], out, sizeof out);
		CHECK_STR(out, rows[i].expect);
	}
}

/* Every error has words, and an unknown value does not crash the lookup. */
static void t_error_text(void)
{
	for (int e = 0; e < AT_ITER_E_COUNT; e++) {
		check_case("t_error_text[%d]", e);
		CHECK(at_iter_error_text((enum at_iter_error)e) != NULL);
		CHECK(strlen(at_iter_error_text((enum at_iter_error)e)) > 0);
	}
	CHECK_STR(at_iter_error_text(AT_ITER_E_COUNT), "?");
}

/* A NULL line is an empty one. */
static void t_null_line(void)
{
	struct at_iter it;
	uint64_t v;

	CHECK(at_iter_begin(&it, NULL, 5, NULL));
	CHECK(at_iter_at_end(&it));
	CHECK(!at_iter_next_number(&it, 0, 1, &v));
	CHECK_INT(it.error, AT_ITER_E_END);
	CHECK(!at_iter_begin(&it, NULL, 0, "+X:"));
	CHECK_INT(it.error, AT_ITER_E_PREFIX);
}

int main(void)
{
	RUN(t_rows);
	RUN(t_error_text);
	RUN(t_null_line);
	return check_done();
}
