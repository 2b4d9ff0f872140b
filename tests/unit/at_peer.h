/* A scripted module for engine tests: a thread that plays expect / send / delay steps on one end of
 * a socketpair or on a pty master, and records the first deviation. */
#ifndef AT_PEER_H
#define AT_PEER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum at_peer_op {
	PEER_END,        /* end of the script */
	PEER_EXPECT,     /* the next bytes must be exactly .s */
	PEER_SEND,       /* send .s (.ms > 0: one byte at a time, .ms between bytes) */
	PEER_SEND_BIN,   /* send .len bytes of .bin */
	PEER_DELAY,      /* sleep .ms */
	PEER_DATA,       /* take .size bytes of upload data (see the fields below), then answer */
	PEER_DRAIN,      /* read and drop whatever arrives for .ms */
	PEER_CLOSE,      /* close the fd (the port vanishes) */
	PEER_SKIP_TO,    /* drop bytes until .s has arrived (junk left over from a stalled upload) */
	PEER_SIGNAL,     /* write a byte to .fd (tell the test this point is reached) */
	PEER_WAIT,       /* wait for a byte on .fd (the test lets the script go on) */
};

struct at_peer_step {
	enum at_peer_op op;
	const char *s;
	const uint8_t *bin;
	size_t len;
	int ms;
	int fd;                 /* PEER_SIGNAL, PEER_WAIT */
	/* PEER_DATA: */
	size_t size;            /* bytes the upload announced */
	int ack;                /* send 'A' after every 1024 bytes */
	const uint8_t *want;    /* the bytes that must arrive (NULL: do not compare) */
	uint16_t flip;          /* XORed into the reported checksum (a corrupted transfer) */
	size_t stall_at;        /* stop reading after this many bytes (0: never); wait .ms, answer */
	bool no_answer;         /* take the data but do not answer +QFUPL / OK */
};

/* Script steps, written with designated initialisers. */
#define P_EXPECT(str)        { .op = PEER_EXPECT, .s = (str) }
#define P_SEND(str)          { .op = PEER_SEND, .s = (str) }
#define P_SEND_SLOW(str, m)  { .op = PEER_SEND, .s = (str), .ms = (m) }
#define P_BIN(b, n)          { .op = PEER_SEND_BIN, .bin = (b), .len = (n) }
#define P_DELAY(m)           { .op = PEER_DELAY, .ms = (m) }
#define P_DRAIN(m)           { .op = PEER_DRAIN, .ms = (m) }
#define P_SKIP_TO(str)       { .op = PEER_SKIP_TO, .s = (str) }
#define P_CLOSE              { .op = PEER_CLOSE }
#define P_END                { .op = PEER_END }

struct at_peer;

/* Starts playing steps on fd (the peer owns fd and closes it at the end). */
struct at_peer *at_peer_start(int fd, const struct at_peer_step *steps);
/* Waits for the script to end; 0 if every step went as written, else -1 with the deviation in err.
 * Frees the peer. */
int at_peer_join(struct at_peer *p, char *err, size_t errlen);
#endif
