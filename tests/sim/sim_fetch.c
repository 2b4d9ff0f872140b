/* The FTP and HTTP(S) forms of AT+QFOTADL: the module downloads the package itself, as a real
 * one does over its mobile network. Here it fetches the URL for real (libcurl, from servers a
 * test starts on loopback), without holding up the fixture's loop: transfers run in a curl
 * multi handle that the loop drives between its polls (sim_fetch_run).
 *
 * Course: OK, then +QIND: "FOTA","HTTPSTART" (FTPSTART); when the transfer ends the module
 * checks what it received (the size the server announced, the zip and its CRCs, which is the
 * package's own checksum) and reports "HTTPEND",0 (FTPEND,0) and goes on with the update as
 * for a file in UFS, or "HTTPEND",701 ("FTPEND",601) and stays on its firmware. */
#include "tests/sim/sim.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SIM_FETCH_MAX (64u << 20)

struct sim_fetch {
	struct sim_module *m;
	CURL *easy;
	int ftp;
	char name[96];          /* the last part of the URL's path */
	uint8_t *data;
	size_t len, cap;
	int too_big;
};

static CURLM *sim_fetch_multi;
static int sim_fetch_active;

static size_t sim_fetch_write(char *p, size_t one, size_t n, void *ctx)
{
	struct sim_fetch *f = ctx;
	size_t add = one * n;
	if (f->len + add > SIM_FETCH_MAX) {
		f->too_big = 1;
		return 0;
	}
	if (f->len + add > f->cap) {
		size_t cap = f->cap ? f->cap : 65536;
		while (cap < f->len + add)
			cap *= 2;
		uint8_t *d = realloc(f->data, cap);
		if (!d)
			abort();
		f->data = d;
		f->cap = cap;
	}
	memcpy(f->data + f->len, p, add);
	f->len += add;
	return add;
}

static void sim_fetch_urc(struct sim *s, struct sim_module *m, const char *word, int err)
{
	char buf[64];
	if (err < 0)
		snprintf(buf, sizeof buf, "+QIND: \"FOTA\",\"%s\"", word);
	else
		snprintf(buf, sizeof buf, "+QIND: \"FOTA\",\"%s\",%d", word, err);
	sim_at_urc(s, m, buf, 0);
}

int sim_fetch_url(struct sim *s, struct sim_module *m, int t, const char *url)
{
	int ftp = strncasecmp(url, "ftp://", 6) == 0;
	if (!ftp && strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		return 0;
	if (m->fetch) {
		/* one download at a time */
		sim_at_send(s, m, t, "\r\nERROR\r\n", 9);
		return 1;
	}
	if (!sim_fetch_multi) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		sim_fetch_multi = curl_multi_init();
	}
	struct sim_fetch *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	f->m = m;
	f->ftp = ftp;
	const char *path = strchr(strstr(url, "://") + 3, '/');
	const char *base = path ? strrchr(path, '/') + 1 : "";
	snprintf(f->name, sizeof f->name, "%.*s", (int)strcspn(base, "?#"), base);
	f->easy = curl_easy_init();
	curl_easy_setopt(f->easy, CURLOPT_URL, url);
	curl_easy_setopt(f->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(f->easy, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(f->easy, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(f->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(f->easy, CURLOPT_LOW_SPEED_TIME, 20L);
	curl_easy_setopt(f->easy, CURLOPT_WRITEFUNCTION, sim_fetch_write);
	curl_easy_setopt(f->easy, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(f->easy, CURLOPT_PRIVATE, f);
	curl_multi_add_handle(sim_fetch_multi, f->easy);
	m->fetch = f;
	sim_fetch_active++;
	sim_at_send(s, m, t, "\r\nOK\r\n", 6);
	sim_log(s, m, "fetch-start name=%s proto=%s", f->name, ftp ? "ftp" : "http");
	sim_fetch_urc(s, m, ftp ? "FTPSTART" : "HTTPSTART", -1);
	return 1;
}

/* A transfer ended: check what arrived, report, and update from it or stay. */
static void sim_fetch_done(struct sim *s, struct sim_fetch *f, CURLcode rc)
{
	struct sim_module *m = f->m;
	curl_off_t announced = -1;
	const uint8_t *d;
	size_t dl;
	long status = 0;
	const char *why = "ok";

	curl_easy_getinfo(f->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
	curl_easy_getinfo(f->easy, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK)
		why = curl_easy_strerror(rc);
	else if (f->too_big)
		why = "too large";
	else if (announced >= 0 && (size_t)announced != f->len)
		why = "size differs from the server's";
	else if (sim_zip_find(f->data, f->len, "manifest.txt", &d, &dl) < 0 ||
		 sim_zip_find(f->data, f->len, "update.bin", &d, &dl) < 0)
		why = "not a whole package (zip or CRC)";
	int err = strcmp(why, "ok") == 0 ? 0 : f->ftp ? 601 : 701;
	sim_log(s, m, "fetch-end name=%s size=%zu announced=%lld status=%ld err=%d why=%s", f->name,
		f->len, (long long)announced, status, err, why);
	m->fetch = NULL;
	if (m->present) {
		sim_fetch_urc(s, m, f->ftp ? "FTPEND" : "HTTPEND", err);
		if (err == 0) {
			struct sim_file file = { .data = f->data, .size = f->len };
			snprintf(file.name, sizeof file.name, "%s", f->name);
			sim_module_fotadl(s, m, &file, 1);
		}
	}
	curl_multi_remove_handle(sim_fetch_multi, f->easy);
	curl_easy_cleanup(f->easy);
	free(f->data);
	free(f);
	sim_fetch_active--;
}

void sim_fetch_run(struct sim *s)
{
	int running = 0, left = 0;
	CURLMsg *msg;
	if (!sim_fetch_active)
		return;
	curl_multi_perform(sim_fetch_multi, &running);
	while ((msg = curl_multi_info_read(sim_fetch_multi, &left))) {
		struct sim_fetch *f = NULL;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&f);
		sim_fetch_done(s, f, msg->data.result);
	}
}

int sim_fetch_pending(void)
{
	return sim_fetch_active;
}

void sim_fetch_cleanup(void)
{
	if (sim_fetch_multi)
		curl_multi_cleanup(sim_fetch_multi);
	sim_fetch_multi = NULL;
}
