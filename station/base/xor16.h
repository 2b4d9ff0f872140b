/* The checksum a module reports after AT+QFUPL: XOR of the data as big-endian 16-bit words
 * (byte 0 is the high byte of word 0); an odd last byte is a high byte with a zero low byte. */
#ifndef XOR16_H
#define XOR16_H
#include <stddef.h>
#include <stdint.h>

/* Folds len bytes into a running checksum; offset is how many bytes came before (for parity). */
uint16_t xor16_update(uint16_t sum, uint64_t offset, const uint8_t *data, size_t len);
uint16_t xor16(const uint8_t *data, size_t len);
#endif
