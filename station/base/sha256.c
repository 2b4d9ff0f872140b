#include "station/base/sha256.h"

#include <openssl/evp.h>
#include <stdlib.h>

#include "station/base/xalloc.h"

static void sha256_to_hex(const unsigned char *md, char hex[SHA256_HEX_LEN])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN])
{
	unsigned char md[32];
	unsigned int n = 0;
	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	sha256_to_hex(md, hex);
}

struct sha256_stream {
	EVP_MD_CTX *ctx;
};

struct sha256_stream *sha256_stream_new(void)
{
	struct sha256_stream *st = xcalloc(1, sizeof *st);
	st->ctx = EVP_MD_CTX_new();
	if (!st->ctx || EVP_DigestInit_ex(st->ctx, EVP_sha256(), NULL) != 1)
		fatal("sha256: cannot start a digest");
	return st;
}

void sha256_stream_update(struct sha256_stream *st, const void *data, size_t len)
{
	EVP_DigestUpdate(st->ctx, data, len);
}

void sha256_stream_final(struct sha256_stream *st, char hex[SHA256_HEX_LEN])
{
	unsigned char md[32];
	unsigned int n = 0;
	EVP_DigestFinal_ex(st->ctx, md, &n);
	EVP_MD_CTX_free(st->ctx);
	free(st);
	sha256_to_hex(md, hex);
}
