/* The package catalogue: the product-family rule, the pick table, and catalogue_open on temp files
 * (mapping, sha256, XOR-16, mismatch, missing and empty files, duplicate `from`). */
#include <stdlib.h>
#include <unistd.h>

#include "station/slot/catalogue.h"
#include "station/base/sha256.h"
#include "station/base/xor16.h"
#include "tests/unit/check.h"
#include "tests/unit/zipmk.h"

static void t_family(void)
{
	static const struct { const char *v; const char *family; } rows[] = {
		{ "RM500QGLABR11A04M4G_01.001.01.001", "RM500QGLAB" },
		{ "RM500QGLABR11A04M4G", "RM500QGLAB" },
		{ "RG500QEAAAR11A06M4G", "RG500QEAAA" },
		{ "RM520NGLAAR01A07M4G", "RM520NGLAA" },
		{ "RM502QAEAAR13A02M4G_01.200.01.200", "RM502QAEAA" },
		{ "rm500qglabr11a04m4g", "rm500qglab" },
		{ "R11A04M4G", "" },           /* nothing before the marker: no family */
		{ "RM500QGLABR1A04", "" },     /* one digit: no marker */
		{ "RM500QGLABR11B04", "" },
		{ "RM500QGLABR11A0", "" },     /* cut short */
		{ "", "" },
		{ "garbage", "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_family[%zu] %s", i, rows[i].v);
		size_t n = catalogue_family(rows[i].v);
		CHECK_INT(n, strlen(rows[i].family));
		CHECK(strncmp(rows[i].v, rows[i].family, n) == 0);
	}
	check_case("t_family NULL");
	CHECK_INT(catalogue_family(NULL), 0);
}

/* Writable strings for the config struct, whose fields are char *. */
#define S(x) ((char[]){ x })
#define PKG(n, f, t) { .name = S(n), .file = S(""), .file_name = S(""), \
		       .from = S(f), .to = S(t), .sha256 = S("") }

