#include "logs/record_find.h"

#include <string.h>

#include "logs/csv.h"
#include "logs/record.h"
#include "station/base/xalloc.h"

/* The columns the search needs; -1 when the file does not have one. */
struct record_find_cols { int at[REC_COLS]; };

static void record_find_cols_standard(struct record_find_cols *c)
{
	for (int i = 0; i < REC_COLS; i++)
		c->at[i] = i;
}

static void record_find_cols_of(struct record_find_cols *c, char **f, int n)
{
	for (int i = 0; i < REC_COLS; i++) {
		c->at[i] = -1;
		for (int j = 0; j < n; j++)
			if (strcmp(f[j], record_col_names[i]) == 0)
				c->at[i] = j;
	}
}

static const char *record_find_get(const struct record_find_cols *c, char **f, int n, enum record_col col)
{
	int i = c->at[col];
	return i >= 0 && i < n ? f[i] : "";
}

int record_find_in_text(const char *text, size_t len, int header, const char *slot, const char *imei,
			const char *started_at, struct record_found *out)
{
	struct record_find_cols c;
	size_t off = 0, used;
	int found = 0, n, rc;
	char **f;

	record_find_cols_standard(&c);
	if (header) {
		rc = csv_read(text, len, &used, &f, &n);
		if (rc != 1) {
			if (rc == 0)
				return 0;
		} else {
			record_find_cols_of(&c, f, n);
			csv_fields_free(f, n);
		}
		off = used;
		if (c.at[REC_SLOT] < 0 || c.at[REC_IMEI] < 0)
			return 0;
	}
	while (off < len && (rc = csv_read(text + off, len - off, &used, &f, &n)) != 0) {
		off += used;
		if (rc < 0)
			continue;
		if (strcmp(record_find_get(&c, f, n, REC_SLOT), slot) == 0 &&
		    strcmp(record_find_get(&c, f, n, REC_IMEI), imei) == 0 &&
		    (!started_at || strcmp(record_find_get(&c, f, n, REC_STARTED_AT), started_at) == 0)) {
			found = 1;
			xstrlcpy(out->started_at, record_find_get(&c, f, n, REC_STARTED_AT), sizeof out->started_at);
			xstrlcpy(out->finished_at, record_find_get(&c, f, n, REC_FINISHED_AT), sizeof out->finished_at);
			xstrlcpy(out->result, record_find_get(&c, f, n, REC_RESULT), sizeof out->result);
			xstrlcpy(out->error_code, record_find_get(&c, f, n, REC_ERROR_CODE), sizeof out->error_code);
			xstrlcpy(out->module_code, record_find_get(&c, f, n, REC_MODULE_CODE), sizeof out->module_code);
			xstrlcpy(out->error_text, record_find_get(&c, f, n, REC_ERROR_TEXT), sizeof out->error_text);
			xstrlcpy(out->fw_after, record_find_get(&c, f, n, REC_FW_AFTER), sizeof out->fw_after);
		}
		csv_fields_free(f, n);
	}
	return found;
}
