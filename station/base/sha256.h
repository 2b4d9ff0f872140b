/* SHA-256 through libcrypto, as lowercase hex. */
#ifndef SHA256_H
#define SHA256_H
#include <stddef.h>

#define SHA256_HEX_LEN 65
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN]);
#endif