static void t_pick_table(void)
{
	const struct config_package pkgs[] = {
		PKG("A04-A06", "RM500QGLABR11A04M4G", "RM500QGLABR11A06M4G"),
		PKG("EA-A03", "RG500QEAAAR11A03M4G", "RG500QEAAAR11A06M4G"),
		PKG("520", "RM520NGLAAR01A07M4G", "RM520NGLAAR01A08M4G"),
		PKG("loose", "RM502QAEAAR13A0", "RM502QAEAAR13A05M4G"),  /* a short prefix */
		PKG("exact", "RM502QAEAAR13A01M4G", "RM502QAEAAR13A04M4G"), /* longer `from` wins */
	};
	static const struct { const char *version; enum catalogue_verdict v; int index; } rows[] = {
		{ "RM500QGLABR11A04M4G_01.001.01.001", CATALOGUE_FLASH, 0 },
		{ "RM500QGLABR11A04M4G", CATALOGUE_FLASH, 0 },
		{ "rm500qglabr11a04m4g_01.001.01.001", CATALOGUE_FLASH, 0 },
		{ "RM500QGLABR11A06M4G_01.001.01.001", CATALOGUE_SKIP, 0 },
		{ "RM500QGLABR11A05M4G_01.001.01.001", CATALOGUE_WRONG_BASE, -1 },
		{ "RM500QGLABR11A04M4", CATALOGUE_WRONG_BASE, -1 },   /* shorter than `from`: no prefix */
		{ "RG500QEAAAR11A03M4G", CATALOGUE_FLASH, 1 },
		{ "RG500QEAAAR11A06M4G_01.002", CATALOGUE_SKIP, 1 },
		{ "RG500QEAAAR11A01M4G", CATALOGUE_WRONG_BASE, -1 },
		{ "RM520NGLAAR01A07M4G", CATALOGUE_FLASH, 2 },
		{ "RM520NGLAAR01A08M4G_01.200", CATALOGUE_SKIP, 2 },
		{ "RM520NGLAAR01A06M4G", CATALOGUE_WRONG_BASE, -1 },
		{ "RM520NGLABR01A07M4G", CATALOGUE_NO_PACKAGE, -1 },  /* other family */
		{ "RM510QGLAAR11A04M4G", CATALOGUE_NO_PACKAGE, -1 },
		{ "RM502QAEAAR13A03M4G", CATALOGUE_FLASH, 3 },
		{ "RM502QAEAAR13A01M4G_01.001", CATALOGUE_FLASH, 4 },
		/* `to` of "loose" also starts with its `from`: never flash a module already at `to`. */
		{ "RM502QAEAAR13A05M4G", CATALOGUE_SKIP, 3 },
		{ "RM502QAEAAR13A04M4G", CATALOGUE_FLASH, 3 },
		{ "", CATALOGUE_NO_PACKAGE, -1 },
		{ "ERROR", CATALOGUE_NO_PACKAGE, -1 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int index = 99;
		check_case("t_pick_table[%zu] %s", i, rows[i].version);
		enum catalogue_verdict v = catalogue_verdict_of(pkgs, 5, rows[i].version, &index);
		CHECK_STR(catalogue_verdict_name(v), catalogue_verdict_name(rows[i].v));
		CHECK_INT(index, rows[i].index);
	}
	int index;
	check_case("t_pick_table empty");
	CHECK_INT(catalogue_verdict_of(pkgs, 0, "RM500QGLABR11A04M4G", &index), CATALOGUE_NO_PACKAGE);
}

static void t_unique_from(void)
{
	struct config_package pkgs[] = {
		PKG("a", "RM500QGLABR11A04M4G", "RM500QGLABR11A06M4G"),
		PKG("b", "RM500QGLABR11A05M4G", "RM500QGLABR11A06M4G"),
		PKG("c", "rm500qglabr11a04m4g", "RM500QGLABR11A07M4G"),
	};
	char err[256] = "";
	CHECK_INT(catalogue_check_unique_from(pkgs, 2, err, sizeof err), 0);
	CHECK_INT(catalogue_check_unique_from(pkgs, 3, err, sizeof err), -1);
	CHECK(strstr(err, "[package a]") && strstr(err, "[package c]"));
}

struct tmp {
	char dir[64];
	char path[4][128];
};

static void tmp_make(struct tmp *t)
{
	strcpy(t->dir, "/tmp/test_catalogue.XXXXXX");
	if (!mkdtemp(t->dir))
		abort();
	for (int i = 0; i < 4; i++) {
		char *p = t->path[i];
		size_t n = strlen(t->dir);
		memcpy(p, t->dir, n);
		snprintf(p + n, sizeof t->path[i] - n, "/pkg%d.zip", i);
	}
}

static void tmp_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len)
		abort();
	fclose(f);
}

static void tmp_free(struct tmp *t)
{
	for (int i = 0; i < 4; i++)
		unlink(t->path[i]);
	rmdir(t->dir);
}

