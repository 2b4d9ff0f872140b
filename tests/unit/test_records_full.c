/* The record writer on a full disk: a small tmpfs of its own (a private mount namespace; the
 * tests run as root). A short or failed write is cut back to the last whole record, the record is
 * held with every later one, the notify hook says so, and once space returns they are all written
 * in order, with their journal entries removed. */
#include "logs/csv.h"
#include "logs/journal.h"
#include "logs/record_writer.h"
#include "tests/unit/check.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

struct notes {
	int failing, recovered, last_held;
	char why[256];
};

static void on_notify(void *ctx, bool failing, int held, const char *why)
{
	struct notes *n = ctx;
	if (failing)
		n->failing++;
	else
		n->recovered++;
	n->last_held = held;
	snprintf(n->why, sizeof n->why, "%s", why);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	return buf;
}

/* Reads every record of a CSV file: returns the count of records after the header row, or -1 when a
 * line is torn (a record with the wrong field count, or text after the last CRLF). The IMEIs go
 * to imeis[] in file order. */
static int read_records(const char *path, long long *imeis, int max)
{
	size_t len, off = 0, used;
	char *text = slurp(path, &len);
	char **f;
	int n, count = -1;
	if (!text)
		return -1;
	if (len < 2 || text[len - 2] != '\r' || text[len - 1] != '\n')
		goto out;
	while (off < len) {
		if (csv_read(text + off, len - off, &used, &f, &n) != 1 || n != REC_COLS) {
			count = -1;
			goto out;
		}
		if (count >= 0 && count < max)
			imeis[count] = atoll(f[REC_IMEI]);
		count++;
		csv_fields_free(f, n);
		off += used;
	}
out:
	free(text);
	return count;
}

static void t_disk_full(void)
{
	char err[256], dir[300], filler[320], path[512], imei[32], slot[16];
	char text[300];
	struct notes notes = { 0 };
	struct record r = { 0 };
	long long imeis[256];
	int appended = 0, on_disk, first_held = -1;

	snprintf(dir, sizeof dir, "%s/logs", root);
	struct record_writer *w = record_writer_open(dir, "ST", err, sizeof err);
	CHECK(w != NULL);
	if (!w)
		return;
	record_writer_set_notify(w, on_notify, &notes);
	/* A long error text: records of about 400 bytes, so one straddles the page that fills. */
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	r.f[REC_RESULT] = "FAIL";
	r.f[REC_ERROR_TEXT] = text;
	r.f[REC_IMEI] = imei;
	r.f[REC_SLOT] = slot;
	r.f[REC_USB_PATH] = "1-1.1";
	snprintf(imei, sizeof imei, "%d", 100000 + appended++);
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL, NULL, NULL, err, sizeof err), 0);

	/* Fill the disk. */
	snprintf(filler, sizeof filler, "%s/filler", root);
	int fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	char block[4096];
	memset(block, 'f', sizeof block);
	while (write(fd, block, sizeof block) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	close(fd);

	/* Append until one is held; the rest of the record file's last page takes a few. */
	for (int i = 0; i < 40 && first_held < 0; i++) {
		snprintf(imei, sizeof imei, "%d", 100000 + appended);
		snprintf(slot, sizeof slot, "%02d", appended);
		int rc = record_writer_append(w, &r, 1764000000000LL, NULL, NULL, err, sizeof err);
		if (rc == 1)
			first_held = appended;
		appended++;
	}
	CHECK(first_held > 0);
	CHECK(strstr(err, "No space left") != NULL);
	record_writer_path(w, 1764000000000LL, path, sizeof path);
	on_disk = read_records(path, imeis, 256);
	/* Every record before the first held one: nothing torn, nothing lost. */
	CHECK_INT(on_disk, first_held);
	CHECK_INT(notes.failing, 1);
	CHECK(strstr(notes.why, "No space left") != NULL);

	/* Two more, one of a unit in the journal: held behind the first, in order. The journal entry
	 * is written before the disk filled up (AT+QFOTADL comes after it). */
	struct journal_entry e = { .slot = "02", .usb_path = "1-1.2", .imei = "", .package = "p",
				   .started_at = "2025-11-24T16:00:00.000Z", .fw_before = "A04" };
	snprintf(e.imei, sizeof e.imei, "%d", 100000 + appended + 1);
	unlink(filler);
	CHECK_INT(journal_add(dir, &e, err, sizeof err), 0);
	fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	while (fd >= 0 && write(fd, block, sizeof block) > 0)
		;
	while (fd >= 0 && write(fd, block, 1) > 0)
		;
	if (fd >= 0)
		close(fd);
	snprintf(imei, sizeof imei, "%d", 100000 + appended++);
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL, NULL, NULL, err, sizeof err), 1);
	snprintf(imei, sizeof imei, "%d", 100000 + appended++);
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL, "1-1.2", imei, err, sizeof err), 1);
	CHECK_INT(record_writer_held(w), appended - first_held);
	CHECK_INT(record_writer_retry(w), appended - first_held);
	CHECK_INT(read_records(path, imeis, 256), first_held);

	/* Space returns. */
	unlink(filler);
	CHECK_INT(record_writer_retry(w), 0);
	CHECK_INT(notes.recovered, 1);
	CHECK_INT(read_records(path, imeis, 256), appended);
	for (int i = 0; i < appended; i++)
		if (imeis[i] != 100000 + i) {
			check_fail(__FILE__, __LINE__, "record %d has IMEI %lld, expected %d", i, imeis[i],
				   100000 + i);
			break;
		}
	struct journal_entry *left;
	int n = journal_load(dir, &left, stderr);
	CHECK_INT(n, 0);
	free(left);
	record_writer_close(w);
}

/* A read-only log folder: the writer refuses to open (station run exits 3 before any module). */
static void t_read_only(void)
{
	char err[256], dir[300];
	snprintf(dir, sizeof dir, "%s/ro", root);
	CHECK(mkdir(dir, 0750) == 0);
	CHECK(mount("tmpfs", dir, "tmpfs", MS_RDONLY, "size=64k") == 0);
	struct record_writer *w = record_writer_open(dir, "ST", err, sizeof err);
	CHECK(w == NULL);
	CHECK(strstr(err, "cannot create a record file") != NULL);
	CHECK(strstr(err, "Read-only") != NULL);
	record_writer_close(w);
}

int main(void)
{
	/* A mount namespace of our own, so the small tmpfs is seen by nobody else and goes with us. */
	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		printf("FAIL setup: cannot make a private mount namespace (needs root): %s\n", strerror(errno));
		return 1;
	}
	snprintf(root, sizeof root, "/tmp/test_records_full.%d", (int)getpid());
	if (mkdir(root, 0700) < 0 || mount("tmpfs", root, "tmpfs", 0, "size=64k") < 0) {
		printf("FAIL setup: cannot mount a tmpfs on %s: %s\n", root, strerror(errno));
		return 1;
	}
	RUN(t_disk_full);
	RUN(t_read_only);
	umount2(root, MNT_DETACH);
	rmdir(root);
	return check_done();
}
