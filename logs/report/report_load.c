/* Reading record files for the report: columns by header name, bad rows skipped with file:line. */
#include "logs/report/report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logs/csv.h"
#include "logs/record.h"
#include "station/base/xalloc.h"
#include "station/base/clock.h"

const char *const report_result_names[RES_COUNT] = {
	[RES_PASS] = "PASS",
	[RES_SKIP] = "SKIP",
	[RES_FAIL] = "FAIL",
	[RES_ABORTED] = "ABORTED",
};

/* A record file is a few MiB a day; anything far past that is not one. */
#define REPORT_FILE_MAX (1024ull << 20)



static int report_seconds(const char *s, double *v)
{
	char *end;
	if (!s[0]) {
		*v = NAN;
		return 0;
	}
	errno = 0;
	*v = strtod(s, &end);
	return *end || errno || !isfinite(*v) || *v < 0 ? -1 : 0;
}

/* Maps header names to column positions; 0, or -1 when a required column is missing. */
static int report_header(char **fields, int n, int pos[REC_COLS], const char **missing)
{
	for (int c = 0; c < REC_COLS; c++)
		pos[c] = -1;
	for (int i = 0; i < n; i++)
		for (int c = 0; c < REC_COLS; c++)
			if (strcmp(fields[i], record_col_names[c]) == 0 && pos[c] < 0)
				pos[c] = i;
	*missing = pos[REC_RESULT] < 0 ? "result" : pos[REC_STARTED_AT] < 0 ? "started_at" : NULL;
	return *missing ? -1 : 0;
}

static int report_is_header(char **fields, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fields[i], record_col_names[REC_RESULT]) == 0)
			return 1;
	return 0;
}

/* Turns one record's fields (by column) into a row; 0, or -1 with why. */
static int report_row_fields(struct report_row *r, const char *const v[REC_COLS], char *why, size_t wn)
{
	bool date_only;

	memset(r, 0, sizeof *r);
	int res = -1;
	for (int i = 0; i < RES_COUNT; i++)
		if (strcmp(v[REC_RESULT], report_result_names[i]) == 0)
			res = i;
	if (res < 0) {
		snprintf(why, wn, "found result '%.40s'; expected PASS, SKIP, FAIL or ABORTED",
			 v[REC_RESULT]);
		return -1;
	}
	r->result = (enum report_result)res;
	if (clock_parse(v[REC_STARTED_AT], &r->started_ms, &date_only) < 0 || date_only) {
		snprintf(why, wn, "found started_at '%.40s'; expected an ISO 8601 time",
			 v[REC_STARTED_AT]);
		return -1;
	}
	r->finished_ms = -1;
	if (v[REC_FINISHED_AT][0] &&
	    (clock_parse(v[REC_FINISHED_AT], &r->finished_ms, &date_only) < 0 || date_only)) {
		snprintf(why, wn, "found finished_at '%.40s'; expected an ISO 8601 time or nothing",
			 v[REC_FINISHED_AT]);
		return -1;
	}
	if (report_seconds(v[REC_UPLOAD_S], &r->upload_s) < 0) {
		snprintf(why, wn, "found upload_s '%.40s'; expected seconds or nothing", v[REC_UPLOAD_S]);
		return -1;
	}
	if (report_seconds(v[REC_UPDATE_S], &r->update_s) < 0) {
		snprintf(why, wn, "found update_s '%.40s'; expected seconds or nothing", v[REC_UPDATE_S]);
		return -1;
	}
	r->station = xstrdup(v[REC_STATION]);
	r->lot = xstrdup(v[REC_LOT]);
	r->slot = xstrdup(v[REC_SLOT]);
	r->imei = xstrdup(v[REC_IMEI]);
	r->package = xstrdup(v[REC_PACKAGE]);
	r->error_code = xstrdup(v[REC_ERROR_CODE]);
	r->module_code = xstrdup(v[REC_MODULE_CODE]);
	r->error_text = xstrdup(v[REC_ERROR_TEXT]);
	return 0;
}

/* A CSV row (fields by header position) into a row; 0, or -1 with why. */
static int report_row(struct report_row *r, char **fields, int n, int width, const int pos[REC_COLS],
		      char *why, size_t wn)
{
	const char *v[REC_COLS];

	if (n != width) {
		snprintf(why, wn, "found %d fields; expected %d as in the header", n, width);
		return -1;
	}
	for (int c = 0; c < REC_COLS; c++)
		v[c] = pos[c] >= 0 ? csv_unguard(fields[pos[c]]) : "";
	return report_row_fields(r, v, why, wn);
}

static void report_row_free(struct report_row *r)
{
	free(r->station);
	free(r->lot);
	free(r->slot);
	free(r->imei);
	free(r->package);
	free(r->error_code);
	free(r->module_code);
	free(r->error_text);
}

