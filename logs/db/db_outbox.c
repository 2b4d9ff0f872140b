#include "logs/db/db_outbox.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logs/csv.h"
#include "logs/db/db_priv.h"
#include "logs/report/report.h"
#include "station/base/xalloc.h"
#include "station/base/dir.h"
#include "station/base/clock.h"

/* "<station>-YYYY-MM-DD.csv": the record writer's file names. */
static bool db_outbox_ours(const struct db_outbox *o, const char *name)
{
	size_t s = strlen(o->station), len = strlen(name);
	static const char shape[] = "dddd-dd-dd.csv";
	if (len != s + 1 + sizeof shape - 1 || strncmp(name, o->station, s) != 0 || name[s] != '-')
		return false;
	for (size_t i = 0; shape[i]; i++) {
		char c = name[s + 1 + i];
		if (shape[i] == 'd' ? !isdigit((unsigned char)c) : c != shape[i])
			return false;
	}
	return true;
}

static int db_outbox_find(const struct db_outbox *o, const char *name)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->files[i].name, name) == 0)
			return i;
	return -1;
}

static int db_outbox_add(struct db_outbox *o, const char *name, long long confirmed)
{
	o->files = xrealloc(o->files, sizeof *o->files * (size_t)(o->n + 1));
	o->files[o->n] = (struct db_outbox_file){ xstrdup(name), confirmed, confirmed };
	return o->n++;
}

static int db_outbox_cmp(const void *a, const void *b)
{
	return strcmp(((const struct db_outbox_file *)a)->name, ((const struct db_outbox_file *)b)->name);
}

/* Adds the folder's record files not yet known (with confirmed = their size when baseline, else 0)
 * and sorts by name, which is by day. */
static int db_outbox_scan(struct db_outbox *o, bool baseline, char *err, size_t n)
{
	DIR *d = dir_open(o->log_dir);
	struct dirent *e;
	if (!d) {
		snprintf(err, n, "cannot read %s: %s", o->log_dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (!db_outbox_ours(o, e->d_name) || db_outbox_find(o, e->d_name) >= 0)
			continue;
		long long size = 0;
		if (baseline) {
			struct stat st;
			char *p = xasprintf("%s/%s", o->log_dir, e->d_name);
			if (stat(p, &st) == 0)
				size = st.st_size;
			free(p);
		}
		db_outbox_add(o, e->d_name, size);
	}
	closedir(d);
	if (o->n > 1)
		qsort(o->files, (size_t)o->n, sizeof *o->files, db_outbox_cmp);
	return 0;
}

int db_outbox_open(struct db_outbox *o, const char *log_dir, const char *station, char *err, size_t n)
{
	memset(o, 0, sizeof *o);
	o->log_dir = xstrdup(log_dir);
	o->station = xstrdup(station);
	char *path = xasprintf("%s/%s", log_dir, DB_OUTBOX_STATE);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f) {
		if (errno != ENOENT) {
			snprintf(err, n, "cannot read %s/%s: %s", log_dir, DB_OUTBOX_STATE, strerror(errno));
			return -1;
		}
		/* First start with a database: what is already here is history. */
		if (db_outbox_scan(o, true, err, n) < 0 || db_outbox_save(o, err, n) < 0)
			return -1;
		return 0;
	}
	char line[600];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *sp = strrchr(line, ' ');
		if (line[0] == '#' || !sp)
			continue;
		*sp = '\0';
		char *end;
		long long off = strtoll(sp + 1, &end, 10);
		if (*end || off < 0 || !db_outbox_ours(o, line) || db_outbox_find(o, line) >= 0)
			continue;
		db_outbox_add(o, line, off);
	}
	fclose(f);
	return db_outbox_scan(o, false, err, n);
}

void db_outbox_free(struct db_outbox *o)
{
	for (int i = 0; i < o->n; i++)
		free(o->files[i].name);
	free(o->files);
	free(o->log_dir);
	free(o->station);
	memset(o, 0, sizeof *o);
}

