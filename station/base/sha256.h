/* SHA-256 through libcrypto, as lowercase hex. */
#ifndef SHA256_H
#define SHA256_H
#include <stddef.h>

#define SHA256_HEX_LEN 65
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN]);
/* Hashes a whole file. Returns 0, or -1 with a reason in err. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN], char *err, size_t errlen);
#endif
