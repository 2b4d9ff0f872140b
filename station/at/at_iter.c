#include "station/at/at_iter.h"

#include <string.h>

static const char *const at_iter_error_table[AT_ITER_E_COUNT] = {
	[AT_ITER_OK]             = "no error",
	[AT_ITER_E_PREFIX]       = "not the expected answer",
	[AT_ITER_E_END]          = "a field is missing",
	[AT_ITER_E_TYPE]         = "a field of the wrong kind",
	[AT_ITER_E_RANGE]        = "a number out of range",
	[AT_ITER_E_UNTERMINATED] = "a quote or list not closed",
	[AT_ITER_E_CONTROL]      = "a control byte in a field",
	[AT_ITER_E_TOO_LONG]     = "a field too long",
	[AT_ITER_E_JUNK]         = "text after a field",
	[AT_ITER_E_LIST]         = "a list closed that is not open, or nested too deep",
	[AT_ITER_E_MORE]         = "more fields than expected",
};

const char *at_iter_error_text(enum at_iter_error e)
{
	return (unsigned)e < AT_ITER_E_COUNT ? at_iter_error_table[e] : "?";
}

static bool at_iter_fail(struct at_iter *it, enum at_iter_error e)
{
	it->error = e;
	return false;
}

static bool at_iter_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static size_t at_iter_spaces(const struct at_iter *it, size_t i)
{
	while (i < it->len && it->buf[i] == ' ')
		i++;
	return i;
}

bool at_iter_begin(struct at_iter *it, const char *line, size_t len, const char *prefix)
{
	size_t plen = prefix ? strlen(prefix) : 0;

	memset(it, 0, sizeof *it);
	it->buf = line;
	it->len = line ? len : 0;
	if (plen && (it->len < plen || memcmp(line, prefix, plen) != 0)) {
		it->len = 0;  /* nothing more to read from a line that is not the answer */
		return at_iter_fail(it, AT_ITER_E_PREFIX);
	}
	it->pos = at_iter_spaces(it, plen);
	return true;
}

bool at_iter_at_end(const struct at_iter *it)
{
	if (it->field_due)
		return false;
	if (it->pos >= it->len)
		return true;
	return it->depth > 0 && it->buf[it->pos] == ')';
}

/* The field ended at byte e: takes the spaces, then a comma, the list's ')' or the end. */
static bool at_iter_finish(struct at_iter *it, size_t e)
{
	e = at_iter_spaces(it, e);
	if (e < it->len && it->buf[e] == ',') {
		it->pos = at_iter_spaces(it, e + 1);
		it->field_due = true;
		return true;
	}
	if (e >= it->len || (it->depth > 0 && it->buf[e] == ')')) {
		it->pos = e;
		it->field_due = false;
		return true;
	}
	return at_iter_fail(it, AT_ITER_E_JUNK);
}

/* A field can be read here (an empty one after a comma counts). */
static bool at_iter_field(struct at_iter *it)
{
	if (at_iter_at_end(it))
		return at_iter_fail(it, AT_ITER_E_END);
	return true;
}

