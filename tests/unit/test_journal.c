/* The journal: add/replace/remove/load round trips, malformed lines reported and skipped (and kept
 * by a rewrite), refused entries, and 64 threads adding and removing at once. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logs/journal.h"
#include "tests/unit/check.h"

static char dir[64];
static char jpath[128];

static void dir_make(void)
{
	strcpy(dir, "/tmp/test_journal.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(jpath, sizeof jpath, "%s/journal", dir);
}

static void dir_free(void)
{
	char p[160];
	unlink(jpath);
	snprintf(p, sizeof p, "%s.tmp", jpath);
	unlink(p);
	rmdir(dir);
}

static struct journal_entry entry(const char *slot, const char *path, const char *imei)
{
	struct journal_entry e = { .package = "A04-to-A06", .started_at = "2026-11-25T15:04:05.123Z",
				   .fw_before = "RM500QGLABR11A04M4G_01.001.01.001" };
	snprintf(e.slot, sizeof e.slot, "%s", slot);
	snprintf(e.usb_path, sizeof e.usb_path, "%s", path);
	snprintf(e.imei, sizeof e.imei, "%s", imei);
	return e;
}

/* Every field of the extended format survives a write and a read; a line of the original six
 * fields still loads (a journal left by an older station). */
static void t_extended_and_old(void)
{
	char err[256];
	struct journal_entry *es;
	dir_make();
	struct journal_entry a = entry("01", "1-1.1", "866123456789012");
	snprintf(a.model, sizeof a.model, "RM500Q-GL");
	snprintf(a.bytes, sizeof a.bytes, "98304");
	snprintf(a.upload_s, sizeof a.upload_s, "1.234");
	snprintf(a.update_started_at, sizeof a.update_started_at, "2026-11-25T15:04:09.000Z");
	snprintf(a.attempts, sizeof a.attempts, "2");
	snprintf(a.phase, sizeof a.phase, "%s", JOURNAL_PHASE_UPDATING);
	snprintf(a.operator_id, sizeof a.operator_id, "OP-7");
	snprintf(a.lot, sizeof a.lot, "LOT 42");
	memset(a.config_sha256, 'c', 64);
	CHECK_INT(journal_add(dir, &a, err, sizeof err), 0);
	FILE *f = fopen(jpath, "a");
	if (f) {
		fputs("02\t1-1.2\t866123456789029\tA04-to-A06\t2026-11-25T15:04:05.123Z\tRM500QGLABR11A04M4G\n", f);
		fclose(f);
	}
	int n = journal_load(dir, &es, stderr);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK(memcmp(&es[0], &a, sizeof a) == 0);
		CHECK_STR(es[1].imei, "866123456789029");
		CHECK_STR(es[1].fw_before, "RM500QGLABR11A04M4G");
		CHECK_STR(es[1].model, "");
		CHECK_STR(es[1].phase, "");
	}
	free(es);
	dir_free();
}

static void t_roundtrip(void)
{
	char err[256];
	struct journal_entry *es = (void *)1;
	dir_make();
	CHECK_INT(journal_load(dir, &es, stderr), 0);
	CHECK(es == NULL);
	struct journal_entry a = entry("01", "1-1.1", "866123456789012");
	struct journal_entry b = entry("02", "1-1.2", "866123456789029");
	CHECK_INT(journal_add(dir, &a, err, sizeof err), 0);
	CHECK_INT(journal_add(dir, &b, err, sizeof err), 0);
	int n = journal_load(dir, &es, stderr);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK(memcmp(&es[0], &a, sizeof a) == 0);
		CHECK(memcmp(&es[1], &b, sizeof b) == 0);
	}
	free(es);
	/* The same slot path again replaces its entry (a new unit in slot 01). */
	struct journal_entry a2 = entry("01", "1-1.1", "866123456789037");
	CHECK_INT(journal_add(dir, &a2, err, sizeof err), 0);
	n = journal_load(dir, &es, stderr);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(es[0].usb_path, "1-1.2");
		CHECK_STR(es[1].imei, "866123456789037");
	}
	free(es);
	CHECK_INT(journal_remove(dir, "1-1.1", err, sizeof err), 1);
	CHECK_INT(journal_remove(dir, "1-1.1", err, sizeof err), 0);
	CHECK_INT(journal_remove(dir, "1-1.3", err, sizeof err), 0);
	n = journal_load(dir, &es, stderr);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(es[0].slot, "02");
	free(es);
	CHECK_INT(journal_remove(dir, "1-1.2", err, sizeof err), 1);
	CHECK(access(jpath, F_OK) != 0);   /* an empty journal leaves no file */
	dir_free();
}

