/* The journal of units between AT+QFOTADL and their record.
 *
 * Why rewrite-and-rename instead of append-only with tombstones: the file never holds more than
 * one line per slot, so rewriting it costs little, and the file on disk then always says exactly
 * which units are in flight. rename() replaces it atomically, so a crash at any moment leaves
 * either the old or the new journal, never a torn line, and no compaction step is needed. The
 * write order is: temp file, fsync(temp), rename, fsync(folder). One lock serialises the slots. */
#include "logs/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logs/logdir.h"
#include "station/base/xalloc.h"

#define JOURNAL_NAME "journal"
#define JOURNAL_FIELDS 15
#define JOURNAL_REQUIRED 6      /* the original format's fields; the rest may be missing */
#define JOURNAL_HEADER "# station journal: slot\tusb_path\timei\tpackage\tstarted_at\tfw_before\t" \
	"model\tbytes\tupload_s\tupdate_started_at\tattempts\tphase\toperator\tlot\tconfig_sha256\n"

/* Guards every read-modify-write of any journal file of this process. */
static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;

struct journal_field {
	const char *name;
	size_t offset, size;
};

#define JOURNAL_FIELD(f) { #f, offsetof(struct journal_entry, f), sizeof ((struct journal_entry *)0)->f }
static const struct journal_field journal_fields[JOURNAL_FIELDS] = {
	JOURNAL_FIELD(slot), JOURNAL_FIELD(usb_path), JOURNAL_FIELD(imei),
	JOURNAL_FIELD(package), JOURNAL_FIELD(started_at), JOURNAL_FIELD(fw_before),
	JOURNAL_FIELD(model), JOURNAL_FIELD(bytes), JOURNAL_FIELD(upload_s), JOURNAL_FIELD(update_started_at),
	JOURNAL_FIELD(attempts), JOURNAL_FIELD(phase), JOURNAL_FIELD(operator_id), JOURNAL_FIELD(lot),
	JOURNAL_FIELD(config_sha256),
};

int journal_parse_line(const char *line, struct journal_entry *e, char *err, size_t errlen)
{
	const char *p = line;
	memset(e, 0, sizeof *e);
	for (int i = 0; i < JOURNAL_FIELDS; i++) {
		const struct journal_field *f = &journal_fields[i];
		size_t len = strcspn(p, "\t\r\n");
		if (len >= f->size) {
			snprintf(err, errlen, "%s is %zu bytes long; at most %zu expected", f->name, len, f->size - 1);
			return -1;
		}
		memcpy((char *)e + f->offset, p, len);
		p += len;
		if (i < JOURNAL_FIELDS - 1) {
			if (*p == '\0' && i + 1 >= JOURNAL_REQUIRED)
				break;   /* an older or shorter line: the rest stay empty */
			if (*p != '\t') {
				snprintf(err, errlen, *p == '\0' || *p == '\t' ? "%d fields found; at least %d "
					 "expected (slot, usb_path, imei, package, started_at, fw_before, "
					 "tab-separated)" : "control character in a field", i + 1, JOURNAL_REQUIRED);
				return -1;
			}
			p++;
		}
	}
	if (*p != '\0') {
		snprintf(err, errlen, *p == '\t' ? "more than %d fields" : "control character in a field",
			 JOURNAL_FIELDS);
		return -1;
	}
	if (!e->slot[0] || !e->usb_path[0]) {
		snprintf(err, errlen, "empty %s", !e->slot[0] ? "slot" : "usb_path");
		return -1;
	}
	return 0;
}

/* Checks that a field can be written on one line and read back unchanged. */
static int journal_check_entry(const struct journal_entry *e, char *err, size_t errlen)
{
	for (int i = 0; i < JOURNAL_FIELDS; i++) {
		const struct journal_field *f = &journal_fields[i];
		const char *v = (const char *)e + f->offset;
		if (!memchr(v, '\0', f->size) || v[strcspn(v, "\t\r\n")] != '\0') {
			snprintf(err, errlen, "journal entry: %s is too long or holds a tab or line break", f->name);
			return -1;
		}
	}
	if (!e->slot[0] || !e->usb_path[0]) {
		snprintf(err, errlen, "journal entry: empty %s", !e->slot[0] ? "slot" : "usb_path");
		return -1;
	}
	return 0;
}