int db_outbox_save(struct db_outbox *o, char *err, size_t n)
{
	char *tmp = xasprintf("%s/%s.tmp", o->log_dir, DB_OUTBOX_STATE);
	char *path = xasprintf("%s/%s", o->log_dir, DB_OUTBOX_STATE);
	int rc = -1, fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f) {
		snprintf(err, n, "cannot write %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	fprintf(f, "# bytes of each record file that the line database has confirmed\n");
	for (int i = 0; i < o->n; i++)
		fprintf(f, "%s %lld\n", o->files[i].name, o->files[i].confirmed);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		snprintf(err, n, "cannot write %s: %s", tmp, strerror(errno));
		fclose(f);
		goto out;
	}
	fclose(f);
	if (rename(tmp, path) != 0) {
		snprintf(err, n, "cannot rename %s: %s", tmp, strerror(errno));
		goto out;
	}
	int dfd = open(o->log_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	free(tmp);
	free(path);
	return rc;
}

char *db_outbox_slurp(const char *path, size_t *len, char *err, size_t n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, n, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 65536, got;
	char *buf = xmalloc(cap + 1);
	*len = 0;
	while ((got = fread(buf + *len, 1, cap - *len, f)) > 0) {
		*len += got;
		if (*len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	if (ferror(f)) {
		snprintf(err, n, "cannot read %s", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

static int db_outbox_lines(const char *p, size_t len)
{
	int lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += p[i] == '\n';
	return lines;
}

long long db_outbox_parse(const char *file, const char *text, size_t len, long long from,
			  long long quiet, db_outbox_fn *fn, void *ctx, FILE *msg, char *err, size_t n)
{
	size_t off = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0, used;
	char **fields;
	int nf, pos[REC_COLS], width, line = 1;

	if (csv_read(text + off, len - off, &used, &fields, &nf) != 1) {
		snprintf(err, n, "%s: found no header row; expected the station's CSV header", file);
		return -1;
	}
	for (int c = 0; c < REC_COLS; c++) {
		pos[c] = -1;
		for (int i = 0; i < nf && pos[c] < 0; i++)
			if (strcmp(fields[i], record_col_names[c]) == 0)
				pos[c] = i;
	}
	width = nf;
	csv_fields_free(fields, nf);
	if (pos[REC_STARTED_AT] < 0 || pos[REC_RESULT] < 0) {
		snprintf(err, n, "%s:1: found no started_at or result column in the header; expected "
			 "the station's CSV header", file);
		return -1;
	}
	size_t body = off + used;
	size_t p = from > (long long)body ? (size_t)from : body;
	if (p > len)
		return (long long)len;  /* the file shrank: nothing new to read */
	line += db_outbox_lines(text, p);
	/* Only rows that end in a line end are complete: the writer may be writing the next one. */
	const char *last = p < len ? memrchr(text + p, '\n', len - p) : NULL;
	size_t limit = last ? (size_t)(last - text) + 1 : p;
	while (p < limit) {
		int start = line, rc = csv_read(text + p, limit - p, &used, &fields, &nf);
		if (rc == 0)
			break;
		if (rc < 0) {
			const char *nl = memchr(text + p, '\n', limit - p);
			size_t first = (size_t)(nl - (text + p)) + 1;
			if (p + first >= limit)
				break;  /* perhaps a quoted field still being written: wait */
			if ((long long)(p + first) > quiet && msg)
				fprintf(msg, "%s:%d: malformed CSV (a stray or unterminated quote); row "
					"not sent to the database\n", file, start);
			p += first;
			line++;
			continue;
		}
		line += db_outbox_lines(text + p, used);
		p += used;
		bool blank = nf == 1 && !fields[0][0];
		bool header = pos[REC_RESULT] < nf && strcmp(fields[pos[REC_RESULT]], "result") == 0;
		if (!blank && !header && nf != width) {
			if ((long long)p > quiet && msg)
				fprintf(msg, "%s:%d: found %d fields; expected %d as in the header; row not "
					"sent to the database\n", file, start, nf, width);
		} else if (!blank && !header) {
			struct record r;
			for (int c = 0; c < REC_COLS; c++)
				r.f[c] = pos[c] >= 0 ? csv_unguard(fields[pos[c]]) : "";
			fn(ctx, &r, (long long)p, start);
		}
		csv_fields_free(fields, nf);
	}
	return (long long)p;
}

struct db_outbox_collecting {
	struct db_outbox *o;
	struct db_outbox_batch *b;
	int file, max;
	const char *path;
	FILE *msg;
};

static void db_outbox_take(void *ctx, const struct record *r, long long end, int line)
{
	struct db_outbox_collecting *c = ctx;
	struct db_outbox_batch *b = c->b;
	struct db_outbox_file *f = &c->o->files[c->file];
	struct db_record d;
	char why[200];

	if (db_record_from(r, &d, why, sizeof why) < 0) {
		if (end > f->reported && c->msg)
			fprintf(c->msg, "%s:%d: %s; row not sent to the database\n", c->path, line, why);
		b->rejected++;
		return;
	}
	if (!b->oldest_ms) {
		bool date_only;
		int64_t ms;
		const char *t = d.v[REC_FINISHED_AT] ? d.v[REC_FINISHED_AT] : d.v[REC_STARTED_AT];
		if (clock_parse(t, &ms, &date_only) == 0)
			b->oldest_ms = ms;
	}
	b->waiting++;
	if (b->n >= c->max) {
		b->cut[c->file] = true;
		db_record_free(&d);
		return;
	}
	struct db_outbox_rec *e = &b->recs[b->n++];
	e->d = xmalloc(sizeof *e->d);
	*e->d = d;
	e->file = c->file;
	e->end = end;
}

int db_outbox_collect(struct db_outbox *o, int max, struct db_outbox_batch *b, FILE *msg, char *err,
		      size_t n)
{
	memset(b, 0, sizeof *b);
	if (db_outbox_scan(o, false, err, n) < 0)
		return -1;
	b->recs = xcalloc((size_t)(max > 0 ? max : 1), sizeof *b->recs);
	b->n_files = o->n;
	b->parsed_to = xcalloc((size_t)(o->n ? o->n : 1), sizeof *b->parsed_to);
	b->cut = xcalloc((size_t)(o->n ? o->n : 1), sizeof *b->cut);
	for (int i = 0; i < o->n; i++) {
		struct db_outbox_file *f = &o->files[i];
		char *path = xasprintf("%s/%s", o->log_dir, f->name);
		struct stat st;
		b->parsed_to[i] = f->confirmed;
		if (stat(path, &st) != 0 || st.st_size <= f->confirmed) {
			free(path);
			continue;
		}
		size_t len;
		char why[300];
		char *text = db_outbox_slurp(path, &len, why, sizeof why);
		if (text) {
			struct db_outbox_collecting c = { o, b, i, max, path, msg };
			long long to = db_outbox_parse(path, text, len, f->confirmed, f->reported,
						       db_outbox_take, &c, msg, why, sizeof why);
			if (to >= 0)
				b->parsed_to[i] = to;
			if (to >= 0 && to > f->reported)
				f->reported = to;
			if (to < 0 && f->reported < (long long)len && msg)
				fprintf(msg, "%s\n", why);
			if (to < 0)
				f->reported = (long long)len;
			free(text);
		} else if (msg) {
			fprintf(msg, "%s\n", why);
		}
		free(path);
	}
	return 0;
}

void db_outbox_batch_free(struct db_outbox_batch *b)
{
	for (int i = 0; i < b->n; i++) {
		db_record_free(b->recs[i].d);
		free(b->recs[i].d);
	}
	free(b->recs);
	free(b->parsed_to);
	free(b->cut);
	memset(b, 0, sizeof *b);
}

void db_outbox_confirm(struct db_outbox *o, const struct db_outbox_batch *b, int k)
{
	for (int f = 0; f < b->n_files && f < o->n; f++) {
		long long to = -1;
		bool rest = b->cut[f];
		for (int i = 0; i < b->n; i++) {
			if (b->recs[i].file != f)
				continue;
			if (i < k)
				to = b->recs[i].end;
			else
				rest = true;
		}
		if (!rest)
			to = b->parsed_to[f];
		if (to > o->files[f].confirmed)
			o->files[f].confirmed = to;
	}
}
