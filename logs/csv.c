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

void csv_field(struct csv_buf *b, const char *field, int first)
{
	int guard = strchr("=+-@", field[0]) != NULL && field[0] != '\0';
	int quote = guard || strpbrk(field, ",\"\r\n") != NULL;

	if (!first)
		csv_put(b, ",", 1);
	if (!quote) {
		csv_put(b, field, strlen(field));
		return;
	}
	csv_put(b, "\"", 1);
	if (guard)
		csv_put(b, "'", 1);
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			csv_put(b, "\"\"", 2);
		else
			csv_put(b, p, 1);
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

int csv_read(const char *text, size_t len, size_t *used, char ***fields, int *n)
{
	struct csv_buf f = { 0 };
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
		f.len = 0;
		csv_put(&f, "", 0);
		if (i < len && text[i] == '"') {
			size_t start = i;
			i++;
			for (;;) {
				if (i >= len) {
					/* Unterminated: the record is lost; resume after its first line. */
					*used = csv_skip_line(text, len, start);
					goto bad;
				}
				if (text[i] == '"') {
					if (i + 1 < len && text[i + 1] == '"') {
						csv_put(&f, "\"", 1);
						i += 2;
						continue;
					}
					i++;
					break;
				}
				csv_put(&f, text + i, 1);
				i++;
			}
			if (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
				*used = csv_skip_line(text, len, i);
				goto bad;
			}
		} else {
			while (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
				if (text[i] == '"') {
					*used = csv_skip_line(text, len, i);
					goto bad;
				}
				csv_put(&f, text + i, 1);
				i++;
			}
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 32;
			out = xrealloc(out, sizeof *out * (size_t)cap);
		}
		out[count++] = xstrdup(f.data);
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
	csv_buf_free(&f);
	*used = i;
	*fields = out;
	*n = count;
	return 1;
bad:
	csv_buf_free(&f);
	csv_fields_free(out, count);
	return -1;
}

const char *csv_unguard(const char *s)
{
	return s[0] == '\'' && s[1] && strchr("=+-@", s[1]) ? s + 1 : s;
}
