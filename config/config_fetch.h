/* Fetches a URL package once from the station (libcurl): its size and sha256, for
 * `station check` and for the records of `station run`. The module downloads the package
 * itself; this fetch only tells the station what the module will get.
 *
 * Thread contract: call from one thread at a time (libcurl's global init is not thread-safe);
 * the station fetches on its main thread before any slot starts. */
#ifndef CONFIG_FETCH_H
#define CONFIG_FETCH_H
#include <stddef.h>
#include <stdint.h>

#include "station/base/sha256.h"

/* Seconds without a byte (and for connecting) before the fetch gives up. */
#define CONFIG_FETCH_STALL_S 30

struct config_fetch_result {
	uint64_t size;
	char sha256[SHA256_HEX_LEN];
	int64_t ms;            /* how long the fetch took */
};

/* Downloads url (ftp, http or https; redirects are not followed, as the module does not
 * follow them). Returns 0, or -1 with the reason in why (server, HTTP status, login, empty
 * file; URLs in it masked). */
int config_fetch(const char *url, struct config_fetch_result *res, char *why, size_t n);
#endif