static void t_refused(void)
{
	char err[256] = "";
	dir_make();
	struct journal_entry e = entry("01", "1-1.1", "8661");
	strcpy(e.package, "bad\tname");
	CHECK_INT(journal_add(dir, &e, err, sizeof err), -1);
	CHECK(strstr(err, "package") != NULL);
	e = entry("01", "", "8661");
	CHECK_INT(journal_add(dir, &e, err, sizeof err), -1);
	CHECK(strstr(err, "usb_path") != NULL);
	e = entry("01", "1-1.1", "8661");
	memset(e.fw_before, 'x', sizeof e.fw_before);     /* not terminated */
	CHECK_INT(journal_add(dir, &e, err, sizeof err), -1);
	CHECK(access(jpath, F_OK) != 0);
	struct journal_entry *es;
	CHECK_INT(journal_add(dir, &(struct journal_entry){ .slot = "x" }, err, sizeof err), -1);
	char missing[128];
	snprintf(missing, sizeof missing, "%s/nope", dir);
	e = entry("01", "1-1.1", "8661");
	CHECK_INT(journal_add(missing, &e, err, sizeof err), -1);
	CHECK(strstr(err, "nope") != NULL);
	CHECK_INT(journal_load(missing, &es, NULL), 0);
	dir_free();
}

static void t_parse_table(void)
{
	static const struct { const char *line; int rc; const char *why; } rows[] = {
		{ "01\t1-1.1\t866\tP\t2026\tRM", 0, NULL },
		{ "01\t1-1.1\t\t\t\t", 0, NULL },
		{ "01\t1-1.1\t866\tP\t2026", -1, "5 fields" },
		{ "01 1-1.1 866 P 2026 RM", -1, "slot is 22 bytes" },
		{ "garbage", -1, "1 fields" },
		{ "01\t1-1.1\t866\tP\t2026\tRM\tRM500Q-GL", 0, NULL },     /* some of the later fields */
		{ "01\t1-1.1\t866\tP\t2026\tRM\tM\t98304\t1.5\t2026\t2\tupdating\tOP\tLOT\tabc", 0, NULL },
		{ "01\t1-1.1\t866\tP\t2026\tRM\tM\t98304\t1.5\t2026\t2\tupdating\tOP\tLOT\tabc\tx", -1,
		  "more than 15" },
		{ "\t1-1.1\t866\tP\t2026\tRM", -1, "empty slot" },
		{ "01\t\t866\tP\t2026\tRM", -1, "empty usb_path" },
		{ "01234567890123456\t1-1.1\t866\tP\t2026\tRM", -1, "slot is 17 bytes" },
		{ "01\t1-1.1\t866\tP\t2026\tRM\r", -1, "control" },
		{ "", -1, "fields" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct journal_entry e;
		char why[256] = "";
		check_case("t_parse_table[%zu]", i);
		CHECK_INT(journal_parse_line(rows[i].line, &e, why, sizeof why), rows[i].rc);
		if (rows[i].why && !strstr(why, rows[i].why))
			CHECK_STR(why, rows[i].why);
	}
}

static void t_malformed(void)
{
	char err[256];
	dir_make();
	FILE *f = fopen(jpath, "w");
	fputs("# comment\n"
	      "01\t1-1.1\t866123456789012\tP\t2026-11-25T15:04:05.123Z\tRM500QGLABR11A04M4G\n"
	      "garbage line\n"
	      "\n"
	      "03\t1-1.3\t866123456789038\tP\t2026-11-25T15:04:05.123Z\n"
	      "02\t1-1.2\t866123456789029\tP\t2026-11-25T15:04:06.000Z\tRM500QGLABR11A04M4G", f);
	fclose(f);
	char *msg = NULL;
	size_t msglen = 0;
	FILE *out = open_memstream(&msg, &msglen);
	struct journal_entry *es;
	int n = journal_load(dir, &es, out);
	fclose(out);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(es[0].usb_path, "1-1.1");
		CHECK_STR(es[1].usb_path, "1-1.2");   /* last line without newline still read */
	}
	free(es);
	char want3[160], want5[160];
	snprintf(want3, sizeof want3, "%s:3: ", jpath);
	snprintf(want5, sizeof want5, "%s:5: ", jpath);
	CHECK(strstr(msg, want3) != NULL);
	CHECK(strstr(msg, want5) != NULL);
	CHECK(strstr(msg, ":2:") == NULL && strstr(msg, ":6:") == NULL);
	free(msg);
	/* A rewrite keeps the lines it cannot read, so the next start reports them again. */
	CHECK_INT(journal_remove(dir, "1-1.1", err, sizeof err), 1);
	out = open_memstream(&msg, &msglen);
	n = journal_load(dir, &es, out);
	fclose(out);
	CHECK_INT(n, 1);
	free(es);
	CHECK(strstr(msg, "line skipped") != NULL);
	free(msg);
	dir_free();
}