bool at_iter_next_number_unit(struct at_iter *it, uint64_t min, uint64_t max, char unit,
			      uint64_t *out, bool *had_unit)
{
	size_t i;
	uint64_t v = 0;
	bool u = false;

	if (!at_iter_field(it))
		return false;
	i = it->pos;
	if (i >= it->len || it->buf[i] < '0' || it->buf[i] > '9')
		return at_iter_fail(it, AT_ITER_E_TYPE);
	for (; i < it->len && it->buf[i] >= '0' && it->buf[i] <= '9'; i++) {
		unsigned d = (unsigned)(it->buf[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return at_iter_fail(it, AT_ITER_E_RANGE);
		v = v * 10 + d;
	}
	if (unit && i < it->len && it->buf[i] == unit) {
		u = true;
		i++;
	}
	/* Where the field ends is checked first: "101x" is junk, not a number out of range. */
	{
		struct at_iter save = *it;
		if (!at_iter_finish(it, i))
			return false;
		if (v < min || v > max) {
			*it = save;
			return at_iter_fail(it, AT_ITER_E_RANGE);
		}
	}
	*out = v;
	if (had_unit)
		*had_unit = u;
	return true;
}

bool at_iter_next_number(struct at_iter *it, uint64_t min, uint64_t max, uint64_t *out)
{
	return at_iter_next_number_unit(it, min, max, '\0', out, NULL);
}

bool at_iter_next_string_span(struct at_iter *it, const char **s, size_t *n)
{
	size_t i;

	if (!at_iter_field(it))
		return false;
	if (it->pos >= it->len || it->buf[it->pos] != '"')
		return at_iter_fail(it, AT_ITER_E_TYPE);
	for (i = it->pos + 1; i < it->len && it->buf[i] != '"'; i++)
		if (at_iter_control((unsigned char)it->buf[i]))
			return at_iter_fail(it, AT_ITER_E_CONTROL);
	if (i >= it->len)
		return at_iter_fail(it, AT_ITER_E_UNTERMINATED);
	{
		size_t start = it->pos + 1;
		if (!at_iter_finish(it, i + 1))
			return false;
		*s = it->buf + start;
		*n = i - start;
	}
	return true;
}

static bool at_iter_copy(struct at_iter *it, const struct at_iter *save, const char *s, size_t n,
			 char *buf, size_t size)
{
	if (size == 0 || n >= size) {
		*it = *save;
		return at_iter_fail(it, AT_ITER_E_TOO_LONG);
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

bool at_iter_next_string(struct at_iter *it, char *buf, size_t size)
{
	struct at_iter save = *it;
	const char *s;
	size_t n;

	return at_iter_next_string_span(it, &s, &n) && at_iter_copy(it, &save, s, n, buf, size);
}

/* Unquoted text as a span: up to a comma, the list's ')' or the end, trailing spaces dropped. */
static bool at_iter_unquoted_span(struct at_iter *it, const char **s, size_t *n)
{
	size_t i, e;

	if (!at_iter_field(it))
		return false;
	for (i = it->pos; i < it->len; i++) {
		char c = it->buf[i];
		if (c == ',' || (c == ')' && it->depth > 0))
			break;
		if (c == '"')
			return at_iter_fail(it, AT_ITER_E_TYPE);
		if (at_iter_control((unsigned char)c))
			return at_iter_fail(it, AT_ITER_E_CONTROL);
	}
	for (e = i; e > it->pos && it->buf[e - 1] == ' '; e--)
		;
	*s = it->buf + it->pos;
	*n = e - it->pos;
	return at_iter_finish(it, i);
}

bool at_iter_next_unquoted(struct at_iter *it, char *buf, size_t size)
{
	struct at_iter save = *it;
	const char *s;
	size_t n;

	return at_iter_unquoted_span(it, &s, &n) && at_iter_copy(it, &save, s, n, buf, size);
}

bool at_iter_open_list(struct at_iter *it)
{
	if (!at_iter_field(it))
		return false;
	if (it->pos >= it->len || it->buf[it->pos] != '(')
		return at_iter_fail(it, AT_ITER_E_TYPE);
	if (it->depth >= AT_ITER_DEPTH_MAX)
		return at_iter_fail(it, AT_ITER_E_LIST);
	it->depth++;
	it->pos = at_iter_spaces(it, it->pos + 1);
	it->field_due = false;
	return true;
}

bool at_iter_close_list(struct at_iter *it)
{
	struct at_iter save = *it;

	if (it->depth == 0)
		return at_iter_fail(it, AT_ITER_E_LIST);
	if (!at_iter_at_end(it))
		return at_iter_fail(it, AT_ITER_E_MORE);
	if (it->pos >= it->len)
		return at_iter_fail(it, AT_ITER_E_UNTERMINATED);
	it->depth--;
	if (!at_iter_finish(it, it->pos + 1)) {
		*it = save;
		return at_iter_fail(it, AT_ITER_E_JUNK);
	}
	return true;
}

bool at_iter_skip(struct at_iter *it)
{
	struct at_iter save = *it;
	const char *s;
	size_t n;

	if (!at_iter_field(it))
		return false;
	if (it->pos < it->len && it->buf[it->pos] == '"')
		return at_iter_next_string_span(it, &s, &n);
	if (it->pos < it->len && it->buf[it->pos] == '(') {
		/* Depth is bounded by AT_ITER_DEPTH_MAX, so is this recursion. */
		if (!at_iter_open_list(it))
			return false;
		while (!at_iter_at_end(it))
			if (!at_iter_skip(it))
				goto fail;
		if (!at_iter_close_list(it))
			goto fail;
		return true;
	}
	return at_iter_unquoted_span(it, &s, &n);
fail:
	{
		enum at_iter_error e = it->error;
		*it = save;
		return at_iter_fail(it, e);
	}
}

bool at_iter_end(struct at_iter *it)
{
	if (!at_iter_at_end(it))
		return at_iter_fail(it, AT_ITER_E_MORE);
	if (it->depth > 0)
		return at_iter_fail(it, AT_ITER_E_UNTERMINATED);
	return true;
}
