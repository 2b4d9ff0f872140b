#include "logs/csv.h"

#include <stdlib.h>
#include <string.h>

#include "station/base/xalloc.h"

/* The first characters that make a spreadsheet read a field as a formula, and so get the guard's
 * apostrophe. A leading TAB or CR is one too: spreadsheet programs strip it and then see the '='
 * behind it (OWASP CSV injection). csv_field adds the guard and csv_unguard takes it back: one set. */
static const char csv_formula_start[] = "=+-@\t\r";

static int csv_guarded(const char *field)
{
	return field[0] != '\0' && strchr(csv_formula_start, field[0]) != NULL;
}

void csv_buf_free(struct csv_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static void csv_put(struct csv_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		/* A record line is a few hundred bytes: start there rather than grow through 2, 4, 8... */
		b->cap = (b->len + n + 1) * 2 < 512 ? 512 : (b->len + n + 1) * 2;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void csv_put_text(struct csv_buf *b, const char *text)
{
	csv_put(b, text, strlen(text));
}

void csv_field(struct csv_buf *b, const char *field, int first)
{
	int guard = csv_guarded(field);
	int quote = guard || strpbrk(field, ",\"\r\n") != NULL;

	if (!first)
		csv_put(b, ",", 1);
	if (!quote) {
		csv_put(b, field, strlen(field));
		return;
	}
	csv_put(b, guard ? "\"'" : "\"", guard ? 2 : 1);
	/* Each run up to and including a quote, then the quote doubled. */
	for (const char *p = field, *q; *p; p = q + 1) {
		q = strchr(p, '"');
		if (!q) {
			csv_put(b, p, strlen(p));
			break;
		}
		csv_put(b, p, (size_t)(q - p) + 1);
		csv_put(b, "\"", 1);
	}
	csv_put(b, "\"", 1);
}

void csv_end(struct csv_buf *b)
{
	csv_put(b, "\r\n", 2);
}

void csv_fields_free(char **fields, int n)
{
	(void)n;
	free(fields);  /* one block: the pointers and the texts (see csv_read) */
}

/* Skips to just past the next line end, for recovery after a malformed record. */
static size_t csv_skip_line(const char *text, size_t len, size_t i)
{
	while (i < len && text[i] != '\n')
		i++;
	return i < len ? i + 1 : len;
}

/* One field from text[i]: its span [*from, *to) (quoted: between the quotes, "" not yet made ")
 * and where it ends (at the ',', the line end or the end of text). 0, or -1 for a malformed
 * field with *skip set past the bad line. */
static int csv_field_span(const char *text, size_t len, size_t i, size_t *from, size_t *to,
			  int *quoted, size_t *end, size_t *skip)
{
	*quoted = i < len && text[i] == '"';
	if (*quoted) {
		size_t q = i + 1;
		for (;;) {
			const char *p = q < len ? memchr(text + q, '"', len - q) : NULL;
			if (!p) {
				/* Unterminated: the record is lost; resume after its first line. */
				*skip = csv_skip_line(text, len, i);
				return -1;
			}
			q = (size_t)(p - text);
			if (q + 1 < len && text[q + 1] == '"') {
				q += 2;  /* a doubled quote is one quote of the field */
				continue;
			}
			break;
		}
		if (q + 1 < len && text[q + 1] != ',' && text[q + 1] != '\r' && text[q + 1] != '\n') {
			*skip = csv_skip_line(text, len, q + 1);
			return -1;
		}
		*from = i + 1;
		*to = q;
		*end = q + 1;
		return 0;
	}
	*from = i;
	while (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
		if (text[i] == '"') {
			*skip = csv_skip_line(text, len, i);
			return -1;
		}
		i++;
	}
	*to = *end = i;
	return 0;
}

/* A record is scanned once to count its fields and bytes (the spans of the first fields are kept),
 * then copied into a single allocation (the pointers, then the texts), so a record costs one
 * malloc however wide it is. */
int csv_read(const char *text, size_t len, size_t *used, char ***fields, int *n)
{
	enum { KEEP = 48 };
	struct { size_t from, to; int quoted; } span[KEEP];
	size_t i = 0, from, to, end, bytes = 0;
	int count = 0, quoted;

	*fields = NULL;
	*n = 0;
	if (len == 0) {
		*used = 0;
		return 0;
	}
	for (;;) {
		if (csv_field_span(text, len, i, &from, &to, &quoted, &end, used) < 0)
			return -1;
		if (count < KEEP) {
			span[count].from = from;
			span[count].to = to;
			span[count].quoted = quoted;
		}
		count++;
		bytes += to - from + 1;
		i = end;
		if (i < len && text[i] == ',') {
			i++;
			continue;
		}
		break;
	}
	size_t last = end;
	char **out = xmalloc(sizeof *out * (size_t)count + bytes);
	char *dst = (char *)(out + count);
	i = 0;
	for (int k = 0; k < count; k++) {
		if (k < KEEP) {
			from = span[k].from;
			to = span[k].to;
			quoted = span[k].quoted;
		} else {
			(void)csv_field_span(text, len, i, &from, &to, &quoted, &end, used);
			i = end + 1;  /* past the comma */
		}
		if (k == KEEP - 1 && k + 1 < count)
			i = span[k].to + (size_t)span[k].quoted + 1;  /* where field KEEP starts */
		out[k] = dst;
		if (!quoted) {
			memcpy(dst, text + from, to - from);
			dst += to - from;
		} else {
			for (size_t j = from; j < to; j++) {
				*dst++ = text[j];
				if (text[j] == '"')
					j++;  /* the second quote of a pair */
			}
		}
		*dst++ = '\0';
	}
	i = last;
	if (i < len && text[i] == '\r')
		i++;
	if (i < len && text[i] == '\n')
		i++;
	*used = i;
	*fields = out;
	*n = count;
	return 1;
}

const char *csv_unguard(const char *s)
{
	return s[0] == '\'' && csv_guarded(s + 1) ? s + 1 : s;
}