#define THREADS 64
#define ROUNDS 8

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	char err[256], slot[16], path[32], imei[24];
	snprintf(slot, sizeof slot, "%02d", id);
	snprintf(path, sizeof path, "%d-1.%d", 1 + id / 8, 1 + id % 8);
	for (int r = 0; r < ROUNDS; r++) {
		snprintf(imei, sizeof imei, "8661234567%05d", id * 100 + r);
		struct journal_entry e = entry(slot, path, imei);
		if (journal_add(dir, &e, err, sizeof err) < 0)
			return (void *)1;
		/* Every thread leaves its last entry in place; the others it removes again. */
		if (r < ROUNDS - 1 && journal_remove(dir, path, err, sizeof err) != 1)
			return (void *)1;
	}
	return NULL;
}

static void t_threads(void)
{
	pthread_t th[THREADS];
	dir_make();
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
	int bad = 0;
	for (int i = 0; i < THREADS; i++) {
		void *rv;
		pthread_join(th[i], &rv);
		bad += rv != NULL;
	}
	CHECK_INT(bad, 0);
	struct journal_entry *es;
	int n = journal_load(dir, &es, stdout);
	CHECK_INT(n, THREADS);
	int seen[THREADS] = { 0 };
	for (int i = 0; i < n; i++) {
		int id = atoi(es[i].slot);
		char want[24];
		snprintf(want, sizeof want, "8661234567%05d", id * 100 + ROUNDS - 1);
		CHECK_STR(es[i].imei, want);
		if (id >= 0 && id < THREADS)
			seen[id]++;
	}
	for (int i = 0; i < THREADS; i++)
		CHECK_INT(seen[i], 1);
	free(es);
	char tmp[160];
	snprintf(tmp, sizeof tmp, "%s.tmp", jpath);
	CHECK(access(tmp, F_OK) != 0);
	dir_free();
}

int main(void)
{
	RUN(t_roundtrip);
	RUN(t_extended_and_old);
	RUN(t_refused);
	RUN(t_parse_table);
	RUN(t_malformed);
	RUN(t_threads);
	return check_done();
}
