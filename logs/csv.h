/* RFC 4180 CSV: pure functions to write and read one record. */
#ifndef CSV_H
#define CSV_H
#include <stddef.h>

/* A growing text buffer. */
struct csv_buf {
	char *data;
	size_t len, cap;
};
void csv_buf_free(struct csv_buf *b);
/* Appends text as it is (no quoting). */
void csv_put_text(struct csv_buf *b, const char *text);

/* Appends one field (with a leading comma unless first). Quotes when the field holds a comma,
 * quote, CR or LF; a field starting with '=', '+', '-', '@', TAB or CR gets a leading apostrophe inside
 * quotes so spreadsheet programs show it as text instead of running it as a formula. */
void csv_field(struct csv_buf *b, const char *field, int first);
/* Ends the record with CRLF. */
void csv_end(struct csv_buf *b);

/* Reads one record from text[0..len). Fields are returned as strings in *fields (count in *n), all
 * in one allocation: free it with csv_fields_free, never a field alone. *used is the bytes
 * consumed, including the line end.
 * Returns 1 for a record, 0 at the end of input, -1 for a malformed record (an unterminated quote,
 * or text after a closing quote) with *used set past the bad line so reading can go on. A field
 * written with the formula guard is returned as written (with its apostrophe). */
int csv_read(const char *text, size_t len, size_t *used, char ***fields, int *n);
void csv_fields_free(char **fields, int n);
/* A field as it was before csv_field's formula guard: "'=x" (read back) is "=x". */
const char *csv_unguard(const char *s);
#endif
