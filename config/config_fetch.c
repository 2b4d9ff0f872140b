#include "config/config_fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "station/base/clock.h"
#include "station/base/url.h"

struct config_fetch_sink {
	struct sha256_stream *hash;
	uint64_t size;
};

static size_t config_fetch_write(char *data, size_t one, size_t n, void *ctx)
{
	struct config_fetch_sink *sink = ctx;
	sha256_stream_update(sink->hash, data, one * n);
	sink->size += one * n;
	return one * n;
}

int config_fetch(const char *url, struct config_fetch_result *res, char *why, size_t n)
{
	static int initialised;
	char curl_err[CURL_ERROR_SIZE] = "";
	struct config_fetch_sink sink = { 0 };
	long status = 0;

	memset(res, 0, sizeof *res);
	if (!initialised) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
			snprintf(why, n, "libcurl could not start");
			return -1;
		}
		initialised = 1;
	}
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(why, n, "libcurl could not start");
		return -1;
	}
	sink.hash = sha256_stream_new();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "ftp,http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONFIG_FETCH_STALL_S);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)CONFIG_FETCH_STALL_S);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, config_fetch_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "station");
	int64_t t0 = clock_mono_ms();
	CURLcode rc = curl_easy_perform(c);
	res->ms = clock_mono_ms() - t0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	sha256_stream_final(sink.hash, res->sha256);
	res->size = sink.size;
	if (rc != CURLE_OK) {
		char masked[CURL_ERROR_SIZE + 64];
		url_mask(curl_err[0] ? curl_err : curl_easy_strerror(rc), masked, sizeof masked);
		snprintf(why, n, "cannot fetch it from the station: %s", masked);
		return -1;
	}
	if (sink.size == 0) {
		snprintf(why, n, "found an empty package on the server; expected a delta package");
		return -1;
	}
	return 0;
}