/* Reads the whole journal into memory (NUL-terminated); no file is an empty text. */
static char *journal_read(const char *path, char *err, size_t errlen)
{
	int fd = logdir_open(path, O_RDONLY);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		if (errno == ENOENT)
			return xstrdup("");
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, len = 0, got;
	char *buf = xmalloc(cap);
	while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len - 1 == 0)
			buf = xrealloc(buf, cap *= 2);
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int journal_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Replaces the journal by text durably; an empty text removes the file. Called with the lock. */
static int journal_replace(const char *log_dir, const char *path, const char *text, char *err, size_t errlen)
{
	int rc = -1;
	char *tmp = xasprintf("%s.tmp", path);
	if (*text == '\0') {
		if (unlink(path) < 0 && errno != ENOENT) {
			snprintf(err, errlen, "%s: cannot remove: %s", path, strerror(errno));
			goto out;
		}
	} else {
		int fd = logdir_open(tmp, O_WRONLY | O_CREAT | O_TRUNC);
		if (fd < 0) {
			snprintf(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
			goto out;
		}
		if (journal_write_all(fd, JOURNAL_HEADER, strlen(JOURNAL_HEADER)) < 0 ||
		    journal_write_all(fd, text, strlen(text)) < 0 || fsync(fd) < 0) {
			snprintf(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			goto out;
		}
		close(fd);
		if (rename(tmp, path) < 0) {
			snprintf(err, errlen, "%s: cannot rename to %s: %s", tmp, path, strerror(errno));
			unlink(tmp);
			goto out;
		}
	}
	if (logdir_sync(log_dir, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	free(tmp);
	return rc;
}

/* True when a journal line (no newline) belongs to usb_path (and imei, unless NULL). Unparsable
 * lines belong to nobody. */
static bool journal_line_is(const char *line, const char *usb_path, const char *imei)
{
	struct journal_entry e;
	char why[160];
	return journal_parse_line(line, &e, why, sizeof why) == 0 && strcmp(e.usb_path, usb_path) == 0 &&
	       (!imei || strcmp(e.imei, imei) == 0);
}

/* Rewrites the journal without usb_path's lines, plus add (if not NULL). Returns lines dropped. */
static int journal_update(const char *log_dir, const char *usb_path, const char *imei,
			  const struct journal_entry *add, char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s", log_dir, JOURNAL_NAME);
	int removed = -1;
	pthread_mutex_lock(&journal_lock);
	char *old = journal_read(path, err, errlen);
	if (old) {
		size_t cap = strlen(old) + 2048, len = 0;
		char *out = xmalloc(cap);
		removed = 0;
		out[0] = '\0';
		for (char *line = old, *next; *line; line = next) {
			size_t n = strcspn(line, "\n");
			next = line + n + (line[n] == '\n');
			line[n] = '\0';
			if (line[0] == '#' || line[0] == '\0')
				continue;
			if (journal_line_is(line, usb_path, add ? NULL : imei)) {
				removed++;
				continue;
			}
			memcpy(out + len, line, n);
			len += n;
			out[len++] = '\n';
			out[len] = '\0';
		}
		for (int i = 0; add && i < JOURNAL_FIELDS; i++) {
			const char *v = (const char *)add + journal_fields[i].offset;
			len += (size_t)snprintf(out + len, cap - len, "%s%c", v, i < JOURNAL_FIELDS - 1 ? '\t' : '\n');
		}
		if ((removed > 0 || add) && journal_replace(log_dir, path, out, err, errlen) < 0)
			removed = -1;
		free(out);
		free(old);
	}
	pthread_mutex_unlock(&journal_lock);
	free(path);
	return removed;
}

int journal_add(const char *log_dir, const struct journal_entry *e, char *err, size_t errlen)
{
	if (journal_check_entry(e, err, errlen) < 0)
		return -1;
	return journal_update(log_dir, e->usb_path, NULL, e, err, errlen) < 0 ? -1 : 0;
}

int journal_remove(const char *log_dir, const char *usb_path, char *err, size_t errlen)
{
	return journal_update(log_dir, usb_path, NULL, NULL, err, errlen);
}

int journal_remove_unit(const char *log_dir, const char *usb_path, const char *imei, char *err, size_t errlen)
{
	return journal_update(log_dir, usb_path, imei, NULL, err, errlen);
}

int journal_load(const char *log_dir, struct journal_entry **entries, FILE *err_out)
{
	char err[512], why[256];
	char *path = xasprintf("%s/%s", log_dir, JOURNAL_NAME);
	int n = 0, cap = 0, lineno = 0;
	*entries = NULL;
	pthread_mutex_lock(&journal_lock);
	char *text = journal_read(path, err, sizeof err);
	pthread_mutex_unlock(&journal_lock);
	if (!text) {
		if (err_out)
			fprintf(err_out, "%s\n", err);
		free(path);
		return -1;
	}
	for (char *line = text, *next; *line; line = next) {
		size_t len = strcspn(line, "\n");
		next = line + len + (line[len] == '\n');
		line[len] = '\0';
		lineno++;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		struct journal_entry e;
		if (journal_parse_line(line, &e, why, sizeof why) < 0) {
			if (err_out)
				fprintf(err_out, "%s:%d: %s; line skipped\n", path, lineno, why);
			continue;
		}
		if (n == cap)
			*entries = xrealloc(*entries, (size_t)(cap = cap ? cap * 2 : 16) * sizeof **entries);
		(*entries)[n++] = e;
	}
	free(text);
	free(path);
	return n;
}
