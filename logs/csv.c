#include "logs/csv.h"

#include <stdlib.h>
#include <string.h>

#include "station/base/xalloc.h"

void csv_buf_free(struct csv_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static void csv_put(struct csv_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
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
	/* A leading TAB or CR is a formula trigger too: spreadsheet programs strip it and then see
	 * the '=' behind it (OWASP CSV injection). */
	int guard = field[0] != '\0' && strchr("=+-@\t\r", field[0]) != NULL;
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
	for (int i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
}

/* Skips to just past the next line end, for recovery after a malformed record. */
static size_t csv_skip_line(const char *text, size_t len, size_t i)
{
	while (i < len && text[i] != '\n')
		i++;
	return i < len ? i + 1 : len;
}

/* A field's text as a new string: the span text[from..to), with "" made " when quoted. */
static char *csv_take(const char *text, size_t from, size_t to, int quoted)
{
	char *f = xmalloc(to - from + 1);
	size_t k = 0;

	for (size_t i = from; i < to; i++) {
		f[k++] = text[i];
		if (quoted && text[i] == '"')
			i++;  /* the second quote of a pair */
	}
	f[k] = '\0';
	return f;
}

int csv_read(const char *text, size_t len, size_t *used, char ***fields, int *n)
{
	char **out = NULL;
	int count = 0, cap = 0;
	size_t i = 0;

	*fields = NULL;
	*n = 0;
	if (len == 0) {
		*used = 0;
		return 0;
	}
	for (;;) {
		char *field;

		if (i < len && text[i] == '"') {
			size_t start = i, from = i + 1;
			for (i = from;; i++) {
				const char *q = i < len ? memchr(text + i, '"', len - i) : NULL;
				if (!q) {
					/* Unterminated: the record is lost; resume after its first line. */
					*used = csv_skip_line(text, len, start);
					goto bad;
				}
				i = (size_t)(q - text);
				if (i + 1 < len && text[i + 1] == '"') {
					i++;  /* a doubled quote is one quote of the field */
					continue;
				}
				break;
			}
			if (i + 1 < len && text[i + 1] != ',' && text[i + 1] != '\r' && text[i + 1] != '\n') {
				*used = csv_skip_line(text, len, i + 1);
				goto bad;
			}
			field = csv_take(text, from, i, 1);
			i++;
		} else {
			size_t from = i;
			while (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
				if (text[i] == '"') {
					*used = csv_skip_line(text, len, i);
					goto bad;
				}
				i++;
			}
			field = csv_take(text, from, i, 0);
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 32;
			out = xrealloc(out, sizeof *out * (size_t)cap);
		}
		out[count++] = field;
		if (i < len && text[i] == ',') {
			i++;
			continue;
		}
		if (i < len && text[i] == '\r')
			i++;
		if (i < len && text[i] == '\n')
			i++;
		break;
	}
	*used = i;
	*fields = out;
	*n = count;
	return 1;
bad:
	csv_fields_free(out, count);
	return -1;
}

const char *csv_unguard(const char *s)
{
	return s[0] == '\'' && s[1] && strchr("=+-@", s[1]) ? s + 1 : s;
}