static int report_keep(const struct report_row *r, const struct report_filter *f)
{
	if (r->started_ms < f->since_ms || r->started_ms >= f->until_ms)
		return 0;
	if (f->station && strcmp(f->station, r->station) != 0)
		return 0;
	return !f->lot || strcmp(f->lot, r->lot) == 0;
}

static void report_push(struct report_set *set, struct report_row *r)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->rows = xrealloc(set->rows, sizeof *set->rows * (size_t)set->cap);
	}
	r->seq = set->n;
	set->rows[set->n++] = *r;
}

int report_add_record(struct report_set *set, const struct record *rec, const struct report_filter *f,
		      char *why, size_t n)
{
	const char *v[REC_COLS];
	struct report_row r;

	for (int c = 0; c < REC_COLS; c++)
		v[c] = rec->f[c] ? rec->f[c] : "";
	if (report_row_fields(&r, v, why, n) < 0) {
		set->malformed++;
		return -1;
	}
	if (!report_keep(&r, f)) {
		report_row_free(&r);
		set->filtered_out++;
		return 0;
	}
	report_push(set, &r);
	return 1;
}

int report_load_text(struct report_set *set, const char *file, const char *text, size_t len,
		     const struct report_filter *f, FILE *err)
{
	int pos[REC_COLS], width = 0, line = 1, added = 0, have_header = 0;
	size_t off = 0;
	char why[200];

	set->files++;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		off = 3;  /* a spreadsheet program's byte order mark */
	while (off < len) {
		char **fields;
		int n, start = line;
		size_t used;
		int rc = csv_read(text + off, len - off, &used, &fields, &n);
		if (rc == 0)
			break;
		if (rc < 0) {
			/* A stray quote can swallow lines up to the next quote: resume right after the
			 * bad record's first line, so one broken row costs one row. */
			const char *nl = memchr(text + off, '\n', len - off);
			used = nl ? (size_t)(nl - (text + off)) + 1 : len - off;
		}
		for (size_t i = off; i < off + used; i++)
			line += text[i] == '\n';
		off += used;
		if (rc < 0) {
			fprintf(err, "%s:%d: malformed CSV (a stray or unterminated quote); row skipped\n",
				file, start);
			set->malformed++;
			continue;
		}
		if (n == 1 && fields[0][0] == '\0') {
			csv_fields_free(fields, n);  /* a blank line */
			continue;
		}
		if (!have_header || report_is_header(fields, n)) {
			const char *missing;
			if (report_header(fields, n, pos, &missing) < 0) {
				fprintf(err, "%s:%d: found no '%s' column in the header; expected the "
					"station's CSV header (%s,...); file skipped\n", file, start, missing,
					record_col_names[0]);
				csv_fields_free(fields, n);
				return -1;
			}
			width = n;
			have_header = 1;
			csv_fields_free(fields, n);
			continue;
		}
		struct report_row r;
		if (report_row(&r, fields, n, width, pos, why, sizeof why) < 0) {
			fprintf(err, "%s:%d: %s; row skipped\n", file, start, why);
			set->malformed++;
		} else if (!report_keep(&r, f)) {
			report_row_free(&r);
			set->filtered_out++;
		} else {
			report_push(set, &r);
			added++;
		}
		csv_fields_free(fields, n);
	}
	if (!have_header) {
		fprintf(err, "%s: found no header row; expected the station's CSV header\n", file);
		return -1;
	}
	return added;
}

int report_load_file(struct report_set *set, const char *path, const struct report_filter *f,
		     FILE *err)
{
	/* Regular files only, opened without blocking and sized before reading: /dev/zero or a FIFO
	 * would otherwise grow the buffer without end or wait forever. */
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(err, "%s: found %s; expected a CSV record file\n", path,
			S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISDIR(st.st_mode) ? "a folder" :
			S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "not a regular file");
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > REPORT_FILE_MAX) {
		fprintf(err, "%s: found %llu bytes; expected a record file of at most %llu MiB\n", path,
			(unsigned long long)st.st_size, (unsigned long long)(REPORT_FILE_MAX >> 20));
		close(fd);
		return -1;
	}
	/* What the size said and no more: a file still growing is read up to its size at open. */
	struct csv_buf b = { 0 };
	size_t want = (size_t)st.st_size, len = 0;
	b.data = xmalloc(want + 1);
	b.cap = want + 1;
	while (len < want) {
		ssize_t got = read(fd, b.data + len, want - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			fprintf(err, "%s: read error: %s\n", path, strerror(errno));
			close(fd);
			csv_buf_free(&b);
			return -1;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	b.len = len;
	b.data[len] = '\0';
	int rc = report_load_text(set, path, b.data ? b.data : "", b.len, f, err);
	csv_buf_free(&b);
	return rc;
}

void report_set_free(struct report_set *set)
{
	for (int i = 0; i < set->n; i++)
		report_row_free(&set->rows[i]);
	free(set->rows);
	memset(set, 0, sizeof *set);
}
