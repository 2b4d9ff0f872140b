/* Uploading a file into the module's UFS with AT+QFUPL and checking what arrived.
 *
 * After CONNECT the uploader owns the port and sends exactly size bytes (ack mode 1: waits for one
 * 'A' per 1024 bytes). Then +QFUPL: <size>,<checksum> and OK are checked against the XOR-16 of the
 * data; on a short size or a mismatch the file is deleted and the upload tried again, up to
 * max_attempts in all, then AT_MISMATCH. A module that stops taking bytes (a stall) or speaks in
 * the middle is handled: its answer is read and judged like any other. */
#ifndef AT_UPLOAD_H
#define AT_UPLOAD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/at/at_chan.h"

struct at_upload_req {
	const char *name;         /* UFS file name: 1..80 bytes, no quote, control char or slash */
	const uint8_t *data;      /* the whole file, e.g. the shared mapping of the package */
	size_t size;
	int idle_timeout_s;       /* <timeout> of AT+QFUPL: the module ends data mode after this idle */
	int ack_mode;             /* 0: stream; 1: one 'A' per 1024 bytes */
	int max_attempts;         /* uploads tried in all (>= 1) */
	int64_t timeout_ms;       /* for CONNECT and for the final answer after the data */
	/* The XOR-16 of data when the caller has it (a package's, taken once when it was loaded):
	 * the module's answer is checked against it. Otherwise it is folded in behind the writes. */
	bool checksum_known;
	uint16_t checksum;
	/* Bytes sent so far in this attempt (every 64 KiB and at the end); may be NULL. */
	void (*progress)(void *ctx, uint64_t sent, uint64_t total);
	void *ctx;
};

struct at_upload_result {
	enum at_status status;       /* AT_OK, or how it failed (AT_MISMATCH: the module got other data) */
	int cme;                     /* the last +CME ERROR code, else -1 */
	char module_code[16];        /* "CME 420", or "" */
	char text[160];              /* words for the operator and the record */
	int64_t reported_size;       /* from the last +QFUPL line, -1 if none */
	int32_t reported_checksum;   /* from the last +QFUPL line, -1 if none */
	uint16_t expected_checksum;  /* XOR-16 of the data */
	int attempts;                /* uploads started */
	uint64_t bytes_sent;         /* in the last attempt */
};

/* Returns 0, or res->status (negative). */
int at_upload(struct at_chan *ch, const struct at_upload_req *req, struct at_upload_result *res);
#endif
