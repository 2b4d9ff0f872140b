/* SHA-256 through libcrypto, as lowercase hex. */
#ifndef SHA256_H
#define SHA256_H
#include <stddef.h>

#define SHA256_HEX_LEN 65
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN]);
/* A hash fed piece by piece (a download): new, update any number of times, then final, which
 * writes the hex and frees the stream. */
struct sha256_stream;
struct sha256_stream *sha256_stream_new(void);
void sha256_stream_update(struct sha256_stream *st, const void *data, size_t len);
void sha256_stream_final(struct sha256_stream *st, char hex[SHA256_HEX_LEN]);
#endif
