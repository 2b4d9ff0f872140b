/* The field iterator for information answers of the form "+XXX: a,"b",c" (one line). Pure: it
 * reads the caller's buffer, bounded by the given length, and never writes into it.
 *
 *   struct at_iter it;
 *   uint64_t free_b, total;
 *   if (!at_iter_begin(&it, line, strlen(line), "+QFLDS:") ||
 *       !at_iter_next_number(&it, 0, AT_ITER_UINT_MAX, &free_b) ||
 *       !at_iter_next_number(&it, 0, AT_ITER_UINT_MAX, &total) || !at_iter_end(&it))
 *       ... at_iter_error_text(it.error) says why ...
 *
 * A field is a quoted string (no escapes: it ends at the next quote), a number, unquoted text, or a
 * parenthesised list of fields. Spaces around fields and commas are ignored. Every function returns
 * false on failure, leaves the position where it was and sets it->error, so a caller can try another
 * reading of the same field; a chain of && stops at the first failure with its reason kept. A field
 * must be followed by nothing, a comma, or (inside a list) ")": "12x" is not a number. */
#ifndef AT_ITER_H
#define AT_ITER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum at_iter_error {
	AT_ITER_OK,
	AT_ITER_E_PREFIX,       /* the line does not start with the prefix */
	AT_ITER_E_END,          /* no field left (or the list ends here) */
	AT_ITER_E_TYPE,         /* the field is not of the kind asked for */
	AT_ITER_E_RANGE,        /* a number outside the caller's range, or too big for 64 bits */
	AT_ITER_E_UNTERMINATED, /* a quote or a list that is not closed */
	AT_ITER_E_CONTROL,      /* a control byte (CR, LF, NUL, ...) inside a field */
	AT_ITER_E_TOO_LONG,     /* the field does not fit the caller's buffer */
	AT_ITER_E_JUNK,         /* text after a field where a comma or the end belongs */
	AT_ITER_E_LIST,         /* a list closed that is not open, or nested too deep */
	AT_ITER_E_MORE,         /* fields left where the answer should end */
	AT_ITER_E_COUNT
};

#define AT_ITER_UINT_MAX UINT64_MAX
#define AT_ITER_DEPTH_MAX 4   /* nested lists; a module never sends more than one level */

struct at_iter {
	const char *buf;        /* the line (not necessarily NUL-terminated) */
	size_t len;             /* bytes of buf that may be read */
	size_t pos;             /* next byte to read: the start of the next field */
	bool field_due;         /* a comma was read, so a field follows even if it is empty */
	int depth;              /* lists open */
	enum at_iter_error error;  /* why the last failing call failed */
};

/* Starts at a line of len bytes. With a prefix ("+QFLDS:") the line must start with exactly it
 * (the fields follow, after optional spaces); with NULL or "" the fields start at the first byte
 * (a bare answer such as an IMEI line). */
bool at_iter_begin(struct at_iter *it, const char *line, size_t len, const char *prefix);
/* A decimal number (digits only, no sign) in [min, max]. */
bool at_iter_next_number(struct at_iter *it, uint64_t min, uint64_t max, uint64_t *out);
/* The same, and the number may be followed by the unit character (e.g. '%'); *had_unit says
 * whether it was. unit '\0' means none is allowed. */
bool at_iter_next_number_unit(struct at_iter *it, uint64_t min, uint64_t max, char unit,
			      uint64_t *out, bool *had_unit);
/* A quoted string, its contents (without quotes) as a span of the line: no copy, not
 * NUL-terminated. A control byte inside the quotes is a failure (AT_ITER_E_CONTROL): a line from
 * the assembler never holds CR or LF, so one that does was torn or is not from a module. */
bool at_iter_next_string_span(struct at_iter *it, const char **s, size_t *n);
/* A quoted string copied NUL-terminated into buf (size bytes, the NUL included). */
bool at_iter_next_string(struct at_iter *it, char *buf, size_t size);
/* Unquoted text up to the next comma (or ')' in a list, or the end), trailing spaces dropped,
 * copied NUL-terminated into buf. An empty field gives "". A quote or a control byte in it is a
 * failure. */
bool at_iter_next_unquoted(struct at_iter *it, char *buf, size_t size);
/* Skips one field of any kind (a whole list counts as one field). */
bool at_iter_skip(struct at_iter *it);
/* Enters a parenthesised list "(...)": the next fields are its elements. */
bool at_iter_open_list(struct at_iter *it);
/* Leaves the list opened last; fails with AT_ITER_E_JUNK when elements remain. */
bool at_iter_close_list(struct at_iter *it);
/* True when no field is left (at the top level: the line has ended; in a list: ')' is next). */
bool at_iter_at_end(const struct at_iter *it);
/* Succeeds only when no field is left and no list is open: the check that ends every parse. */
bool at_iter_end(struct at_iter *it);
/* Words for an error, e.g. "text after a field". */
const char *at_iter_error_text(enum at_iter_error e);
#endif
