/* Fuzzes the field iterator. The input is "<steps>\n<line>": each step byte picks a call (number,
 * number with a unit, string, span, unquoted, skip, open, close, at_end, end). The line sits in a
 * buffer of exactly its length, so a read past its end is caught; the checks below trap when a
 * call breaks its contract (position outside the line, moved on failure, a string not inside it,
 * a copy not NUL-terminated, a failure without a reason). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "station/at/at_iter.h"
#include "tests/fuzz/fuzz.h"

static void fuzz_step(struct at_iter *it, uint8_t op, const char *line, size_t len)
{
	struct at_iter before = *it;
	char buf[16];
	const char *s = NULL;
	size_t n = 0;
	uint64_t v = 0;
	bool ok = true, unit = false, copied = false, spanned = false;

	switch (op % 10) {
	case 0: ok = at_iter_next_number(it, 0, AT_ITER_UINT_MAX, &v); break;
	case 1:
		ok = at_iter_next_number_unit(it, 5, 100, '%', &v, &unit);
		MUST(!ok || (v >= 5 && v <= 100));
		break;
	case 2: ok = at_iter_next_string(it, buf, (size_t)(op >> 4) + 1); copied = true; break;
	case 3: ok = at_iter_next_string_span(it, &s, &n); spanned = true; break;
	case 4: ok = at_iter_next_unquoted(it, buf, (size_t)(op >> 4) + 1); copied = true; break;
	case 5: ok = at_iter_skip(it); break;
	case 6: ok = at_iter_open_list(it); break;
	case 7: ok = at_iter_close_list(it); break;
	case 8: (void)at_iter_at_end(it); break;
	case 9: ok = at_iter_end(it); MUST(!ok || at_iter_at_end(it)); break;
	}
	MUST(it->buf == line && it->pos <= it->len && it->len == len);
	MUST(it->depth >= 0 && it->depth <= AT_ITER_DEPTH_MAX);
	if (!ok) {
		/* A failure names its reason and leaves the iterator where it was. */
		MUST(it->error > AT_ITER_OK && it->error < AT_ITER_E_COUNT);
		MUST(it->pos == before.pos && it->depth == before.depth && it->field_due == before.field_due);
		MUST(at_iter_error_text(it->error)[0] != '\0');
		return;
	}
	/* Progress: a read moves on, or takes the empty field a comma promised. */
	MUST(op % 10 >= 8 || it->pos > before.pos || (before.field_due && !it->field_due));
	if (copied)
		MUST(strlen(buf) < (size_t)(op >> 4) + 1);
	if (spanned)
		MUST(s > line && s + n < line + len && s[-1] == '"' && s[n] == '"' && memchr(s, '"', n) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefixes[] = { NULL, "+X:", "+QIND:", "+" };
	const uint8_t *nl = memchr(data, '\n', size);
	size_t nsteps = nl ? (size_t)(nl - data) : 0;
	const uint8_t *body = nl ? nl + 1 : data;
	size_t len = size - (size_t)(body - data);
	char *line = malloc(len ? len : 1);
	struct at_iter it;

	if (nsteps > 64)
		nsteps = 64;
	memcpy(line, body, len);
	/* The prefix is picked by the first step byte, so the line itself stays arbitrary. */
	if (at_iter_begin(&it, line, len, prefixes[nsteps ? data[0] % 4 : 0])) {
		for (size_t i = nsteps ? 1 : 0; i < nsteps; i++)
			fuzz_step(&it, data[i], line, len);
		/* Reading to the end always terminates: each skip makes progress or fails. */
		for (size_t guard = 0; !at_iter_at_end(&it); guard++) {
			MUST(guard <= 2 * len + 2);
			if (!at_iter_skip(&it))
				break;
		}
	} else {
		MUST(it.error == AT_ITER_E_PREFIX);
	}
	free(line);
	return 0;
}