static void t_open(void)
{
	struct tmp t;
	tmp_make(&t);
	uint8_t pa[1001], pb[4096], a[1200], b[4400];
	for (size_t i = 0; i < sizeof pa; i++)
		pa[i] = (uint8_t)(i * 7);
	for (size_t i = 0; i < sizeof pb; i++)
		pb[i] = (uint8_t)(i ^ 0x5a);
	size_t a_len = zipmk(a, sizeof a, pa, sizeof pa, 0), b_len = zipmk(b, sizeof b, pb, sizeof pb, 3);
	tmp_write(t.path[0], a, a_len);
	tmp_write(t.path[1], b, b_len);
	char sha_b[SHA256_HEX_LEN], upper[SHA256_HEX_LEN];
	sha256_hex(b, b_len, sha_b);
	for (int i = 0; i < 65; i++)
		upper[i] = (char)(sha_b[i] >= 'a' && sha_b[i] <= 'f' ? sha_b[i] - 32 : sha_b[i]);
	struct config_package pkgs[] = {
		{ .name = S("A"), .file = t.path[0], .file_name = S("pkg0.zip"),
		  .from = S("RM500QGLABR11A04M4G"), .to = S("RM500QGLABR11A06M4G"), .sha256 = S("") },
		{ .name = S("B"), .file = t.path[1], .file_name = S("pkg1.zip"),
		  .from = S("RM500QGLABR11A05M4G"), .to = S("RM500QGLABR11A06M4G"), .sha256 = upper },
	};
	struct config cfg = { .packages = pkgs, .n_packages = 2, .max_package_bytes = 1 << 20 };
	char err[512] = "";
	struct catalogue *c = catalogue_open(&cfg, err, sizeof err);
	CHECK(c != NULL);
	if (!c) {
		printf("     err: %s\n", err);
		tmp_free(&t);
		return;
	}
	CHECK_INT(catalogue_count(c), 2);
	const struct package *p0 = catalogue_get(c, 0), *p1 = catalogue_get(c, 1);
	CHECK(catalogue_get(c, 2) == NULL && catalogue_get(c, -1) == NULL);
	CHECK_INT(p0->size, a_len);
	CHECK(memcmp(p0->data, a, a_len) == 0);
	CHECK_INT(p0->xor16, xor16(a, a_len));
	char sha_a[SHA256_HEX_LEN];
	sha256_hex(a, a_len, sha_a);
	CHECK_STR(p0->sha256, sha_a);
	CHECK_STR(p1->sha256, sha_b);
	CHECK(p1->cfg == &pkgs[1]);
	const struct package *got = NULL;
	CHECK_INT(catalogue_pick(c, "RM500QGLABR11A05M4G_01.001.01.001", &got), CATALOGUE_FLASH);
	CHECK(got == p1);
	CHECK_INT(catalogue_pick(c, "RM500QGLABR11A06M4G_01.001.01.001", &got), CATALOGUE_SKIP);
	CHECK(got == p0);
	CHECK_INT(catalogue_pick(c, "RM500QGLABR11A03M4G", &got), CATALOGUE_WRONG_BASE);
	CHECK(got == NULL);
	CHECK_INT(catalogue_pick(c, "RG500QEAAAR11A03M4G", &got), CATALOGUE_NO_PACKAGE);
	catalogue_close(c);

	/* A wrong sha256 is reported with both values. */
	char wrong[SHA256_HEX_LEN];
	memcpy(wrong, sha_b, sizeof wrong);
	wrong[0] = wrong[0] == '0' ? '1' : '0';
	pkgs[1].sha256 = wrong;
	err[0] = '\0';
	CHECK(catalogue_open(&cfg, err, sizeof err) == NULL);
	CHECK(strstr(err, "[package B]") && strstr(err, sha_b) && strstr(err, wrong));
	pkgs[1].sha256 = S("");

	/* A missing file names the package and the file. */
	pkgs[1].file = t.path[2];
	err[0] = '\0';
	CHECK(catalogue_open(&cfg, err, sizeof err) == NULL);
	CHECK(strstr(err, "[package B]") && strstr(err, t.path[2]) && strstr(err, "No such file"));

	/* An empty file is not a package. */
	tmp_write(t.path[3], "", 0);
	pkgs[1].file = t.path[3];
	err[0] = '\0';
	CHECK(catalogue_open(&cfg, err, sizeof err) == NULL);
	CHECK(strstr(err, "empty") != NULL);

	/* Not a zip, and a zip over the size limit. */
	tmp_write(t.path[3], pb, sizeof pb);
	err[0] = '\0';
	CHECK(catalogue_open(&cfg, err, sizeof err) == NULL);
	CHECK(strstr(err, "[package B]") && strstr(err, "no zip end record"));
	pkgs[1].file = t.path[1];
	cfg.max_package_bytes = 4096;
	err[0] = '\0';
	CHECK(catalogue_open(&cfg, err, sizeof err) == NULL);
	CHECK(strstr(err, "[package B]") && strstr(err, "expected at most 4096"));
	cfg.max_package_bytes = 1 << 20;

	/* Two packages from the same base. */
	pkgs[1].file = t.path[1];
	pkgs[1].from = pkgs[0].from;
	err[0] = '\0';
	CHECK(catalogue_open(&cfg, err, sizeof err) == NULL);
	CHECK(strstr(err, "both have from") != NULL);
	tmp_free(&t);
}

int main(void)
{
	RUN(t_family);
	RUN(t_pick_table);
	RUN(t_unique_from);
	RUN(t_open);
	return check_done();
}
